"""The state machine: submit, register, return, reject (contracts.services.registration)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from contracts import services
from contracts.models import ContractEvent, RegistrationState, Status
from tests.contracts.conftest import make_draft, make_submitted, pdf_upload

pytestmark = pytest.mark.django_db


def test_submission_names_every_missing_field(enterprise_user):
    contract = services.contract_create(
        organization=enterprise_user.organization, data={"title": "只有名称"}, by=enterprise_user
    )
    with pytest.raises(ValidationError) as exc:
        services.contract_submit(contract=contract, by=enterprise_user)
    problems = exc.value.message_dict
    for field in (
        "contract_type",
        "subtype",
        "buyer_name",
        "buyer_uscc",
        "buyer_region_code",
        "contract_amount",
        "technology_amount",
        "signed_on",
        "valid_from",
        "valid_until",
        "technical_field",
        "ip_type",
        "attachments",
    ):
        assert field in problems, field
    assert "请填写合同类型" in problems["contract_type"][0]
    contract.refresh_from_db()
    assert contract.status == Status.DRAFT


def test_submission_checks_consistency_of_ip_and_subtype(enterprise_user):
    contract = make_draft(enterprise_user, contract_type="transfer", subtype="patent_right")
    services.contract_attach(contract=contract, upload=pdf_upload(), by=enterprise_user)
    with pytest.raises(ValidationError) as exc:
        services.contract_submit(contract=contract, by=enterprise_user)
    assert "专利" in exc.value.message_dict["ip_type"][0]


def test_an_unverified_organisation_cannot_submit(unverified_enterprise_user):
    contract = make_draft(unverified_enterprise_user)
    services.contract_attach(contract=contract, upload=pdf_upload(), by=unverified_enterprise_user)
    with pytest.raises(ValidationError) as exc:
        services.contract_submit(contract=contract, by=unverified_enterprise_user)
    assert "认证" in str(exc.value)
    contract.refresh_from_db()
    assert contract.status == Status.DRAFT


def test_submission_sets_the_deadline_and_records_it(enterprise_user):
    contract = make_submitted(enterprise_user)
    assert contract.status == Status.SUBMITTED
    assert contract.submitted_at is not None
    assert contract.review_due_on > contract.submitted_at.date()
    event = contract.events.last()
    assert (event.from_status, event.to_status, event.by) == ("draft", "submitted", enterprise_user)


@override_settings(REGISTRATION_REGION_CODE="6502", REGISTRATION_POINT_CODE="01")
def test_registration_numbers_follow_the_pattern_and_count_up(enterprise_user, reviewer):
    first = services.contract_register(contract=make_submitted(enterprise_user), by=reviewer)
    second = services.contract_register(contract=make_submitted(enterprise_user), by=reviewer)
    year = first.registered_on.year
    assert first.registration_number == f"{year}650201000001"
    assert second.registration_number == f"{year}650201000002"
    assert first.status == Status.REGISTERED and first.registered_by == reviewer


def test_a_registration_is_in_force_with_its_own_verification_code(enterprise_user, reviewer):
    draft = make_submitted(enterprise_user)
    assert draft.registration_state is None and draft.verification_code == ""
    first = services.contract_register(contract=draft, by=reviewer)
    second = services.contract_register(contract=make_submitted(enterprise_user), by=reviewer)
    first.refresh_from_db()
    assert first.registration_state == RegistrationState.ACTIVE and first.version == 1
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", first.verification_code)
    assert first.verification_code != second.verification_code
    assert not first.is_import


def test_approving_twice_does_not_register_twice(submitted, reviewer):
    services.contract_register(contract=submitted, by=reviewer)
    number = submitted.registration_number
    with pytest.raises(ValidationError):
        services.contract_register(contract=submitted, by=reviewer)
    submitted.refresh_from_db()
    assert submitted.registration_number == number
    assert submitted.events.filter(to_status=Status.REGISTERED).count() == 1


def test_the_reviewer_may_correct_amount_type_and_subtype(submitted, reviewer):
    services.contract_register(
        contract=submitted,
        by=reviewer,
        technology_amount=Decimal("900000.00"),
        contract_type="service",
        subtype="service",
    )
    submitted.refresh_from_db()
    assert submitted.technology_amount == Decimal("900000.00")
    assert (submitted.contract_type, submitted.subtype) == ("service", "service")
    assert "技术交易额" in submitted.events.last().note


def test_a_bad_correction_registers_nothing(submitted, reviewer):
    with pytest.raises(ValidationError) as exc:
        services.contract_register(
            contract=submitted, by=reviewer, technology_amount=Decimal("99999999")
        )
    assert "technology_amount" in exc.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.registration_number is None


def test_a_registered_contract_cannot_change(registered, enterprise_user):
    with pytest.raises(ValidationError) as exc:
        services.contract_update(contract=registered, data={"title": "改"}, by=enterprise_user)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.contract_attach(contract=registered, upload=pdf_upload(), by=enterprise_user)


@pytest.mark.parametrize("action", [services.contract_return, services.contract_reject])
def test_return_and_refusal_need_a_note(submitted, reviewer, action):
    with pytest.raises(ValidationError) as exc:
        action(contract=submitted, by=reviewer, note=" ")
    assert "note" in exc.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_full_journey_is_recorded_and_mailed(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    contract = make_submitted(enterprise_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_return(contract=contract, by=reviewer, note="缺少买方盖章页")
    assert contract.status == Status.RETURNED and contract.reviewer_note == "缺少买方盖章页"
    assert "退回补正" in mail.outbox[-1].subject and enterprise_user.email in mail.outbox[-1].to
    services.contract_update(contract=contract, data={"title": "修改后"}, by=enterprise_user)
    services.contract_submit(contract=contract, by=enterprise_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_register(contract=contract, by=reviewer)
    assert contract.registration_number in mail.outbox[-1].subject
    trail = list(
        ContractEvent.objects.filter(contract=contract).values_list("from_status", "to_status")
    )
    assert trail == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "registered"),
    ]


def test_refusal_is_final_and_mailed(
    submitted, reviewer, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_reject(contract=submitted, by=reviewer, note="不属于技术合同")
    assert "不予登记" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        services.contract_submit(contract=submitted, by=enterprise_user)
    with pytest.raises(ValidationError):
        services.contract_update(contract=submitted, data={"title": "x"}, by=enterprise_user)


def test_tax_relief_only_once_registered(enterprise_user, reviewer):
    contract = make_submitted(
        enterprise_user,
        contract_type="transfer",
        subtype="patent_right",
        ip_type="patent",
        patent_numbers=["ZL202110344405.7"],
    )
    assert contract.tax_relief == {"vat_exempt": False, "income_tax_relief": False}
    services.contract_register(contract=contract, by=reviewer)
    assert contract.tax_relief == {"vat_exempt": True, "income_tax_relief": True}


def test_a_resubmission_restarts_the_review_clock(enterprise_user, reviewer, monkeypatch):
    from django.utils import timezone

    def at(day):
        moment = timezone.make_aware(datetime.datetime(*day, 10, 0))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    at((2025, 9, 15))
    contract = make_submitted(enterprise_user)
    assert contract.review_due_on == datetime.date(2025, 10, 11)
    services.contract_return(contract=contract, by=reviewer, note="请补充附件")
    at((2026, 2, 13))
    services.contract_update(
        contract=contract, data={"technology_amount": Decimal("1200000")}, by=enterprise_user
    )
    services.contract_submit(contract=contract, by=enterprise_user)
    # From Fri 13 Feb 2026: Sat 14 Feb (make-up day) is the 1st, the Spring Festival
    # holidays 15–23 Feb count nothing, Sat 28 Feb (make-up) is the 6th, Thu 12 Mar the 15th.
    assert contract.review_due_on == datetime.date(2026, 3, 12)
    assert contract.events.filter(to_status="submitted").count() == 2
