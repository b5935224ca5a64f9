"""Enterprises see a reviewer in contract events as "登记员" and the display name the
reviewer chose on the profile page, never the reviewer's login name."""

import pytest

from contracts import services
from tests.conftest import api_as
from tests.contracts.conftest import make_submitted

pytestmark = pytest.mark.django_db


def _returned(enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    services.contract_return(contract=contract, by=reviewer, note="请补充盖章页")
    return contract


def _event_names(enterprise_user, contract) -> list[str]:
    response = api_as(enterprise_user).get(f"/api/v1/contracts/{contract.pk}/events/")
    assert response.status_code == 200
    return [event["by"] for event in response.json()]


def test_without_a_display_name_the_reviewer_is_just_登记员(client, enterprise_user, reviewer):
    contract = _returned(enterprise_user, reviewer)
    client.force_login(enterprise_user)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert reviewer.username not in page
    assert "登记员" in page
    names = _event_names(enterprise_user, contract)
    assert "登记员" in names and reviewer.username not in names
    assert enterprise_user.username in names  # the member's own colleagues, by login


def test_the_name_a_reviewer_chooses_on_the_profile_is_what_enterprises_see(
    client, enterprise_user, reviewer
):
    contract = _returned(enterprise_user, reviewer)
    client.force_login(reviewer)
    assert "display_name" in client.get("/accounts/profile/").content.decode()
    response = client.post("/accounts/profile/", {"display_name": "  王   科长 "})
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.display_name == "王 科长"

    client.force_login(enterprise_user)
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert "登记员 王 科长" in page and reviewer.username not in page
    assert "登记员 王 科长" in _event_names(enterprise_user, contract)


def test_a_too_long_name_is_refused_naming_the_field(client, reviewer):
    client.force_login(reviewer)
    response = client.post("/accounts/profile/", {"display_name": "长" * 31})
    assert response.status_code == 400
    reviewer.refresh_from_db()
    assert reviewer.display_name == ""


def test_members_have_no_display_name_to_set(client, enterprise_user):
    client.force_login(enterprise_user)
    assert "display_name" not in client.get("/accounts/profile/").content.decode()
    response = client.post("/accounts/profile/", {"display_name": "登记员 假冒"})
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.display_name == ""


# ---- the audit log of decisions -----------------------------------------------------


def test_reviewers_read_the_decision_log_but_cannot_change_or_delete_it(
    client, enterprise_user, reviewer
):
    from contracts.models import ContractEvent

    contract = _returned(enterprise_user, reviewer)
    event = ContractEvent.objects.filter(contract=contract, by=reviewer).get()
    client.force_login(reviewer)
    listing = client.get("/admin/contracts/contractevent/")
    assert listing.status_code == 200 and "请补充盖章页" in listing.content.decode()
    url = f"/admin/contracts/contractevent/{event.pk}/change/"
    assert client.get(url).status_code == 200  # shown read-only
    assert client.post(url, {"note": "改写"}).status_code == 403
    assert (
        client.post(
            f"/admin/contracts/contractevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get("/admin/contracts/contractevent/add/").status_code == 403
    event.refresh_from_db()
    assert event.note == "请补充盖章页"
