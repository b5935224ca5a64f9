import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from contracts import services
from contracts.models import Contract, ContractEvent, Status
from tests.contracts.conftest import complete_data, make_draft, make_submitted, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_draft_needs_only_a_title(enterprise_user):
    contract = services.contract_create(
        organization=enterprise_user.organization, data={"title": "草稿"}, by=enterprise_user
    )
    assert contract.status == Status.DRAFT
    assert contract.seller == enterprise_user.organization
    assert contract.seller_name == enterprise_user.organization.name
    assert contract.buyer_country_code == "156"
    assert [e.to_status for e in contract.events.all()] == [Status.DRAFT]


def test_it_refuses_a_draft_without_a_title(enterprise_user):
    with pytest.raises(ValidationError) as exc:
        services.contract_create(
            organization=enterprise_user.organization, data={"title": "  "}, by=enterprise_user
        )
    assert "项目名称" in str(exc.value.message_dict["title"])
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"contract_type": "development", "subtype": "patent_right"}, "subtype", "不属于技术开发"),
        ({"buyer_uscc": "91650204MA7BUY0010"}, "buyer_uscc", "校验位"),
        (
            {"contract_amount": Decimal(100), "technology_amount": Decimal(200)},
            "technology_amount",
            "不能大于",
        ),
        ({"technology_amount": Decimal(0)}, "technology_amount", "大于 0"),
        ({"patent_numbers": ["ZL202010123456.7"]}, "patent_numbers", "校验位"),
        (
            {"valid_from": datetime.date(2025, 5, 1), "valid_until": datetime.date(2025, 4, 1)},
            "valid_until",
            "不能早于",
        ),
        ({"buyer_region_code": "6502"}, "buyer_region_code", "6 位数字"),
    ],
)
def test_every_given_value_is_checked_at_once(draft, enterprise_user, data, field, words):
    before = Contract.objects.values().get(pk=draft.pk)
    with pytest.raises(ValidationError) as exc:
        services.contract_update(contract=draft, data=data, by=enterprise_user)
    assert words in " ".join(exc.value.message_dict[field])
    assert Contract.objects.values().get(pk=draft.pk) == before


def test_patent_numbers_are_normalised(draft, enterprise_user):
    services.contract_update(
        contract=draft,
        data={"ip_type": "patent", "patent_numbers": ["ZL202110344405.7", "CN202210702228X"]},
        by=enterprise_user,
    )
    draft.refresh_from_db()
    assert draft.patent_numbers == ["202110344405.7", "202210702228.X"]


def test_consulting_gets_its_only_subtype(draft, enterprise_user):
    services.contract_update(
        contract=draft, data={"contract_type": "consulting", "subtype": ""}, by=enterprise_user
    )
    assert draft.subtype == "consulting"


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


def test_pdf_is_checked_by_its_bytes(draft, enterprise_user):
    with pytest.raises(ValidationError) as exc:
        services.contract_attach(
            contract=draft, upload=pdf_upload("合同.pdf", b"PK\x03\x04 a zip"), by=enterprise_user
        )
    assert "PDF" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        services.contract_attach(
            contract=draft, upload=pdf_upload("空.pdf", b""), by=enterprise_user
        )
    attachment = services.contract_attach(
        contract=draft, upload=pdf_upload("scan.PDF"), by=enterprise_user
    )
    assert attachment.original_name == "scan.PDF" and attachment.file.read().startswith(b"%PDF-")


def test_large_uploads_are_refused(draft, enterprise_user, monkeypatch):
    from contracts import validators

    monkeypatch.setattr(validators, "MAX_ATTACHMENT_BYTES", 100)
    with pytest.raises(ValidationError) as exc:
        services.contract_attach(
            contract=draft, upload=pdf_upload(content=b"%PDF-" + b"0" * 200), by=enterprise_user
        )
    assert "过大" in exc.value.message_dict["file"][0]


def test_historical_registrations_fit_the_model(db):
    contract = Contract.objects.create(
        title="历史技术合同",
        contract_type="development",
        subtype="commissioned",
        seller_name="克拉玛依示范科技5有限公司",
        seller_uscc="91650203UD941G92RK",
        seller_entity_nature="150",
        contract_amount=Decimal("4573607.97"),
        technology_amount=Decimal("4573607.97"),
        status=Status.REGISTERED,
        registration_number="2023650201000001",
        registered_on=datetime.date(2023, 1, 26),
        **{k: v for k, v in complete_data().items() if k.startswith("buyer_")},
    )
    assert contract.seller is None and contract.tax_relief["vat_exempt"] is True
    change = Contract.objects.create(title="变更", amends=contract)
    assert list(contract.changes.all()) == [change]


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
