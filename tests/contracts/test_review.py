"""Expert review, disputes, withdraw and the reviewer's conflict of interest (services)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from accounts.models import OrganizationKind
from contracts import deadlines, services
from contracts.models import ContractEvent, ExpertReviewStatus, Status
from notifications.models import Notification
from tests.conftest import make_member, make_reviewer
from tests.contracts.conftest import LARGE, make_expert, make_registered, make_submitted

pytestmark = pytest.mark.django_db


def test_a_large_contract_cannot_be_registered_before_an_expert_opinion(
    enterprise_user, reviewer, expert
):
    contract = make_submitted(enterprise_user, **LARGE)
    assert contract.needs_expert_review
    with pytest.raises(ValidationError) as refused:
        services.contract_register(contract=contract, by=reviewer)
    assert "专家评审" in str(refused.value)
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED and contract.registration_number is None

    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    # A conflict declaration is not an opinion: still refused.
    services.expert_review_answer(review=review, by=expert, conflict=True, opinion="曾为卖方顾问")
    with pytest.raises(ValidationError):
        services.contract_register(contract=contract, by=reviewer)

    second = make_expert(name="李专家")
    (review2,) = services.expert_reviews_assign(contract=contract, experts=[second], by=reviewer)
    services.expert_review_answer(
        review=review2,
        by=second,
        recommendation="register",
        technology_amount=Decimal("5500000"),
        opinion="技术内容属实。",
    )
    registered = services.contract_register(contract=contract, by=reviewer)
    assert registered.status == Status.REGISTERED


def test_a_small_contract_needs_no_expert(enterprise_user, reviewer, expert):
    contract = make_submitted(enterprise_user)
    assert not contract.needs_expert_review
    with pytest.raises(ValidationError) as refused:
        services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    assert "不需要专家评审" in str(refused.value)


def test_the_review_clock_is_30_working_days_for_large_or_disputed(enterprise_user, reviewer):
    large = make_submitted(enterprise_user, **LARGE)
    small = make_submitted(enterprise_user)
    today = timezone.localdate(small.submitted_at)
    assert large.review_due_on == deadlines.add_working_days(today, 30)
    assert small.review_due_on == deadlines.add_working_days(today, 15)

    disputed = services.contract_mark_disputed(contract=small, note="技术交易额存疑", by=reviewer)
    assert disputed.is_disputed and disputed.needs_expert_review
    assert disputed.review_due_on == deadlines.add_working_days(today, 30)
    assert ContractEvent.objects.filter(contract=small, note__contains="有争议").exists()
    assert Notification.objects.filter(recipient=enterprise_user, kind="contract.disputed").exists()


def test_marking_disputed_needs_a_note(submitted, reviewer):
    with pytest.raises(ValidationError) as refused:
        services.contract_mark_disputed(contract=submitted, note=" ", by=reviewer)
    assert "note" in refused.value.message_dict
    submitted.refresh_from_db()
    assert not submitted.is_disputed


def test_resubmission_after_return_restarts_the_clock(enterprise_user, reviewer, monkeypatch):
    contract = make_submitted(enterprise_user)
    first_due = contract.review_due_on
    services.contract_return(contract=contract, by=reviewer, note="请补充附件")
    later = contract.submitted_at + datetime.timedelta(days=20)
    monkeypatch.setattr(timezone, "now", lambda: later)
    resubmitted = services.contract_submit(contract=contract, by=enterprise_user)
    assert resubmitted.review_due_on == deadlines.add_working_days(timezone.localdate(later), 15)
    assert resubmitted.review_due_on > first_due


def test_one_to_three_experts_none_of_them_a_party(enterprise_user, reviewer):
    contract = make_submitted(enterprise_user, **LARGE)
    experts = [make_expert(name=f"专家{i}") for i in range(4)]
    with pytest.raises(ValidationError) as too_many:
        services.expert_reviews_assign(contract=contract, experts=experts, by=reviewer)
    assert "最多" in str(too_many.value)
    seller_member = make_expert(name="卖方专家", organization=enterprise_user.organization)
    with pytest.raises(ValidationError) as party:
        services.expert_reviews_assign(contract=contract, experts=[seller_member], by=reviewer)
    assert "回避" in str(party.value)
    not_expert = make_member(kind=OrganizationKind.INSTITUTE)
    with pytest.raises(ValidationError) as plain:
        services.expert_reviews_assign(contract=contract, experts=[not_expert], by=reviewer)
    assert "不是评审专家" in str(plain.value)
    assert not contract.expert_reviews.exists()

    reviews = services.expert_reviews_assign(contract=contract, experts=experts[:3], by=reviewer)
    assert len(reviews) == 3
    assert Notification.objects.filter(
        recipient=experts[0], kind="contract.expert_assigned"
    ).exists()


def test_an_expert_answers_only_their_own_assignment_once(enterprise_user, reviewer, expert):
    contract = make_submitted(enterprise_user, **LARGE)
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    other = make_expert(name="旁人")
    with pytest.raises(ValidationError):
        services.expert_review_answer(
            review=review, by=other, recommendation="register", opinion="x"
        )
    with pytest.raises(ValidationError) as missing:
        services.expert_review_answer(review=review, by=expert, recommendation="", opinion="")
    assert {"recommendation", "opinion"} <= set(missing.value.message_dict)
    with pytest.raises(ValidationError) as too_much:
        services.expert_review_answer(
            review=review,
            by=expert,
            recommendation="register",
            technology_amount=Decimal("7000000"),
            opinion="x",
        )
    assert "technology_amount" in too_much.value.message_dict
    answered = services.expert_review_answer(
        review=review, by=expert, recommendation="return", opinion="材料不全"
    )
    assert answered.status == ExpertReviewStatus.GIVEN
    with pytest.raises(ValidationError):
        services.expert_review_answer(
            review=review, by=expert, recommendation="register", opinion="改主意"
        )
    assert Notification.objects.filter(recipient=reviewer, kind="contract.expert_answered").exists()


def test_withdraw_goes_back_to_draft_with_an_event(submitted, enterprise_user):
    withdrawn = services.contract_withdraw(contract=submitted, by=enterprise_user)
    assert withdrawn.status == Status.DRAFT and withdrawn.review_due_on is None
    event = withdrawn.events.last()
    assert (event.from_status, event.to_status, event.by) == (
        Status.SUBMITTED,
        Status.DRAFT,
        enterprise_user,
    )
    with pytest.raises(ValidationError):  # a draft cannot be withdrawn again
        services.contract_withdraw(contract=withdrawn, by=enterprise_user)


def test_withdraw_is_refused_after_a_decision_or_an_opinion(
    enterprise_user, reviewer, expert, outsider
):
    registered = make_registered(enterprise_user, reviewer)
    with pytest.raises(ValidationError):
        services.contract_withdraw(contract=registered, by=enterprise_user)
    contract = make_submitted(enterprise_user, **LARGE)
    with pytest.raises(ValidationError):
        services.contract_withdraw(contract=contract, by=outsider)
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    services.expert_review_answer(review=review, by=expert, recommendation="register", opinion="可")
    with pytest.raises(ValidationError) as refused:
        services.contract_withdraw(contract=contract, by=enterprise_user)
    assert "专家已提交" in str(refused.value)
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


def test_withdraw_releases_experts_still_waiting(enterprise_user, reviewer, expert):
    contract = make_submitted(enterprise_user, **LARGE)
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    services.contract_withdraw(contract=contract, by=enterprise_user)
    review.refresh_from_db()
    assert review.status == ExpertReviewStatus.CANCELLED


@pytest.mark.parametrize("decision", ["register", "return", "reject"])
def test_a_reviewer_never_decides_for_their_own_organisation(enterprise_user, decision):
    contract = make_submitted(enterprise_user)
    insider = make_reviewer()
    insider.organization = enterprise_user.organization
    insider.save()
    decide = {
        "register": lambda: services.contract_register(contract=contract, by=insider),
        "return": lambda: services.contract_return(contract=contract, by=insider, note="x"),
        "reject": lambda: services.contract_reject(contract=contract, by=insider, note="x"),
    }[decision]
    with pytest.raises(ValidationError) as refused:
        decide()
    assert "回避" in str(refused.value)
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


def test_a_reviewer_of_the_buyer_must_also_step_aside(enterprise_user, outsider):
    contract = make_submitted(enterprise_user, buyer_uscc=outsider.organization.uscc)
    insider = make_reviewer()
    insider.organization = outsider.organization
    insider.save()
    with pytest.raises(ValidationError):
        services.contract_register(contract=contract, by=insider)


def test_the_expert_invitation_mails_a_password_link(reviewer):
    with TestCase.captureOnCommitCallbacks(execute=True):
        expert = make_expert(name="赵专家")
    assert expert.is_expert
    assert expert.expert_profile.technical_fields == "油气开采"
    invitation = [m for m in mail.outbox if expert.email in m.to]
    assert invitation and "/accounts/reset/" in invitation[0].body


def test_the_api_refuses_an_insider_reviewer_with_a_clear_message(enterprise_user):
    from tests.conftest import api_as

    contract = make_submitted(enterprise_user)
    insider = make_reviewer()
    insider.organization = enterprise_user.organization
    insider.save()
    response = api_as(insider).post(f"/api/v1/contracts/{contract.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert "回避" in response.json()["non_field_errors"][0]
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


def test_the_contract_api_shows_whether_experts_are_needed(enterprise_user):
    from tests.conftest import api_as

    contract = make_submitted(enterprise_user, **LARGE)
    data = api_as(enterprise_user).get(f"/api/v1/contracts/{contract.pk}/").json()
    assert data["needs_expert_review"] is True and data["is_disputed"] is False
