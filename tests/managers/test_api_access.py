"""Role × object × action for every endpoint of /api/v1/managers/: the approved manager
(its owner), someone else's application (its applicant), an outsider, a reviewer and
nobody signed in. 404 to whoever may not see the object, 403 to a reader asking to act."""

import pytest
from rest_framework.test import APIClient

from managers.models import Filing, Manager
from tests.conftest import api_as
from tests.contracts.conftest import make_draft
from tests.managers.conftest import application, make_applied, make_approved

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "applicant", "outsider", "reviewer")


@pytest.fixture
def world(reviewer, enterprise_user, outsider):
    approved = make_approved(reviewer, name="已通过的经理人")
    applied = make_applied(name="待审核的经理人")
    contract = make_draft(enterprise_user, broker=approved)
    people = {
        "anonymous": None,
        "owner": approved.user,
        "applicant": applied.user,
        "outsider": outsider,
        "reviewer": reviewer,
    }
    return {"approved": approved, "applied": applied, "contract": contract, "people": people}


def _client(world, role):
    person = world["people"][role]
    return APIClient() if person is None else api_as(person)


def _codes(world, call) -> dict:
    return {role: call(_client(world, role)).status_code for role in ROLES}


def _expect(*codes) -> dict:
    return dict(zip(ROLES, codes, strict=True))


def test_the_list_shows_approved_ones_and_ones_own(world):
    seen = {
        role: sorted(
            r["name"] for r in _client(world, role).get("/api/v1/managers/").json()["results"]
        )
        for role in ROLES
    }
    assert seen == {
        "anonymous": ["已通过的经理人"],
        "owner": ["已通过的经理人"],
        "applicant": ["已通过的经理人", "待审核的经理人"],
        "outsider": ["已通过的经理人"],
        "reviewer": ["已通过的经理人", "待审核的经理人"],
    }


@pytest.mark.parametrize(
    ("target", "expected"),
    [("approved", _expect(200, 200, 200, 200, 200)), ("applied", _expect(404, 404, 200, 404, 200))],
)
def test_reading_one(world, target, expected):
    pk = world[target].pk
    assert _codes(world, lambda c: c.get(f"/api/v1/managers/{pk}/")) == expected


def test_contact_only_when_signed_in(world):
    pk = world["approved"].pk
    anonymous = _client(world, "anonymous").get(f"/api/v1/managers/{pk}/").json()
    outsider = _client(world, "outsider").get(f"/api/v1/managers/{pk}/").json()
    assert (anonymous["phone"], anonymous["email"]) == (None, None)
    assert (outsider["phone"], outsider["email"]) == ("13990000001", "zhang@example.com")
    listed = _client(world, "anonymous").get("/api/v1/managers/").json()["results"][0]
    assert listed["phone"] is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [("approved", _expect(401, 200, 403, 403, 403)), ("applied", _expect(401, 404, 200, 404, 403))],
)
def test_editing(world, target, expected):
    pk = world[target].pk
    assert (
        _codes(
            world, lambda c: c.patch(f"/api/v1/managers/{pk}/", {"bio": "新简介"}, format="json")
        )
        == expected
    )


def test_applying_once(world):
    def apply(client):
        return client.post("/api/v1/managers/", application(), format="json")

    assert _codes(world, apply) == _expect(401, 400, 400, 201, 201)
    assert Manager.objects.count() == 4


@pytest.mark.parametrize(
    ("action", "target", "body", "expected"),
    [
        ("approve", "applied", {}, _expect(401, 404, 403, 404, 200)),
        ("refuse", "applied", {"note": "证书过期"}, _expect(401, 404, 403, 404, 200)),
        ("approve", "approved", {}, _expect(401, 403, 403, 403, 400)),
        ("suspend", "approved", {"note": "投诉"}, _expect(401, 403, 403, 403, 200)),
    ],
)
def test_review_actions(world, action, target, body, expected):
    pk = world[target].pk
    codes = {}
    for role in ROLES:  # each call on a fresh object state: the reviewer acts last
        codes[role] = (
            _client(world, role)
            .post(f"/api/v1/managers/{pk}/{action}/", body, format="json")
            .status_code
        )
    assert codes == expected


def test_confirming_a_contract(world):
    pk, contract = world["approved"].pk, world["contract"].pk
    order = ("anonymous", "applicant", "outsider", "reviewer", "owner")
    codes = {
        role: _client(world, role)
        .post(f"/api/v1/managers/{pk}/confirm-contract/", {"contract": contract}, format="json")
        .status_code
        for role in order
    }
    assert codes == {
        "anonymous": 401,
        "applicant": 403,
        "outsider": 403,
        "reviewer": 403,
        "owner": 200,
    }


def test_filings_are_read_by_the_manager_and_reviewers_and_filed_by_the_manager(world):
    pk = world["approved"].pk
    assert _codes(world, lambda c: c.get(f"/api/v1/managers/{pk}/filings/")) == _expect(
        401, 200, 403, 403, 200
    )
    body = {"year": 2025, "deals": 2, "services": 5, "training_hours": "16", "summary": "年度总结"}
    order = ("anonymous", "applicant", "outsider", "reviewer", "owner")
    codes = {
        role: _client(world, role)
        .post(f"/api/v1/managers/{pk}/filings/", body, format="json")
        .status_code
        for role in order
    }
    assert codes == {
        "anonymous": 401,
        "applicant": 403,
        "outsider": 403,
        "reviewer": 403,
        "owner": 201,
    }
    assert Filing.objects.get().training_hours == 16


def test_the_certificate_scan_is_for_the_manager_and_reviewers(world):
    pk = world["approved"].pk
    assert _codes(world, lambda c: c.get(f"/api/v1/managers/{pk}/certificate/")) == _expect(
        401, 200, 403, 403, 200
    )
    hidden = world["applied"].pk
    assert _codes(world, lambda c: c.get(f"/api/v1/managers/{hidden}/certificate/")) == _expect(
        404, 404, 200, 404, 200
    )


def test_filter_by_field_and_search(world, api):
    rows = api.get("/api/v1/managers/?technical_field=new_energy").json()["results"]
    assert [r["name"] for r in rows] == ["已通过的经理人"]
    assert api.get("/api/v1/managers/?technical_field=agriculture").json()["count"] == 0
    assert api.get("/api/v1/managers/?q=已通过").json()["count"] == 1
    bad = api.get("/api/v1/managers/?technical_field=magic")
    assert bad.status_code == 400 and "magic" in bad.json()["technical_field"][0]
