"""Bookings of an instrument: request → approved | declined; approved → completed |
no-show | cancelled; pending → cancelled; completed (paid, external) → a 技术服务
contract draft.

Every transition locks the instrument row first, then the booking, so that two approvals
of overlapping slots of one instrument are taken one after the other and the second sees
the first (on PostgreSQL the exclusion constraint refuses an overlap too). Each records a
BookingEvent and tells the other side.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from common.response_cache import listings_changed
from contracts import services as contract_services
from contracts.choices import ContractType
from institutions import selectors as institution_selectors
from instruments import selectors
from instruments.models import (
    NO_OVERLAP_CONSTRAINT,
    SLOT_HOLDING,
    Booking,
    BookingEvent,
    BookingStatus,
    Instrument,
    InstrumentStatus,
)
from notifications.services import notify

MAX_SLOT = datetime.timedelta(days=14)
MAX_AHEAD = datetime.timedelta(days=366)


class BookingError(ValidationError):
    """A booking refused for a reason the user can act on (the message says which)."""


def _status_error(booking: Booking) -> ValidationError:
    return ValidationError(
        {
            "status": _("预约当前为“%(status)s”，不能执行此操作。")
            % {"status": BookingStatus(booking.status).label}
        }
    )


def _record(booking: Booking, *, by, from_status: str, note: str = "") -> None:
    listings_changed()  # the stats summary API's instrument usage
    BookingEvent.objects.create(
        booking=booking,
        by=by if by is not None and by.is_authenticated else None,
        from_status=from_status,
        to_status=booking.status,
        note=note,
    )


def _when(booking: Booking) -> str:
    start = timezone.localtime(booking.starts_at)
    end = timezone.localtime(booking.ends_at)
    until = "%H:%M" if start.date() == end.date() else "%Y-%m-%d %H:%M"
    return f"{start:%Y-%m-%d %H:%M}–{end.strftime(until)}"


def _tell(recipients, booking: Booking, *, kind: str, title, body="") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=recipients,
            kind=kind,
            title=str(title),
            body=str(body),
            url=reverse("instruments:detail", args=[booking.instrument_id]),
        )


def _owners(instrument: Instrument):
    organization = instrument.institution.organization
    return list(institution_selectors.owner_members(organization)) if organization else []


def _overlapping(booking: Booking):
    return Booking.objects.filter(
        instrument_id=booking.instrument_id,
        status__in=SLOT_HOLDING,
        starts_at__lt=booking.ends_at,
        ends_at__gt=booking.starts_at,
    ).exclude(pk=booking.pk)


def _lock(booking: Booking) -> tuple[Instrument, Booking]:
    """The instrument row, then the booking row, in that order for every transition."""
    instrument = Instrument.objects.select_for_update().get(pk=booking.instrument_id)
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    return instrument, locked


def _require_owner(by, instrument: Instrument) -> None:
    if not selectors.owns(by, instrument):
        raise PermissionDenied


def _decimal(value, field: str, *, positive: bool) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("请填写数字。")}) from None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise ValidationError({field: _("必须大于零。") if positive else _("不能为负数。")})
    if abs(number.as_tuple().exponent) > 2 or number >= Decimal("1e10"):
        raise ValidationError({field: _("最多两位小数，且不超过 100 亿。")})
    return number


# ---- request ---------------------------------------------------------------------------


@transaction.atomic
def booking_request(
    *, instrument: Instrument, by, starts_at, ends_at, purpose: str, samples: str = ""
) -> Booking:
    """A member of a verified organisation asks for a slot. A pending request blocks
    nobody; one overlapping an approved booking is refused at once."""
    organization = getattr(by, "organization", None) if by and by.is_authenticated else None
    if organization is None or not organization.is_verified:
        raise PermissionDenied(_("只有通过交易中心认证的单位成员可以预约仪器。"))
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.status != InstrumentStatus.AVAILABLE:
        raise BookingError(
            {"instrument": _("该仪器当前%(status)s，暂不接受预约。")
             % {"status": InstrumentStatus(instrument.status).label}}
        )  # fmt: skip
    if instrument.training_required and not selectors.is_trained(by, instrument):
        raise BookingError(
            {"instrument": _("该仪器须经培训后方可使用，请先联系仪器管理单位参加培训。")}
        )
    blocked_until = selectors.no_show_block_until(by)
    if blocked_until is not None:
        raise BookingError(
            {"non_field_errors": _(
                "您一年内已有 %(count)d 次预约未到场，%(day)s 前不能提交新的预约。"
            ) % {"count": settings.INSTRUMENT_NO_SHOW_LIMIT,
                 "day": formats.date_format(timezone.localtime(blocked_until), "Y-m-d")}}
        )  # fmt: skip
    purpose = (purpose or "").strip()
    problems = {}
    if not purpose:
        problems["purpose"] = _("请说明用途。")
    now = timezone.now()
    if starts_at is None:
        problems["starts_at"] = _("请填写开始时间。")
    elif starts_at <= now:
        problems["starts_at"] = _("开始时间必须晚于现在。")
    elif starts_at > now + MAX_AHEAD:
        problems["starts_at"] = _("最多可预约一年以内的时段。")
    if ends_at is None:
        problems["ends_at"] = _("请填写结束时间。")
    elif starts_at is not None and ends_at <= starts_at:
        problems["ends_at"] = _("结束时间必须晚于开始时间。")
    elif starts_at is not None and ends_at - starts_at > MAX_SLOT:
        problems["ends_at"] = _("一次预约最长 14 天。")
    if problems:
        raise ValidationError(problems)
    booking = Booking(
        instrument=instrument,
        requested_by=by,
        organization=organization,
        is_external=organization.pk != instrument.institution.organization_id,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        samples=(samples or "").strip(),
    )
    if _overlapping(booking).exists():
        raise BookingError({"starts_at": _("该时段已被占用，请选择其他时间。")})
    booking.save()
    _record(booking, by=by, from_status="")
    _tell(
        _owners(instrument),
        booking,
        kind="instrument.booking_requested",
        title=_("新的仪器预约申请：%(name)s") % {"name": instrument.name},
        body=f"{organization.name} · {_when(booking)}\n{purpose}",
    )
    return booking


# ---- the owner's decisions -----------------------------------------------------------


@transaction.atomic
def booking_approve(*, booking: Booking, by) -> Booking:
    instrument, locked = _lock(booking)
    _require_owner(by, instrument)
    if locked.status != BookingStatus.PENDING:
        raise _status_error(locked)
    if instrument.status != InstrumentStatus.AVAILABLE:
        raise BookingError({"instrument": _("该仪器当前不可预约，不能确认。")})
    if locked.ends_at <= timezone.now():
        raise BookingError({"starts_at": _("该时段已过，不能再确认。")})
    if _overlapping(locked).exists():
        raise BookingError({"starts_at": _("该时段已确认了其他预约，不能重复确认。")})
    locked.status = BookingStatus.APPROVED
    try:
        with transaction.atomic():  # the constraint's refusal leaves the outer block usable
            locked.save(update_fields=["status", "updated_at"])
    except IntegrityError as exc:
        if NO_OVERLAP_CONSTRAINT not in str(exc):
            raise
        raise BookingError({"starts_at": _("该时段已确认了其他预约，不能重复确认。")}) from None
    _record(locked, by=by, from_status=BookingStatus.PENDING)
    _tell(
        [locked.requested_by],
        locked,
        kind="instrument.booking_approved",
        title=_("仪器预约已确认：%(name)s") % {"name": instrument.name},
        body=_when(locked),
    )
    return locked


@transaction.atomic
def booking_decline(*, booking: Booking, by, reason: str) -> Booking:
    instrument, locked = _lock(booking)
    _require_owner(by, instrument)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写拒绝理由。")})
    if locked.status != BookingStatus.PENDING:
        raise _status_error(locked)
    locked.status = BookingStatus.DECLINED
    locked.decision_note = reason[:500]
    locked.save(update_fields=["status", "decision_note", "updated_at"])
    _record(locked, by=by, from_status=BookingStatus.PENDING, note=reason)
    _tell(
        [locked.requested_by],
        locked,
        kind="instrument.booking_declined",
        title=_("仪器预约未获确认：%(name)s") % {"name": instrument.name},
        body=_("理由：%(reason)s") % {"reason": reason},
    )
    return locked


@transaction.atomic
def booking_cancel(*, booking: Booking, by) -> Booking:
    """The requester withdraws a pending or approved booking, an approved one only up
    to INSTRUMENT_CANCEL_HOURS before its slot; the owner may cancel before the slot."""
    instrument, locked = _lock(booking)
    is_requester = by is not None and by.is_authenticated and locked.requested_by_id == by.pk
    is_owner = selectors.owns(by, instrument)
    if not (is_requester or is_owner):
        raise PermissionDenied
    if locked.status not in (BookingStatus.PENDING, BookingStatus.APPROVED):
        raise _status_error(locked)
    now = timezone.now()
    cutoff = locked.starts_at - datetime.timedelta(hours=settings.INSTRUMENT_CANCEL_HOURS)
    if locked.status == BookingStatus.APPROVED and not is_owner and now > cutoff:
        raise BookingError(
            {"status": _("已确认的预约最迟须在开始前 %(hours)d 小时取消，请直接联系仪器管理单位。")
             % {"hours": settings.INSTRUMENT_CANCEL_HOURS}}
        )  # fmt: skip
    if is_owner and not is_requester and now >= locked.starts_at:
        raise BookingError({"status": _("预约时段已开始，请登记完成或未到场。")})
    was = locked.status
    locked.status = BookingStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, by=by, from_status=was)
    recipients = _owners(instrument) if is_requester else [locked.requested_by]
    _tell(
        recipients,
        locked,
        kind="instrument.booking_cancelled",
        title=_("仪器预约已取消：%(name)s") % {"name": instrument.name},
        body=_when(locked),
    )
    return locked


@transaction.atomic
def booking_no_show(*, booking: Booking, by) -> Booking:
    """The owner records that the requester did not come to an approved slot."""
    instrument, locked = _lock(booking)
    _require_owner(by, instrument)
    if locked.status != BookingStatus.APPROVED:
        raise _status_error(locked)
    if timezone.now() < locked.starts_at:
        raise BookingError({"status": _("预约时段尚未开始，不能登记未到场。")})
    locked.status = BookingStatus.NO_SHOW
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, by=by, from_status=BookingStatus.APPROVED)
    _tell(
        [locked.requested_by],
        locked,
        kind="instrument.booking_no_show",
        title=_("仪器预约登记为未到场：%(name)s") % {"name": instrument.name},
        body=_("一年内未到场 %(count)d 次将暂停预约 %(days)d 天。")
        % {
            "count": settings.INSTRUMENT_NO_SHOW_LIMIT,
            "days": settings.INSTRUMENT_NO_SHOW_BLOCK_DAYS,
        },
    )
    return locked


@transaction.atomic
def booking_complete(*, booking: Booking, by, quantity, fee) -> Booking:
    """The owner closes an approved booking once it has begun, with the hours, samples
    or days used (the instrument's unit) and the fee charged."""
    instrument, locked = _lock(booking)
    _require_owner(by, instrument)
    quantity = _decimal(quantity, "quantity", positive=True)
    fee = _decimal(fee, "fee", positive=False)
    if locked.status != BookingStatus.APPROVED:
        raise _status_error(locked)
    if timezone.now() < locked.starts_at:
        raise BookingError({"status": _("预约时段尚未开始，不能登记完成。")})
    locked.status = BookingStatus.COMPLETED
    locked.quantity, locked.fee = quantity, fee
    locked.save(update_fields=["status", "quantity", "fee", "updated_at"])
    _record(
        locked,
        by=by,
        from_status=BookingStatus.APPROVED,
        note=_("用量 %(quantity)s，费用 %(fee)s 元") % {"quantity": quantity, "fee": fee},
    )
    return locked


# ---- the contract ----------------------------------------------------------------------


@transaction.atomic
def booking_contract(*, booking: Booking, by):
    """A completed, paid booking by an outside organisation becomes a 技术服务 contract
    draft of the institution's organisation (seller) with the requester's (buyer),
    pre-filled for registration; once: the booking keeps the draft."""
    instrument, locked = _lock(booking)
    _require_owner(by, instrument)
    if locked.contract_id is not None:
        raise BookingError({"contract": _("该预约已生成合同草稿（编号 %(id)d）。")
                            % {"id": locked.contract_id}})  # fmt: skip
    if locked.status != BookingStatus.COMPLETED:
        raise BookingError({"status": _("只有已完成的预约可以生成技术服务合同。")})
    if not locked.is_external:
        raise BookingError({"status": _("本单位内部的使用不构成技术合同。")})
    if not locked.fee:
        raise BookingError({"fee": _("未收费的服务不需要登记技术合同。")})
    seller = instrument.institution.organization
    if seller is None:
        raise BookingError({"institution": _("仪器所属单位尚未关联单位账户，不能登记合同。")})
    buyer = locked.organization
    day = timezone.localtime(locked.starts_at).date()
    data = {
        "title": _("%(name)s测试服务（%(buyer)s）")
        % {"name": instrument.name, "buyer": buyer.name},
        "contract_type": ContractType.SERVICE,
        "subtype": "service",
        "buyer_name": buyer.name,
        "buyer_uscc": buyer.uscc,
        "buyer_region_code": buyer.region_code,
        "buyer_entity_nature": buyer.entity_nature,
        "contract_amount": locked.fee,
        "technology_amount": locked.fee,
        "signed_on": day,
        "valid_from": day,
        "valid_until": max(day, timezone.localtime(locked.ends_at).date()),
    }
    if instrument.technical_field:
        data["technical_field"] = instrument.technical_field
    contract = contract_services.contract_create(organization=seller, data=data, by=by)
    locked.contract = contract
    locked.save(update_fields=["contract", "updated_at"])
    _record(
        locked,
        by=by,
        from_status=locked.status,
        note=_("生成技术服务合同草稿 %(id)d") % {"id": contract.pk},
    )
    return contract
