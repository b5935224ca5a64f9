"""A draft and its file: contracts.services.registration before submission."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts import services
from contracts.models import Contract, Status
from tests.contracts.conftest import complete_data, pdf_upload

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
