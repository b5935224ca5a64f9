"""Enquiry services: the notice is one message through common.mail, after commit."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from common import mail as mail_path
from institutions import services
from institutions.models import Enquiry, EnquiryStatus
from tests.institutions.conftest import ENQUIRER, make_institution, make_result

pytestmark = pytest.mark.django_db


def enquire(result, **data) -> Enquiry:
    return services.enquiry_create(
        target_type="result", target_id=result.pk, **{**ENQUIRER, **data}
    )


def test_a_rolled_back_enquiry_sends_nothing(published_result, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enquire(published_result)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert not callbacks and not mail.outbox and not Enquiry.objects.exists()


def test_the_owner_gets_an_inbox_line_and_mail_and_its_contact_a_mail(
    published_result, institute_user, django_capture_on_commit_callbacks
):
    spy = mock.patch.object(mail_path, "send_after_commit", wraps=mail_path.send_after_commit)
    with spy as queued, django_capture_on_commit_callbacks(execute=True) as callbacks:
        enquiry = enquire(published_result)
    messages = [call.args[0] for call in queued.call_args_list]
    assert len(callbacks) == len(messages) == 2  # sent once the enquiry is committed
    contact = published_result.institution.contact_email
    assert sorted(m.to for m in messages) == sorted([(contact,), (institute_user.email,)])
    for message in messages:
        assert message.subject.endswith(f"新的意向洽谈：{published_result.title}")
        for line in (
            f"查询编号：{enquiry.reference}",
            f"洽谈对象：{published_result.title}",
            f"姓名：{ENQUIRER['name']}",
            f"单位：{ENQUIRER['organization']}",
            f"电话：{ENQUIRER['phone']}",
            f"邮箱：{ENQUIRER['email']}",
            ENQUIRER["message"],
        ):
            assert line in message.body
    assert sorted(tuple(sent.to) for sent in mail.outbox) == sorted(m.to for m in messages)
    (line,) = institute_user.notifications.exclude(kind__startswith="organization.")
    assert (line.kind, line.url) == ("enquiry.received", f"/enquiries/{enquiry.pk}/")
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None and not enquiry.at_desk


def test_the_notice_is_written_in_the_portals_language(published_result):
    with mock.patch.object(mail_path, "send_after_commit") as queued, translation.override("en"):
        enquire(published_result)
    message = queued.call_args_list[0].args[0]
    assert "新的意向洽谈" in message.subject
    assert f"姓名：{ENQUIRER['name']}" in message.body


def test_an_enquiry_to_an_institution_without_anyone_lands_at_the_service_desk(
    reviewer, django_capture_on_commit_callbacks
):
    # The case: no contact e-mail, no member account.
    institution = make_institution(contact_email="")
    result = make_result(institution, services.SYSTEM)
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquire(result)
    enquiry.refresh_from_db()
    assert enquiry.at_desk and enquiry.owner is None and enquiry.notified_at is not None
    (line,) = reviewer.notifications.exclude(kind__startswith="organization.")
    assert line.kind == "enquiry.desk" and result.title in line.title
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_an_enquiry_nobody_at_all_can_be_told_of_is_not_marked_delivered(
    django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = ""  # no reviewer and no mailbox of the center
    institution = make_institution(contact_email="")
    result = make_result(institution, services.SYSTEM)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enquiry = enquire(result)
    assert not callbacks and not mail.outbox
    enquiry.refresh_from_db()
    assert enquiry.notified_at is None and enquiry.at_desk


def test_a_contact_address_alone_is_copied_and_the_desk_still_takes_it(
    reviewer, django_capture_on_commit_callbacks
):
    institution = make_institution(contact_email="office@example.edu.cn")
    result = make_result(institution, services.SYSTEM)
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = enquire(result)
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("office@example.edu.cn",),
        (reviewer.email,),
    ]
    assert enquiry.at_desk


def test_only_who_answers_an_enquiry_replies_or_moves_it(
    published_result, institute_user, other_institute_user, other_institution, reviewer
):
    enquiry = enquire(published_result)
    for intruder in (None, other_institute_user, reviewer):  # the owner handles it, not the desk
        with pytest.raises(PermissionDenied):
            services.enquiry_reply(enquiry=enquiry, message="x", by=intruder)
        with pytest.raises(PermissionDenied):
            services.enquiry_set_status(enquiry=enquiry, status="closed", by=intruder)
    assert not enquiry.replies.exists() and not enquiry.events.exists()


def test_a_reply_is_threaded_mailed_to_the_enquirer_and_answers_the_enquiry(
    published_result, institute_user, django_capture_on_commit_callbacks
):
    enquiry = enquire(published_result)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enquiry_reply(enquiry=enquiry, message="欢迎来校面谈。", by=institute_user)
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.answered_by) == (EnquiryStatus.ANSWERED, institute_user)
    (sent,) = mail.outbox
    assert sent.to == [ENQUIRER["email"]]
    assert "欢迎来校面谈。" in sent.body and enquiry.reference in sent.body
    assert [r.message for r in enquiry.replies.all()] == ["欢迎来校面谈。"]
    with pytest.raises(ValidationError) as refused:
        services.enquiry_reply(enquiry=enquiry, message="  ", by=institute_user)
    assert "message" in refused.value.message_dict


def test_every_status_move_and_its_undo_is_recorded(published_result, institute_user):
    enquiry = enquire(published_result)
    for status in ("in_progress", "closed"):
        enquiry = services.enquiry_set_status(enquiry=enquiry, status=status, by=institute_user)
    enquiry = services.enquiry_undo(enquiry=enquiry, by=institute_user)
    assert enquiry.status == EnquiryStatus.IN_PROGRESS
    moves = list(enquiry.events.values_list("from_status", "to_status"))
    assert moves == [
        ("new", "in_progress"),
        ("in_progress", "closed"),
        ("closed", "in_progress"),
    ]
    with pytest.raises(ValidationError) as refused:
        services.enquiry_set_status(enquiry=enquiry, status="done", by=institute_user)
    assert "status" in refused.value.message_dict
    assert enquiry.events.count() == 3


def test_references_are_ten_unambiguous_characters_and_distinct(published_result):
    references = {enquire(published_result).reference for _ in range(30)}
    assert len(references) == 30
    for reference in references:
        assert len(reference) == 10 and not set(reference) & set("01OIL")
