"""Managers made the way people make them: through the services."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from managers import services
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

_people = itertools.count(1)


def make_person(**extra) -> User:
    """A signed-up person without an organisation."""
    n = next(_people)
    return User.objects.create_user(
        username=f"person{n}", password=PASSWORD, email=f"person{n}@example.com", **extra
    )


def application(**overrides) -> dict:
    data = {
        "name": "张经理",
        "employer": "克拉玛依技术转移中心",
        "technical_fields": ["new_energy", "advanced_manufacturing"],
        "certificate_number": "JSJLR-2025-0101",
        "bio": "十年技术转移经验，擅长油气领域成果转化。",
        "phone": "13990000001",
        "email": "zhang@example.com",
    }
    data.update(overrides)
    return data


def certificate(name="证书.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_applied(user=None, **overrides):
    return services.manager_apply(
        user=user or make_person(), data=application(**overrides), certificate=certificate()
    )


def make_approved(reviewer, user=None, **overrides):
    return services.manager_approve(manager=make_applied(user, **overrides), by=reviewer)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def applied(db):
    return make_applied()


@pytest.fixture
def approved(reviewer):
    return make_approved(reviewer, name="李经理", technical_fields=["electronics_information"])
