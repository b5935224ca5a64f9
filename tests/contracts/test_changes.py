"""变更登记 and 注销登记: the seller asks, a reviewer approves or refuses (services)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase

from contracts import services
from contracts.models import (
    ChangeRequest,
    Contract,
    RegistrationState,
    RegistrationVersion,
    RequestStatus,
)
from notifications.models import Notification
from tests.conftest import make_reviewer
from tests.contracts.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def file_change(contract, user, fields=None, kind="change", reason="双方签订补充协议，调整价款"):
    change = services.change_request_file(
        contract=contract,
        kind=kind,
        reason=reason,
        fields={"contract_amount": "1500000.00"} if fields is None else fields,
        by=user,
    )
    if kind == "change":
        services.change_request_attach(change_request=change, upload=pdf_upload(), by=user)
    return change


def test_an_approved_change_makes_the_next_version_and_keeps_the_old(
    registered, enterprise_user, reviewer, monkeypatch
):
    marked = []
    monkeypatch.setattr(
        services.changes, "stats_month_changed", lambda day, reason="": marked.append((day, reason))
    )
    number, code = registered.registration_number, registered.verification_code
    change = file_change(
        registered, enterprise_user, {"contract_amount": "1500000", "technology_amount": "1300000"}
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.change_request_approve(change_request=change, note="材料齐全", by=reviewer)
    contract = Contract.objects.get(pk=registered.pk)
    assert (contract.version, contract.registration_state) == (2, RegistrationState.CHANGED)
    assert contract.contract_amount == Decimal("1500000")
    assert contract.technology_amount == Decimal("1300000")
    # Same number and code; the certificate shows the version.
    assert (contract.registration_number, contract.verification_code) == (number, code)
    old = RegistrationVersion.objects.get(contract=contract)
    assert old.version == 1 and old.values["contract_amount"] == "1200000.00"
    assert old.superseded_on == contract.changed_on
    assert ChangeRequest.objects.get(pk=change.pk).status == RequestStatus.APPROVED
    assert marked == [(contract.registered_on, marked[0][1])] and "第 2 版" in marked[0][1]
    assert contract.events.filter(note__contains="批准变更登记").exists()
    assert Notification.objects.filter(
        recipient=enterprise_user, kind="contract.change_approved"
    ).exists()

    # A second change on the changed registration: version 3.
    again = file_change(contract, enterprise_user, {"buyer_name": "新买方有限公司"})
    services.change_request_approve(change_request=again, by=reviewer)
    contract.refresh_from_db()
    assert contract.version == 3 and contract.versions.count() == 2


def test_an_approved_cancellation_ends_the_registration(registered, enterprise_user, reviewer):
    change = file_change(registered, enterprise_user, kind="cancel", reason="合同已解除")
    services.change_request_approve(change_request=change, by=reviewer)
    registered.refresh_from_db()
    assert registered.registration_state == RegistrationState.CANCELLED
    assert registered.status == "registered"  # nothing deleted, the number stays
    with pytest.raises(ValidationError) as refused:
        file_change(registered, enterprise_user)
    assert "registration_state" in refused.value.message_dict


def test_a_change_above_the_contract_amount_is_refused(registered, enterprise_user):
    with pytest.raises(ValidationError) as refused:
        file_change(registered, enterprise_user, {"technology_amount": "9000000"})
    assert "不能大于合同成交额" in str(refused.value.message_dict["technology_amount"])
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"registration_number": "X"}, "fields"),
        ({"contract_amount": "abc"}, "contract_amount"),
        ({"technical_field": "nonsense"}, "technical_field"),
        ({}, "fields"),
        ({"contract_amount": "1200000.00"}, "fields"),  # no actual change
    ],
)
def test_bad_changes_name_the_field(registered, enterprise_user, fields, key):
    with pytest.raises(ValidationError) as refused:
        services.change_request_file(
            contract=registered, kind="change", reason="r", fields=fields, by=enterprise_user
        )
    assert key in refused.value.message_dict


def test_a_reason_is_required(registered, enterprise_user):
    with pytest.raises(ValidationError) as refused:
        services.change_request_file(
            contract=registered, kind="cancel", reason=" ", by=enterprise_user
        )
    assert "reason" in refused.value.message_dict


def test_only_one_open_request_per_registration(registered, enterprise_user, reviewer):
    file_change(registered, enterprise_user)
    with pytest.raises(services.ChangeAlreadyOpen):
        file_change(registered, enterprise_user, kind="cancel", reason="解除")
    assert ChangeRequest.objects.count() == 1


def test_only_the_seller_and_only_on_a_registration(
    submitted, registered, outsider, enterprise_user
):
    with pytest.raises(ValidationError):
        file_change(registered, outsider)
    with pytest.raises(ValidationError):
        file_change(submitted, enterprise_user)


def test_a_change_needs_its_signed_supplement(registered, enterprise_user, reviewer):
    change = services.change_request_file(
        contract=registered,
        kind="change",
        reason="r",
        fields={"contract_amount": "1500000"},
        by=enterprise_user,
    )
    with pytest.raises(ValidationError) as refused:
        services.change_request_approve(change_request=change, by=reviewer)
    assert "attachments" in refused.value.message_dict
    with pytest.raises(ValidationError):  # not a PDF
        services.change_request_attach(
            change_request=change, upload=pdf_upload(content=b"hello"), by=enterprise_user
        )


def test_refusal_needs_a_note_and_leaves_the_registration(registered, enterprise_user, reviewer):
    change = file_change(registered, enterprise_user)
    with pytest.raises(ValidationError):
        services.change_request_refuse(change_request=change, note="", by=reviewer)
    services.change_request_refuse(change_request=change, note="补充协议未盖章", by=reviewer)
    registered.refresh_from_db()
    assert (registered.version, registered.registration_state) == (1, RegistrationState.ACTIVE)
    assert ChangeRequest.objects.get(pk=change.pk).status == RequestStatus.REFUSED
    with pytest.raises(ValidationError):  # decided once
        services.change_request_approve(change_request=change, by=reviewer)
    # After a refusal a new request may be filed.
    assert file_change(registered, enterprise_user).status == RequestStatus.OPEN


def test_a_reviewer_of_the_seller_may_not_approve(registered, enterprise_user):
    change = file_change(registered, enterprise_user)
    insider = make_reviewer()
    insider.organization = enterprise_user.organization
    insider.save()
    with pytest.raises(ValidationError) as refused:
        services.change_request_approve(change_request=change, by=insider)
    assert "回避" in str(refused.value)
