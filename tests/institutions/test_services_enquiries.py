"""Enquiry services: the notice is one message through common.mail, after commit."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
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


def test_the_notice_is_one_message_queued_through_the_common_mail_path(
    published_result, institute_user, django_capture_on_commit_callbacks
):
    spy = mock.patch.object(mail_path, "send_after_commit", wraps=mail_path.send_after_commit)
    with spy as queued, django_capture_on_commit_callbacks(execute=True) as callbacks:
        enquiry = enquire(published_result)
    (message,) = (call.args[0] for call in queued.call_args_list)
    assert len(callbacks) == 1  # sent once the enquiry is committed, not before
    contact = published_result.institution.contact_email
    assert message.to == tuple(sorted({contact, institute_user.email}))
    assert message.subject == f"【北疆技术交易中心】新的意向洽谈：{published_result.title}"
    for line in (
        f"洽谈对象：{published_result.title}",
        f"姓名：{ENQUIRER['name']}",
        f"单位：{ENQUIRER['organization']}",
        f"电话：{ENQUIRER['phone']}",
        f"邮箱：{ENQUIRER['email']}",
        ENQUIRER["message"],
    ):
        assert line in message.body
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, tuple(sorted(sent.to))) == (
        message.subject,
        message.body,
        message.to,
    )
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None  # when the notice was queued


def test_the_notice_is_written_in_the_portals_language(published_result):
    with mock.patch.object(mail_path, "send_after_commit") as queued, translation.override("en"):
        enquire(published_result)
    message = queued.call_args.args[0]
    assert message.subject.startswith("【北疆技术交易中心】新的意向洽谈")
    assert f"姓名：{ENQUIRER['name']}" in message.body


def test_an_enquiry_nobody_can_be_told_of_queues_nothing(django_capture_on_commit_callbacks):
    institution = make_institution(contact_email="")  # no contact, no member organisation
    result = make_result(institution, services.SYSTEM)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enquiry = enquire(result)
    assert not callbacks and not mail.outbox
    enquiry.refresh_from_db()
    assert enquiry.notified_at is None  # no notice was queued


def test_only_a_member_of_the_answering_institution_marks_it_answered(
    published_result, institute_user, other_institute_user, other_institution
):
    enquiry = enquire(published_result)
    for intruder in (None, other_institute_user):
        with pytest.raises(PermissionDenied):
            services.enquiry_mark_answered(enquiry=enquiry, by=intruder)
    assert services.enquiry_mark_answered(enquiry=enquiry, by=institute_user) is True
    assert services.enquiry_mark_answered(enquiry=enquiry, by=institute_user) is False
    assert (enquiry.status, enquiry.answered_by) == (EnquiryStatus.ANSWERED, institute_user)
