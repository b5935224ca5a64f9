"""Every role against every action of the 2026 workflow API: the expert (assigned to the
contract), the reviewer, the seller, another enterprise and an anonymous caller. A refused
action changes nothing."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from contracts import services
from contracts.models import ChangeRequest, Contract, ExpertReview, Objection
from tests.conftest import api_as
from tests.contracts.conftest import LARGE, make_registered, make_submitted, pdf_upload

pytestmark = pytest.mark.django_db

ANON = {401, 403}
ROLES = ("anonymous", "expert", "reviewer", "seller", "outsider")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def world(enterprise_user, outsider, reviewer, expert):
    """A large submitted contract with the expert assigned, and a registration with an
    open change request and an open objection."""
    large = make_submitted(enterprise_user, **LARGE)
    (review,) = services.expert_reviews_assign(contract=large, experts=[expert], by=reviewer)
    registered = make_registered(enterprise_user, reviewer)
    change = services.change_request_file(
        contract=registered,
        kind="change",
        reason="补充协议",
        fields={"contract_amount": "1500000"},
        by=enterprise_user,
    )
    services.change_request_attach(change_request=change, upload=pdf_upload(), by=enterprise_user)
    objection = services.objection_file(
        registration_number=registered.registration_number,
        verification_code=registered.verification_code,
        filed_by="party",
        name="买方",
        contact="13800000000",
        grounds="金额有误",
    )
    small = make_submitted(enterprise_user)
    other_registered = make_registered(enterprise_user, reviewer)
    clients = {
        "anonymous": APIClient(),
        "expert": api_as(expert),
        "reviewer": api_as(reviewer),
        "seller": api_as(enterprise_user),
        "outsider": api_as(outsider),
    }
    return {
        "large": large,
        "small": small,
        "review": review,
        "registered": registered,
        "other_registered": other_registered,
        "change": change,
        "objection": objection,
        "clients": clients,
        "expert": expert,
    }


def call(world, role, action):
    client = world["clients"][role]
    large, small, review = world["large"], world["small"], world["review"]
    change, objection = world["change"], world["objection"]
    if action == "withdraw":
        return client.post(f"/api/v1/contracts/{small.pk}/withdraw/")
    if action == "experts":
        return client.post(
            f"/api/v1/contracts/{large.pk}/experts/",
            {"experts": [_another_expert().pk]},
            format="json",
        )
    if action == "dispute":
        return client.post(
            f"/api/v1/contracts/{small.pk}/dispute/", {"note": "有争议"}, format="json"
        )
    if action == "expert_reviews":
        return client.get("/api/v1/expert-reviews/")
    if action == "opinion":
        return client.post(
            f"/api/v1/expert-reviews/{review.pk}/opinion/",
            {"recommendation": "register", "opinion": "可以登记"},
            format="json",
        )
    if action == "changes":
        return client.post(
            f"/api/v1/contracts/{world['other_registered'].pk}/changes/",
            {"kind": "cancel", "reason": "合同解除"},
            format="json",
        )
    if action == "change_requests":
        return client.get("/api/v1/change-requests/")
    if action == "change_attach":
        return client.post(
            f"/api/v1/change-requests/{change.pk}/attachments/",
            {"file": pdf_upload()},
            format="multipart",
        )
    if action in ("approve", "refuse"):
        return client.post(
            f"/api/v1/change-requests/{change.pk}/{action}/", {"note": "说明"}, format="json"
        )
    if action == "objections":
        return client.get("/api/v1/objections/")
    if action == "file_objection":
        registered = world["registered"]
        return client.post(
            "/api/v1/objections/",
            {
                "registration_number": registered.registration_number,
                "verification_code": registered.verification_code,
                "filed_by": "other",
                "name": "某人",
                "contact": "某地",
                "grounds": "理由",
            },
            format="json",
        )
    if action == "resolve":
        return client.post(
            f"/api/v1/objections/{objection.pk}/resolve/",
            {"outcome": "stands", "note": "维持"},
            format="json",
        )
    raise AssertionError(action)


def _another_expert():
    from tests.contracts.conftest import make_expert

    return make_expert(name="又一位专家")


R = {"anonymous": ANON}
MATRIX = [
    ("withdraw", {**R, "expert": {404}, "reviewer": {403}, "seller": {200}, "outsider": {404}}),
    ("experts", {**R, "expert": {403}, "reviewer": {201}, "seller": {403}, "outsider": {403}}),
    ("dispute", {**R, "expert": {403}, "reviewer": {200}, "seller": {403}, "outsider": {403}}),
    ("expert_reviews", {**R, "expert": {200}, "reviewer": {403}, "seller": {403}, "outsider": {403}}),
    ("opinion", {**R, "expert": {200}, "reviewer": {403}, "seller": {403}, "outsider": {403}}),
    ("changes", {**R, "expert": {404}, "reviewer": {403}, "seller": {201}, "outsider": {404}}),
    ("change_requests", {**R, "expert": {200}, "reviewer": {200}, "seller": {200}, "outsider": {200}}),
    ("change_attach", {**R, "expert": {404}, "reviewer": {403}, "seller": {201}, "outsider": {404}}),
    ("approve", {**R, "expert": {403}, "reviewer": {200}, "seller": {403}, "outsider": {403}}),
    ("refuse", {**R, "expert": {403}, "reviewer": {200}, "seller": {403}, "outsider": {403}}),
    ("objections", {**R, "expert": {403}, "reviewer": {200}, "seller": {403}, "outsider": {403}}),
    ("file_objection", {"anonymous": {201}, "expert": {201}, "reviewer": {201}, "seller": {201}, "outsider": {201}}),
    ("resolve", {**R, "expert": {403}, "reviewer": {200}, "seller": {403}, "outsider": {403}}),
]  # fmt: skip


def state(world) -> tuple:
    return (
        tuple(Contract.objects.order_by("pk").values_list("status", "registration_state", "version", "is_disputed")),
        tuple(ExpertReview.objects.order_by("pk").values_list("status", "expert_id")),
        tuple(ChangeRequest.objects.order_by("pk").values_list("status", "kind")),
        ChangeRequest.objects.filter(pk=world["change"].pk).get().attachments.count(),
        tuple(Objection.objects.order_by("pk").values_list("status", flat=True)),
    )  # fmt: skip


@pytest.mark.parametrize(("action", "allowed"), MATRIX, ids=[a for a, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_role_action_matrix(world, role, action, allowed):
    before = state(world)
    response = call(world, role, action)
    assert response.status_code in allowed[role], (role, action, response.content[:300])
    if response.status_code >= 400:
        assert state(world) == before


def test_lists_show_only_what_each_role_may_see(world, outsider):
    clients = world["clients"]
    assert clients["seller"].get("/api/v1/change-requests/").json()["count"] == 1
    assert clients["reviewer"].get("/api/v1/change-requests/").json()["count"] == 1
    assert clients["outsider"].get("/api/v1/change-requests/").json()["count"] == 0
    assert clients["expert"].get("/api/v1/change-requests/").json()["count"] == 0
    mine = clients["expert"].get("/api/v1/expert-reviews/").json()
    assert [row["id"] for row in mine["results"]] == [world["review"].pk]
    contract = mine["results"][0]["contract"]
    assert contract["title"] == world["large"].title and contract["attachments"]
    assert "verification_code" not in contract


def test_an_expert_not_assigned_gets_404(world):
    stranger = api_as(_another_expert())
    response = stranger.post(
        f"/api/v1/expert-reviews/{world['review'].pk}/opinion/",
        {"recommendation": "register", "opinion": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert stranger.get(f"/api/v1/expert-reviews/{world['review'].pk}/").status_code == 404
    world["review"].refresh_from_db()
    assert world["review"].status == "assigned"


def test_a_second_open_request_gets_409(world):
    response = world["clients"]["seller"].post(
        f"/api/v1/contracts/{world['registered'].pk}/changes/",
        {"kind": "cancel", "reason": "解除"},
        format="json",
    )
    assert response.status_code == 409
    assert "待审核的变更或注销申请" in response.json()["contract"][0]


def test_opinion_and_conflict_through_the_api(world):
    client = world["clients"]["expert"]
    bad = client.post(
        f"/api/v1/expert-reviews/{world['review'].pk}/opinion/", {"opinion": "x"}, format="json"
    )
    assert bad.status_code == 400 and "recommendation" in bad.json()
    ok = client.post(
        f"/api/v1/expert-reviews/{world['review'].pk}/opinion/",
        {"conflict": True, "opinion": "本人曾参与该项目"},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "conflict"


def test_experts_validation_names_the_field(world):
    client = world["clients"]["reviewer"]
    for body in ({"experts": []}, {"experts": [1, 2, 3, 4]}, {"experts": [999999]}, {}):
        response = client.post(
            f"/api/v1/contracts/{world['large'].pk}/experts/", body, format="json"
        )
        assert response.status_code == 400 and "experts" in response.json(), body
