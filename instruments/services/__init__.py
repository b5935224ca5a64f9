"""Every write for shared instruments: `catalogue` (instruments, photos, training) and
`bookings` (the booking state machine and its contract draft). Callers use this package:
`from instruments import services; services.booking_approve(booking=…, by=…)`."""

from instruments.services.bookings import (
    BookingError,
    booking_approve,
    booking_cancel,
    booking_complete,
    booking_contract,
    booking_decline,
    booking_no_show,
    booking_request,
)
from instruments.services.catalogue import (
    instrument_create,
    instrument_mark_trained,
    instrument_photo_add,
    instrument_update,
)

__all__ = [
    "BookingError",
    "booking_approve",
    "booking_cancel",
    "booking_complete",
    "booking_contract",
    "booking_decline",
    "booking_no_show",
    "booking_request",
    "instrument_create",
    "instrument_mark_trained",
    "instrument_photo_add",
    "instrument_update",
]
