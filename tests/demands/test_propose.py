"""Proposing an application for 公示: the top of the ranking without a reason, any other
scored one only with a written reason, which the 公示 shows and the audit keeps; on the
challenge's admin page beside the ranking."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from demands.models import Challenge
from demands.services import challenges as services
from demands.services import scoring
from tests.conftest import make_member
from tests.demands.conftest import CRITERIA, apply, make_challenge, make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(reviewer, enterprise_user, institute_user, outsider, fixed_today):
    """Evaluating; `top` scored 90, `second` 70, `unscored` not yet scored."""
    challenge = make_challenge(reviewer, enterprise_user.organization)
    second = apply(challenge, institute_user)
    top = apply(challenge, outsider)
    unscored = apply(challenge, make_member(by=reviewer))
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    challenge = services.challenge_close_applications(challenge=challenge, by=reviewer)
    expert = make_expert()
    scoring.experts_assign(challenge=challenge, experts=[expert], by=reviewer)
    for application, score in ((top, 90), (second, 70)):
        scoring.score_submit(
            application=application, expert=expert, scores={c["name"]: score for c in CRITERIA}
        )
    return {"challenge": challenge, "top": top, "second": second, "unscored": unscored}


def _unchanged(challenge):
    challenge = Challenge.objects.get(pk=challenge.pk)
    return (challenge.status, challenge.proposed_id, challenge.proposal_reason)


# ---- the service ---------------------------------------------------------------------


def test_the_top_ranked_is_proposed_without_a_reason(ranked, reviewer):
    challenge = services.challenge_propose(
        challenge=ranked["challenge"], application=ranked["top"], by=reviewer
    )
    assert challenge.status == "publicity" and challenge.proposed == ranked["top"]
    assert challenge.proposal_reason == ""


def test_another_scored_application_needs_a_reason_and_nothing_changes_without(ranked, reviewer):
    before = _unchanged(ranked["challenge"])
    with pytest.raises(ValidationError) as error:
        services.challenge_propose(
            challenge=ranked["challenge"], application=ranked["second"], by=reviewer, reason="  "
        )
    assert error.value.message_dict == {
        "reason": ["拟授榜的不是排名第一的申请，请填写理由（将在公示中显示）。"]
    }
    assert _unchanged(ranked["challenge"]) == before
    assert not ranked["challenge"].events.filter(to_status="publicity").exists()


def test_with_a_reason_it_is_proposed_and_the_reason_is_audited(ranked, reviewer):
    challenge = services.challenge_propose(
        challenge=ranked["challenge"],
        application=ranked["second"],
        by=reviewer,
        reason="排名第一的单位资质核查未通过。",
    )
    assert challenge.status == "publicity" and challenge.proposed == ranked["second"]
    assert challenge.proposal_reason == "排名第一的单位资质核查未通过。"
    event = challenge.events.get(to_status="publicity")
    assert event.by == reviewer and "排名第一的单位资质核查未通过。" in event.note
    assert ranked["second"].organization.name in event.note


def test_an_unscored_application_cannot_be_proposed_over_the_ranking(ranked, reviewer):
    before = _unchanged(ranked["challenge"])
    with pytest.raises(ValidationError) as error:
        services.challenge_propose(
            challenge=ranked["challenge"], application=ranked["unscored"], by=reviewer, reason="r"
        )
    assert error.value.message_dict == {"application": ["该申请尚无专家评分，不能拟授榜。"]}
    assert _unchanged(ranked["challenge"]) == before


def test_an_upheld_objection_clears_the_reason(ranked, reviewer):
    challenge = services.challenge_propose(
        challenge=ranked["challenge"], application=ranked["second"], by=reviewer, reason="核查"
    )
    objection = services.objection_file(
        challenge=challenge, by=None, name="王", contact="138", grounds="不实"
    )
    services.objection_resolve(objection=objection, by=reviewer, outcome="upheld", note="成立")
    assert _unchanged(challenge) == ("evaluating", None, "")


# ---- the admin desk ------------------------------------------------------------------


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, ranked, application, reason=""):
    return client.post(
        f"/admin/demands/challenge/{ranked['challenge'].pk}/propose/",
        {"application": application.pk, "reason": reason},
    )


def test_the_desk_beside_the_ranking_offers_the_scored_applications(ranked, reviewer):
    page = _as(reviewer).get(f"/admin/demands/challenge/{ranked['challenge'].pk}/change/")
    form = page.context["propose_form"]
    assert [value for value, _label in form.fields["application"].choices] == [
        ranked["top"].pk,
        ranked["second"].pk,
    ]
    assert 'id="propose-form"' in page.content.decode()


def test_a_reviewer_proposes_the_second_with_a_reason(ranked, reviewer):
    answer = _post(_as(reviewer), ranked, ranked["second"], "第一名存在利益关联。")
    assert answer.status_code == 302
    assert _unchanged(ranked["challenge"]) == (
        "publicity",
        ranked["second"].pk,
        "第一名存在利益关联。",
    )


def test_without_a_reason_the_desk_answers_400_in_chinese_and_nothing_changes(ranked, reviewer):
    before = _unchanged(ranked["challenge"])
    answer = _post(_as(reviewer), ranked, ranked["second"])
    assert answer.status_code == 400
    assert "拟授榜的不是排名第一的申请，请填写理由" in answer.content.decode()
    assert _unchanged(ranked["challenge"]) == before


def test_an_unscored_or_unknown_application_is_refused_with_400(ranked, reviewer):
    before = _unchanged(ranked["challenge"])
    client = _as(reviewer)
    assert _post(client, ranked, ranked["unscored"], "理由").status_code == 400
    answer = client.post(
        f"/admin/demands/challenge/{ranked['challenge'].pk}/propose/",
        {"application": "999999", "reason": "理由"},
    )
    assert answer.status_code == 400
    assert _unchanged(ranked["challenge"]) == before


def test_a_challenge_past_evaluation_is_refused_and_shows_no_desk(ranked, reviewer):
    services.challenge_propose(
        challenge=ranked["challenge"], application=ranked["top"], by=reviewer
    )
    before = _unchanged(ranked["challenge"])
    client = _as(reviewer)
    assert _post(client, ranked, ranked["second"], "理由").status_code == 400
    assert _unchanged(ranked["challenge"]) == before
    page = client.get(f"/admin/demands/challenge/{ranked['challenge'].pk}/change/")
    assert "propose_form" not in page.context


def test_only_reviewers_may_propose(ranked, reviewer, institute_user):
    before = _unchanged(ranked["challenge"])
    staff = User.objects.create_user(username="clerk", password="x", is_staff=True)
    assert _post(_as(staff), ranked, ranked["second"], "理由").status_code == 403
    # Not staff: the admin sends them to its login page.
    assert _post(_as(institute_user), ranked, ranked["second"], "理由").status_code == 302
    assert _post(Client(), ranked, ranked["second"], "理由").status_code == 302
    url = f"/admin/demands/challenge/{ranked['challenge'].pk}/propose/"
    assert _as(reviewer).get(url).status_code == 405
    assert _unchanged(ranked["challenge"]) == before


# ---- the public page -----------------------------------------------------------------


def test_the_public_page_shows_the_reason_in_the_publicity(ranked, reviewer):
    services.challenge_propose(
        challenge=ranked["challenge"],
        application=ranked["second"],
        by=reviewer,
        reason="排名第一的单位放弃揭榜。",
    )
    page = Client().get(f"/challenges/{ranked['challenge'].pk}/").content.decode()
    assert "未按评审排名第一拟授榜的理由" in page and "排名第一的单位放弃揭榜。" in page
    assert ranked["second"].organization.name in page


def test_the_top_proposal_shows_no_reason_line(ranked, reviewer):
    services.challenge_propose(
        challenge=ranked["challenge"], application=ranked["top"], by=reviewer
    )
    page = Client().get(f"/challenges/{ranked['challenge'].pk}/").content.decode()
    assert "未按评审排名第一拟授榜的理由" not in page


# ---- the API -------------------------------------------------------------------------


def test_the_api_takes_the_reason_too(ranked, reviewer):
    from tests.conftest import api_as

    url = f"/api/v1/challenges/{ranked['challenge'].pk}/propose/"
    client = api_as(reviewer)
    before = _unchanged(ranked["challenge"])
    answer = client.post(url, {"application": ranked["second"].pk}, format="json")
    assert answer.status_code == 400 and "reason" in answer.json()
    assert _unchanged(ranked["challenge"]) == before
    answer = client.post(
        url, {"application": ranked["second"].pk, "reason": "第一名弃权"}, format="json"
    )
    assert answer.status_code == 200
    assert _unchanged(ranked["challenge"]) == ("publicity", ranked["second"].pk, "第一名弃权")
