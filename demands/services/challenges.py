"""揭榜挂帅 challenges: draft → open → evaluating → publicity (公示) → awarded, or no_award
with a published reason, or cancelled; their questions and their sealed applications.

Each stage change is a conditional update with an event row and the parties told in the
same transaction (e-mails leave on commit)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import reviewers
from contracts import services as contract_services
from contracts.choices import OriginKind
from contracts.deadlines import add_working_days
from demands import selectors
from demands.choices import (
    ApplicationStatus,
    ChallengeStatus,
    DemandStatus,
    ObjectionStatus,
)
from demands.models import (
    Challenge,
    ChallengeApplication,
    ChallengeEvent,
    ChallengeObjection,
)
from demands.services import common
from demands.services.challenge_values import clean_values, criteria_problem
from demands.services.common import check_pdf, members, move, refuse, require_note

# The questions of an open challenge are written in their own module; callers reach them
# here with the challenge's other writes.
from demands.services.questions import question_answer, question_ask  # noqa: F401
from notifications.services import notify

EDITABLE = (ChallengeStatus.DRAFT,)


def _record(challenge, by, old, new, note=""):
    ChallengeEvent.objects.create(
        challenge=challenge, by=by, from_status=old, to_status=new, note=note
    )


def _parties(challenge: Challenge):
    """The funder's members and every active applicant's."""
    people = list(members(challenge.funder))
    for application in challenge.applications.filter(status=ApplicationStatus.SUBMITTED):
        people += list(members(application.organization))
    return people


def _tell(challenge, *, kind, title, body="", extra=()):
    notify(
        recipients=[*_parties(challenge), *extra],
        kind=kind,
        title=title % {"title": challenge.title},
        body=body,
        url=challenge.get_absolute_url(),
    )


def _stage(challenge, *, allowed, to, by, note="", kind, title, **fields) -> Challenge:
    challenge = move(
        challenge,
        allowed=allowed,
        to=to,
        by=by,
        note=note,
        event_model=ChallengeEvent,
        link="challenge",
        **fields,
    )
    _tell(challenge, kind=kind, title=title, body=note)
    return challenge


@transaction.atomic
def challenge_create(*, by, data: dict, demand=None) -> Challenge:
    if demand is not None:
        if demand.status != DemandStatus.PUBLISHED:
            raise refuse("demand", _("只有已发布的需求可以转为揭榜挂帅榜单。"))
        data = {
            "title": demand.title,
            "problem": "\n\n".join(filter(None, [demand.summary, demand.details])),
            "targets": demand.targets,
            "funder": demand.organization,
            **data,
        }
    cleaned = clean_values({"title": "", **data})
    if "funder" not in cleaned:
        raise ValidationError({"funder": [_("请选择发榜单位。")]})
    challenge = Challenge.objects.create(demand=demand, created_by=by, **cleaned)
    _record(challenge, by, "", challenge.status)
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, by, data: dict) -> Challenge:
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status not in EDITABLE:
        raise refuse("status", _("榜单发布后不能修改。"))
    for field, value in clean_values(data).items():
        setattr(challenge, field, value)
    challenge.save(update_fields=[*data, "updated_at"])
    return challenge


def open_problems(challenge: Challenge) -> dict:
    problems = {}
    for field in (
        "problem",
        "targets",
        "award_amount",
        "questions_close_on",
        "applications_close_on",
    ):
        if getattr(challenge, field) in (None, ""):
            problems[field] = [_("发榜前请填写此项。")]
    criteria = criteria_problem(challenge.criteria)
    if criteria:
        problems["criteria"] = [criteria]
    closes, questions = challenge.applications_close_on, challenge.questions_close_on
    if closes and closes < common.today():
        problems["applications_close_on"] = [_("揭榜截止日不能早于今天。")]
    if closes and questions and questions > closes:
        problems["questions_close_on"] = [_("答疑截止日不能晚于揭榜截止日。")]
    return problems


@transaction.atomic
def challenge_open(*, challenge: Challenge, by) -> Challenge:
    problems = open_problems(challenge)
    if problems:
        raise ValidationError(problems)
    return _stage(
        challenge,
        allowed=(ChallengeStatus.DRAFT,),
        to=ChallengeStatus.OPEN,
        by=by,
        kind="challenge.opened",
        title=_("揭榜挂帅榜单已发布：%(title)s"),
        opened_at=timezone.now(),
    )


@transaction.atomic
def challenge_close_applications(*, challenge: Challenge, by) -> Challenge:
    """Opens the sealed applications: only once the deadline day is over."""
    if challenge.applications_close_on and common.today() <= challenge.applications_close_on:
        raise refuse(
            "applications_close_on",
            _("揭榜截止日（%(day)s）之后才能开始评审。") % {"day": challenge.applications_close_on},
        )
    return _stage(
        challenge,
        allowed=(ChallengeStatus.OPEN,),
        to=ChallengeStatus.EVALUATING,
        by=by,
        kind="challenge.evaluating",
        title=_("揭榜截止，进入评审：%(title)s"),
        evaluating_from=common.today(),
    )


def _proposal_reason(challenge: Challenge, application: ChallengeApplication, reason: str) -> str:
    """The top of the experts' ranking needs no reason; any other application may be
    proposed only once the experts have scored it, and only with a written reason (the top
    one had a conflict, failed a check …) that the 公示 shows."""
    reason = (reason or "").strip()
    ranked = selectors.ranking(challenge)
    if ranked and ranked[0]["application"] == application.pk:
        return reason
    row = next((r for r in ranked if r["application"] == application.pk), None)
    if row is None or row["score"] is None:
        raise refuse("application", _("该申请尚无专家评分，不能拟授榜。"))
    if not reason:
        raise refuse("reason", _("拟授榜的不是排名第一的申请，请填写理由（将在公示中显示）。"))
    return reason


@transaction.atomic
def challenge_propose(
    *, challenge: Challenge, application: ChallengeApplication, by, reason: str = ""
) -> Challenge:
    if (
        application.challenge_id != challenge.pk
        or application.status != ApplicationStatus.SUBMITTED
    ):
        raise refuse("application", _("请选择本榜单的有效揭榜申请。"))
    if challenge.status != ChallengeStatus.EVALUATING:
        raise refuse(
            "status",
            _("当前状态为“%(status)s”，不能执行此操作。")
            % {"status": challenge.get_status_display()},
        )
    reason = _proposal_reason(challenge, application, reason)
    name = application.organization.name
    start = common.today()
    return _stage(
        challenge,
        allowed=(ChallengeStatus.EVALUATING,),
        to=ChallengeStatus.PUBLICITY,
        by=by,
        note=_("%(name)s；理由：%(reason)s") % {"name": name, "reason": reason} if reason else name,
        kind="challenge.publicity",
        title=_("拟授榜结果公示：%(title)s"),
        proposed=application,
        proposal_reason=reason,
        publicity_from=start,
        publicity_until=add_working_days(start, challenge.publicity_days),
    )


@transaction.atomic
def challenge_award(*, challenge: Challenge, by) -> Challenge:
    if challenge.publicity_until and common.today() <= challenge.publicity_until:
        raise refuse(
            "status",
            _("公示期至 %(day)s，期满后才能授榜。") % {"day": challenge.publicity_until},
        )
    if challenge.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise refuse("status", _("仍有未处理的异议，处理后才能授榜。"))
    if challenge.proposed is None:
        raise refuse("status", _("尚无拟授榜揭榜方。"))
    return _stage(
        challenge,
        allowed=(ChallengeStatus.PUBLICITY,),
        to=ChallengeStatus.AWARDED,
        by=by,
        note=challenge.proposed.organization.name,
        kind="challenge.awarded",
        title=_("揭榜挂帅榜单已授榜：%(title)s"),
        winner=challenge.proposed.organization,
    )


@transaction.atomic
def challenge_no_award(*, challenge: Challenge, by, note: str) -> Challenge:
    note = require_note(note)
    return _stage(
        challenge,
        allowed=(ChallengeStatus.EVALUATING, ChallengeStatus.PUBLICITY),
        to=ChallengeStatus.NO_AWARD,
        by=by,
        note=note,
        kind="challenge.no_award",
        title=_("揭榜挂帅榜单不授榜：%(title)s"),
        outcome_note=note,
        proposed=None,
        proposal_reason="",
    )


@transaction.atomic
def challenge_cancel(*, challenge: Challenge, by, note: str) -> Challenge:
    note = require_note(note)
    return _stage(
        challenge,
        allowed=(
            ChallengeStatus.DRAFT,
            ChallengeStatus.OPEN,
            ChallengeStatus.EVALUATING,
            ChallengeStatus.PUBLICITY,
        ),
        to=ChallengeStatus.CANCELLED,
        by=by,
        note=note,
        kind="challenge.cancelled",
        title=_("揭榜挂帅榜单已撤销：%(title)s"),
        outcome_note=note,
    )


@transaction.atomic
def challenge_contract(*, challenge: Challenge, by):
    """The winner's draft 技术开发 (commissioned) contract, funder as buyer, pre-filled
    from the challenge; made once (a second call answers the same contract)."""
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status != ChallengeStatus.AWARDED:
        raise refuse("status", _("授榜后才能生成技术合同草稿。"))
    if challenge.contract_id:
        return challenge.contract
    funder = challenge.funder
    contract = contract_services.contract_create(
        organization=challenge.winner,
        by=by,
        # Contracts may not import this app: the challenge's title and page go as text.
        origin=(OriginKind.CHALLENGE, challenge.title, challenge.get_absolute_url()),
        data={
            "title": challenge.title[:200],
            "contract_type": "development",
            "subtype": "commissioned",
            "buyer_name": funder.name,
            "buyer_uscc": funder.uscc,
            "buyer_region_code": funder.region_code,
            "buyer_entity_nature": funder.entity_nature,
            "contract_amount": challenge.award_amount,
            "technology_amount": challenge.award_amount,
            **(
                {"technical_field": challenge.demand.technical_field}
                if challenge.demand_id and challenge.demand.technical_field
                else {}
            ),
        },
    )
    Challenge.objects.filter(pk=challenge.pk).update(contract=contract)
    _record(
        challenge,
        by,
        challenge.status,
        challenge.status,
        _("生成技术合同草稿 #%(id)d") % {"id": contract.pk},
    )
    notify(
        recipients=members(challenge.winner),
        kind="challenge.contract",
        title=_("揭榜挂帅技术合同草稿已生成：%(title)s") % {"title": challenge.title},
        body=_("请补全合同信息、上传签署的合同文本后提交登记。"),
        url=f"/contracts/{contract.pk}/",
    )
    challenge.refresh_from_db()
    return contract


# ---- applications --------------------------------------------------------------------


def _before_deadline(challenge: Challenge) -> None:
    late = challenge.applications_close_on and common.today() > challenge.applications_close_on
    if challenge.status != ChallengeStatus.OPEN or late:
        raise refuse("challenge", _("揭榜已截止，不再接受申请。"))


@transaction.atomic
def application_submit(
    *, challenge: Challenge, by, data: dict, proposal=None
) -> ChallengeApplication:
    common.require_verified_member(by)
    _before_deadline(challenge)
    if by.organization_id == challenge.funder_id:
        raise refuse("organization", _("发榜单位不能揭榜自己的榜单。"))
    summary = str(data.get("summary") or "").strip()
    if not summary:
        raise refuse("summary", _("请填写方案摘要。"))
    budget = data.get("budget")
    if budget not in (None, ""):
        try:
            budget = Decimal(str(budget))
        except InvalidOperation:
            raise refuse("budget", _("预算须为金额（元）。")) from None
        if budget < 0 or budget >= Decimal("1e10"):
            raise refuse("budget", _("预算须为金额（元）。"))
    else:
        budget = None
    if proposal is not None:
        check_pdf(proposal, "proposal")
    try:
        with transaction.atomic():
            application = ChallengeApplication.objects.create(
                challenge=challenge,
                organization=by.organization,
                submitted_by=by,
                summary=summary,
                team=str(data.get("team") or "").strip(),
                plan=str(data.get("plan") or "").strip(),
                budget=budget,
            )
    except IntegrityError:
        raise refuse("organization", _("本单位已揭榜该榜单，每个单位只能揭榜一次。")) from None
    if proposal is not None:
        application.proposal.save("proposal.pdf", proposal, save=True)
    notify(
        recipients=members(by.organization),
        kind="challenge.applied",
        title=_("已收到您的揭榜申请：%(title)s") % {"title": challenge.title},
        body=_("申请在揭榜截止前密封，其他单位看不到。"),
        url=challenge.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_withdraw(*, application: ChallengeApplication, by) -> ChallengeApplication:
    _before_deadline(application.challenge)
    changed = ChallengeApplication.objects.filter(
        pk=application.pk, status=ApplicationStatus.SUBMITTED
    ).update(status=ApplicationStatus.WITHDRAWN, withdrawn_at=timezone.now())
    if not changed:
        raise refuse("status", _("该申请已撤回。"))
    application.refresh_from_db()
    return application


# ---- objections during 公示 ------------------------------------------------------------


@transaction.atomic
def objection_file(
    *, challenge: Challenge, by, name: str, contact: str, grounds: str
) -> ChallengeObjection:
    values = {
        "name": (name or "").strip(),
        "contact": (contact or "").strip(),
        "grounds": (grounds or "").strip(),
    }
    missing = {field: [_("请填写此项。")] for field, value in values.items() if not value}
    if missing:
        raise ValidationError(missing)
    if challenge.status != ChallengeStatus.PUBLICITY:
        raise refuse("challenge", _("只能在公示期内提出异议。"))
    objection = ChallengeObjection.objects.create(
        challenge=challenge,
        filed_by=by if getattr(by, "is_authenticated", False) else None,
        **values,
    )
    notify(
        recipients=reviewers(),
        kind="challenge.objection",
        title=_("公示期收到异议：%(title)s") % {"title": challenge.title},
        url=f"/admin/demands/challengeobjection/{objection.pk}/change/",
    )
    return objection


@transaction.atomic
def objection_resolve(
    *, objection: ChallengeObjection, by, outcome: str, note: str
) -> ChallengeObjection:
    if outcome not in (ObjectionStatus.DISMISSED, ObjectionStatus.UPHELD):
        raise refuse("outcome", _("处理结果须为 dismissed（不成立）或 upheld（成立）。"))
    note = require_note(note)
    changed = ChallengeObjection.objects.filter(
        pk=objection.pk, status=ObjectionStatus.OPEN
    ).update(status=outcome, note=note, resolved_by=by, resolved_at=timezone.now())
    if not changed:
        raise refuse("status", _("该异议已处理。"))
    objection.refresh_from_db()
    if outcome == ObjectionStatus.UPHELD:
        # The proposal falls: back to the experts' ranking.
        _stage(
            objection.challenge,
            allowed=(ChallengeStatus.PUBLICITY,),
            to=ChallengeStatus.EVALUATING,
            by=by,
            note=note,
            kind="challenge.objection_upheld",
            title=_("公示异议成立，榜单重新评审：%(title)s"),
            proposed=None,
            proposal_reason="",
            publicity_from=None,
            publicity_until=None,
        )
    return objection


def challenges_close_due(*, by=None) -> list[Challenge]:
    """Open challenges whose deadline has passed move to evaluating (the beat's work)."""
    moved = []
    for challenge in Challenge.objects.filter(
        status=ChallengeStatus.OPEN, applications_close_on__lt=common.today()
    ):
        try:
            moved.append(challenge_close_applications(challenge=challenge, by=by))
        except ValidationError:
            continue
    return moved
