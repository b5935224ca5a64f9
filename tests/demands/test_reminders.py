"""The daily "deadline approaching" reminders, with fixed days: reminded once, not twice,
not before it is due, not after the deadline; working days on the official calendar
(2026-06-19 is the Dragon Boat Festival)."""

import datetime
import importlib
import threading

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from common import mail
from demands.models import Challenge, ChallengeApplication
from demands.services import challenges as services
from demands.services import demands as demand_services
from demands.services import reminders, scoring
from demands.tasks import remind_deadlines
from notifications.models import Notification
from tests.demands.conftest import CRITERIA, apply, make_challenge, make_demand, make_expert

pytestmark = pytest.mark.django_db

D = datetime.date
MON, THU, FRI = D(2026, 6, 1), D(2026, 6, 4), D(2026, 6, 5)


def sent(kind, user=None):
    rows = Notification.objects.filter(kind=kind)
    return rows.filter(recipient=user).count() if user else rows.count()


# ---- applicants of an open challenge -------------------------------------------------


@pytest.fixture
def open_challenge(reviewer, enterprise_user):
    return make_challenge(
        reviewer,
        enterprise_user.organization,
        questions_close_on=D(2026, 6, 8),
        applications_close_on=D(2026, 6, 23),
    )


def test_applicants_are_reminded_three_working_days_before_once(
    open_challenge, institute_user, outsider
):
    apply(open_challenge, institute_user)
    withdrawn = apply(open_challenge, outsider)
    services.application_withdraw(application=withdrawn, by=outsider)
    # 06-17 + 3 working days = 06-23 (18th, 22nd, 23rd: the 19th is a holiday).
    assert reminders.applications_remind_deadline(today=D(2026, 6, 16)) == []
    reminded = reminders.applications_remind_deadline(today=D(2026, 6, 17))
    assert [a.organization for a in reminded] == [institute_user.organization]
    assert sent("challenge.deadline", institute_user) == 1
    assert sent("challenge.deadline", outsider) == 0  # withdrawn: nothing to remind of
    assert reminders.applications_remind_deadline(today=D(2026, 6, 18)) == []
    assert reminders.applications_remind_deadline(today=D(2026, 6, 23)) == []
    assert sent("challenge.deadline") == 1


def test_not_after_the_deadline_nor_once_the_challenge_is_no_longer_open(
    open_challenge, institute_user, reviewer
):
    apply(open_challenge, institute_user)
    assert reminders.applications_remind_deadline(today=D(2026, 6, 24)) == []
    services.challenge_cancel(challenge=open_challenge, by=reviewer, note="撤销")
    assert reminders.applications_remind_deadline(today=D(2026, 6, 22)) == []
    assert sent("challenge.deadline") == 0


def test_a_claimed_row_is_not_claimed_again(open_challenge, institute_user):
    application = apply(open_challenge, institute_user)
    claim = reminders._claim
    assert claim(ChallengeApplication, application.pk, "deadline_reminded_at") is True
    assert claim(ChallengeApplication, application.pk, "deadline_reminded_at") is False
    # Another worker claimed it first: this one sends nothing.
    assert reminders.applications_remind_deadline(today=D(2026, 6, 22)) == []
    assert sent("challenge.deadline") == 0


# ---- the owner of a published demand -------------------------------------------------


def test_the_owner_is_reminded_while_responses_wait(
    enterprise_user, institute_user, outsider, reviewer
):
    demand = make_demand(enterprise_user, reviewer=reviewer, deadline=D(2026, 6, 23))
    quiet = make_demand(enterprise_user, reviewer=reviewer, deadline=D(2026, 6, 23))
    demand_services.demand_respond(demand=demand, by=institute_user, message="方案")
    answered = demand_services.demand_respond(demand=quiet, by=outsider, message="方案")
    demand_services.response_decline(response=answered, by=enterprise_user, reason="cost", note="")
    assert reminders.demands_remind_deadline(today=D(2026, 6, 16)) == []
    assert reminders.demands_remind_deadline(today=D(2026, 6, 17)) == [demand]
    assert sent("demand.deadline", enterprise_user) == 1
    note = Notification.objects.get(kind="demand.deadline")
    assert "1 条响应待处理" in note.body and note.url == f"/demands/{demand.pk}/"
    assert reminders.demands_remind_deadline(today=D(2026, 6, 22)) == []
    assert sent("demand.deadline") == 1


def test_no_reminder_after_the_deadline_or_for_a_closed_demand(
    enterprise_user, institute_user, reviewer
):
    demand = make_demand(enterprise_user, reviewer=reviewer, deadline=D(2026, 6, 23))
    demand_services.demand_respond(demand=demand, by=institute_user, message="方案")
    assert reminders.demands_remind_deadline(today=D(2026, 6, 24)) == []
    demand_services.demand_close(demand=demand, by=enterprise_user, outcome="closed")
    assert reminders.demands_remind_deadline(today=D(2026, 6, 22)) == []
    assert sent("demand.deadline") == 0


# ---- experts still scoring -----------------------------------------------------------


@pytest.fixture
def evaluating(reviewer, enterprise_user, institute_user, outsider, fixed_today):
    challenge = make_challenge(
        reviewer,
        enterprise_user.organization,
        questions_close_on=D(2026, 6, 2),
        applications_close_on=THU,
    )
    first, second = apply(challenge, institute_user), apply(challenge, outsider)
    fixed_today.set(FRI)
    challenge = services.challenge_close_applications(challenge=challenge, by=reviewer)
    busy, done, conflicted = make_expert("甲"), make_expert("乙"), make_expert("丙")
    scoring.experts_assign(challenge=challenge, experts=[busy, done, conflicted], by=reviewer)
    scores = {c["name"]: 80 for c in CRITERIA}
    scoring.score_submit(application=first, expert=busy, scores=scores)
    for application in (first, second):
        scoring.score_submit(application=application, expert=done, scores=scores)
        scoring.score_submit(application=application, expert=conflicted, conflict=True)
    return challenge, busy, done, conflicted


def test_experts_still_scoring_are_reminded_after_five_working_days_once(evaluating):
    challenge, busy, done, conflicted = evaluating
    assert challenge.evaluating_from == FRI
    # 06-05 + 5 working days = 06-12.
    assert reminders.experts_remind_scoring(today=D(2026, 6, 11)) == []
    reminded = reminders.experts_remind_scoring(today=D(2026, 6, 12))
    assert [r.expert for r in reminded] == [busy]
    assert sent("challenge.scoring_due", busy) == 1
    assert "尚有 1 份揭榜申请" in Notification.objects.get(kind="challenge.scoring_due").body
    assert sent("challenge.scoring_due", done) == sent("challenge.scoring_due", conflicted) == 0
    assert reminders.experts_remind_scoring(today=D(2026, 6, 15)) == []
    assert sent("challenge.scoring_due") == 1


def test_no_scoring_reminder_once_the_evaluation_is_over(evaluating, reviewer):
    challenge, *_experts = evaluating
    services.challenge_no_award(challenge=challenge, by=reviewer, note="均未达标")
    assert reminders.experts_remind_scoring(today=D(2026, 6, 15)) == []
    assert sent("challenge.scoring_due") == 0


# ---- the beat task -------------------------------------------------------------------


def test_the_daily_task_runs_all_three_and_its_beat_entry_expires_within_the_day(
    evaluating, enterprise_user, institute_user, reviewer, fixed_today
):
    demand = make_demand(enterprise_user, reviewer=reviewer, deadline=D(2026, 6, 16))
    demand_services.demand_respond(demand=demand, by=institute_user, message="方案")
    fixed_today.set(D(2026, 6, 12))
    assert remind_deadlines.apply().get() == {"applications": 0, "demands": 1, "experts": 1}
    assert remind_deadlines.apply().get() == {"applications": 0, "demands": 0, "experts": 0}
    entry = settings.CELERY_BEAT_SCHEDULE["demands-remind-deadlines"]
    assert entry["task"] == "demands.remind_deadlines"
    assert entry["options"]["expires"] < 24 * 3600


def test_the_migration_dates_the_evaluations_already_running(evaluating):
    challenge, *_experts = evaluating
    Challenge.objects.filter(pk=challenge.pk).update(evaluating_from=None)
    importlib.import_module("demands.migrations.0004_reminders").fill_evaluating_from(apps, None)
    event = challenge.events.exclude(from_status="evaluating").get(to_status="evaluating")
    assert Challenge.objects.get(pk=challenge.pk).evaluating_from == timezone.localdate(event.at)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_instant_send_each_reminder_once(
    reviewer, enterprise_user, institute_user, outsider, monkeypatch
):
    """Real PostgreSQL, one connection per thread, released together: the conditional
    UPDATE lets one of them claim each row."""
    # Concurrent eager Celery calls share a process-wide flag: the e-mail task is not run.
    monkeypatch.setattr(mail.send_message, "apply_async", lambda *args, **kwargs: None)
    challenge = make_challenge(
        reviewer,
        enterprise_user.organization,
        questions_close_on=D(2026, 6, 8),
        applications_close_on=D(2026, 6, 23),
    )
    apply(challenge, institute_user)
    apply(challenge, outsider)
    barrier, counts = threading.Barrier(4), []

    def run():
        try:
            barrier.wait(timeout=30)
            counts.append(len(reminders.applications_remind_deadline(today=D(2026, 6, 17))))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 2 and len(counts) == 4
    assert sent("challenge.deadline", institute_user) == 1
    assert sent("challenge.deadline", outsider) == 1
