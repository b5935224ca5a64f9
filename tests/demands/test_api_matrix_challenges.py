"""Every role against every challenge endpoint, in the stage the action belongs to."""

import datetime

import pytest
from rest_framework.test import APIClient

from demands.models import Challenge, ChallengeApplication, ChallengeObjection, ChallengeScore
from demands.services import challenges as services
from demands.services import scoring
from tests.conftest import api_as
from tests.demands.conftest import CRITERIA, apply, make_challenge, make_expert, pdf_upload

pytestmark = pytest.mark.django_db

ANONYMOUS = {401, 403}
HIDDEN = {404}
FORBIDDEN = {403}
ROLES = ("anonymous", "funder", "applicant", "outsider", "expert", "reviewer")
ONLY_REVIEWER = {
    "anonymous": ANONYMOUS,
    "funder": FORBIDDEN,
    "applicant": FORBIDDEN,
    "outsider": FORBIDDEN,
    "expert": FORBIDDEN,
}


@pytest.fixture
def people(enterprise_user, institute_user, outsider, reviewer):
    return {
        "funder": enterprise_user,
        "applicant": institute_user,
        "outsider": outsider,
        "expert": make_expert(),
        "reviewer": reviewer,
    }


def stage(state, people, clock):
    """A challenge in `state` with the applicant's application (from `open` on)."""
    reviewer = people["reviewer"]
    challenge = make_challenge(
        reviewer, people["funder"].organization, status="draft" if state == "draft" else "open"
    )
    if state == "draft":
        return challenge, None
    application = apply(challenge, people["applicant"])
    if state == "open":
        return challenge, application
    if state == "due":
        clock.set(challenge.applications_close_on + datetime.timedelta(days=1))
        return challenge, application
    clock.set(challenge.applications_close_on + datetime.timedelta(days=1))
    challenge = services.challenge_close_applications(challenge=challenge, by=reviewer)
    scoring.experts_assign(challenge=challenge, experts=[people["expert"]], by=reviewer)
    if state == "evaluating":
        return challenge, application
    challenge = services.challenge_propose(
        challenge=challenge, application=application, by=reviewer
    )
    if state == "publicity":
        return challenge, application
    clock.set(challenge.publicity_until + datetime.timedelta(days=1))
    if state == "publicity_over":
        return challenge, application
    return services.challenge_award(challenge=challenge, by=reviewer), application


def call(client, action, challenge, application, people):
    base = f"/api/v1/challenges/{challenge.pk}/"
    if action == "retrieve":
        return client.get(base)
    if action == "patch":
        return client.patch(base, {"title": "新名称"}, format="json")
    if action in ("open", "close-applications", "award", "contract"):
        return client.post(base + f"{action}/")
    if action == "propose":
        return client.post(base + "propose/", {"application": application.pk}, format="json")
    if action in ("no-award", "cancel"):
        return client.post(base + f"{action}/", {"note": "理由"}, format="json")
    if action == "questions":
        return client.get(base + "questions/")
    if action == "ask":
        return client.post(base + "questions/", {"question": "可否联合申报？"}, format="json")
    if action == "answer":
        question = services.question_ask(challenge=challenge, by=people["outsider"], question="问")
        return client.post(
            f"/api/v1/challenge-questions/{question.pk}/answer/", {"answer": "答"}, format="json"
        )
    if action == "applications":
        return client.get(base + "applications/")
    if action == "apply":
        return client.post(
            base + "applications/",
            {"summary": "方案", "budget": "100000", "proposal": pdf_upload()},
            format="multipart",
        )
    if action == "withdraw":
        return client.post(f"/api/v1/applications/{application.pk}/withdraw/")
    if action == "experts":
        return client.post(base + "experts/", {"experts": [people["expert"].pk]}, format="json")
    if action == "scores":
        return client.post(
            f"/api/v1/applications/{application.pk}/scores/",
            {"scores": {c["name"]: 70 for c in CRITERIA}, "comment": "可行"},
            format="json",
        )
    if action == "ranking":
        return client.get(base + "ranking/")
    if action == "object":
        return client.post(
            base + "objections/",
            {"name": "王", "contact": "13800000000", "grounds": "业绩不实"},
            format="json",
        )
    if action == "resolve":
        objection = services.objection_file(
            challenge=challenge, by=None, name="李", contact="1", grounds="理由"
        )
        return client.post(
            f"/api/v1/challenge-objections/{objection.pk}/resolve/",
            {"outcome": "dismissed", "note": "不成立"},
            format="json",
        )
    raise AssertionError(action)


ALL = {role: {200} for role in ROLES}
MATRIX = [
    ("retrieve", "draft", {**dict.fromkeys(ROLES, HIDDEN), "reviewer": {200}}),
    ("retrieve", "open", ALL),
    (
        "patch",
        "draft",
        {
            "anonymous": ANONYMOUS,
            "funder": HIDDEN,
            "applicant": HIDDEN,
            "outsider": HIDDEN,
            "expert": HIDDEN,
            "reviewer": {200},
        },
    ),
    ("patch", "open", {**ONLY_REVIEWER, "reviewer": {400}}),
    ("open", "draft", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("close-applications", "due", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("propose", "evaluating", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("award", "publicity_over", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("no-award", "evaluating", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("cancel", "open", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("contract", "awarded", {**ONLY_REVIEWER, "applicant": {201}, "reviewer": {201}}),
    ("questions", "open", ALL),
    ("ask", "open", {"anonymous": ANONYMOUS, **{r: {201} for r in ROLES[1:]}}),
    ("answer", "open", {**ONLY_REVIEWER, "reviewer": {200}}),
    ("applications", "open", {"anonymous": ANONYMOUS, **{r: {200} for r in ROLES[1:]}}),
    (
        "apply",
        "open",
        {
            "anonymous": ANONYMOUS,
            "funder": {400},
            "applicant": {400},
            "outsider": {201},
            "expert": {400},
            "reviewer": {400},
        },
    ),
    (
        "apply",
        "due",
        {
            "anonymous": ANONYMOUS,
            "funder": {400},
            "applicant": {400},
            "outsider": {400},
            "expert": {400},
            "reviewer": {400},
        },
    ),
    (
        "withdraw",
        "open",
        {
            "anonymous": ANONYMOUS,
            "funder": HIDDEN,
            "applicant": {200},
            "outsider": HIDDEN,
            "expert": HIDDEN,
            "reviewer": HIDDEN,
        },
    ),
    ("experts", "evaluating", {**ONLY_REVIEWER, "reviewer": {201}}),
    (
        "scores",
        "evaluating",
        {
            "anonymous": ANONYMOUS,
            "funder": HIDDEN,
            "applicant": FORBIDDEN,
            "outsider": HIDDEN,
            "expert": {201},
            "reviewer": FORBIDDEN,
        },
    ),
    ("ranking", "evaluating", {**ONLY_REVIEWER, "expert": {200}, "reviewer": {200}}),
    ("object", "publicity", {r: {201} for r in ROLES}),
    ("object", "open", {r: {400} for r in ROLES}),
    ("resolve", "publicity", {**ONLY_REVIEWER, "reviewer": {200}}),
]


def snapshot(challenge):
    challenge.refresh_from_db()
    return (
        challenge.status,
        challenge.title,
        challenge.contract_id,
        tuple(
            ChallengeApplication.objects.filter(challenge=challenge).values_list(
                "status", flat=True
            )
        ),
        ChallengeScore.objects.filter(application__challenge=challenge).count(),
        challenge.experts.count(),
        tuple(
            ChallengeObjection.objects.filter(challenge=challenge).values_list("status", flat=True)
        ),
        tuple(challenge.questions.values_list("answer", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "state", "expected"), MATRIX, ids=[f"{a}-{s}" for a, s, _ in MATRIX]
)
def test_matrix(action, state, expected, role, people, fixed_today):
    challenge, application = stage(state, people, fixed_today)
    client = APIClient() if role == "anonymous" else api_as(people[role])
    before = snapshot(challenge)
    answer = call(client, action, challenge, application, people)
    assert answer.status_code in expected[role], (role, answer.status_code, answer.content[:300])
    if answer.status_code >= 400 and action not in ("answer", "resolve"):
        assert snapshot(challenge) == before


def test_sealed_applications_are_invisible_to_others_until_evaluating(people, fixed_today):
    challenge, _application = stage("open", people, fixed_today)
    base = f"/api/v1/challenges/{challenge.pk}/applications/"
    for role in ("funder", "outsider", "expert", "reviewer"):
        assert api_as(people[role]).get(base).json()["count"] == 0, role
    assert api_as(people["applicant"]).get(base).json()["count"] == 1
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    services.challenge_close_applications(challenge=challenge, by=people["reviewer"])
    assert api_as(people["reviewer"]).get(base).json()["count"] == 1
    assert api_as(people["outsider"]).get(base).json()["count"] == 0


def test_questions_hide_the_asker_and_show_answers_to_everyone(people, fixed_today):
    challenge, _application = stage("open", people, fixed_today)
    question = services.question_ask(
        challenge=challenge, by=people["outsider"], question="预算可否分期？"
    )
    services.question_answer(question=question, by=people["reviewer"], answer="可以。")
    rows = APIClient().get(f"/api/v1/challenges/{challenge.pk}/questions/").json()["results"]
    assert rows == [
        {
            "id": question.pk,
            "question": "预算可否分期？",
            "answer": "可以。",
            "answered_at": rows[0]["answered_at"],
            "created_at": rows[0]["created_at"],
        }
    ]


def test_the_contract_id_is_shown_to_the_winner_and_reviewers_only(people, fixed_today):
    challenge, _application = stage("awarded", people, fixed_today)
    contract = services.challenge_contract(challenge=challenge, by=people["reviewer"])
    base = f"/api/v1/challenges/{challenge.pk}/"
    assert api_as(people["applicant"]).get(base).json()["contract"] == contract.pk
    assert api_as(people["outsider"]).get(base).json()["contract"] is None
    assert Challenge.objects.get(pk=challenge.pk).contract == contract
