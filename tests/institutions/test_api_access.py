"""The API's role × object × action matrix for results and enquiries."""

import pytest

from institutions.models import Enquiry, Result, ResultEvent, ResultStatus
from tests.institutions.conftest import ROLES, api_for, snapshot

pytestmark = pytest.mark.django_db


READ_DRAFT = {
    "anonymous": 404,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 200,
}
WRITE_PUBLISHED = {
    "anonymous": 401,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 403,
    "reviewer": 403,
}
WRITE_DRAFT = {
    "anonymous": 401,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 403,
}
CREATE = {
    "anonymous": 401,
    "enterprise": 403,
    "owner": 201,
    "other_institute": 201,
    "reviewer": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_anyone_reads_a_published_result_and_the_institutions(role, actor, published_result):
    client = api_for(actor(role))
    assert client.get(f"/api/v1/results/{published_result.pk}/").status_code == 200
    listed = client.get("/api/v1/results/").json()
    assert published_result.pk in [row["id"] for row in listed["results"]]
    institution = published_result.institution
    assert client.get(f"/api/v1/institutions/{institution.pk}/").status_code == 200
    names = [row["name"] for row in client.get("/api/v1/institutions/").json()["results"]]
    assert institution.name in names


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_only_by_its_institution_and_reviewers(role, actor, draft_result):
    client = api_for(actor(role))
    assert client.get(f"/api/v1/results/{draft_result.pk}/").status_code == READ_DRAFT[role]
    listed = [row["id"] for row in client.get("/api/v1/results/").json()["results"]]
    assert (draft_result.pk in listed) == (READ_DRAFT[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_a_published_result(role, actor, published_result):
    before = snapshot(published_result)
    response = api_for(actor(role)).patch(
        f"/api/v1/results/{published_result.pk}/", {"title": "改名"}, format="json"
    )
    assert response.status_code == WRITE_PUBLISHED[role], response.content
    if role == "owner":
        assert response.json()["title"] == "改名"
    else:
        assert snapshot(published_result) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_a_draft(role, actor, draft_result):
    before = snapshot(draft_result)
    response = api_for(actor(role)).patch(
        f"/api/v1/results/{draft_result.pk}/", {"summary": "新的简介"}, format="json"
    )
    assert response.status_code == WRITE_DRAFT[role], response.content
    if role != "owner":
        assert snapshot(draft_result) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_publishes(role, actor, draft_result):
    response = api_for(actor(role)).post(f"/api/v1/results/{draft_result.pk}/publish/")
    assert response.status_code == WRITE_DRAFT[role], response.content
    draft_result.refresh_from_db()
    expected = ResultStatus.PUBLISHED if role == "owner" else ResultStatus.DRAFT
    assert draft_result.status == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_withdraws(role, actor, published_result):
    events = ResultEvent.objects.count()
    response = api_for(actor(role)).post(
        f"/api/v1/results/{published_result.pk}/withdraw/", {"note": "暂停推广"}, format="json"
    )
    assert response.status_code == {**WRITE_PUBLISHED, "reviewer": 200}[role], response.content
    published_result.refresh_from_db()
    if role in ("owner", "reviewer"):  # a reviewer's withdrawal is a take-down
        assert published_result.status == ResultStatus.WITHDRAWN
        event = ResultEvent.objects.latest("id")
        assert (event.from_status, event.to_status, event.note) == (
            "published",
            "withdrawn",
            "暂停推广",
        )
    else:
        assert published_result.status == ResultStatus.PUBLISHED
        assert ResultEvent.objects.count() == events


@pytest.mark.parametrize("role", ROLES)
def test_only_institute_members_create_results_and_only_for_their_own(
    role, actor, institution, other_institution
):
    user = actor(role)
    response = api_for(user).post(
        "/api/v1/results/", {"title": "新成果", "institution": institution.pk}, format="json"
    )
    assert response.status_code == CREATE[role], response.content
    if response.status_code == 201:
        mine = {"owner": institution, "other_institute": other_institution}[role]
        assert response.json()["institution"] == mine.pk  # never the one asked for
        assert response.json()["status"] == "draft"
    else:
        assert not Result.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_anyone_sends_an_enquiry_about_a_result(role, actor, published_result):
    response = api_for(actor(role)).post(
        "/api/v1/enquiries/",
        {
            "target_type": "result",
            "target_id": published_result.pk,
            "name": "张工",
            "organization": "克拉玛依某油服公司",
            "phone": "139 9000 1234",
            "email": "zhang@example.com",
            "message": "想了解试点费用。",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    (reference,) = response.json().values()
    enquiry = Enquiry.objects.get(reference=reference)
    assert enquiry.phone == "+8613990001234" and enquiry.status == "new"
    assert enquiry.institution == published_result.institution
