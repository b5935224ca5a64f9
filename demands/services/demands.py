"""Technology demands: draft → submitted → published | returned | refused; published →
solved | closed; who may read the details; and the responses of other organisations.

Every transition is a conditional update with an event row; notifications are written in
the same transaction (their e-mails leave on commit); matching is recomputed on commit."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import reviewers
from demands.choices import (
    EDITABLE_DEMAND_STATUSES,
    AccessStatus,
    DeclineReason,
    DemandStatus,
    IndustryTag,
    ResponseStatus,
)
from demands.models import Demand, DemandAccess, DemandEvent, DemandResponse
from demands.services import common
from demands.services.common import (
    check_pdf,
    members,
    move,
    refuse,
    require_note,
    require_verified_member,
)
from demands.services.matching import matches_changed
from notifications.services import notify
from patents.models import CooperationMode, TechnicalField

DEMAND_FIELDS = (
    "title",
    "summary",
    "details",
    "targets",
    "technical_field",
    "tags",
    "budget",
    "cooperation_modes",
    "deadline",
)
REQUIRED_TO_SUBMIT = ("title", "summary", "technical_field", "deadline")


def _clean(data: dict) -> dict:
    """Every value checked at once; one message per wrong field."""
    unknown = set(data) - set(DEMAND_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned, problems = {}, {}
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if field == "title" and not value:
            problems[field] = [_("请填写需求名称。")]
        elif field == "technical_field" and value and value not in TechnicalField.values:
            problems[field] = [_("未知的技术领域：%(code)s。") % {"code": value}]
        elif field in ("tags", "cooperation_modes"):
            allowed = IndustryTag.values if field == "tags" else CooperationMode.values
            value = list(dict.fromkeys(value or []))
            wrong = [code for code in value if code not in allowed]
            if wrong:
                problems[field] = [_("未知的代码：%(codes)s。") % {"codes": "、".join(wrong)}]
        elif field == "budget" and value not in (None, ""):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                value = None
                problems[field] = [_("预算须为金额（元）。")]
            else:
                if value < 0 or value >= Decimal("1e14"):
                    problems[field] = [_("预算须为金额（元）。")]
        elif field == "budget":
            value = None
        elif field == "deadline" and isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value) if value else None
            except ValueError:
                problems[field] = [_("日期格式应为 YYYY-MM-DD。")]
        cleaned[field] = value
    if problems:
        raise ValidationError(problems)
    return cleaned


def _owners(demand: Demand):
    return members(demand.organization)


@transaction.atomic
def demand_create(*, by, data: dict) -> Demand:
    require_verified_member(by)
    cleaned = _clean({"title": "", **data})
    demand = Demand.objects.create(organization=by.organization, created_by=by, **cleaned)
    DemandEvent.objects.create(demand=demand, by=by, from_status="", to_status=demand.status)
    return demand


@transaction.atomic
def demand_update(*, demand: Demand, by, data: dict) -> Demand:
    demand = Demand.objects.select_for_update().get(pk=demand.pk)
    if demand.status not in EDITABLE_DEMAND_STATUSES:
        raise refuse("status", _("只有草稿和退回修改的需求可以修改。"))
    for field, value in _clean(data).items():
        setattr(demand, field, value)
    demand.save(update_fields=[*data, "updated_at"])
    return demand


@transaction.atomic
def demand_submit(*, demand: Demand, by) -> Demand:
    require_verified_member(by)
    missing = {
        field: [_("提交审核前请填写此项。")]
        for field in REQUIRED_TO_SUBMIT
        if not getattr(demand, field)
    }
    if demand.deadline and demand.deadline < common.today():
        missing["deadline"] = [_("截止日期不能早于今天。")]
    if missing:
        raise ValidationError(missing)
    demand = move(
        demand,
        allowed=EDITABLE_DEMAND_STATUSES,
        to=DemandStatus.SUBMITTED,
        by=by,
        event_model=DemandEvent,
        link="demand",
        submitted_at=timezone.now(),
    )
    notify(
        recipients=reviewers(),
        kind="demand.submitted",
        title=_("新的技术需求待审核：%(title)s") % {"title": demand.title},
        url=f"/admin/demands/demand/{demand.pk}/change/",
        email=False,
    )
    return demand


def _screened(demand, *, to, by, note, kind, title) -> Demand:
    demand = move(
        demand,
        allowed=(DemandStatus.SUBMITTED,),
        to=to,
        by=by,
        note=note,
        event_model=DemandEvent,
        link="demand",
        review_note=note,
        **({"published_at": timezone.now()} if to == DemandStatus.PUBLISHED else {}),
    )
    notify(
        recipients=_owners(demand),
        kind=kind,
        title=title % {"title": demand.title},
        body=note,
        url=demand.get_absolute_url(),
    )
    return demand


@transaction.atomic
def demand_publish(*, demand: Demand, by, note: str = "") -> Demand:
    demand = _screened(
        demand,
        to=DemandStatus.PUBLISHED,
        by=by,
        note=(note or "").strip(),
        kind="demand.published",
        title=_("您的技术需求已发布：%(title)s"),
    )
    matches_changed(demand_ids=[demand.pk])
    return demand


@transaction.atomic
def demand_return(*, demand: Demand, by, note: str) -> Demand:
    return _screened(
        demand,
        to=DemandStatus.RETURNED,
        by=by,
        note=require_note(note),
        kind="demand.returned",
        title=_("您的技术需求被退回修改：%(title)s"),
    )


@transaction.atomic
def demand_refuse(*, demand: Demand, by, note: str) -> Demand:
    return _screened(
        demand,
        to=DemandStatus.REFUSED,
        by=by,
        note=require_note(note),
        kind="demand.refused",
        title=_("您的技术需求不予发布：%(title)s"),
    )


@transaction.atomic
def demand_close(*, demand: Demand, by, outcome: str, note: str = "") -> Demand:
    if outcome not in (DemandStatus.SOLVED, DemandStatus.CLOSED):
        raise refuse("outcome", _("结果须为 solved（已解决）或 closed（关闭）。"))
    demand = move(
        demand,
        allowed=(DemandStatus.PUBLISHED,),
        to=outcome,
        by=by,
        note=note,
        event_model=DemandEvent,
        link="demand",
        closed_at=timezone.now(),
    )
    # A closed demand no longer looks for partners.
    demand.matches.all().delete()
    return demand


# ---- who may read the details --------------------------------------------------------


@transaction.atomic
def demand_access_request(*, demand: Demand, by) -> DemandAccess:
    require_verified_member(by)
    if by.organization_id == demand.organization_id:
        raise refuse("demand", _("这是本单位的需求。"))
    if not demand.is_public:
        raise refuse("status", _("需求尚未发布。"))
    access, created = DemandAccess.objects.get_or_create(
        demand=demand, organization=by.organization, defaults={"requested_by": by}
    )
    if created:
        notify(
            recipients=_owners(demand),
            kind="demand.access_requested",
            title=_("%(org)s申请查看需求详情：%(title)s")
            % {"org": by.organization.name, "title": demand.title},
            url=demand.get_absolute_url(),
        )
    return access


@transaction.atomic
def demand_access_decide(*, access: DemandAccess, by, admit: bool) -> DemandAccess:
    to = AccessStatus.ADMITTED if admit else AccessStatus.REFUSED
    changed = DemandAccess.objects.filter(pk=access.pk, status=AccessStatus.REQUESTED).update(
        status=to, decided_at=timezone.now()
    )
    if not changed:
        raise refuse("status", _("该申请已处理。"))
    access.refresh_from_db()
    DemandEvent.objects.create(
        demand=access.demand,
        by=by,
        from_status=access.demand.status,
        to_status=access.demand.status,
        note=f"{access.organization.name}: {access.get_status_display()}",
    )
    notify(
        recipients=members(access.organization),
        kind=f"demand.access_{to}",
        title=_("需求详情查看申请：%(status)s（%(title)s）")
        % {"status": access.get_status_display(), "title": access.demand.title},
        url=access.demand.get_absolute_url(),
    )
    return access


# ---- responses -----------------------------------------------------------------------


@transaction.atomic
def demand_respond(*, demand: Demand, by, message: str, upload=None) -> DemandResponse:
    require_verified_member(by)
    message = (message or "").strip()
    if not message:
        raise refuse("message", _("请填写方案简介。"))
    if demand.status != DemandStatus.PUBLISHED:
        raise refuse("status", _("只能响应已发布的需求。"))
    if by.organization_id == demand.organization_id:
        raise refuse("demand", _("不能响应本单位的需求。"))
    if upload is not None:
        check_pdf(upload, "attachment")
    try:
        with transaction.atomic():
            response = DemandResponse.objects.create(
                demand=demand, organization=by.organization, by=by, message=message
            )
    except IntegrityError:
        raise refuse("demand", _("本单位已响应过该需求。")) from None
    if upload is not None:
        response.attachment.save("proposal.pdf", upload, save=True)
    notify(
        recipients=_owners(demand),
        kind="demand.response",
        title=_("%(org)s响应了您的需求：%(title)s")
        % {"org": by.organization.name, "title": demand.title},
        url=demand.get_absolute_url(),
    )
    return response


def _decide(response: DemandResponse, *, to: str, by, **fields) -> DemandResponse:
    changed = (
        DemandResponse.objects.filter(
            pk=response.pk, status__in=[ResponseStatus.SUBMITTED, ResponseStatus.SHORTLISTED]
        )
        .exclude(status=to)
        .update(status=to, decided_at=timezone.now(), **fields)
    )
    if not changed:
        raise refuse("status", _("该响应已处理。"))
    response.refresh_from_db()
    DemandEvent.objects.create(
        demand=response.demand,
        by=by,
        from_status=response.demand.status,
        to_status=response.demand.status,
        note=f"{response.organization.name}: {response.get_status_display()}",
    )
    notify(
        recipients=members(response.organization),
        kind=f"demand.response_{to}",
        title=_("您对需求“%(title)s”的响应：%(status)s")
        % {"title": response.demand.title, "status": response.get_status_display()},
        body=response.decline_note,
        url=response.demand.get_absolute_url(),
    )
    return response


@transaction.atomic
def response_shortlist(*, response: DemandResponse, by) -> DemandResponse:
    return _decide(response, to=ResponseStatus.SHORTLISTED, by=by)


@transaction.atomic
def response_decline(
    *, response: DemandResponse, by, reason: str, note: str = ""
) -> DemandResponse:
    if reason not in DeclineReason.values:
        raise refuse("reason", _("请从列表中选择未采纳原因。"))
    note = (note or "").strip()
    if reason == DeclineReason.OTHER and not note:
        raise refuse("note", _("选择“其他”时请填写说明。"))
    return _decide(
        response, to=ResponseStatus.DECLINED, by=by, decline_reason=reason, decline_note=note
    )
