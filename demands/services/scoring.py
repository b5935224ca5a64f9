"""Expert scoring of a challenge's applications: reviewers assign experts; each expert
declares a conflict of interest or scores every criterion (0–100) with a comment; the
weighted total is stored with the scores (weights sum to 100)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from demands.choices import ApplicationStatus, ChallengeStatus
from demands.models import (
    Challenge,
    ChallengeApplication,
    ChallengeEvent,
    ChallengeExpert,
    ChallengeScore,
)
from demands.services.common import refuse
from notifications.services import notify


@transaction.atomic
def experts_assign(*, challenge: Challenge, experts: list[User], by) -> list[ChallengeExpert]:
    if challenge.status in (
        ChallengeStatus.AWARDED,
        ChallengeStatus.NO_AWARD,
        ChallengeStatus.CANCELLED,
    ):
        raise refuse("status", _("榜单已结束，不能再指派专家。"))
    not_experts = [user.username for user in experts if not user.is_expert]
    if not_experts:
        raise refuse(
            "experts", _("以下用户不是评审专家：%(names)s。") % {"names": "、".join(not_experts)}
        )
    rows = []
    for expert in experts:
        row, created = ChallengeExpert.objects.get_or_create(
            challenge=challenge, expert=expert, defaults={"assigned_by": by}
        )
        rows.append(row)
        if created:
            notify(
                recipients=[expert],
                kind="challenge.expert_assigned",
                title=_("您受邀评审揭榜挂帅榜单：%(title)s") % {"title": challenge.title},
                url=challenge.get_absolute_url(),
            )
    ChallengeEvent.objects.create(
        challenge=challenge,
        by=by,
        from_status=challenge.status,
        to_status=challenge.status,
        note=_("指派专家：%(names)s") % {"names": "、".join(e.shown_name for e in experts)},
    )
    return rows


def weighted_total(criteria: list[dict], scores: dict) -> Decimal:
    total = sum(Decimal(str(scores[c["name"]])) * c["weight"] for c in criteria) / 100
    return Decimal(total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _checked_scores(criteria: list[dict], scores) -> dict:
    if not isinstance(scores, dict):
        raise refuse("scores", _("请为每项评审指标打分。"))
    names = [c["name"] for c in criteria]
    problems = []
    missing = [name for name in names if name not in scores]
    if missing:
        problems.append(_("缺少指标：%(names)s。") % {"names": "、".join(missing)})
    unknown = [name for name in scores if name not in names]
    if unknown:
        problems.append(_("未知指标：%(names)s。") % {"names": "、".join(map(str, unknown))})
    for name in names:
        value = scores.get(name)
        if name in scores and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100
        ):
            problems.append(_("“%(name)s”的得分须为 0 至 100。") % {"name": name})
    if problems:
        raise ValidationError({"scores": problems})
    return {name: scores[name] for name in names}


@transaction.atomic
def score_submit(
    *,
    application: ChallengeApplication,
    expert: User,
    scores=None,
    comment: str = "",
    conflict: bool = False,
) -> ChallengeScore:
    challenge = application.challenge
    if not ChallengeExpert.objects.filter(challenge=challenge, expert=expert).exists():
        raise refuse("expert", _("您未被指派评审该榜单。"))
    if challenge.status != ChallengeStatus.EVALUATING:
        raise refuse("status", _("榜单不在评审阶段。"))
    if application.status != ApplicationStatus.SUBMITTED:
        raise refuse("application", _("该申请已撤回。"))
    values = {"conflict": True, "scores": {}, "total": None}
    if not conflict:
        checked = _checked_scores(challenge.criteria, scores)
        values = {
            "conflict": False,
            "scores": checked,
            "total": weighted_total(challenge.criteria, checked),
        }
    try:
        with transaction.atomic():
            row = ChallengeScore.objects.create(
                application=application, expert=expert, comment=(comment or "").strip(), **values
            )
    except IntegrityError:
        raise refuse("application", _("您已评审过该申请。")) from None
    return row
