"""变更登记 and 注销登记 (管理办法 art. 16): the seller asks, a reviewer approves or refuses.

An approved change makes the next version of the registration (same number, `version`
+1, state `changed`) and keeps the superseded version's values in a `RegistrationVersion`
row; an approved cancellation ends the registration (`cancelled`). One request may be
open per registration: checked under the contract's row lock and, against two requests
filed at the same instant, by a partial unique index.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import reviewers
from contracts import validators
from contracts.choices import STANDING_STATES, RegistrationState, Status
from contracts.models import (
    EDITABLE_FIELDS,
    ChangeKind,
    ChangeRequest,
    ChangeRequestAttachment,
    Contract,
    ContractEvent,
    RegistrationVersion,
    RequestStatus,
    field_label,
)
from contracts.services.notices import notify_parties
from contracts.services.registration import (
    _apply,
    _clean,
    _values,
    checked_pdf,
    require_no_conflict,
)
from contracts.services.statistics import stats_month_changed
from notifications.services import notify

CHANGEABLE_FIELDS = EDITABLE_FIELDS
# A change of these moves the registration month's figures.
STATISTICS_FIELDS = frozenset(
    {
        "contract_type",
        "subtype",
        "contract_amount",
        "technology_amount",
        "technical_field",
        "ip_type",
        "buyer_country_code",
        "buyer_region_code",
        "buyer_entity_nature",
    }
)
# What the certificate of a version shows, kept when the version is superseded.
CERTIFICATE_FIELDS = (
    "registration_number",
    "version",
    "registered_on",
    "changed_on",
    "seller_name",
    "seller_uscc",
    *EDITABLE_FIELDS,
)


class ChangeAlreadyOpen(ValidationError):
    """A second request while one is open: the API answers 409."""


def _jsonable(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # money, in yuan with fen
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def certificate_values(contract: Contract) -> dict:
    return {name: _jsonable(getattr(contract, name)) for name in CERTIFICATE_FIELDS}


def _typed(fields: dict) -> dict:
    """The requested values as the model types them; problems keyed by the field."""
    if not isinstance(fields, dict):
        raise ValidationError({"fields": _("变更内容应为“字段: 新值”的对象。")})
    problems: dict[str, list[str]] = {}
    typed = {}
    for name, raw in fields.items():
        if name not in CHANGEABLE_FIELDS:
            problems.setdefault("fields", []).append(
                _("“%(name)s”不是可以变更的合同字段。") % {"name": name}
            )
            continue
        field = Contract._meta.get_field(name)
        if name == "patent_numbers":
            typed[name] = raw if isinstance(raw, list | str) else []
            continue
        try:
            value = field.to_python(raw if raw != "" else None)
        except ValidationError:
            problems.setdefault(name, []).append(
                _("%(label)s的值“%(value)s”无效。") % {"label": field_label(name), "value": raw}
            )
            continue
        if value not in (None, "") and field.choices and value not in dict(field.choices):
            problems.setdefault(name, []).append(
                _("%(label)s的值“%(value)s”无效。") % {"label": field_label(name), "value": raw}
            )
            continue
        typed[name] = value
    if problems:
        raise ValidationError(problems)
    return typed


def _change_problems(contract: Contract, typed: dict) -> dict:
    """The requested values checked like the edit form, merged onto the registration."""
    cleaned = _clean(typed)
    merged = {**_values(contract), **cleaned}
    problems = validators.value_problems(merged)
    for field, messages in validators.completeness_problems(merged).items():
        problems.setdefault(field, []).extend(messages)
    return {field: messages for field, messages in problems.items() if messages}


def _require_standing(contract: Contract) -> None:
    if contract.status != Status.REGISTERED or contract.registration_state not in STANDING_STATES:
        state = (
            contract.get_registration_state_display()
            if contract.registration_state
            else contract.get_status_display()
        )
        raise ValidationError(
            {
                "registration_state": _(
                    "只有有效的登记可以申请变更或注销；该登记当前为“%(state)s”。"
                )
                % {"state": state}
            }
        )


def _event(contract: Contract, *, by, note: str) -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract, by=by, from_status=contract.status, to_status=contract.status, note=note
    )


@transaction.atomic
def change_request_file(
    *, contract: Contract, kind: str, reason: str, fields: dict | None = None, by: User
) -> ChangeRequest:
    """The seller asks for a change (with the changed fields) or a cancellation."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.seller_id is None or locked.seller_id != by.organization_id:
        raise ValidationError({"non_field_errors": _("只有登记单位（卖方）可以申请变更或注销。")})
    _require_standing(locked)
    if kind not in ChangeKind.values:
        raise ValidationError({"kind": _("请选择申请类别：变更登记或注销登记。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写申请理由。")})
    stored = {}
    if kind == ChangeKind.CHANGE:
        typed = _typed(fields or {})
        changed = {
            name: value for name, value in _clean(typed).items() if getattr(locked, name) != value
        }
        if not changed:
            raise ValidationError({"fields": _("请填写要变更的字段及其新值（与现登记内容不同）。")})
        problems = _change_problems(locked, changed)
        if problems:
            raise ValidationError(problems)
        stored = {name: _jsonable(value) for name, value in changed.items()}
    if locked.change_requests.filter(status=RequestStatus.OPEN).exists():
        raise _already_open()
    try:
        with transaction.atomic():
            request = ChangeRequest.objects.create(
                contract=locked, kind=kind, reason=reason, fields=stored, filed_by=by
            )
    except IntegrityError:
        raise _already_open() from None
    _event(
        locked,
        by=by,
        note=_("申请%(kind)s：%(reason)s") % {"kind": request.get_kind_display(), "reason": reason},
    )
    notify(
        recipients=reviewers(),
        kind="contract.change_requested",
        title=_("【北疆技术交易中心】%(kind)s申请：%(number)s")
        % {"kind": request.get_kind_display(), "number": locked.registration_number},
        body=reason,
        url=f"/admin/contracts/changerequest/{request.pk}/change/",
        email=False,
    )
    return request


def _already_open() -> ChangeAlreadyOpen:
    return ChangeAlreadyOpen(
        {"contract": _("该登记已有一份待审核的变更或注销申请，请等待登记员办理后再提出新的申请。")}
    )


@transaction.atomic
def change_request_attach(
    *, change_request: ChangeRequest, upload, by: User
) -> ChangeRequestAttachment:
    """The signed supplement (PDF) of an open request, by the seller."""
    locked = (
        ChangeRequest.objects.select_for_update()
        .select_related("contract")
        .get(pk=change_request.pk)
    )
    if locked.contract.seller_id != by.organization_id:
        raise ValidationError({"non_field_errors": _("只有登记单位（卖方）可以上传变更材料。")})
    if locked.status != RequestStatus.OPEN:
        raise ValidationError({"status": _("该申请已办结，不能再上传材料。")})
    name, size, content, digest = checked_pdf(upload)
    attachment = ChangeRequestAttachment(
        change_request=locked, original_name=name, size=size, sha256=digest, uploaded_by=by
    )
    attachment.file.save("supplement.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def _lock_open(change_request: ChangeRequest, by: User) -> tuple[ChangeRequest, Contract]:
    contract = Contract.objects.select_for_update().get(pk=change_request.contract_id)
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if locked.status != RequestStatus.OPEN:
        raise ValidationError(
            {
                "status": _("该申请已是“%(status)s”，不能再次办理。")
                % {"status": locked.get_status_display()}
            }
        )
    require_no_conflict(contract, by)
    return locked, contract


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, note: str = "", by: User):
    """Apply the change as the next version, or cancel the registration."""
    locked, contract = _lock_open(change_request, by)
    _require_standing(contract)
    note = (note or "").strip()
    today = timezone.localdate()
    if locked.kind == ChangeKind.CHANGE:
        if not locked.attachments.exists():
            raise ValidationError(
                {"attachments": _("申请人尚未上传双方签章的变更补充协议（PDF），不能批准。")}
            )
        typed = _typed(locked.fields)
        problems = _change_problems(contract, typed)
        if problems:
            raise ValidationError(problems)
        RegistrationVersion.objects.create(
            contract=contract,
            version=contract.version,
            values=certificate_values(contract),
            effective_on=contract.changed_on or contract.registered_on,
            superseded_on=today,
            change_request=locked,
        )
        old = _values(contract)
        _apply(contract, typed)
        contract.version += 1
        contract.registration_state = RegistrationState.CHANGED
        changes = "；".join(
            _("%(field)s：%(old)s → %(new)s")
            % {"field": field_label(name), "old": old[name] or "—", "new": getattr(contract, name)}
            for name in typed
        )
        text = _("批准变更登记，登记为第 %(version)d 版（%(changes)s）") % {
            "version": contract.version,
            "changes": changes,
        }
        moves_figures = bool(STATISTICS_FIELDS & set(typed))
    else:
        contract.registration_state = RegistrationState.CANCELLED
        text = _("批准注销登记")
        moves_figures = True
    contract.changed_on = today
    contract.save()
    locked.status = RequestStatus.APPROVED
    locked.decided_by, locked.decided_at, locked.note = by, timezone.now(), note
    locked.save(update_fields=["status", "decided_by", "decided_at", "note"])
    _event(contract, by=by, note=f"{text}。{note}" if note else f"{text}。")
    notify_parties(
        contract,
        kind=f"contract.{locked.kind}_approved",
        title=_("【北疆技术交易中心】%(kind)s已批准：%(number)s")
        % {"kind": locked.get_kind_display(), "number": contract.registration_number},
        body=f"{text}。{note}",
    )
    if moves_figures:
        registered_on, reason = contract.registered_on, text
        transaction.on_commit(
            lambda: stats_month_changed(registered_on, reason=reason), robust=True
        )
    return locked


@transaction.atomic
def change_request_refuse(*, change_request: ChangeRequest, note: str, by: User):
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写不予批准的理由，申请单位将看到这段说明。")})
    locked, contract = _lock_open(change_request, by)
    locked.status = RequestStatus.REFUSED
    locked.decided_by, locked.decided_at, locked.note = by, timezone.now(), note
    locked.save(update_fields=["status", "decided_by", "decided_at", "note"])
    text = _("%(kind)s申请不予批准：%(note)s") % {"kind": locked.get_kind_display(), "note": note}
    _event(contract, by=by, note=text)
    notify_parties(
        contract,
        kind=f"contract.{locked.kind}_refused",
        title=_("【北疆技术交易中心】%(kind)s申请不予批准：%(number)s")
        % {"kind": locked.get_kind_display(), "number": contract.registration_number},
        body=text,
    )
    return locked
