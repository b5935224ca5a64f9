"""Applying, the reviewer's decisions, suspension: events, notifications, mail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import OutboundMessage
from managers import services
from managers.models import Manager, ManagerEvent, ManagerStatus
from notifications.models import Notification
from tests.managers.conftest import PNG, application, certificate, make_person

pytestmark = pytest.mark.django_db


def test_a_person_without_organisation_applies_and_reviewers_are_told(reviewer):
    person = make_person()
    manager = services.manager_apply(
        user=person, data=application(), certificate=certificate("证书.png", PNG)
    )
    assert manager.status == ManagerStatus.APPLIED and person.organization is None
    assert manager.fields_index == "|new_energy||advanced_manufacturing|"
    assert manager.certificate_file.name.endswith(".png")
    event = ManagerEvent.objects.get(manager=manager)
    assert (event.action, event.to_status, event.by) == ("applied", "applied", person)
    assert Notification.objects.filter(recipient=reviewer, kind="manager.applied").exists()


def test_one_application_per_person(applied):
    with pytest.raises(ValidationError, match="已提交过"):
        services.manager_apply(user=applied.user, data=application())
    assert Manager.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"name": " "}, "name", "必填"),
        ({"certificate_number": ""}, "certificate_number", "必填"),
        ({"phone": "12345"}, "phone", "联系电话格式不正确"),
        ({"technical_fields": []}, "technical_fields", "至少选择"),
        ({"technical_fields": ["space_magic"]}, "technical_fields", "space_magic"),
        ({"bio": "长" * 5001}, "bio", "5000"),
    ],
)
def test_bad_values_are_named_and_nothing_is_stored(overrides, field, words):
    with pytest.raises(ValidationError) as caught:
        services.manager_apply(user=make_person(), data=application(**overrides))
    assert words in " ".join(caught.value.message_dict[field])
    assert not Manager.objects.exists() and not ManagerEvent.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("证书.pdf", b"MZ\x90\x00 not a pdf", "只接受 PDF、JPEG 或 PNG"),
        ("证书.pdf", b"", "空的"),
    ],
)
def test_the_certificate_is_checked_by_its_bytes(name, content, words):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.manager_apply(user=make_person(), data=application(), certificate=upload)
    assert words in caught.value.message_dict["certificate_file"][0]
    assert not Manager.objects.exists()


def test_the_reviewer_approves_and_the_manager_is_told_by_inbox_and_mail(applied, reviewer):
    manager = services.manager_approve(manager=applied, by=reviewer)
    assert manager.status == ManagerStatus.APPROVED and manager.approved_at is not None
    assert manager.events.filter(action="approved", by=reviewer, from_status="applied").exists()
    assert Notification.objects.filter(recipient=applied.user, kind="manager.approved").exists()
    assert any("zhang@example.com" in m.to for m in OutboundMessage.objects.all())


def test_only_reviewers_decide(applied, outsider):
    with pytest.raises(PermissionDenied):
        services.manager_approve(manager=applied, by=outsider)
    with pytest.raises(PermissionDenied):
        services.manager_approve(manager=applied, by=applied.user)
    applied.refresh_from_db()
    assert applied.status == ManagerStatus.APPLIED


def test_refusal_needs_a_reason_which_the_applicant_reads(applied, reviewer):
    with pytest.raises(ValidationError, match="理由"):
        services.manager_refuse(manager=applied, by=reviewer, note="  ")
    manager = services.manager_refuse(manager=applied, by=reviewer, note="证书编号无法核实")
    assert (manager.status, manager.review_note) == ("refused", "证书编号无法核实")
    note = Notification.objects.get(recipient=applied.user, kind="manager.refused")
    assert "证书编号无法核实" in note.body


def test_a_refused_applicant_applies_again_by_editing(applied, reviewer):
    services.manager_refuse(manager=applied, by=reviewer, note="证书不清晰")
    manager = services.manager_update(
        manager=applied, data={"certificate_number": "JSJLR-2025-0999"}, by=applied.user
    )
    assert manager.status == ManagerStatus.APPLIED
    assert manager.certificate_number == "JSJLR-2025-0999"
    told = Notification.objects.filter(recipient=reviewer, kind="manager.applied")
    assert [n.title for n in told] == ["技术经理人重新申请：张经理"]


def test_only_the_manager_edits_and_not_while_suspended(approved, outsider, reviewer):
    with pytest.raises(PermissionDenied):
        services.manager_update(manager=approved, data={"bio": "x"}, by=outsider)
    services.manager_suspend(manager=approved, by=reviewer, note="投诉核查中")
    with pytest.raises(ValidationError, match="暂停"):
        services.manager_update(manager=approved, data={"bio": "x"}, by=approved.user)


def test_suspension_and_reinstatement_are_recorded(approved, reviewer):
    with pytest.raises(ValidationError):
        services.manager_reinstate(manager=approved, by=reviewer)
    services.manager_suspend(manager=approved, by=reviewer, note="投诉核查中")
    assert not Manager.objects.approved().filter(pk=approved.pk).exists()
    services.manager_reinstate(manager=approved, by=reviewer)
    actions = list(approved.events.values_list("action", flat=True))
    assert actions == ["applied", "approved", "suspended", "reinstated"]


def test_a_decision_is_made_once(applied, reviewer):
    services.manager_approve(manager=applied, by=reviewer)
    with pytest.raises(ValidationError, match="已通过"):
        services.manager_approve(manager=applied, by=reviewer)
    with pytest.raises(ValidationError):
        services.manager_refuse(manager=applied, by=reviewer, note="迟来的拒绝")
    assert applied.events.filter(action="approved").count() == 1
