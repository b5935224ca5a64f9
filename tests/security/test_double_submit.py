"""A form posted twice, or an API create repeated with the same Idempotency-Key, creates
one draft or enquiry; the repeat answers what the first one did."""

import re
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from contracts.models import Contract
from institutions.models import Enquiry
from tests.conftest import api_as
from tests.contracts.conftest import json_data
from tests.contracts.test_views import form_data
from tests.institutions.conftest import ENQUIRER, ENQUIRY_FORM

pytestmark = pytest.mark.django_db


def token_in(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_the_contract_form_posted_twice_makes_one_draft(client, enterprise_user):
    client.force_login(enterprise_user)
    token = token_in(client.get("/contracts/new/").content.decode())
    first = client.post("/contracts/new/", {**form_data(), "form_token": token, "action": "save"})
    second = client.post("/contracts/new/", {**form_data(), "form_token": token, "action": "save"})
    contract = Contract.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/contracts/{contract.pk}/"
    # A new page gets a new token, and a new draft.
    fresh = token_in(client.get("/contracts/new/").content.decode())
    assert fresh != token
    client.post("/contracts/new/", {**form_data(), "form_token": fresh, "action": "save"})
    assert Contract.objects.count() == 2


def test_a_form_shown_again_with_errors_keeps_its_unused_token(client, enterprise_user):
    client.force_login(enterprise_user)
    token = token_in(client.get("/contracts/new/").content.decode())
    refused = client.post("/contracts/new/", {"title": "", "form_token": token, "action": "save"})
    assert refused.status_code == 400 and token_in(refused.content.decode()) == token
    saved = client.post("/contracts/new/", {**form_data(), "form_token": token, "action": "save"})
    assert saved.status_code == 302 and Contract.objects.count() == 1


def test_one_users_token_is_not_anothers(client, enterprise_user, outsider):
    client.force_login(enterprise_user)
    token = token_in(client.get("/contracts/new/").content.decode())
    client.post("/contracts/new/", {**form_data(), "form_token": token, "action": "save"})
    client.force_login(outsider)
    response = client.post(
        "/contracts/new/", {**form_data(), "form_token": token, "action": "save"}
    )
    mine = Contract.objects.get(seller=outsider.organization)
    assert response.url == f"/contracts/{mine.pk}/"


def test_the_enquiry_form_posted_twice_makes_one_enquiry(client, published_result):
    url = f"/enquiries/new/?target_type=result&target_id={published_result.pk}"
    token = token_in(client.get(url).content.decode())
    for _ in range(2):
        response = client.post(url, {**ENQUIRY_FORM, "form_token": token})
        assert response.status_code == 302 and response.url == "/enquiries/sent/"
    assert Enquiry.objects.count() == 1


def test_an_api_contract_create_repeated_with_a_key_is_answered_the_same(enterprise_user, outsider):
    api = api_as(enterprise_user)
    first = api.post("/api/v1/contracts/", json_data(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post("/api/v1/contracts/", json_data(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Contract.objects.count() == 1
    # The same key from another user is theirs; another body under my key is refused.
    theirs = api_as(outsider).post(
        "/api/v1/contracts/", json_data(), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    other = api.post(
        "/api/v1/contracts/", json_data(title="另一份"), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422 and "Idempotency-Key" in other.json()
    assert Contract.objects.count() == 2
    # Without a key every call creates, as before.
    api.post("/api/v1/contracts/", json_data(), format="json")
    assert Contract.objects.count() == 3


def test_a_failed_create_does_not_use_up_the_key(enterprise_user):
    api = api_as(enterprise_user)
    bad = api.post(
        "/api/v1/contracts/", json_data(title=""), format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert bad.status_code == 400
    good = api.post("/api/v1/contracts/", json_data(), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert good.status_code == 201 and Contract.objects.count() == 1


@pytest.mark.parametrize("key", ["x" * 201, "密钥", ""])
def test_a_malformed_key_is_a_400_naming_the_header(enterprise_user, key):
    response = api_as(enterprise_user).post(
        "/api/v1/contracts/", json_data(), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not Contract.objects.exists()


def test_an_anonymous_enquiry_repeated_with_a_key_is_one_enquiry(published_result):
    body = {"target_type": "result", "target_id": published_result.pk, **ENQUIRER}
    answers = [
        APIClient().post("/api/v1/enquiries/", body, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Enquiry.objects.count() == 1
    # Another address using the same key is another caller.
    elsewhere = APIClient().post(
        "/api/v1/enquiries/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY="e-1",
        REMOTE_ADDR="192.0.2.7",
    )
    assert elsewhere.status_code == 201 and Enquiry.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_creates_with_one_key_at_the_same_instant_make_one_contract():
    from accounts.roles import ensure_roles
    from tests.conftest import make_member

    ensure_roles()
    user = make_member()
    barrier = threading.Barrier(2)
    answers = []

    def create():
        try:
            barrier.wait(timeout=30)
            api = api_as(user)
            answers.append(
                api.post(
                    "/api/v1/contracts/", json_data(), format="json", HTTP_IDEMPOTENCY_KEY="race"
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Contract.objects.count() == 1
