"""A reviewer's take-down: the institute is told, cannot republish, may appeal; reinstated."""

import pytest
from django.core import mail

from institutions.models import ResultStatus
from tests.institutions.conftest import ROLES, api_for, browser_for, snapshot

pytestmark = pytest.mark.django_db


def take_down(result, reviewer, note="联系电话失效"):
    response = api_for(reviewer).post(
        f"/api/v1/results/{result.pk}/withdraw/", {"note": note}, format="json"
    )
    assert response.status_code == 200, response.content
    result.refresh_from_db()
    return response


def test_a_takedown_needs_a_note_and_tells_the_institute(
    published_result, reviewer, institute_user, django_capture_on_commit_callbacks
):
    before = snapshot(published_result)
    refused = api_for(reviewer).post(
        f"/api/v1/results/{published_result.pk}/withdraw/", {"note": " "}, format="json"
    )
    assert refused.status_code == 400 and "note" in refused.json()
    assert snapshot(published_result) == before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take_down(published_result, reviewer)
    assert published_result.status == ResultStatus.WITHDRAWN
    line = institute_user.notifications.exclude(kind__startswith="organization.").get()
    assert line.kind == "result.taken_down" and "联系电话失效" in line.body
    recipients = {a for m in mail.outbox for a in m.to}
    assert {institute_user.email, published_result.institution.contact_email} <= recipients


def test_the_institute_cannot_republish_but_appeals_and_reviewers_are_told(
    published_result, reviewer, institute_user
):
    take_down(published_result, reviewer)
    owner = api_for(institute_user)
    again = owner.post(f"/api/v1/results/{published_result.pk}/publish/")
    assert again.status_code == 400 and "联系电话失效" in str(again.json())
    no_note = owner.post(f"/api/v1/results/{published_result.pk}/appeal/", {}, format="json")
    assert no_note.status_code == 400 and "note" in no_note.json()
    appeal = owner.post(
        f"/api/v1/results/{published_result.pk}/appeal/", {"note": "已更正电话"}, format="json"
    )
    assert appeal.status_code == 200, appeal.content
    published_result.refresh_from_db()
    assert published_result.appeal_note == "已更正电话" and published_result.appealed_at
    assert reviewer.notifications.get(kind="result.appeal").body.endswith("已更正电话")
    # The appeal does not lift the take-down.
    assert owner.post(f"/api/v1/results/{published_result.pk}/publish/").status_code == 400

    reinstated = api_for(reviewer).post(f"/api/v1/results/{published_result.pk}/reinstate/")
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "published"
    assert institute_user.notifications.filter(kind="result.reinstated").exists()
    published_result.refresh_from_db()
    assert published_result.appeal_note == "" and published_result.appealed_at is None


APPEAL = {
    "anonymous": 401,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owning_institute_appeals(role, actor, published_result, reviewer):
    take_down(published_result, reviewer)
    response = api_for(actor(role)).post(
        f"/api/v1/results/{published_result.pk}/appeal/", {"note": "请复核"}, format="json"
    )
    expected = APPEAL[role]
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    published_result.refresh_from_db()
    assert bool(published_result.appeal_note) == (role == "owner")


def test_an_appeal_only_on_a_takedown(published_result, institute_user):
    owner = api_for(institute_user)
    owner.post(f"/api/v1/results/{published_result.pk}/withdraw/", {}, format="json")
    response = owner.post(
        f"/api/v1/results/{published_result.pk}/appeal/", {"note": "请复核"}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()


REINSTATE = {
    "anonymous": 401,
    "enterprise": 404,
    "owner": 403,
    "other_institute": 404,
    "reviewer": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_reinstate(role, actor, published_result, reviewer):
    take_down(published_result, reviewer)
    response = api_for(actor(role)).post(f"/api/v1/results/{published_result.pk}/reinstate/")
    expected = REINSTATE[role]
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    published_result.refresh_from_db()
    assert (published_result.status == ResultStatus.PUBLISHED) == (role == "reviewer")


def test_the_pages_show_the_reason_and_offer_an_appeal_instead_of_publishing(
    published_result, reviewer, institute_user
):
    take_down(published_result, reviewer)
    owner = browser_for(institute_user)
    page = owner.get(f"/results/{published_result.pk}/").content.decode()
    assert "联系电话失效" in page and "申请复核" in page
    assert f"/results/{published_result.pk}/publish/" not in page
    dashboard = owner.get("/institutions/dashboard/").content.decode()
    assert "联系电话失效" in dashboard
    response = owner.post(f"/results/{published_result.pk}/appeal/", {"note": "电话已改"})
    assert response.status_code == 302
    published_result.refresh_from_db()
    assert published_result.appeal_note == "电话已改"
    assert "已申请复核" in owner.get(f"/results/{published_result.pk}/").content.decode()


def test_an_own_withdrawal_still_offers_publishing(published_result, institute_user):
    owner = browser_for(institute_user)
    api_for(institute_user).post(f"/api/v1/results/{published_result.pk}/withdraw/", {})
    page = owner.get(f"/results/{published_result.pk}/").content.decode()
    assert f"/results/{published_result.pk}/publish/" in page and "申请复核" not in page
