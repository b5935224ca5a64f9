"""The history under each record reads in words and amounts with separators: the states
were stored codes shown as they are ("draft → open", "approved") and amounts "5000000.00"."""

import pytest

from instruments.models import BookingEvent
from tests.conftest import page_as
from tests.instruments.conftest import make_instrument, request_booking

pytestmark = pytest.mark.django_db


def test_a_bookings_record_and_prices_read_in_words(
    client, reviewer, institute_user, enterprise_user
):
    instrument = make_instrument(institute_user)
    booking = request_booking(instrument, enterprise_user)
    assert BookingEvent.objects.filter(booking=booking, to_status="pending").exists()
    page = page_as(client, reviewer, f"/admin/instruments/booking/{booking.pk}/change/")
    assert "待确认" in page and ">pending<" not in page
