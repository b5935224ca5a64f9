"""Instruments and bookings for the instruments tests, made through the services; a clock
to move past a slot (no row is moved in time)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import OrganizationKind
from institutions.selectors import institution_of
from instruments import services
from instruments.models import Booking, Instrument
from tests.conftest import api_as, make_member

ROLES = ("anonymous", "unverified", "enterprise", "owner", "other_institute", "reviewer")

SEM = {
    "name": "场发射扫描电子显微镜",
    "model": "SU8020",
    "category": "analytical",
    "technical_field": "new_materials",
    "location": "B 座 203",
    "description": "微观形貌观察与能谱分析。",
    "sample_requirements": "干燥固体样品。",
    "price_internal": Decimal("200.00"),
    "price_external": Decimal("450.00"),
    "price_unit": "hour",
}


def slot(days: float = 3, hours: float = 2, *, at: int = 9):
    """A local slot `days` from today at `at` o'clock, `hours` long."""
    day = timezone.localdate() + datetime.timedelta(days=int(days))
    start = datetime.datetime.combine(
        day, datetime.time(at), tzinfo=timezone.get_current_timezone()
    )
    return start, start + datetime.timedelta(hours=hours)


def make_instrument(owner, **data) -> Instrument:
    return services.instrument_create(
        institution=institution_of(owner), data={**SEM, **data}, by=owner
    )


def request_booking(instrument, user, *, days=3, hours=2, at=9, **extra) -> Booking:
    starts_at, ends_at = slot(days, hours, at=at)
    return services.booking_request(
        instrument=instrument,
        by=user,
        starts_at=extra.pop("starts_at", starts_at),
        ends_at=extra.pop("ends_at", ends_at),
        purpose=extra.pop("purpose", "岩心孔隙观察"),
        samples=extra.pop("samples", "3 件"),
    )


def snapshot(booking) -> dict:
    return Booking.objects.filter(pk=booking.pk).values().get()


def api_for(user) -> APIClient:
    return api_as(user) if user else APIClient()


def browser_for(user) -> Client:
    client = Client()
    if user:
        client.force_login(user)
    return client


class Clock:
    """`timezone.now()` for the services, moved forward where a test needs a slot to
    have begun or a year to have passed."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.real_now = timezone.now

    def travel(self, moment) -> None:
        self.monkeypatch.setattr(timezone, "now", lambda: moment)

    def past(self, booking, *, by=datetime.timedelta(minutes=30)) -> None:
        self.travel(booking.starts_at + by)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def owner(institute_user):
    return institute_user


@pytest.fixture
def instrument(owner):
    return make_instrument(owner)


@pytest.fixture
def requester(enterprise_user):
    return enterprise_user


@pytest.fixture
def other_institute_user(reviewer):
    return make_member(kind=OrganizationKind.INSTITUTE, by=reviewer)


@pytest.fixture
def pending(instrument, requester):
    return request_booking(instrument, requester)


@pytest.fixture
def approved(pending, owner):
    return services.booking_approve(booking=pending, by=owner)


@pytest.fixture
def completed(approved, owner, clock):
    clock.past(approved)
    return services.booking_complete(
        booking=approved, by=owner, quantity=Decimal("2"), fee=Decimal("900.00")
    )


@pytest.fixture
def actor(request):
    """The user of a role in ROLES (None for anonymous), from the personas."""

    def get(role):
        if role == "anonymous":
            return None
        name = {
            "unverified": "unverified_enterprise_user",
            "enterprise": "requester",
            "owner": "owner",
            "other_institute": "other_institute_user",
            "reviewer": "reviewer",
        }[role]
        return request.getfixturevalue(name)

    return get
