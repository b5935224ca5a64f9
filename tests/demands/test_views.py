"""The pages: public parts for everyone, owners' and applicants' forms, the home block and
the reviewer screens."""

import datetime

import pytest
from django.test import Client

from demands.models import ChallengeScore
from demands.services import challenges as services
from demands.services import scoring
from tests.demands.conftest import apply, make_challenge, make_demand, make_expert, pdf_upload

pytestmark = pytest.mark.django_db


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_public_sees_published_demands_but_not_their_details(enterprise_user, reviewer):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    draft = make_demand(enterprise_user, status="draft", title="尚未提交的需求")
    page = Client().get("/demands/").content.decode()
    assert demand.title in page and draft.title not in page
    detail = Client().get(f"/demands/{demand.pk}/").content.decode()
    assert demand.summary in detail and demand.details not in detail
    assert Client().get(f"/demands/{draft.pk}/").status_code == 404
    assert (
        demand.details in client_as(enterprise_user).get(f"/demands/{demand.pk}/").content.decode()
    )


def test_an_enterprise_posts_a_demand_through_the_form(enterprise_user):
    client = client_as(enterprise_user)
    answer = client.post(
        "/demands/new/",
        {
            "title": "炼化污水深度处理",
            "summary": "COD 偏高",
            "technical_field": "environment_resources",
            "tags": ["refining"],
            "deadline": "2027-01-01",
        },
    )
    assert answer.status_code == 302
    demand_url = answer["Location"]
    assert client.post(demand_url + "submit/").status_code == 302
    assert "待审核" in client.get(demand_url).content.decode()


def test_a_response_with_a_pdf_and_the_owner_declines_it(enterprise_user, institute_user, reviewer):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    client_as(institute_user).post(
        f"/demands/{demand.pk}/respond/", {"message": "我们的方案", "attachment": pdf_upload()}
    )
    response = demand.responses.get()
    client_as(enterprise_user).post(
        f"/demands/responses/{response.pk}/", {"decision": "decline", "reason": "cost", "note": ""}
    )
    response.refresh_from_db()
    assert response.status == "declined"
    assert (
        client_as(institute_user)
        .post(f"/demands/responses/{response.pk}/", {"decision": "shortlist"})
        .status_code
        == 403
    )


def test_home_shows_open_challenges_with_their_deadlines(reviewer, enterprise_user):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    make_challenge(reviewer, enterprise_user.organization, status="draft", title="草稿榜单")
    page = Client().get("/").content.decode()
    assert challenge.title in page and challenge.applications_close_on.isoformat() in page
    assert "草稿榜单" not in page


def test_a_late_application_is_refused_on_the_page(
    reviewer, enterprise_user, institute_user, fixed_today
):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    answer = client_as(institute_user).post(
        f"/challenges/{challenge.pk}/apply/", {"summary": "方案"}, follow=True
    )
    assert "揭榜已截止" in answer.content.decode()
    assert not challenge.applications.exists()


def test_an_expert_declares_a_conflict_on_the_page(
    reviewer, enterprise_user, institute_user, fixed_today
):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    application = apply(challenge, institute_user)
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    services.challenge_close_applications(challenge=challenge, by=reviewer)
    expert = make_expert()
    scoring.experts_assign(challenge=challenge, experts=[expert], by=reviewer)
    page = client_as(expert).get(f"/challenges/{challenge.pk}/").content.decode()
    assert application.summary in page
    client_as(expert).post(f"/challenges/applications/{application.pk}/score/", {"conflict": "1"})
    assert ChallengeScore.objects.get(application=application, expert=expert).conflict


def test_the_reviewer_screens_open(reviewer, enterprise_user, fixed_today):
    make_demand(enterprise_user, status="submitted")
    make_challenge(reviewer, enterprise_user.organization)
    client = client_as(reviewer)
    for url in (
        "/admin/demands/demand/",
        "/admin/demands/challenge/",
        "/admin/demands/challengequestion/",
        "/admin/demands/challengeobjection/",
        "/admin/demands/challenge/add/",
    ):
        assert client.get(url).status_code == 200, url


def test_pages_and_errors_speak_english_on_the_switch(reviewer, enterprise_user, fixed_today):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(f"/challenges/{challenge.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Applications close on" in page and "揭榜截止日" not in page
    from tests.conftest import api_as

    api = api_as(enterprise_user)
    demand = api.post("/api/v1/demands/", {"title": "只有标题"}, format="json").json()
    answer = api.post(f"/api/v1/demands/{demand['id']}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    assert answer.json()["summary"] == ["Fill this in before submitting."]


def test_a_cancelled_challenge_reads_cancelled_in_english_on_the_list_and_its_page(
    reviewer, enterprise_user
):
    challenge = make_challenge(reviewer, enterprise_user.organization, title="撤销的榜单")
    services.challenge_cancel(challenge=challenge, by=reviewer, note="发榜单位撤回需求")
    client = Client()
    client.cookies["django_language"] = "en"
    listing = client.get("/challenges/?status=cancelled").content.decode()
    assert "撤销的榜单" in listing and '<span class="badge">Cancelled</span>' in listing
    page = client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert '<span class="badge challenge-status">Cancelled</span>' in page
    assert "<h2>Cancelled</h2>" in page and "Revoked" not in page and "已撤销" not in page
    client.cookies["django_language"] = "zh-hans"
    assert (
        '<span class="badge challenge-status">已撤销</span>'
        in client.get(f"/challenges/{challenge.pk}/").content.decode()
    )
