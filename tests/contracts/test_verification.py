"""Public verification: /api/v1/verify/ and the /verify/ page."""

import pytest
from django.core.cache import cache

from contracts.models import Contract, ContractEvent, Status
from contracts.verification import VerifyThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the throttle counts per address in the cache
    yield
    cache.clear()


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _get(api, number, code):
    return api.get("/api/v1/verify/", {"number": number, "code": code})


def test_the_right_number_and_code_show_the_registration(api, registered):
    response = _get(api, registered.registration_number, registered.verification_code)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "registration_number": registered.registration_number,
        "version": 1,
        "registration_state": "active",
        "seller_name": registered.seller_name,
        "buyer_name": registered.buyer_name,
        "contract_type": "development",
        "contract_amount": "1200000.00",
        "technology_amount": "1000000.00",
        "registered_on": registered.registered_on.isoformat(),
        "changed_on": None,
    }
    # The code as printed may be typed in lower case.
    lower = _get(api, registered.registration_number, registered.verification_code.lower())
    assert lower.status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "seller", "reviewer", "outsider"])
def test_everyone_gets_the_same_answer(role, registered, reviewer, outsider, enterprise_user):
    from rest_framework.test import APIClient

    from tests.conftest import api_as

    user = {"seller": enterprise_user, "reviewer": reviewer, "outsider": outsider}.get(role)
    client = api_as(user) if user else APIClient()
    ok = _get(client, registered.registration_number, registered.verification_code)
    assert ok.status_code == 200
    wrong = _get(client, registered.registration_number, "AAAAAAAA")
    assert wrong.status_code == 404


def test_whatever_is_wrong_the_answer_is_the_same_404(api, registered, submitted):
    other_code = "ZZZZZZZZ" if registered.verification_code != "ZZZZZZZZ" else "YYYYYYYY"
    answers = [
        _get(api, registered.registration_number, other_code),  # wrong code
        _get(api, "2026650201999999", registered.verification_code),  # unknown number
        _get(api, "not-a-number", registered.verification_code),
        _get(api, registered.registration_number, registered.verification_code[:7]),
    ]
    # A contract that was never registered has no number: its code does not find it.
    Contract.objects.filter(pk=submitted.pk).update(verification_code="QQQQQQQQ")
    answers.append(_get(api, "", "QQQQQQQQ"))
    bodies = {r.content for r in answers[:4]}
    assert [r.status_code for r in answers[:4]] == [404] * 4
    assert len(bodies) == 1
    assert registered.seller_name not in bodies.pop().decode()
    assert answers[4].status_code == 400


def test_missing_values_name_the_field(api):
    response = api.get("/api/v1/verify/", {"number": "2026650201000001"})
    assert response.status_code == 400
    assert "验证码" in response.json()["code"][0]
    response = api.get("/api/v1/verify/", {"code": "ABCDEFGH"})
    assert "登记编号" in response.json()["number"][0]


def test_a_changed_or_ended_registration_shows_its_state_and_date(api, registered, reviewer):
    Contract.objects.filter(pk=registered.pk).update(version=2, registration_state="changed")
    event = ContractEvent.objects.create(
        contract=registered,
        by=reviewer,
        from_status=Status.REGISTERED,
        to_status=Status.REGISTERED,
        note="变更登记",
    )
    body = _get(api, registered.registration_number, registered.verification_code).json()
    assert body["version"] == 2
    assert body["registration_state"] == "changed"
    assert body["changed_on"] == event.at.astimezone().date().isoformat()
    Contract.objects.filter(pk=registered.pk).update(registration_state="revoked")
    body = _get(api, registered.registration_number, registered.verification_code).json()
    assert body["registration_state"] == "revoked"


def test_guessing_is_throttled_per_address(api, registered, monkeypatch):
    monkeypatch.setattr(VerifyThrottle, "THROTTLE_RATES", {"verify": "3/hour"})
    for _ in range(3):
        assert _get(api, registered.registration_number, "WRONG000").status_code == 404
    blocked = _get(api, registered.registration_number, registered.verification_code)
    assert blocked.status_code == 429
    # The page shares the budget.
    page = api.get(
        "/verify/",
        {"number": registered.registration_number, "code": registered.verification_code},
    )
    assert page.status_code == 429
    assert registered.seller_name not in page.content.decode()
    # Another address has its own.
    other = api.get(
        "/api/v1/verify/",
        {"number": registered.registration_number, "code": registered.verification_code},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 200


def test_the_page_shows_the_registration_with_the_right_code(client, registered):
    empty = client.get("/verify/")
    assert empty.status_code == 200
    assert 'href="/verify/objection/' in empty.content.decode()
    page = client.get(
        "/verify/",
        {"number": registered.registration_number, "code": registered.verification_code},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert registered.seller_name in html
    assert "1,200,000.00" in html or "120.00" in html
    assert "有效" in html


def test_the_page_reveals_nothing_with_a_wrong_code(client, registered):
    page = client.get("/verify/", {"number": registered.registration_number, "code": "WRONG000"})
    unknown = client.get("/verify/", {"number": "2026650201999999", "code": "WRONG000"})
    assert page.status_code == unknown.status_code == 404
    assert registered.seller_name not in page.content.decode()
    assert _main(page).replace(registered.registration_number, "N") == (
        _main(unknown).replace("2026650201999999", "N")
    )


def test_the_page_names_a_missing_field(client):
    page = client.get("/verify/", {"number": "2026650201000001", "code": ""})
    assert page.status_code == 400
    assert "请填写验证码" in page.content.decode()


def test_the_page_in_english(client, registered):
    client.cookies["django_language"] = "en"
    page = client.get("/verify/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
