"""Every role against the two stored PDFs of the app: a demand response's attachment and a
challenge application's proposal. Who may not open one gets 404 (its existence is not
revealed), the anonymous the login page; the sealing rule of the applications holds."""

import datetime

import pytest
from django.test import Client

from demands.services import challenges as services
from demands.services import demands as demand_services
from demands.services import scoring
from tests.contracts.conftest import PDF_BYTES
from tests.demands.conftest import apply, make_challenge, make_demand, make_expert, pdf_upload

pytestmark = pytest.mark.django_db

OK, HIDDEN, LOGIN = 200, 404, 302
ROLES = ("anonymous", "funder", "applicant", "outsider", "expert", "conflicted", "reviewer")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(enterprise_user, institute_user, outsider, reviewer):
    return {
        "funder": enterprise_user,
        "applicant": institute_user,
        "outsider": outsider,
        "expert": make_expert(),
        "conflicted": make_expert(name="李专家"),
        "reviewer": reviewer,
    }


def client_for(people, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


# ---- demand responses ----------------------------------------------------------------


def _response(people, with_pdf=True):
    demand = make_demand(people["funder"], reviewer=people["reviewer"])
    return demand_services.demand_respond(
        demand=demand,
        by=people["applicant"],
        message="我们有现场试验过的方案。",
        upload=pdf_upload("方案.pdf") if with_pdf else None,
    )


# The funder owns the demand, the applicant responded to it; an expert is nobody here.
RESPONSE_MATRIX = {
    "anonymous": LOGIN,
    "funder": OK,
    "applicant": OK,
    "outsider": HIDDEN,
    "expert": HIDDEN,
    "conflicted": HIDDEN,
    "reviewer": OK,
}


@pytest.mark.parametrize("role", ROLES)
def test_response_pdf_matrix(role, people):
    response = _response(people)
    answer = client_for(people, role).get(f"/demands/responses/{response.pk}/attachment/")
    assert answer.status_code == RESPONSE_MATRIX[role], role
    if answer.status_code == OK:
        assert b"".join(answer.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("role", ("funder", "applicant", "reviewer"))
def test_a_response_without_a_pdf_is_not_found_even_for_those_allowed(role, people):
    response = _response(people, with_pdf=False)
    answer = client_for(people, role).get(f"/demands/responses/{response.pk}/attachment/")
    assert answer.status_code == HIDDEN


def test_the_pdf_is_served_inline_private_and_not_sniffed(people):
    response = _response(people)
    answer = client_for(people, "funder").get(f"/demands/responses/{response.pk}/attachment/")
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("inline")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert "private" in answer["Cache-Control"] and "no-store" in answer["Cache-Control"]


def test_the_owner_sees_the_link_in_the_response_list_and_an_outsider_no_link(people):
    response = _response(people)
    url = f"/demands/responses/{response.pk}/attachment/"
    page = client_for(people, "funder").get(f"/demands/{response.demand_id}/")
    assert url in page.content.decode()
    page = client_for(people, "outsider").get(f"/demands/{response.demand_id}/")
    assert url not in page.content.decode()


# ---- challenge proposals -------------------------------------------------------------


def proposal_stage(state, people, clock):
    """A challenge in `state`: the applicant's application with a PDF, both experts
    assigned while it is open; from `evaluating` on one of them declares a conflict."""
    reviewer = people["reviewer"]
    challenge = make_challenge(reviewer, people["funder"].organization)
    application = services.application_submit(
        challenge=challenge,
        by=people["applicant"],
        data={"summary": "方案"},
        proposal=pdf_upload("方案.pdf"),
    )
    experts = [people["expert"], people["conflicted"]]
    scoring.experts_assign(challenge=challenge, experts=experts, by=reviewer)
    if state == "open":
        return application
    if state == "withdrawn":
        services.application_withdraw(application=application, by=people["applicant"])
    clock.set(challenge.applications_close_on + datetime.timedelta(days=1))
    challenge = services.challenge_close_applications(challenge=challenge, by=reviewer)
    if state == "withdrawn":
        return application
    scoring.score_submit(application=application, expert=people["conflicted"], conflict=True)
    if state == "evaluating":
        return application
    challenge = services.challenge_propose(
        challenge=challenge, application=application, by=reviewer
    )
    clock.set(challenge.publicity_until + datetime.timedelta(days=1))
    services.challenge_award(challenge=challenge, by=reviewer)
    return application


UNSEALED = {
    "anonymous": LOGIN,
    "funder": HIDDEN,
    "applicant": OK,
    "outsider": HIDDEN,
    "expert": OK,
    "conflicted": HIDDEN,
    "reviewer": OK,
}
PROPOSAL_MATRIX = [
    # Sealed: only the applicant, not the funder, the reviewers or the assigned experts.
    ("open", {**dict.fromkeys(ROLES, HIDDEN), "anonymous": LOGIN, "applicant": OK}),
    ("evaluating", UNSEALED),
    ("awarded", UNSEALED),
    # A withdrawn application stays the applicant's own.
    ("withdrawn", {**dict.fromkeys(ROLES, HIDDEN), "anonymous": LOGIN, "applicant": OK}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("state", "expected"), PROPOSAL_MATRIX, ids=[s for s, _ in PROPOSAL_MATRIX]
)
def test_proposal_pdf_matrix(state, expected, role, people, fixed_today):
    application = proposal_stage(state, people, fixed_today)
    answer = client_for(people, role).get(f"/challenges/applications/{application.pk}/proposal/")
    assert answer.status_code == expected[role], (state, role)
    if answer.status_code == OK:
        assert b"".join(answer.streaming_content) == PDF_BYTES
        assert answer["X-Content-Type-Options"] == "nosniff"


def test_an_application_without_a_proposal_is_not_found(people, fixed_today):
    challenge = make_challenge(people["reviewer"], people["funder"].organization)
    application = apply(challenge, people["applicant"])
    answer = client_for(people, "applicant").get(
        f"/challenges/applications/{application.pk}/proposal/"
    )
    assert answer.status_code == HIDDEN


def test_the_links_appear_where_the_allowed_people_look(people, fixed_today):
    application = proposal_stage("evaluating", people, fixed_today)
    url = f"/challenges/applications/{application.pk}/proposal/"
    page = f"/challenges/{application.challenge_id}/"
    assert url in client_for(people, "applicant").get(page).content.decode()
    assert url in client_for(people, "applicant").get("/challenges/mine/").content.decode()
    assert url in client_for(people, "expert").get(page).content.decode()
    assert url not in client_for(people, "conflicted").get(page).content.decode()
    assert url not in client_for(people, "funder").get(page).content.decode()
    admin = client_for(people, "reviewer")
    shown = admin.get(f"/admin/demands/challenge/{application.challenge_id}/change/")
    assert shown.status_code == 200
    assert shown.content.decode().count(url) == 2  # the inline and the ranking
