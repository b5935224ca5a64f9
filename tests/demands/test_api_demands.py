"""The demand API beyond the matrix: the details shown only to admitted organisations, a
responder's own responses, checked values on posting."""

import pytest

from demands.models import Demand
from demands.services import demands as services
from tests.conftest import api_as
from tests.demands.conftest import make_demand

pytestmark = pytest.mark.django_db


def test_the_details_are_hidden_until_the_owner_admits(
    clients, enterprise_user, institute_user, reviewer
):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    assert clients["institute"].get(f"/api/v1/demands/{demand.pk}/").json()["details"] is None
    assert clients["anonymous"].get(f"/api/v1/demands/{demand.pk}/").json()["details"] is None
    assert clients["owner"].get(f"/api/v1/demands/{demand.pk}/").json()["details"] == demand.details
    access = clients["institute"].post(f"/api/v1/demands/{demand.pk}/access/").json()
    assert (
        clients["outsider"].post(f"/api/v1/demand-access/{access['id']}/admit/").status_code == 404
    )
    assert clients["owner"].post(f"/api/v1/demand-access/{access['id']}/admit/").status_code == 200
    assert (
        clients["institute"].get(f"/api/v1/demands/{demand.pk}/").json()["details"]
        == demand.details
    )
    assert clients["outsider"].get(f"/api/v1/demands/{demand.pk}/").json()["details"] is None


def test_a_responder_sees_only_its_own_response(
    clients, enterprise_user, institute_user, outsider, reviewer
):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    services.demand_respond(demand=demand, by=institute_user, message="甲方案")
    services.demand_respond(demand=demand, by=outsider, message="乙方案")
    assert clients["owner"].get(f"/api/v1/demands/{demand.pk}/responses/").json()["count"] == 2
    mine = clients["institute"].get(f"/api/v1/demands/{demand.pk}/responses/").json()["results"]
    assert [row["message"] for row in mine] == ["甲方案"]


def test_a_demand_is_posted_through_the_api_with_checked_values(clients):
    answer = clients["owner"].post(
        "/api/v1/demands/",
        {"title": "炼化废水处理", "tags": ["refining", "mining"], "budget": "-1"},
        format="json",
    )
    assert answer.status_code == 400
    assert "tags" in answer.json()
    assert not Demand.objects.exists()
    answer = clients["owner"].post(
        "/api/v1/demands/",
        {"title": "炼化废水处理", "tags": ["refining"], "budget": None},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["status"] == "draft"


def test_an_unverified_member_cannot_post(unverified_enterprise_user):
    answer = api_as(unverified_enterprise_user).post(
        "/api/v1/demands/", {"title": "需求"}, format="json"
    )
    assert answer.status_code == 400 and "organization" in answer.json()
