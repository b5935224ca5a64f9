"""The daily "deadline approaching" reminders of the demands app (beat's
`demands.remind_deadlines`). Each goes once: a row is claimed with a conditional UPDATE
(`… SET *_reminded_at = now WHERE pk = … AND *_reminded_at IS NULL`) before anyone is told,
so that two workers running the same day never both send it. Working days are the
official calendar's (`contracts.deadlines`).

What the data supports: a challenge's applicants (the organisations that applied; the
model keeps no drafts) before its application deadline; a demand's owner before the
demand's deadline while responses wait for an answer; the experts of a challenge still
scoring after five working days of evaluation. A question cut-off reminds nobody: nobody
watches a challenge until they apply."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.deadlines import add_working_days
from demands.choices import ApplicationStatus, ChallengeStatus, DemandStatus, ResponseStatus
from demands.models import ChallengeApplication, ChallengeExpert, ChallengeScore, Demand
from demands.services import common
from demands.services.common import members
from notifications.services import notify

DEADLINE_WORKING_DAYS = 3
SCORING_WORKING_DAYS = 5


def _claim(model, pk: int, field: str) -> bool:
    return bool(
        model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
    )


def _horizon(today: datetime.date) -> datetime.date:
    """The last day "within 3 working days" of today (a deadline from today to it)."""
    return add_working_days(today, DEADLINE_WORKING_DAYS)


def applications_remind_deadline(*, today=None) -> list[ChallengeApplication]:
    """Each active application of an open challenge whose application deadline falls
    within 3 working days: its organisation is told once (it may still withdraw and
    apply again before the deadline)."""
    today = today or common.today()
    due = ChallengeApplication.objects.filter(
        status=ApplicationStatus.SUBMITTED,
        deadline_reminded_at__isnull=True,
        challenge__status=ChallengeStatus.OPEN,
        challenge__applications_close_on__gte=today,
        challenge__applications_close_on__lte=_horizon(today),
    ).select_related("challenge", "organization")
    reminded = []
    for application in due.order_by("pk"):
        challenge = application.challenge
        with transaction.atomic():
            if not _claim(ChallengeApplication, application.pk, "deadline_reminded_at"):
                continue
            notify(
                recipients=members(application.organization),
                kind="challenge.deadline",
                title=_("揭榜截止日临近：%(title)s") % {"title": challenge.title},
                body=_("揭榜截止日为 %(day)s。截止前仍可撤回申请并重新提交；截止后申请开启评审。")
                % {"day": challenge.applications_close_on},
                url=challenge.get_absolute_url(),
            )
        reminded.append(application)
    return reminded


def demands_remind_deadline(*, today=None) -> list[Demand]:
    """A published demand whose deadline falls within 3 working days and which still has
    responses nobody answered: its owner is told once."""
    today = today or common.today()
    due = (
        Demand.objects.filter(
            status=DemandStatus.PUBLISHED,
            deadline_reminded_at__isnull=True,
            deadline__gte=today,
            deadline__lte=_horizon(today),
            responses__status=ResponseStatus.SUBMITTED,
        )
        .select_related("organization")
        .distinct()
    )
    reminded = []
    for demand in due.order_by("pk"):
        waiting = demand.responses.filter(status=ResponseStatus.SUBMITTED).count()
        with transaction.atomic():
            if not _claim(Demand, demand.pk, "deadline_reminded_at"):
                continue
            notify(
                recipients=members(demand.organization),
                kind="demand.deadline",
                title=_("需求截止日临近：%(title)s") % {"title": demand.title},
                body=_("需求截止日为 %(day)s，尚有 %(n)d 条响应待处理（入围或不采纳）。")
                % {"day": demand.deadline, "n": waiting},
                url=demand.get_absolute_url(),
            )
        reminded.append(demand)
    return reminded


def experts_remind_scoring(*, today=None) -> list[ChallengeExpert]:
    """An assigned expert with active applications still unscored (a declared conflict
    counts as done) once the evaluation has run 5 working days: told once."""
    today = today or common.today()
    assignments = ChallengeExpert.objects.filter(
        reminded_at__isnull=True,
        challenge__status=ChallengeStatus.EVALUATING,
        challenge__evaluating_from__isnull=False,
    ).select_related("challenge", "expert")
    reminded = []
    for assignment in assignments.order_by("pk"):
        challenge = assignment.challenge
        if add_working_days(challenge.evaluating_from, SCORING_WORKING_DAYS) > today:
            continue
        active = challenge.applications.filter(status=ApplicationStatus.SUBMITTED)
        done = ChallengeScore.objects.filter(
            application__in=active, expert_id=assignment.expert_id
        ).count()
        left = active.count() - done
        if left <= 0:
            continue
        with transaction.atomic():
            if not _claim(ChallengeExpert, assignment.pk, "reminded_at"):
                continue
            notify(
                recipients=[assignment.expert],
                kind="challenge.scoring_due",
                title=_("请尽快完成评审：%(title)s") % {"title": challenge.title},
                body=_("评审已进行 %(days)d 个工作日，尚有 %(n)d 份揭榜申请待您评分或声明回避。")
                % {"days": SCORING_WORKING_DAYS, "n": left},
                url=challenge.get_absolute_url(),
            )
        reminded.append(assignment)
    return reminded


def deadlines_remind(*, today=None) -> dict[str, int]:
    """The three reminders of the day (the beat task's work), counted by kind."""
    today = today or common.today()
    return {
        "applications": len(applications_remind_deadline(today=today)),
        "demands": len(demands_remind_deadline(today=today)),
        "experts": len(experts_remind_scoring(today=today)),
    }
