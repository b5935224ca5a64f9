"""Monthly instrument usage (selector, /stats/ block, summary API) and the demo data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from instruments import selectors, services
from instruments.models import Booking, BookingStatus, Instrument
from tests.instruments.conftest import api_for, browser_for, request_booking

pytestmark = pytest.mark.django_db


def _complete(instrument, user, owner, clock, *, hours, days_ago=400):
    """A booking used and paid `days_ago` days ago (400: always last calendar year)."""
    clock.travel(clock.real_now() - datetime.timedelta(days=days_ago))
    booking = request_booking(instrument, user, days=1, hours=hours)
    booking = services.booking_approve(booking=booking, by=owner)
    clock.past(booking)
    booking = services.booking_complete(booking=booking, by=owner, quantity=1, fee="100")
    clock.travel(clock.real_now())
    return booking


def test_usage_counts_completed_bookings_hours_and_the_external_share(
    instrument, owner, requester, outsider, clock
):
    external = _complete(instrument, requester, owner, clock, hours=3)
    _complete(instrument, owner, owner, clock, hours=1, days_ago=399)  # internal, next day
    clock.travel(clock.real_now() - datetime.timedelta(days=398))
    request_booking(instrument, outsider, days=1)  # pending: not usage
    clock.travel(clock.real_now())
    start = timezone.localtime(external.starts_at)
    rows = selectors.usage_by_month(start.year)
    assert len(rows) == 12
    assert sum(r["bookings"] for r in rows) == 2
    assert sum(r["hours"] for r in rows) == Decimal("4.0")
    assert sum(r["external_bookings"] for r in rows) == 1
    row = rows[start.month - 1]
    if row["bookings"] == 2:  # both in one month (not on either side of a month's end)
        assert row["external_share_pct"] == Decimal("50.0")


def test_the_stats_page_and_the_summary_api_show_the_usage(instrument, owner, requester, clock):
    booking = _complete(instrument, requester, owner, clock, hours=2)
    start = timezone.localtime(booking.starts_at)
    page = browser_for(None).get(f"/stats/?year={start.year}").content.decode()
    usage = page.split('id="instrument-usage"', 1)[1]
    assert "100.0%" in usage and "<td>2.0</td>" in usage
    answer = api_for(None).get(f"/api/v1/stats/summary/?year={start.year}").json()
    rows = {row["month"]: row for row in answer["instrument_usage"]}
    assert len(rows) == 12
    assert rows[start.month]["bookings"] == 1 and rows[start.month]["hours"] == "2.0"
    assert rows[start.month]["external_share_pct"] == "100.0"


def test_the_stats_page_says_when_there_is_no_usage(db):
    page = browser_for(None).get("/stats/").content.decode()
    assert "暂无已完成的仪器预约" in page


def test_seed_demo_makes_bookings_in_every_state_once():
    call_command("seed_demo", stdout=io.StringIO())
    first = sorted(Booking.objects.values_list("status", flat=True))
    assert set(first) == set(BookingStatus.values)
    assert Booking.objects.filter(contract__isnull=False).count() == 1
    assert Instrument.objects.filter(status="maintenance").exists()
    instruments = Instrument.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert sorted(Booking.objects.values_list("status", flat=True)) == first
    assert Instrument.objects.count() == instruments
