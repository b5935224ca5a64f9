"""Every role against every demand endpoint: who may, what the others get (404 to those
who may not see the demand, 403 to those who see it but may not act, 401/403 to the
anonymous), and a refused call changes nothing."""

import pytest

from demands.models import DemandResponse, MatchDismissal
from demands.services import demands as services
from tests.demands.conftest import make_demand, pdf_upload

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}
HIDDEN = {404}
FORBIDDEN = {403}
ROLES = ("anonymous", "owner", "outsider", "institute", "reviewer")


def call(client, action, demand, response):
    base = f"/api/v1/demands/{demand.pk}/"
    if action == "retrieve":
        return client.get(base)
    if action == "patch":
        return client.patch(base, {"title": "改过"}, format="json")
    if action == "submit":
        return client.post(base + "submit/")
    if action in ("publish", "return", "refuse"):
        return client.post(base + f"{action}/", {"note": "说明"}, format="json")
    if action == "close":
        return client.post(base + "close/", {"outcome": "solved"}, format="json")
    if action == "respond":
        return client.post(
            base + "responses/", {"message": "方案", "attachment": pdf_upload()}, format="multipart"
        )
    if action == "responses":
        return client.get(base + "responses/")
    if action == "access":
        return client.post(base + "access/")
    if action == "matches":
        return client.get(base + "matches/")
    if action == "dismiss":
        return client.post(
            "/api/v1/matches/dismiss/",
            {"demand": demand.pk, "target_type": "result", "target_id": 1, "reason": "不合适"},
            format="json",
        )
    if action in ("shortlist", "decline"):
        return client.post(
            f"/api/v1/demand-responses/{response.pk}/{action}/", {"reason": "cost"}, format="json"
        )
    raise AssertionError(action)


# action, demand state, {role: allowed codes}
MATRIX = [
    (
        "retrieve",
        "draft",
        {
            "anonymous": HIDDEN,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": HIDDEN,
            "reviewer": HIDDEN,
        },
    ),
    (
        "retrieve",
        "submitted",
        {
            "anonymous": HIDDEN,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": HIDDEN,
            "reviewer": {200},
        },
    ),
    (
        "retrieve",
        "published",
        {
            "anonymous": {200},
            "owner": {200},
            "outsider": {200},
            "institute": {200},
            "reviewer": {200},
        },
    ),
    (
        "patch",
        "draft",
        {
            "anonymous": ANONYMOUS,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": HIDDEN,
            "reviewer": HIDDEN,
        },
    ),
    (
        "patch",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {400},
            "outsider": FORBIDDEN,
            "institute": FORBIDDEN,
            "reviewer": FORBIDDEN,
        },
    ),
    (
        "submit",
        "draft",
        {
            "anonymous": ANONYMOUS,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": HIDDEN,
            "reviewer": HIDDEN,
        },
    ),
    (
        "publish",
        "submitted",
        {
            "anonymous": ANONYMOUS,
            "owner": FORBIDDEN,
            "outsider": FORBIDDEN,
            "institute": FORBIDDEN,
            "reviewer": {200},
        },
    ),
    (
        "return",
        "submitted",
        {
            "anonymous": ANONYMOUS,
            "owner": FORBIDDEN,
            "outsider": FORBIDDEN,
            "institute": FORBIDDEN,
            "reviewer": {200},
        },
    ),
    (
        "refuse",
        "submitted",
        {
            "anonymous": ANONYMOUS,
            "owner": FORBIDDEN,
            "outsider": FORBIDDEN,
            "institute": FORBIDDEN,
            "reviewer": {200},
        },
    ),
    (
        "close",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {200},
            "outsider": FORBIDDEN,
            "institute": FORBIDDEN,
            "reviewer": FORBIDDEN,
        },
    ),
    (
        "respond",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {400},
            "outsider": {201},
            "institute": {201},
            "reviewer": {400},
        },
    ),
    (
        "respond",
        "submitted",
        {
            "anonymous": ANONYMOUS,
            "owner": {400},
            "outsider": HIDDEN,
            "institute": HIDDEN,
            "reviewer": {400},
        },
    ),
    (
        "responses",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {200},
            "outsider": {200},
            "institute": {200},
            "reviewer": {200},
        },
    ),
    (
        "access",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {400},
            "outsider": {201},
            "institute": {201},
            "reviewer": {400},
        },
    ),
    (
        "matches",
        "published",
        {
            "anonymous": {200},
            "owner": {200},
            "outsider": {200},
            "institute": {200},
            "reviewer": {200},
        },
    ),
    (
        "matches",
        "draft",
        {
            "anonymous": HIDDEN,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": HIDDEN,
            "reviewer": HIDDEN,
        },
    ),
    (
        "dismiss",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {201},
            "outsider": FORBIDDEN,
            "institute": FORBIDDEN,
            "reviewer": FORBIDDEN,
        },
    ),
    (
        "shortlist",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": FORBIDDEN,
            "reviewer": FORBIDDEN,
        },
    ),
    (
        "decline",
        "published",
        {
            "anonymous": ANONYMOUS,
            "owner": {200},
            "outsider": HIDDEN,
            "institute": FORBIDDEN,
            "reviewer": FORBIDDEN,
        },
    ),
]


def snapshot(demand):
    demand.refresh_from_db()
    return (
        demand.status,
        demand.title,
        DemandResponse.objects.filter(demand=demand).count(),
        tuple(DemandResponse.objects.filter(demand=demand).values_list("status", flat=True)),
        MatchDismissal.objects.filter(demand=demand).count(),
        demand.accesses.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "state", "expected"), MATRIX, ids=[f"{a}-{s}" for a, s, _ in MATRIX]
)
def test_matrix(action, state, expected, role, clients, enterprise_user, institute_user, reviewer):
    demand = make_demand(enterprise_user, status=state, reviewer=reviewer)
    response = None
    if action in ("shortlist", "decline"):
        response = services.demand_respond(demand=demand, by=institute_user, message="方案")
    before = snapshot(demand)
    answer = call(clients[role], action, demand, response)
    assert answer.status_code in expected[role], (role, answer.status_code, answer.content[:300])
    if answer.status_code >= 400 or action in ("retrieve", "matches", "responses"):
        assert snapshot(demand) == before
