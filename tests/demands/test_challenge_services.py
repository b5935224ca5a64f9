"""A challenge from draft to award: deadlines, sealing, experts, 公示 and the contract."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts.models import Contract
from demands import selectors
from demands.services import challenges as services
from demands.services import scoring
from tests.demands.conftest import CRITERIA, TODAY, apply, make_challenge, make_demand

pytestmark = pytest.mark.django_db


def test_weights_must_sum_to_100_and_the_award_is_capped(reviewer, enterprise_user):
    from tests.demands.conftest import challenge_data

    funder = enterprise_user.organization
    with pytest.raises(ValidationError) as error:
        services.challenge_create(
            by=reviewer,
            data=challenge_data(
                funder, criteria=[{"name": "a", "weight": 50}], award_amount="10000000.01"
            ),
        )
    assert set(error.value.message_dict) == {"criteria", "award_amount"}


def test_a_reviewer_turns_a_published_demand_into_a_challenge(reviewer, enterprise_user):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    challenge = services.challenge_create(
        by=reviewer, data={"award_amount": Decimal("1000000")}, demand=demand
    )
    assert challenge.funder == enterprise_user.organization and challenge.title == demand.title
    assert challenge.demand == demand


def test_questions_until_the_cutoff_answers_public_askers_hidden(
    reviewer, enterprise_user, institute_user, outsider, fixed_today
):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    question = services.question_ask(
        challenge=challenge, by=institute_user, question="是否允许联合体？"
    )
    assert list(selectors.questions_for_user(outsider, challenge)) == []
    assert list(selectors.questions_for_user(institute_user, challenge)) == [question]
    services.question_answer(question=question, by=reviewer, answer="允许。")
    assert list(selectors.questions_for_user(outsider, challenge)) == [question]
    fixed_today.set(challenge.questions_close_on + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.question_ask(challenge=challenge, by=outsider, question="太晚了")


def test_apply_once_sealed_until_evaluating_and_late_applications_refused(
    reviewer, enterprise_user, institute_user, outsider, fixed_today
):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    mine = apply(challenge, institute_user)
    with pytest.raises(ValidationError):
        apply(challenge, institute_user)
    assert list(selectors.applications_for_user(outsider, challenge)) == []
    assert list(selectors.applications_for_user(reviewer, challenge)) == []
    assert list(selectors.applications_for_user(institute_user, challenge)) == [mine]
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        apply(challenge, outsider)
    assert "challenge" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.application_withdraw(application=mine, by=institute_user)
    services.challenge_close_applications(challenge=challenge, by=reviewer)
    assert list(selectors.applications_for_user(reviewer, challenge)) == [mine]
    assert list(selectors.applications_for_user(outsider, challenge)) == []


def test_evaluation_cannot_start_before_the_deadline(reviewer, enterprise_user):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    with pytest.raises(ValidationError):
        services.challenge_close_applications(challenge=challenge, by=reviewer)


def _evaluating(reviewer, funder, applicants, clock):
    challenge = make_challenge(reviewer, funder)
    applications = [apply(challenge, user) for user in applicants]
    clock.set(challenge.applications_close_on + datetime.timedelta(days=1))
    return services.challenge_close_applications(challenge=challenge, by=reviewer), applications


def test_weighted_ranking_leaves_out_a_declared_conflict(
    reviewer, enterprise_user, institute_user, outsider, fixed_today
):
    from tests.demands.conftest import make_expert

    challenge, (first, second) = _evaluating(
        reviewer, enterprise_user.organization, [institute_user, outsider], fixed_today
    )
    one, two = make_expert("甲"), make_expert("乙")
    scoring.experts_assign(challenge=challenge, experts=[one, two], by=reviewer)
    scores = {c["name"]: 80 for c in CRITERIA}
    scoring.score_submit(application=first, expert=one, scores=scores, comment="好")
    scoring.score_submit(application=first, expert=two, conflict=True)
    scoring.score_submit(
        application=second, expert=one, scores={"技术先进性": 100, "可行性": 90, "团队": 50}
    )
    with pytest.raises(ValidationError):
        scoring.score_submit(
            application=second, expert=two, scores={"技术先进性": 101, "可行性": 0, "团队": 0}
        )
    ranking = selectors.ranking(challenge)
    # 100×0.40 + 90×0.35 + 50×0.25 = 84.00 ahead of 80.00; the conflict is not counted.
    assert [(r["application"], r["score"], r["conflicts"]) for r in ranking] == [
        (second.pk, 84.0, 0),
        (first.pk, 80.0, 1),
    ]


def test_publicity_objection_upheld_then_award_after_the_working_days_and_the_contract(
    reviewer, enterprise_user, institute_user, fixed_today
):
    challenge, (application,) = _evaluating(
        reviewer, enterprise_user.organization, [institute_user], fixed_today
    )
    challenge = services.challenge_propose(
        challenge=challenge, application=application, by=reviewer
    )
    assert challenge.status == "publicity" and challenge.publicity_until > challenge.publicity_from
    objection = services.objection_file(
        challenge=challenge, by=None, name="王", contact="138", grounds="业绩不实"
    )
    services.objection_resolve(objection=objection, by=reviewer, outcome="upheld", note="核实成立")
    challenge.refresh_from_db()
    assert challenge.status == "evaluating" and challenge.proposed is None
    challenge = services.challenge_propose(
        challenge=challenge, application=application, by=reviewer
    )
    with pytest.raises(ValidationError):
        services.challenge_award(challenge=challenge, by=reviewer)
    fixed_today.set(challenge.publicity_until + datetime.timedelta(days=1))
    challenge = services.challenge_award(challenge=challenge, by=reviewer)
    assert challenge.winner == institute_user.organization
    contract = services.challenge_contract(challenge=challenge, by=reviewer)
    assert contract.seller == institute_user.organization and contract.status == "draft"
    assert contract.buyer_uscc == enterprise_user.organization.uscc
    assert contract.contract_type == "development" and contract.contract_amount == Decimal(
        "5000000"
    )
    assert Contract.objects.get(pk=contract.pk).challenge == challenge
    assert services.challenge_contract(challenge=challenge, by=reviewer) == contract


def test_no_award_and_cancel_need_a_reason(reviewer, enterprise_user, institute_user, fixed_today):
    challenge, _ = _evaluating(
        reviewer, enterprise_user.organization, [institute_user], fixed_today
    )
    with pytest.raises(ValidationError):
        services.challenge_no_award(challenge=challenge, by=reviewer, note="")
    challenge = services.challenge_no_award(challenge=challenge, by=reviewer, note="均未达到指标")
    assert challenge.status == "no_award" and challenge.outcome_note == "均未达到指标"
    with pytest.raises(ValidationError):
        services.challenge_cancel(challenge=challenge, by=reviewer, note="已结束")


def test_opening_checks_the_dates(reviewer, enterprise_user):
    challenge = make_challenge(
        reviewer,
        enterprise_user.organization,
        status="draft",
        applications_close_on=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        services.challenge_open(challenge=challenge, by=reviewer)
    assert "applications_close_on" in error.value.message_dict
