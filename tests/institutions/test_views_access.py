"""The pages' role × object × action matrix for results, profiles and enquiries."""

import pytest

from institutions.models import EnquiryStatus, Result, ResultStatus
from tests.institutions.conftest import ROLES, browser_for, send_enquiry, snapshot

pytestmark = pytest.mark.django_db

LOGIN = 302  # anonymous users are sent to the login page


# ---- the role × object × action matrix (pages) ------------------------------------------

READ_DRAFT = {
    "anonymous": 404,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 200,
}
EDIT_PUBLISHED = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 403,
    "reviewer": 403,
}
EDIT_DRAFT = {
    "anonymous": LOGIN,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 403,
}
NEW_RESULT = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 200,
    "reviewer": 403,
}
EDIT_PROFILE = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 403,
    "reviewer": 403,
}
DASHBOARD = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 200,
    "reviewer": 403,
}
ANSWER = {
    "anonymous": LOGIN,
    "enterprise": 404,
    "owner": 302,
    "other_institute": 404,
    "reviewer": 403,  # the desk sees it, but the owner answers it
}
SEE_ENQUIRY = {
    "anonymous": LOGIN,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_everyone(role, actor, published_result):
    client = browser_for(actor(role))
    institution = published_result.institution
    for url in (
        "/institutions/",
        f"/institutions/{institution.pk}/",
        "/results/",
        f"/results/{published_result.pk}/",
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        expected = institution.name if url == "/institutions/" else published_result.title
        assert expected in response.content.decode(), url


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_page_is_seen_only_by_its_institution_and_reviewers(role, actor, draft_result):
    response = browser_for(actor(role)).get(f"/results/{draft_result.pk}/")
    assert response.status_code == READ_DRAFT[role]
    listing = browser_for(actor(role)).get("/results/").content.decode()
    assert draft_result.title not in listing  # the public list shows published results only


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_a_published_result_in_the_browser(role, actor, published_result):
    client = browser_for(actor(role))
    url = f"/results/{published_result.pk}/edit/"
    assert client.get(url).status_code == EDIT_PUBLISHED[role]
    before = snapshot(published_result)
    data = {"title": "新名称", "summary": "新简介", "technical_field": "new_energy", "trl": 8,
            "ip_type": "none", "cooperation_modes": ["transfer"], "contact_name": "李老师",
            "contact_phone": "13912345678", "price": "", "patent_numbers": "", "description": ""}  # fmt: skip
    response = client.post(url, data)
    if role == "owner":
        assert response.status_code == 302
        published_result.refresh_from_db()
        assert published_result.title == "新名称" and published_result.price is None
    else:
        assert response.status_code == EDIT_PUBLISHED[role]
        assert snapshot(published_result) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_opens_the_edit_page_of_a_draft(role, actor, draft_result):
    response = browser_for(actor(role)).get(f"/results/{draft_result.pk}/edit/")
    assert response.status_code == EDIT_DRAFT[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_publishes_in_the_browser(role, actor, draft_result):
    response = browser_for(actor(role)).post(f"/results/{draft_result.pk}/publish/")
    expected = 302 if role == "owner" else EDIT_DRAFT[role]
    assert response.status_code == expected
    draft_result.refresh_from_db()
    assert (draft_result.status == ResultStatus.PUBLISHED) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_withdraws_in_the_browser(role, actor, published_result):
    response = browser_for(actor(role)).post(f"/results/{published_result.pk}/withdraw/")
    expected = 302 if role == "owner" else EDIT_PUBLISHED[role]
    assert response.status_code == expected
    published_result.refresh_from_db()
    assert (published_result.status == ResultStatus.WITHDRAWN) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_only_institute_members_open_the_new_result_form(role, actor, institution):
    client = browser_for(actor(role))
    assert client.get("/results/new/").status_code == NEW_RESULT[role]
    response = client.post("/results/new/", {"title": "浏览器新建的成果"})
    assert response.status_code == (302 if NEW_RESULT[role] == 200 else NEW_RESULT[role])
    created = Result.objects.filter(title="浏览器新建的成果").first()
    if NEW_RESULT[role] == 200:
        assert created.status == ResultStatus.DRAFT
        assert created.institution.organization_id == actor(role).organization_id
    else:
        assert created is None


@pytest.mark.parametrize("role", ROLES)
def test_only_members_edit_the_profile(role, actor, institution):
    client = browser_for(actor(role))
    url = f"/institutions/{institution.pk}/edit/"
    assert client.get(url).status_code == EDIT_PROFILE[role]
    response = client.post(url, {"introduction": "改过的简介", "fields": ["new_energy"]})
    institution.refresh_from_db()
    if role == "owner":
        assert response.status_code == 302
        assert institution.introduction == "改过的简介" and institution.fields == ["new_energy"]
    else:
        assert response.status_code == EDIT_PROFILE[role]
        assert institution.introduction == ""


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_shows_only_ones_own_enquiries(role, actor, published_result):
    enquiry = send_enquiry(published_result)
    response = browser_for(actor(role)).get("/institutions/dashboard/")
    assert response.status_code == DASHBOARD[role]
    if response.status_code == 200:
        html = response.content.decode()
        assert (enquiry.reference in html) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_and_reviewers_see_an_enquiry(role, actor, published_result):
    enquiry = send_enquiry(published_result)
    response = browser_for(actor(role)).get(f"/enquiries/{enquiry.pk}/")
    assert response.status_code == SEE_ENQUIRY[role]
    if response.status_code == 200:
        assert enquiry.message in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_marks_an_enquiry_answered(role, actor, published_result):
    enquiry = send_enquiry(published_result)
    response = browser_for(actor(role)).post(
        f"/enquiries/{enquiry.pk}/status/", {"status": "answered"}
    )
    assert response.status_code == ANSWER[role]
    enquiry.refresh_from_db()
    assert (enquiry.status == EnquiryStatus.ANSWERED) == (role == "owner")
    if role == "owner":
        assert enquiry.answered_by == actor(role) and enquiry.answered_at
