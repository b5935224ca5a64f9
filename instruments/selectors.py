"""Reads: who may see or change an instrument or a booking, the catalogue, the busy
calendar and the monthly usage.

Access to each kind of object is decided here, once: an object the user may not see is a
404 (Http404); one the user may see but not change is a 403 (PermissionDenied).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from institutions.selectors import institution_of
from instruments.models import (
    SLOT_HOLDING,
    Booking,
    BookingStatus,
    Instrument,
    InstrumentStatus,
    Training,
)


def _id(pk) -> int:
    """An id from a URL or a body; anything else is simply not found (never a 500)."""
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value < 2**63:
        raise Http404
    return value


def _is_reviewer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_reviewer)


def owns(user, instrument: Instrument) -> bool:
    """`user` is a member of the institution that lists `instrument`."""
    own = institution_of(user)
    return own is not None and own.pk == instrument.institution_id


# ---- instruments ----------------------------------------------------------------------


def visible_instruments(user):
    """The public catalogue (not retired); members also see their own retired ones,
    reviewers everything."""
    rows = Instrument.objects.select_related("institution").prefetch_related("photos")
    if _is_reviewer(user):
        return rows
    own = institution_of(user)
    if own is not None:
        return rows.filter(~Q(status=InstrumentStatus.RETIRED) | Q(institution=own))
    return rows.listed()


def instrument_for_user(user, pk, *, write=False) -> Instrument:
    """Read: anyone, the catalogue; write: the owning institution's members only."""
    instrument = visible_instruments(user).filter(pk=_id(pk)).first()
    if instrument is None:
        raise Http404
    if write and not owns(user, instrument):
        raise PermissionDenied
    return instrument


def busy_slots(instrument: Instrument, *, start=None, end=None):
    """Approved (and completed) bookings overlapping [start, end), by start."""
    rows = instrument.bookings.filter(status__in=SLOT_HOLDING)
    if start is not None:
        rows = rows.filter(ends_at__gt=start)
    if end is not None:
        rows = rows.filter(starts_at__lt=end)
    return rows.order_by("starts_at")


def busy_calendar(instrument: Instrument, *, weeks: int = 4, today=None) -> list[list[dict]]:
    """The coming `weeks` weeks from this Monday, a list of days per week, each day with
    the busy periods (local times, clipped to the day) that fall on it."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    last = first + datetime.timedelta(weeks=weeks)
    days = {monday + datetime.timedelta(days=n): [] for n in range(weeks * 7)}
    for booking in busy_slots(instrument, start=first, end=last):
        begin = timezone.localtime(booking.starts_at, tz)
        finish = timezone.localtime(booking.ends_at, tz)
        day = max(begin.date(), monday)
        while day in days and datetime.datetime.combine(day, datetime.time.min, tzinfo=tz) < finish:
            day_start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
            day_end = day_start + datetime.timedelta(days=1)
            days[day].append(
                {
                    "starts": max(begin, day_start).strftime("%H:%M"),
                    "ends": "24:00" if finish >= day_end else finish.strftime("%H:%M"),
                }
            )
            day += datetime.timedelta(days=1)
    ordered = [{"date": day, "busy": busy, "past": day < today} for day, busy in days.items()]
    return [ordered[n : n + 7] for n in range(0, len(ordered), 7)]


def is_trained(user, instrument: Instrument) -> bool:
    return Training.objects.filter(instrument=instrument, user=user).exists()


# ---- bookings -------------------------------------------------------------------------


def visible_bookings(user):
    """A user's own requests and those for the instruments of their institution; a
    reviewer sees every booking (read-only)."""
    rows = Booking.objects.select_related(
        "instrument", "instrument__institution", "requested_by", "organization"
    )
    if _is_reviewer(user):
        return rows
    if not (user and user.is_authenticated):
        return rows.none()
    mine = Q(requested_by=user)
    own = institution_of(user)
    if own is not None:
        mine |= Q(instrument__institution=own)
    return rows.filter(mine)


def booking_for_user(user, pk) -> Booking:
    """Seen by its requester, the instrument's owners and reviewers; 404 to anyone else.
    Each action checks who may take it (the requester or the owner)."""
    booking = visible_bookings(user).filter(pk=_id(pk)).first()
    if booking is None:
        raise Http404
    return booking


def no_show_block_until(user, *, now=None):
    """Until when `user` may not request bookings: INSTRUMENT_NO_SHOW_LIMIT no-shows with
    slots in the last year block them for INSTRUMENT_NO_SHOW_BLOCK_DAYS after the last."""
    now = now or timezone.now()
    limit = settings.INSTRUMENT_NO_SHOW_LIMIT
    slots = list(
        Booking.objects.filter(
            requested_by=user,
            status=BookingStatus.NO_SHOW,
            starts_at__gte=now - datetime.timedelta(days=365),
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)[:limit]
    )
    if len(slots) < limit:
        return None
    until = slots[0] + datetime.timedelta(days=settings.INSTRUMENT_NO_SHOW_BLOCK_DAYS)
    return until if until > now else None


# ---- statistics -----------------------------------------------------------------------


def usage_by_month(year: int, *, through_month: int = 12) -> list[dict]:
    """Completed bookings per month of the slot's local start: how many, the hours
    booked, and the external users' share of them (percent, one decimal, None when none)."""
    tz = timezone.get_current_timezone()
    begin = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    months = {m: {"month": m, "bookings": 0, "external": 0, "seconds": 0} for m in range(1, 13)}
    completed = Booking.objects.filter(
        status=BookingStatus.COMPLETED, starts_at__gte=begin, starts_at__lt=end
    ).values_list("starts_at", "ends_at", "is_external")
    for starts_at, ends_at, is_external in completed:
        row = months[timezone.localtime(starts_at, tz).month]
        row["bookings"] += 1
        row["external"] += int(is_external)
        row["seconds"] += (ends_at - starts_at).total_seconds()
    rows = []
    for month in range(1, through_month + 1):
        row = months[month]
        share = (
            (Decimal(row["external"] * 100) / row["bookings"]).quantize(Decimal("0.1"))
            if row["bookings"]
            else None
        )
        rows.append(
            {
                "month": month,
                "bookings": row["bookings"],
                "hours": (Decimal(row["seconds"]) / 3600).quantize(Decimal("0.1")),
                "external_bookings": row["external"],
                "external_share_pct": share,
            }
        )
    return rows


def usage_summary(year: int, through_month: int | None) -> list[dict]:
    """For the stats summary API: the months through `through_month`, as JSON values."""
    return [
        {
            **row,
            "hours": str(row["hours"]),
            "external_share_pct": None
            if row["external_share_pct"] is None
            else str(row["external_share_pct"]),
        }
        for row in usage_by_month(year, through_month=through_month or 12)
    ]
