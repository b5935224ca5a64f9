"""The contract's `broker` in the registration API and form: an approved manager's id or
null; anything else is a 400 naming the field, and nothing changes."""

import pytest

from contracts.models import Contract
from managers import services
from tests.conftest import api_as
from tests.contracts.conftest import json_data, make_draft

pytestmark = pytest.mark.django_db


def test_the_api_names_and_clears_the_broker(enterprise_user, approved):
    client = api_as(enterprise_user)
    created = client.post("/api/v1/contracts/", json_data(broker=approved.pk), format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["broker"], created.json()["broker_confirmed"]) == (approved.pk, False)
    pk = created.json()["id"]
    services.manager_contract_confirm(manager=approved, contract_id=pk, by=approved.user)
    assert client.get(f"/api/v1/contracts/{pk}/").json()["broker_confirmed"] is True
    cleared = client.patch(f"/api/v1/contracts/{pk}/", {"broker": None}, format="json")
    assert (cleared.json()["broker"], cleared.json()["broker_confirmed"]) == (None, False)


@pytest.mark.parametrize("which", ["applied", "unknown", "text"])
def test_the_api_refuses_a_broker_that_is_not_an_approved_manager(enterprise_user, applied, which):
    value = {"applied": applied.pk, "unknown": 999999, "text": "张经理"}[which]
    draft = make_draft(enterprise_user)
    response = api_as(enterprise_user).patch(
        f"/api/v1/contracts/{draft.pk}/", {"broker": value, "title": "新名称"}, format="json"
    )
    assert response.status_code == 400
    assert "技术经理人" in response.json()["broker"][0]
    draft.refresh_from_db()
    assert draft.broker is None and draft.title != "新名称"


def test_the_form_offers_approved_managers_and_saves_the_choice(
    client, enterprise_user, approved, applied
):
    client.force_login(enterprise_user)
    page = client.get("/contracts/new/").content.decode()
    assert f'value="{approved.pk}"' in page and f'value="{applied.pk}"' not in page
    draft = make_draft(enterprise_user)
    data = {k: v for k, v in json_data().items() if k != "patent_numbers"}
    data.update({"broker": approved.pk, "buyer_region_code": "650204"})
    response = client.post(f"/contracts/{draft.pk}/edit/", data)
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.broker == approved


def test_a_suspended_manager_stays_on_the_contract_that_names_them(
    enterprise_user, approved, reviewer
):
    draft = make_draft(enterprise_user, broker=approved)
    services.manager_suspend(manager=approved, by=reviewer, note="核查")
    response = api_as(enterprise_user).patch(
        f"/api/v1/contracts/{draft.pk}/", {"broker": approved.pk, "title": "改名"}, format="json"
    )
    assert response.status_code == 200
    assert Contract.objects.get(pk=draft.pk).title == "改名"
