"""A technology manager's registration: apply → approved | refused, suspended and
reinstated; the contracts they confirm brokering; the yearly filing and its reminders.

Each transition locks the row, checks where it is, changes it, records a `ManagerEvent`
(who, when, from, to, note) and tells the people concerned (inbox + e-mail outbox, both
in the same transaction)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import reviewers
from common import uploads
from contracts.models import Contract
from contracts.services.statistics import stats_month_changed
from institutions.validators import normalize_phone
from managers import selectors
from managers.models import Filing, Manager, ManagerEvent, ManagerStatus
from notifications.services import notify
from patents.models import TechnicalField

MAX_TEXT = {"name": 50, "employer": 200, "certificate_number": 50, "bio": 5000, "email": 254}
REMINDER_INTERVAL = datetime.timedelta(days=6)  # beat runs weekly; a duplicate run is a no-op


def _record(manager, *, by, action, from_status="", to_status="", note="") -> ManagerEvent:
    return ManagerEvent.objects.create(
        manager=manager,
        by=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _require_reviewer(by) -> None:
    if not selectors.is_reviewer(by):
        raise PermissionDenied(_("仅科技局登记员可以审核技术经理人。"))


def _clean(data: dict, *, partial: bool) -> dict:
    """The applicant's values trimmed and checked, every problem named at once."""
    unknown = set(data) - set(Manager.APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned, problems = {}, {}
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if field in MAX_TEXT and len(value or "") > MAX_TEXT[field]:
            problems[field] = _("最多 %(n)d 个字符。") % {"n": MAX_TEXT[field]}
        cleaned[field] = value if value is not None else ""
    for field in ("name", "certificate_number", "phone"):
        if (field in cleaned or not partial) and not cleaned.get(field):
            problems.setdefault(field, _("此项必填。"))
    if cleaned.get("phone") and "phone" not in problems:
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"])
        except ValidationError as exc:
            problems["phone"] = exc.messages[0]
    if "technical_fields" in cleaned or not partial:
        codes = cleaned.get("technical_fields") or []
        if isinstance(codes, str) or not isinstance(codes, list | tuple):
            problems["technical_fields"] = _("技术领域应为代码列表。")
        else:
            wrong = [str(c) for c in codes if str(c) not in TechnicalField.values]
            if wrong:
                problems["technical_fields"] = _("未知的技术领域代码：%(codes)s") % {
                    "codes": "、".join(wrong)
                }
            elif not codes:
                problems["technical_fields"] = _("请至少选择一个技术领域。")
            else:
                cleaned["technical_fields"] = list(dict.fromkeys(str(c) for c in codes))
    if problems:
        raise ValidationError(problems)
    return cleaned


def _checked_certificate(upload) -> tuple[bytes, str]:
    """The certificate scan's bytes and extension, checked by common.uploads."""
    name = (getattr(upload, "name", "") or "certificate").rsplit("/", 1)[-1][:200]
    upload.seek(0)
    head = upload.read(uploads.MAGIC_LENGTH)
    problem = uploads.document_problem(name=name, size=upload.size, head=head)
    if problem:
        raise ValidationError({"certificate_file": problem})
    upload.seek(0)
    return upload.read(), uploads.document_suffix(head)


def _set(manager: Manager, cleaned: dict, certificate) -> None:
    for field, value in cleaned.items():
        setattr(manager, field, value)
    manager.fields_index = "".join(f"|{code}|" for code in manager.technical_fields or [])
    if certificate is not None:
        content, suffix = _checked_certificate(certificate)
        manager.certificate_file.save(f"certificate{suffix}", ContentFile(content), save=False)


def _tell_reviewers(manager: Manager, title: str) -> None:
    notify(
        recipients=reviewers(),
        kind="manager.applied",
        title=title,
        body=_("%(name)s（%(employer)s，证书编号 %(number)s）等待审核。")
        % {
            "name": manager.name,
            "employer": manager.employer or _("无工作单位"),
            "number": manager.certificate_number,
        },
        url=reverse("admin:managers_manager_change", args=[manager.pk]),
    )


@transaction.atomic
def manager_apply(*, user, data: dict, certificate=None) -> Manager:
    """A signed-in person (with or without an organisation) applies, once."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("请先登录再申请登记为技术经理人。"))
    if Manager.objects.select_for_update().filter(user=user).exists():
        raise ValidationError(
            {"non_field_errors": _("您已提交过技术经理人登记申请，请在个人页面修改。")}
        )
    manager = Manager(user=user)
    _set(manager, _clean(data, partial=False), certificate)
    manager.save()
    _record(manager, by=user, action="applied", to_status=ManagerStatus.APPLIED)
    with translation.override(settings.LANGUAGE_CODE):
        _tell_reviewers(manager, _("技术经理人登记申请：%(name)s") % {"name": manager.name})
    return manager


@transaction.atomic
def manager_update(*, manager: Manager, data: dict, by, certificate=None) -> Manager:
    """The manager edits their registration; a refused one applies again by editing."""
    locked = Manager.objects.select_for_update().get(pk=manager.pk)
    if locked.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    if locked.status == ManagerStatus.SUSPENDED:
        raise ValidationError({"status": _("登记已暂停，暂不能修改；请联系交易中心。")})
    _set(locked, _clean(data, partial=True), certificate)
    was = locked.status
    if was == ManagerStatus.REFUSED:
        locked.status, locked.applied_at = ManagerStatus.APPLIED, timezone.now()
    locked.save()
    _record(locked, by=by, action="updated", from_status=was, to_status=locked.status)
    if was == ManagerStatus.REFUSED:
        with translation.override(settings.LANGUAGE_CODE):
            _tell_reviewers(locked, _("技术经理人重新申请：%(name)s") % {"name": locked.name})
    manager.refresh_from_db()
    return manager


def _transition(*, manager, by, to_status, allowed_from, action, note="") -> Manager:
    _require_reviewer(by)
    locked = Manager.objects.select_for_update().get(pk=manager.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("当前状态为“%(status)s”，不能执行此操作。")
                % {"status": locked.get_status_display()}
            }
        )
    was = locked.status
    locked.status = to_status
    locked.review_note = note
    fields = ["status", "review_note"]
    if to_status == ManagerStatus.APPROVED and locked.approved_at is None:
        locked.approved_at = timezone.now()
        fields.append("approved_at")
    locked.save(update_fields=fields)
    _record(locked, by=by, action=action, from_status=was, to_status=to_status, note=note)
    manager.refresh_from_db()
    return manager


def _tell_manager(manager: Manager, *, kind: str, title: str, body: str, url: str = "") -> None:
    notify(
        recipients=[manager.user],
        kind=kind,
        title=title,
        body=body,
        url=url or reverse("managers:detail", args=[manager.pk]),
        also_email=[manager.email],
    )


def _required_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写理由，申请人会看到这段说明。")})
    return note


@transaction.atomic
def manager_approve(*, manager: Manager, by, note: str = "") -> Manager:
    manager = _transition(
        manager=manager,
        by=by,
        to_status=ManagerStatus.APPROVED,
        allowed_from=(ManagerStatus.APPLIED,),
        action="approved",
        note=(note or "").strip(),
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_manager(
            manager,
            kind="manager.approved",
            title=_("技术经理人登记已通过：%(name)s") % {"name": manager.name},
            body=_(
                "您已列入交易中心技术经理人名录。企业登记合同时可填写您为技术经理人，请在个人页面确认。"
            ),
        )
    return manager


@transaction.atomic
def manager_refuse(*, manager: Manager, by, note: str) -> Manager:
    note = _required_note(note)
    manager = _transition(
        manager=manager,
        by=by,
        to_status=ManagerStatus.REFUSED,
        allowed_from=(ManagerStatus.APPLIED,),
        action="refused",
        note=note,
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_manager(
            manager,
            kind="manager.refused",
            title=_("技术经理人登记未通过：%(name)s") % {"name": manager.name},
            body=_("理由：%(note)s。修改资料后可重新提交。") % {"note": note},
        )
    return manager


@transaction.atomic
def manager_suspend(*, manager: Manager, by, note: str) -> Manager:
    note = _required_note(note)
    manager = _transition(
        manager=manager,
        by=by,
        to_status=ManagerStatus.SUSPENDED,
        allowed_from=(ManagerStatus.APPROVED,),
        action="suspended",
        note=note,
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_manager(
            manager,
            kind="manager.suspended",
            title=_("技术经理人登记已暂停：%(name)s") % {"name": manager.name},
            body=_("理由：%(note)s。暂停期间您不在公开名录中，也不能被合同填写。") % {"note": note},
        )
    return manager


@transaction.atomic
def manager_reinstate(*, manager: Manager, by, note: str = "") -> Manager:
    manager = _transition(
        manager=manager,
        by=by,
        to_status=ManagerStatus.APPROVED,
        allowed_from=(ManagerStatus.SUSPENDED,),
        action="reinstated",
        note=(note or "").strip(),
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_manager(
            manager,
            kind="manager.reinstated",
            title=_("技术经理人登记已恢复：%(name)s") % {"name": manager.name},
            body=_("您已重新列入交易中心技术经理人名录。"),
        )
    return manager


# ---- contracts ------------------------------------------------------------------------------


@transaction.atomic
def manager_contract_confirm(*, manager: Manager, contract_id, by) -> Contract:
    """The manager confirms brokering a contract that names them. A registered contract's
    month of the statistics is recomputed (its deal now counts "with a manager")."""
    if manager.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    if manager.status != ManagerStatus.APPROVED:
        raise ValidationError({"status": _("只有已通过审核的技术经理人可以确认合同。")})
    try:
        contract = Contract.objects.select_for_update().get(pk=contract_id, broker=manager)
    except (Contract.DoesNotExist, ValueError, TypeError):
        raise ValidationError(
            {"contract": _("合同 %(id)s 没有填写您为技术经理人。") % {"id": contract_id}}
        ) from None
    if contract.broker_confirmed_at is not None:
        raise ValidationError({"contract": _("您已确认过这份合同。")})
    contract.broker_confirmed_at = timezone.now()
    contract.save(update_fields=["broker_confirmed_at"])
    _record(manager, by=by, action="contract_confirmed", note=f"{contract.pk} {contract.title}")
    if contract.registered_on:
        registered_on = contract.registered_on
        transaction.on_commit(lambda: stats_month_changed(registered_on, "技术经理人确认合同"))
    if contract.seller_id:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("技术经理人已确认合同：%(title)s") % {"title": contract.title}
            body = _("%(name)s 确认促成了这份合同。") % {"name": manager.name}
        notify(
            recipients=contract.seller.members.all(),
            kind="contract.broker_confirmed",
            title=title,
            body=body,
            url=reverse("contracts:detail", args=[contract.pk]),
            email=False,
        )
    return contract


# ---- yearly filings ------------------------------------------------------------------------


def _count(data: dict, field: str, problems: dict, *, decimal: bool = False, most=100000):
    value = data.get(field)
    try:
        number = Decimal(str(value)) if decimal else int(str(value))
        if isinstance(value, bool) or number < 0 or number > most:
            raise ValueError
        if decimal and number != number.quantize(Decimal("0.1")):
            raise ValueError
    except (InvalidOperation, ValueError, TypeError):
        problems[field] = _("请填写 0 到 %(most)d 之间的数%(hint)s。") % {
            "most": most,
            "hint": _("（可保留 1 位小数）") if decimal else _("（整数）"),
        }
        return None
    return number


@transaction.atomic
def filing_submit(*, manager: Manager, by, data: dict, today=None) -> Filing:
    """The yearly report of an approved manager: once per year, for a year that is over."""
    if manager.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    locked = Manager.objects.select_for_update().get(pk=manager.pk)
    if locked.status != ManagerStatus.APPROVED:
        raise ValidationError({"status": _("只有已通过审核的技术经理人需要年度备案。")})
    today = today or timezone.localdate()
    problems: dict = {}
    year = _count(data, "year", problems, most=9999)
    if year is not None and not (2000 <= year < today.year):
        problems["year"] = _("只能备案已结束的年度（%(last)d 年及以前）。") % {
            "last": today.year - 1
        }
    values = {
        "deals": _count(data, "deals", problems),
        "services": _count(data, "services", problems),
        "training_hours": _count(data, "training_hours", problems, decimal=True, most=2000),
    }
    summary = str(data.get("summary") or "").strip()
    if not summary:
        problems["summary"] = _("请填写年度工作总结。")
    elif len(summary) > 5000:
        problems["summary"] = _("最多 %(n)d 个字符。") % {"n": 5000}
    if not problems and Filing.objects.filter(manager=locked, year=year).exists():
        problems["year"] = _("%(year)d 年度已备案，不能重复提交。") % {"year": year}
    if problems:
        raise ValidationError(problems)
    filing = Filing.objects.create(
        manager=locked, year=year, summary=summary, filed_by=by, **values
    )
    _record(locked, by=by, action="filed", note=str(year))
    return filing


def filings_remind_missing(*, today=None) -> list[Manager]:
    """From MANAGER_FILING_REMINDER_DAYS before the deadline until it, remind each approved
    manager who has not filed last year's report (inbox + e-mail), at most once a week."""
    today = today or timezone.localdate()
    year = selectors.filing_year_due(today)
    deadline = selectors.filing_deadline(year)
    window = datetime.timedelta(days=settings.MANAGER_FILING_REMINDER_DAYS)
    if not (deadline - window <= today <= deadline):
        return []
    since = timezone.now() - REMINDER_INTERVAL
    reminded = []
    for manager in selectors.managers_due_to_file(year):
        with transaction.atomic():
            Manager.objects.select_for_update().filter(pk=manager.pk).first()
            recent = manager.events.filter(
                action="filing_reminded", note=str(year), at__gte=since
            ).exists()
            if recent:
                continue
            _record(manager, by=None, action="filing_reminded", note=str(year))
            with translation.override(settings.LANGUAGE_CODE):
                _tell_manager(
                    manager,
                    kind="manager.filing_due",
                    title=_("请提交 %(year)d 年度技术经理人备案") % {"year": year},
                    body=_(
                        "%(year)d 年度业务备案（促成交易、提供服务、培训学时）须在 %(deadline)s 前提交。"
                    )
                    % {"year": year, "deadline": deadline.isoformat()},
                    url=reverse("managers:filings", args=[manager.pk]),
                )
            reminded.append(manager)
    return reminded
