"""Contracts made the way users make them: through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.demo import demo_uscc
from contracts import services

BUYER_USCC = demo_uscc("91650204MA7BUY001")
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def complete_data(**overrides) -> dict:
    data = {
        "title": "稠油热采智能注汽控制技术开发",
        "contract_type": "development",
        "subtype": "commissioned",
        "buyer_name": "克拉玛依买方石化有限公司",
        "buyer_uscc": BUYER_USCC,
        "buyer_country_code": "156",
        "buyer_region_code": "650204",
        "buyer_entity_nature": "110",
        "contract_amount": Decimal("1200000.00"),
        "technology_amount": Decimal("1000000.00"),
        "signed_on": datetime.date(2025, 3, 3),
        "valid_from": datetime.date(2025, 3, 3),
        "valid_until": datetime.date(2026, 3, 2),
        "technical_field": "advanced_manufacturing",
        "ip_type": "none",
        "patent_numbers": [],
    }
    data.update(overrides)
    return data


def pdf_upload(name="合同.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def json_data(**overrides):
    data = complete_data(**overrides)
    return {
        k: (str(v) if v is not None and not isinstance(v, list) else v) for k, v in data.items()
    }


def api_upload(client, pk, name="合同.pdf", content=PDF_BYTES):
    return client.post(
        f"/api/v1/contracts/{pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


def make_draft(user, **overrides):
    return services.contract_create(
        organization=user.organization, data=complete_data(**overrides), by=user
    )


def make_submitted(user, **overrides):
    contract = make_draft(user, **overrides)
    services.contract_attach(contract=contract, upload=pdf_upload(), by=user)
    return services.contract_submit(contract=contract, by=user)


def make_registered(user, reviewer, **overrides):
    contract = make_submitted(user, **overrides)
    return services.contract_register(contract=contract, by=reviewer)


@pytest.fixture
def draft(enterprise_user):
    return make_draft(enterprise_user)


@pytest.fixture
def submitted(enterprise_user):
    return make_submitted(enterprise_user)


@pytest.fixture
def registered(enterprise_user, reviewer):
    return make_registered(enterprise_user, reviewer)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# ---- the 2026 workflow ------------------------------------------------------------------

LARGE = {"contract_amount": Decimal("6500000.00"), "technology_amount": Decimal("6000000.00")}


def make_expert(name="张专家", organization=None):
    """An expert invited the way reviewers invite one (then given a password)."""
    from accounts.services import expert_invite
    from tests.conftest import PASSWORD, make_reviewer

    n = next(_experts)
    profile = expert_invite(
        username=f"expert{n}",
        email=f"expert{n}@example.com",
        name=name,
        technical_fields="油气开采",
        employer="某大学",
        site_url="http://testserver/",
        by=make_reviewer(),
    )
    user = profile.user
    user.set_password(PASSWORD)
    if organization is not None:
        user.organization = organization
    user.save()
    return user


_experts = iter(range(1, 10_000_000))


def make_reviewed(user, reviewer, expert, **overrides):
    """A large submitted contract with one expert's opinion in: ready to register."""
    contract = make_submitted(user, **{**LARGE, **overrides})
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    services.expert_review_answer(
        review=review, by=expert, recommendation="register", opinion="同意登记。"
    )
    return contract


@pytest.fixture
def expert(db):
    return make_expert()
