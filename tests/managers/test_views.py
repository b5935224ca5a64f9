"""The pages: directory (search, field filter), profile (contact for signed-in users),
applying, editing, confirming a contract, filings, the certificate — role × object ×
action, 404 to whoever may not see, 403 to a reader asking to act."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from managers.models import Filing, Manager
from tests.contracts.conftest import make_draft
from tests.managers.conftest import PDF, application, make_applied, make_approved

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "applicant", "outsider", "reviewer")


@pytest.fixture
def world(reviewer, enterprise_user, outsider):
    approved = make_approved(reviewer, name="已通过的经理人")
    applied = make_applied(name="待审核的经理人")
    return {
        "approved": approved,
        "applied": applied,
        "contract": make_draft(enterprise_user, broker=approved),
        "people": {
            "anonymous": None,
            "owner": approved.user,
            "applicant": applied.user,
            "outsider": outsider,
            "reviewer": reviewer,
        },
    }


def _as(client, world, role):
    client.logout()
    if world["people"][role] is not None:
        client.force_login(world["people"][role])
    return client


def _codes(client, world, call, roles=ROLES) -> dict:
    return {role: call(_as(client, world, role)).status_code for role in roles}


def _expect(*codes) -> dict:
    return dict(zip(ROLES, codes, strict=True))


def test_the_directory_lists_approved_managers_with_search_and_field(client, world):
    page = client.get("/managers/").content.decode()
    assert "已通过的经理人" in page and "待审核的经理人" not in page
    assert "已通过的经理人" in client.get("/managers/?field=new_energy").content.decode()
    assert "已通过的经理人" not in client.get("/managers/?field=agriculture").content.decode()
    assert "已通过的经理人" not in client.get("/managers/?q=不存在的人").content.decode()


@pytest.mark.parametrize(
    ("target", "expected"),
    [("approved", _expect(200, 200, 200, 200, 200)), ("applied", _expect(404, 404, 200, 404, 200))],
)
def test_the_profile(client, world, target, expected):
    pk = world[target].pk
    assert _codes(client, world, lambda c: c.get(f"/managers/{pk}/")) == expected


def test_contact_is_shown_to_signed_in_users_only(client, world):
    pk = world["approved"].pk
    anonymous = client.get(f"/managers/{pk}/").content.decode()
    assert "13990000001" not in anonymous and "登录后查看联系方式" in anonymous
    signed_in = _as(client, world, "outsider").get(f"/managers/{pk}/").content.decode()
    assert "13990000001" in signed_in


@pytest.mark.parametrize(
    ("target", "expected"),
    [("approved", _expect(302, 200, 403, 403, 403)), ("applied", _expect(302, 404, 200, 404, 403))],
)
def test_the_edit_page(client, world, target, expected):
    pk = world[target].pk
    assert _codes(client, world, lambda c: c.get(f"/managers/{pk}/edit/")) == expected


def test_applying_from_the_page(client, world):
    person = world["people"]["outsider"]
    client.force_login(person)
    data = {**application(name="网页申请人"), "technical_fields": ["agriculture"]}
    data["certificate_file"] = SimpleUploadedFile("证书.pdf", PDF, "application/pdf")
    response = client.post("/managers/apply/", data)
    manager = Manager.objects.get(user=person)
    assert response.status_code == 302 and response.url == f"/managers/{manager.pk}/"
    assert manager.status == "applied" and manager.certificate_file
    again = client.get("/managers/apply/")
    assert again.status_code == 302  # once


def test_a_bad_certificate_is_named_on_the_form_and_nothing_is_stored(client, world):
    client.force_login(world["people"]["outsider"])
    data = {**application(), "technical_fields": ["agriculture"]}
    data["certificate_file"] = SimpleUploadedFile("证书.pdf", b"<html>", "application/pdf")
    response = client.post("/managers/apply/", data)
    assert response.status_code == 200
    assert "只接受 PDF、JPEG 或 PNG" in response.content.decode()
    assert Manager.objects.count() == 2


def test_confirming_from_the_page(client, world):
    pk, contract = world["approved"].pk, world["contract"]
    order = ("anonymous", "applicant", "outsider", "reviewer", "owner")
    codes = _codes(
        client,
        world,
        lambda c: c.post(f"/managers/{pk}/confirm-contract/", {"contract": contract.pk}),
        order,
    )
    assert codes == {
        "anonymous": 302,
        "applicant": 403,
        "outsider": 403,
        "reviewer": 403,
        "owner": 302,
    }
    contract.refresh_from_db()
    assert contract.broker_confirmed_at is not None


def test_the_filings_page(client, world):
    pk = world["approved"].pk
    assert _codes(client, world, lambda c: c.get(f"/managers/{pk}/filings/")) == _expect(
        302, 200, 403, 403, 200
    )
    body = {"year": 2025, "deals": 1, "services": 2, "training_hours": "8", "summary": "总结"}
    order = ("anonymous", "applicant", "outsider", "reviewer", "owner")
    codes = _codes(client, world, lambda c: c.post(f"/managers/{pk}/filings/", body), order)
    assert codes == {
        "anonymous": 302,
        "applicant": 403,
        "outsider": 403,
        "reviewer": 403,
        "owner": 302,
    }
    assert Filing.objects.get().deals == 1
    duplicate = _as(client, world, "owner").post(f"/managers/{pk}/filings/", body)
    assert duplicate.status_code == 400 and "已备案" in duplicate.content.decode()


def test_the_certificate_page(client, world):
    pk = world["approved"].pk
    assert _codes(client, world, lambda c: c.get(f"/managers/{pk}/certificate/")) == _expect(
        302, 200, 403, 403, 200
    )


def test_the_english_page(client, world):
    pk = world["approved"].pk
    page = client.get(f"/managers/{pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Registered contracts brokered" in page and "Sign in to see the contact" in page
