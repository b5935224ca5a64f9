"""异议: filed by anyone with the number and the code; resolved by a reviewer."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import TestCase
from rest_framework.test import APIClient

from contracts import services
from contracts.models import Objection, ObjectionStatus, RegistrationState
from contracts.throttles import ObjectionThrottle
from notifications.models import Notification
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the objection throttle counts per address in the cache
    yield
    cache.clear()


def payload(contract, **overrides):
    data = {
        "registration_number": contract.registration_number,
        "verification_code": contract.verification_code,
        "filed_by": "tax",
        "name": "克拉玛依市税务局",
        "contact": "tax@example.com",
        "grounds": "该合同实为设备采购，不属于技术合同。",
    }
    data.update(overrides)
    return data


def test_anyone_files_an_objection_and_reviewers_hear_of_it(registered, reviewer):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = APIClient().post("/api/v1/objections/", payload(registered), format="json")
    assert response.status_code == 201, response.content
    objection = Objection.objects.get()
    assert objection.status == ObjectionStatus.OPEN and objection.contract == registered
    assert Notification.objects.filter(recipient=reviewer, kind="contract.objection_filed").exists()
    assert any("tax@example.com" in m.to for m in mail.outbox)  # acknowledgement
    assert registered.events.filter(note__contains="收到异议").exists()


def test_a_wrong_code_answers_exactly_like_an_unknown_number(registered):
    client = APIClient()
    wrong_code = client.post(
        "/api/v1/objections/", payload(registered, verification_code="ZZZZZZZZ"), format="json"
    )
    unknown = client.post(
        "/api/v1/objections/",
        payload(registered, registration_number="2026650201999999"),
        format="json",
    )
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.content == unknown.content
    assert "验证码" in wrong_code.json()["detail"]
    assert not Objection.objects.exists()


def test_missing_fields_are_named(registered):
    response = APIClient().post(
        "/api/v1/objections/", payload(registered, grounds="", filed_by="mayor"), format="json"
    )
    assert response.status_code == 400
    assert {"grounds", "filed_by"} <= set(response.json())
    assert not Objection.objects.exists()


def test_guessing_is_throttled(registered, monkeypatch):
    monkeypatch.setattr(ObjectionThrottle, "rate", "10/hour", raising=False)
    client = APIClient()
    codes = [
        client.post(
            "/api/v1/objections/", payload(registered, verification_code=f"X{i:07d}"), format="json"
        ).status_code
        for i in range(12)
    ]
    assert codes[:10] == [404] * 10 and codes[-1] == 429


def test_revoked_ends_the_registration_and_tells_everyone(
    registered, reviewer, enterprise_user, monkeypatch
):
    marked = []
    monkeypatch.setattr(
        services.objections, "stats_month_changed", lambda d, reason="": marked.append(d)
    )
    objection = services.objection_file(**payload(registered))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api_as(reviewer).post(
            f"/api/v1/objections/{objection.pk}/resolve/",
            {"outcome": "revoked", "note": "经复核属设备采购"},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "revoked"
    registered.refresh_from_db()
    assert registered.registration_state == RegistrationState.REVOKED
    assert marked == [registered.registered_on]
    assert Notification.objects.filter(
        recipient=enterprise_user, kind="contract.objection_revoked"
    ).exists()
    assert any("tax@example.com" in m.to for m in mail.outbox)
    # A revoked registration accepts no change and no further objection.
    with pytest.raises(ValidationError):
        services.change_request_file(
            contract=registered, kind="cancel", reason="x", by=enterprise_user
        )
    with pytest.raises(ValidationError):
        services.objection_file(**payload(registered))


def test_stands_keeps_the_registration_and_a_note_is_required(registered, reviewer):
    objection = services.objection_file(**payload(registered))
    client = api_as(reviewer)
    no_note = client.post(
        f"/api/v1/objections/{objection.pk}/resolve/", {"outcome": "stands", "note": ""}
    )
    assert no_note.status_code == 400 and "note" in no_note.json()
    ok = client.post(
        f"/api/v1/objections/{objection.pk}/resolve/", {"outcome": "stands", "note": "合同属实"}
    )
    assert ok.status_code == 200
    registered.refresh_from_db()
    assert registered.registration_state == RegistrationState.ACTIVE
    again = client.post(
        f"/api/v1/objections/{objection.pk}/resolve/", {"outcome": "revoked", "note": "x"}
    )
    assert again.status_code == 400
    registered.refresh_from_db()
    assert registered.registration_state == RegistrationState.ACTIVE


def test_the_public_form_files_an_objection(client, registered):
    page = client.get("/verify/objection/")
    assert page.status_code == 200 and "异议" in page.content.decode()
    wrong = client.post("/verify/objection/", payload(registered, verification_code="ABCDEFGH"))
    assert wrong.status_code == 404 and "验证码" in wrong.content.decode()
    empty = client.post("/verify/objection/", payload(registered, name=""))
    assert empty.status_code == 400
    done = client.post("/verify/objection/", payload(registered))
    assert done.status_code == 200 and "已收到" in done.content.decode()
    assert Objection.objects.count() == 1


def test_the_public_form_names_what_is_missing_and_says_when_it_is_throttled(client, monkeypatch):
    # An empty POST is a bound form with its errors, not a blank page (nor, once throttled,
    # a 500 from adding an error to an unbound form).
    empty = client.post("/verify/objection/", {})
    assert empty.status_code == 400 and "该字段是必填项" in empty.content.decode()
    monkeypatch.setattr(ObjectionThrottle, "allow_request", lambda self, request, view: False)
    throttled = client.post("/verify/objection/", {})
    assert throttled.status_code == 429 and "尝试次数过多" in throttled.content.decode()
    assert not Objection.objects.exists()
