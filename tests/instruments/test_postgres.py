"""No two approved bookings of one instrument overlap, under real concurrency on
PostgreSQL: threads, each with its own connection, released together (no mocks)."""

import itertools
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from instruments import services
from instruments.models import NO_OVERLAP_CONSTRAINT, Booking, BookingStatus
from tests.instruments.conftest import make_instrument, request_booking

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(targets):
    """Run each (function, kwargs) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def run(index, function, kwargs):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = function(**kwargs)
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, function, kwargs))
        for i, (function, kwargs) in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_approvals_racing_for_one_slot_approve_exactly_one(
    instrument, owner, requester, outsider
):
    second_owner = owner.organization.members.create(username="owner2", email="o2@example.com")
    first = request_booking(instrument, requester, at=9, hours=3)
    second = request_booking(instrument, outsider, at=10, hours=3)  # overlaps 10:00–12:00
    outcomes = _race(
        [
            (services.booking_approve, {"booking": Booking.objects.get(pk=first.pk), "by": owner}),
            (
                services.booking_approve,
                {"booking": Booking.objects.get(pk=second.pk), "by": second_owner},
            ),
        ]
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], services.BookingError), errors
    assert "已确认了其他预约" in " ".join(errors[0].messages)
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == [BookingStatus.APPROVED, BookingStatus.PENDING]


def test_many_requests_and_approvals_at_once_leave_no_overlap(owner, requester, outsider):
    instrument = make_instrument(owner, name="岩心驱替装置")
    bookings = [
        request_booking(instrument, user, at=8 + i, hours=2)
        for i, user in enumerate([requester, outsider] * 3)
    ]
    _race(
        [(services.booking_approve, {"booking": Booking.objects.get(pk=b.pk), "by": owner})
         for b in bookings]
    )  # fmt: skip
    approved = list(Booking.objects.filter(status=BookingStatus.APPROVED).order_by("starts_at"))
    assert approved
    for earlier, later in itertools.pairwise(approved):
        assert earlier.ends_at <= later.starts_at


def test_the_database_itself_refuses_an_overlap(instrument, requester, outsider, owner):
    """The exclusion constraint holds even for a write that skips the service's check."""
    first = request_booking(instrument, requester, at=9, hours=3)
    second = request_booking(instrument, outsider, at=11, hours=3)
    services.booking_approve(booking=first, by=owner)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Booking.objects.filter(pk=second.pk).update(status=BookingStatus.APPROVED)
    assert NO_OVERLAP_CONSTRAINT in str(exc.value)
    # A pending, declined or cancelled booking holds nothing, in the database too.
    Booking.objects.filter(pk=second.pk).update(status=BookingStatus.CANCELLED)
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.CANCELLED
