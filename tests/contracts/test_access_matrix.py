"""Every role against every contract action of the API: who may, and what the others get.

Those who may not see a contract get 404 (or 403 for reviewer-only actions, decided before
the lookup); those who see it but may not act get 403; anonymous callers get 401/403. A
refused action changes nothing.
"""

import pytest
from rest_framework.test import APIClient

from contracts.models import Contract
from tests.conftest import api_as
from tests.contracts.conftest import make_draft, make_registered, make_submitted, pdf_upload

ANONYMOUS = {401, 403}
HIDDEN = {404}
HIDDEN_OR_FORBIDDEN = {403, 404}
FORBIDDEN = {403}

ROLES = ("anonymous", "owner", "outsider", "institute", "reviewer")


@pytest.fixture
def clients(enterprise_user, outsider, institute_user, reviewer):
    return {
        "anonymous": APIClient(),
        "owner": api_as(enterprise_user),
        "outsider": api_as(outsider),
        "institute": api_as(institute_user),
        "reviewer": api_as(reviewer),
    }


def ready(user) -> Contract:
    """A complete draft with its PDF: only the submission is missing."""
    from contracts import services

    contract = make_draft(user)
    services.contract_attach(contract=contract, upload=pdf_upload(), by=user)
    return contract


def snapshot(contract: Contract) -> tuple:
    contract.refresh_from_db()
    return (
        contract.status,
        contract.title,
        contract.registration_number,
        contract.attachments.count(),
    )


def call(client, action: str, pk: int):
    base = f"/api/v1/contracts/{pk}/"
    if action == "retrieve":
        return client.get(base)
    if action == "events":
        return client.get(base + "events/")
    if action == "certificate":
        return client.get(base + "certificate/")
    if action == "patch":
        return client.patch(base, {"title": "改过的名称"}, format="json")
    if action == "attach":
        return client.post(base + "attachments/", {"file": pdf_upload()}, format="multipart")
    if action == "submit":
        return client.post(base + "submit/")
    if action in ("approve", "return", "reject"):
        return client.post(base + f"{action}/", {"note": "说明"}, format="json")
    raise AssertionError(action)


# action, the contract's state, {role: allowed status codes}
MATRIX = [
    ("retrieve", "draft", {"anonymous": ANONYMOUS, "owner": {200}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": {200}}),
    ("events", "submitted", {"anonymous": ANONYMOUS, "owner": {200}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": {200}}),
    ("certificate", "registered", {"anonymous": ANONYMOUS, "owner": {200}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": {200}}),
    ("patch", "draft", {"anonymous": ANONYMOUS, "owner": {200}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": FORBIDDEN}),
    ("attach", "draft", {"anonymous": ANONYMOUS, "owner": {201}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": FORBIDDEN}),
    ("submit", "ready", {"anonymous": ANONYMOUS, "owner": {200}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": FORBIDDEN}),
    ("approve", "submitted", {"anonymous": ANONYMOUS, "owner": FORBIDDEN, "outsider": HIDDEN_OR_FORBIDDEN, "institute": HIDDEN_OR_FORBIDDEN, "reviewer": {200}}),
    ("return", "submitted", {"anonymous": ANONYMOUS, "owner": FORBIDDEN, "outsider": HIDDEN_OR_FORBIDDEN, "institute": HIDDEN_OR_FORBIDDEN, "reviewer": {200}}),
    ("reject", "submitted", {"anonymous": ANONYMOUS, "owner": FORBIDDEN, "outsider": HIDDEN_OR_FORBIDDEN, "institute": HIDDEN_OR_FORBIDDEN, "reviewer": {200}}),
    ("patch", "registered", {"anonymous": ANONYMOUS, "owner": {400}, "outsider": HIDDEN, "institute": HIDDEN, "reviewer": FORBIDDEN}),
    ("approve", "registered", {"anonymous": ANONYMOUS, "owner": FORBIDDEN, "outsider": HIDDEN_OR_FORBIDDEN, "institute": HIDDEN_OR_FORBIDDEN, "reviewer": {400}}),
]  # fmt: skip

CASES = [
    (action, state, role, MATRIX_ROW) for action, state, MATRIX_ROW in MATRIX for role in ROLES
]


@pytest.mark.parametrize(
    ("action", "state", "role", "expected"), CASES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_role_against_action(clients, enterprise_user, reviewer, action, state, role, expected):
    contract = {
        "draft": lambda: make_draft(enterprise_user),
        "ready": lambda: ready(enterprise_user),
        "submitted": lambda: make_submitted(enterprise_user),
        "registered": lambda: make_registered(enterprise_user, reviewer),
    }[state]()
    before = snapshot(contract)
    response = call(clients[role], action, contract.pk)
    assert response.status_code in expected[role], (role, action, response.status_code)
    if response.status_code >= 400:
        assert snapshot(contract) == before


def test_a_list_shows_each_role_only_what_it_may_see(clients, enterprise_user, outsider, reviewer):
    mine = make_submitted(enterprise_user)
    theirs = make_submitted(outsider)

    def ids(role):
        response = clients[role].get("/api/v1/contracts/")
        return (
            None
            if response.status_code in ANONYMOUS
            else {r["id"] for r in response.json()["results"]}
        )

    assert ids("anonymous") is None
    assert ids("owner") == {mine.pk}
    assert ids("outsider") == {theirs.pk}
    assert ids("institute") == set()
    assert ids("reviewer") >= {mine.pk, theirs.pk}
