"""The booking rules, through the services: slots, overlaps, training, cancellation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from instruments import services
from instruments.models import Booking, BookingEvent, BookingStatus
from tests.instruments.conftest import make_instrument, request_booking, slot, snapshot

pytestmark = pytest.mark.django_db


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_request_is_pending_external_and_recorded(instrument, requester, owner):
    booking = request_booking(instrument, requester)
    assert booking.status == BookingStatus.PENDING
    assert booking.is_external and booking.organization == requester.organization
    event = BookingEvent.objects.get(booking=booking)
    assert (event.by, event.from_status, event.to_status) == (requester, "", "pending")
    assert owner.notifications.filter(kind="instrument.booking_requested").exists()


def test_a_member_of_the_owning_institution_books_at_the_internal_rate(instrument, owner):
    assert not request_booking(instrument, owner).is_external


@pytest.mark.parametrize(
    ("days", "hours", "field", "words"),
    [
        (-1, 2, "starts_at", "晚于现在"),
        (3, 0, "ends_at", "晚于开始时间"),
        (3, 24 * 15, "ends_at", "最长 14 天"),
        (400, 2, "starts_at", "一年以内"),
    ],
)
def test_a_bad_slot_is_refused_with_its_reason(instrument, requester, days, hours, field, words):
    with pytest.raises(ValidationError) as exc:
        request_booking(instrument, requester, days=days, hours=hours)
    assert words in " ".join(exc.value.message_dict[field])
    assert not Booking.objects.exists()


def test_a_purpose_is_required(instrument, requester):
    with pytest.raises(ValidationError) as exc:
        request_booking(instrument, requester, purpose="  ")
    assert "purpose" in exc.value.message_dict


def test_an_unverified_organisation_cannot_request(instrument, unverified_enterprise_user):
    with pytest.raises(PermissionDenied):
        request_booking(instrument, unverified_enterprise_user)
    assert not Booking.objects.exists()


def test_an_instrument_in_maintenance_takes_no_requests(owner, requester):
    instrument = make_instrument(owner, status="maintenance")
    with pytest.raises(ValidationError) as exc:
        request_booking(instrument, requester)
    assert "维护中" in messages_of(exc)


def test_training_required_instruments_take_only_trained_users(owner, requester):
    instrument = make_instrument(owner, training_required=True)
    with pytest.raises(ValidationError) as exc:
        request_booking(instrument, requester)
    assert "培训" in messages_of(exc)
    services.instrument_mark_trained(instrument=instrument, user_id=requester.pk, by=owner)
    assert request_booking(instrument, requester).status == BookingStatus.PENDING


def test_only_the_owner_marks_users_trained(instrument, requester, outsider):
    with pytest.raises(PermissionDenied):
        services.instrument_mark_trained(instrument=instrument, user_id=requester.pk, by=outsider)
    assert not instrument.trainings.exists()


def test_pending_requests_do_not_block_the_slot_but_an_approved_one_does(
    instrument, requester, outsider, owner
):
    first = request_booking(instrument, requester)
    second = request_booking(instrument, outsider)  # same slot, still accepted
    services.booking_approve(booking=first, by=owner)
    with pytest.raises(ValidationError) as exc:
        services.booking_approve(booking=second, by=owner)
    assert "已确认了其他预约" in messages_of(exc)
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.PENDING
    with pytest.raises(ValidationError) as exc:  # a new request for a taken slot
        request_booking(instrument, outsider, hours=1)
    assert "已被占用" in messages_of(exc)


def test_back_to_back_slots_do_not_overlap(instrument, requester, outsider, owner):
    first = request_booking(instrument, requester, at=9, hours=2)
    second = request_booking(instrument, outsider, at=11, hours=2)
    services.booking_approve(booking=first, by=owner)
    assert services.booking_approve(booking=second, by=owner).status == BookingStatus.APPROVED


def test_other_instruments_slots_are_independent(instrument, owner, requester, outsider):
    other = make_instrument(owner, name="气相色谱-质谱联用仪")
    services.booking_approve(booking=request_booking(instrument, requester), by=owner)
    booking = request_booking(other, outsider)
    assert services.booking_approve(booking=booking, by=owner).status == BookingStatus.APPROVED


def test_decline_needs_a_reason_and_tells_the_requester(pending, owner, requester):
    before = snapshot(pending)
    with pytest.raises(ValidationError):
        services.booking_decline(booking=pending, by=owner, reason=" ")
    assert snapshot(pending) == before
    declined = services.booking_decline(booking=pending, by=owner, reason="设备校准")
    assert (declined.status, declined.decision_note) == (BookingStatus.DECLINED, "设备校准")
    assert requester.notifications.filter(kind="instrument.booking_declined").exists()


def test_a_decided_booking_cannot_be_decided_again(approved, owner):
    with pytest.raises(ValidationError) as exc:
        services.booking_decline(booking=approved, by=owner, reason="改主意")
    assert "已确认" in messages_of(exc)


def test_the_requester_cancels_until_the_cut_off(instrument, requester, owner, clock):
    booking = services.booking_approve(booking=request_booking(instrument, requester), by=owner)
    clock.travel(booking.starts_at - datetime.timedelta(hours=23))
    with pytest.raises(ValidationError) as exc:
        services.booking_cancel(booking=booking, by=requester)
    assert "24 小时" in messages_of(exc)
    clock.travel(booking.starts_at - datetime.timedelta(hours=25))
    assert services.booking_cancel(booking=booking, by=requester).status == "cancelled"


@override_settings(INSTRUMENT_CANCEL_HOURS=2)
def test_the_cut_off_is_a_setting(approved, requester, clock):
    clock.travel(approved.starts_at - datetime.timedelta(hours=3))
    assert services.booking_cancel(booking=approved, by=requester).status == "cancelled"


def test_a_pending_request_is_withdrawn_at_any_time_before_it_is_decided(pending, requester):
    assert services.booking_cancel(booking=pending, by=requester).status == "cancelled"


def test_nobody_else_cancels(pending, outsider):
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=pending, by=outsider)


def test_no_show_and_completion_wait_for_the_slot(approved, owner):
    with pytest.raises(ValidationError):
        services.booking_no_show(booking=approved, by=owner)
    with pytest.raises(ValidationError):
        services.booking_complete(booking=approved, by=owner, quantity=2, fee=900)
    assert Booking.objects.get(pk=approved.pk).status == BookingStatus.APPROVED


@pytest.mark.parametrize(
    ("quantity", "fee", "field"), [(0, 10, "quantity"), (2, -1, "fee"), ("x", 1, "quantity")]
)
def test_completion_checks_quantity_and_fee(approved, owner, clock, quantity, fee, field):
    clock.past(approved)
    with pytest.raises(ValidationError) as exc:
        services.booking_complete(booking=approved, by=owner, quantity=quantity, fee=fee)
    assert field in exc.value.message_dict


def test_completion_records_quantity_and_fee(completed):
    assert completed.status == BookingStatus.COMPLETED
    assert (str(completed.quantity), str(completed.fee)) == ("2", "900.00")
    assert completed.events.last().to_status == "completed"


def _no_show(instrument, user, owner, clock, days):
    booking = request_booking(instrument, user, days=days)
    booking = services.booking_approve(booking=booking, by=owner)
    clock.past(booking)
    services.booking_no_show(booking=booking, by=owner)
    clock.travel(clock.real_now())
    return booking


def test_three_no_shows_in_a_year_block_new_requests_for_ninety_days(
    instrument, requester, owner, clock
):
    for days in (2, 4, 6):
        last = _no_show(instrument, requester, owner, clock, days)
    clock.travel(last.ends_at + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        request_booking(instrument, requester, days=20)
    assert "3 次预约未到场" in messages_of(exc)
    clock.travel(last.starts_at + datetime.timedelta(days=91))
    assert request_booking(instrument, requester, days=100).status == "pending"


def test_two_no_shows_do_not_block(instrument, requester, owner, clock):
    for days in (2, 4):
        _no_show(instrument, requester, owner, clock, days)
    clock.travel(clock.real_now() + datetime.timedelta(days=7))
    assert request_booking(instrument, requester, days=20).status == "pending"


def test_slot_helper_is_local_time():
    start, end = slot(1, 2, at=9)
    assert start.hour == 9 and (end - start) == datetime.timedelta(hours=2)
