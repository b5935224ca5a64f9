"""Institutions, results and patents for the institutions tests, made through the services."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import OrganizationKind
from institutions.models import Enquiry, Institution, InstitutionKind, Result
from institutions.services import result_create, result_publish
from patents.models import Patent
from tests.conftest import api_as, make_member

ROLES = ("anonymous", "enterprise", "owner", "other_institute", "reviewer")

COMPLETE = {
    "summary": "稠油热采注汽参数优化，单井增油 10%。",
    "description": "详细介绍：适用于克拉玛依浅层稠油油藏。",
    "technical_field": "advanced_manufacturing",
    "trl": 7,
    "ip_type": "patent",
    "patent_numbers": ["ZL202110344405.7"],
    "cooperation_modes": ["license", "joint_development"],
    "price": Decimal("800000.00"),
    "contact_name": "李老师",
    "contact_phone": "0990-6888888",
}

_n = iter(range(1, 1_000_000))


def make_institution(user=None, **fields) -> Institution:
    """A profile; for a member of a verified university or institute, the one its
    verification made, given these details."""
    n = next(_n)
    institution = (
        Institution.objects.filter(organization=user.organization).first() if user else None
    ) or Institution(organization=user.organization if user else None)
    values = {
        "name": fields.pop("name", f"测试大学{n}"),
        "kind": fields.pop("kind", InstitutionKind.UNIVERSITY),
        "contact_email": fields.pop("contact_email", f"office{n}@example.edu.cn"),
        **fields,
    }
    for field, value in values.items():
        setattr(institution, field, value)
    institution.full_clean()
    institution.save()
    return institution


def make_result(institution, by, *, publish=True, **data):
    result = result_create(
        institution=institution,
        data={"title": data.pop("title", "稠油注汽优化技术"), **COMPLETE, **data},
        by=by,
    )
    if publish:
        result = result_publish(result=result, by=by)
    return result


def snapshot(result) -> dict:
    """Every column of the result as stored, to show a refused write changed nothing."""
    return Result.objects.filter(pk=result.pk).values().get()


def browser_for(user) -> Client:
    client = Client()
    if user:
        client.force_login(user)
    return client


def api_for(user) -> APIClient:
    return api_as(user) if user else APIClient()


# What an enquirer types in (Enquiry.ASKED_FIELDS); the form adds its empty honeypot.
ENQUIRER = {
    "name": "张工",
    "organization": "克拉玛依某油服公司",
    "phone": "0990-6888888",
    "email": "zhang@example.com",
    "message": "想了解许可条件和试点费用。",
}
ENQUIRY_FORM = {**ENQUIRER, "website": ""}


def send_enquiry(result, client=None, **data) -> Enquiry:
    """An enquiry about `result` sent through the public form, as a visitor does."""
    client = client or Client()
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={result.pk}", {**ENQUIRY_FORM, **data}
    )
    assert response.status_code == 302, response.content.decode()
    return Enquiry.objects.latest("id")


# ---- what data migrations create, put back after a transactional test's flush ---------


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the enquiry throttle counts per address in the cache
    yield
    cache.clear()


@pytest.fixture
def institution(institute_user):
    return make_institution(institute_user, name="示范理工大学", short_name="示范理工")


@pytest.fixture
def other_institute_user(reviewer):
    return make_member(kind=OrganizationKind.INSTITUTE, by=reviewer)


@pytest.fixture
def other_institution(other_institute_user):
    return make_institution(
        other_institute_user, name="另一所研究院", kind=InstitutionKind.INSTITUTE
    )


@pytest.fixture
def published_result(institution, institute_user):
    return make_result(institution, institute_user, title="稠油注汽参数智能优化系统")


@pytest.fixture
def draft_result(institution, institute_user):
    return make_result(institution, institute_user, publish=False, title="油泥热解装置草稿")


@pytest.fixture
def patent(db):
    return Patent.objects.create(
        application_number="202210702228.X",
        title="一种稠油油藏蒸汽驱注采方法",
        patentee="示范理工大学",
        ipc=["E21B 43/24"],
    )


@pytest.fixture
def actor(request):
    """The user of a role in ROLES (None for anonymous), from the personas above."""

    def get(role):
        if role == "anonymous":
            return None
        name = {
            "enterprise": "enterprise_user",
            "owner": "institute_user",
            "other_institute": "other_institute_user",
            "reviewer": "reviewer",
        }[role]
        user = request.getfixturevalue(name)
        if role == "other_institute":
            request.getfixturevalue("other_institution")
        return user

    return get
