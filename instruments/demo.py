"""Demonstration data: instruments of the demo institute (示范石油工程研究院（演示）) and
bookings by the demo enterprise in every state, made through the services; running it
again changes nothing (each booking is known by its purpose).

Completed and no-show bookings need a slot in the past, which no request may ask for:
those are requested, approved and then moved back in time (as the clock would have),
before the owner records how they went. Nothing else is written around the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from institutions.models import Institution
from instruments import services
from instruments.models import Booking, BookingStatus, Instrument

INSTITUTION = "示范石油工程研究院（演示）"

INSTRUMENTS = (
    {
        "name": "场发射扫描电子显微镜（演示）",
        "model": "SU8020",
        "category": "analytical",
        "technical_field": "new_materials",
        "location": "克拉玛依科技大市场 B 座 203 实验室",
        "description": "岩心、催化剂与金属材料的微观形貌观察，配能谱仪（EDS）做元素分析。",
        "sample_requirements": "干燥固体样品，尺寸不超过 2 cm × 2 cm × 1 cm，不导电样品需喷金。",
        "price_internal": Decimal("200.00"),
        "price_external": Decimal("450.00"),
        "price_unit": "hour",
        "training_required": False,
        "status": "available",
    },
    {
        "name": "气相色谱-质谱联用仪（演示）",
        "model": "7890B/5977B",
        "category": "analytical",
        "technical_field": "environment_resources",
        "location": "克拉玛依科技大市场 B 座 205 实验室",
        "description": "原油组分、含油污泥与环境样品中有机物的定性定量分析。",
        "sample_requirements": "液体样品不少于 2 mL，密封避光保存；请注明预估浓度。",
        "price_internal": Decimal("300.00"),
        "price_external": Decimal("600.00"),
        "price_unit": "sample",
        "training_required": False,
        "status": "available",
    },
    {
        "name": "高温高压岩心驱替实验装置（演示）",
        "model": "HTHP-100",
        "category": "process",
        "technical_field": "advanced_manufacturing",
        "location": "克拉玛依科技大市场 C 座 101 实验厅",
        "description": "稠油热采与化学驱的岩心驱替实验，最高 150 ℃、70 MPa。",
        "sample_requirements": "标准岩心柱 φ25 mm × 50–100 mm，附孔渗数据。",
        "price_internal": Decimal("1500.00"),
        "price_external": Decimal("3000.00"),
        "price_unit": "day",
        "training_required": True,
        "status": "available",
    },
    {
        "name": "X 射线衍射仪（演示）",
        "model": "D8 ADVANCE",
        "category": "analytical",
        "technical_field": "new_materials",
        "location": "克拉玛依科技大市场 B 座 207 实验室",
        "description": "矿物组分与晶体结构分析。目前在做年度校准。",
        "sample_requirements": "粉末样品不少于 1 g，粒度 200 目以下。",
        "price_internal": Decimal("150.00"),
        "price_external": Decimal("320.00"),
        "price_unit": "sample",
        "training_required": False,
        "status": "maintenance",
    },
)

# (purpose, what happens after the request, days from today, hours, fee)
BOOKINGS = (
    ("岩心样品微观孔隙观察（演示）", BookingStatus.PENDING, 9, 3, None),
    ("催化剂失活分析（演示）", BookingStatus.APPROVED, 5, 2, None),
    ("夜间加急测试（演示）", BookingStatus.DECLINED, 6, 2, None),
    ("计划变更已取消（演示）", BookingStatus.CANCELLED, 12, 2, None),
    ("未按时到场（演示）", BookingStatus.NO_SHOW, -20, 2, None),
    ("管线腐蚀产物形貌分析（演示）", BookingStatus.COMPLETED, -10, 4, Decimal("1800.00")),
)


def _instrument(institution, member, values) -> Instrument:
    existing = institution.instruments.filter(name=values["name"]).first()
    return existing or services.instrument_create(institution=institution, data=values, by=member)


def _slot(days: int, hours: int):
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
    )
    return start, start + datetime.timedelta(hours=hours)


def _booking(instrument, owner, requester, purpose, outcome, days, hours, fee) -> None:
    if Booking.objects.filter(instrument=instrument, purpose=purpose).exists():
        return
    past = days < 0
    starts_at, ends_at = _slot(abs(days) + 30 if past else days, hours)
    booking = services.booking_request(
        instrument=instrument,
        by=requester,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        samples="演示样品 3 件",
    )
    if outcome == BookingStatus.DECLINED:
        services.booking_decline(booking=booking, by=owner, reason="该时段实验室不开放（演示）")
        return
    if outcome == BookingStatus.CANCELLED:
        services.booking_cancel(booking=booking, by=requester)
        return
    if outcome == BookingStatus.PENDING:
        return
    booking = services.booking_approve(booking=booking, by=owner)
    if not past:
        return
    moved_start, moved_end = _slot(days, hours)
    Booking.objects.filter(pk=booking.pk).update(starts_at=moved_start, ends_at=moved_end)
    booking.refresh_from_db()
    if outcome == BookingStatus.NO_SHOW:
        services.booking_no_show(booking=booking, by=owner)
        return
    booking = services.booking_complete(booking=booking, by=owner, quantity=hours, fee=fee)
    services.booking_contract(booking=booking, by=owner)


def seed(out) -> list[tuple[str, str, str]]:
    institution = Institution.objects.filter(name=INSTITUTION).first()
    member = User.objects.filter(username="demo-institute").first()
    requester = User.objects.filter(username="demo-enterprise").first()
    if (
        institution is None
        or member is None
        or institution.organization_id != member.organization_id
    ):
        return []
    instruments = [_instrument(institution, member, values) for values in INSTRUMENTS]
    if requester is not None and requester.organization and requester.organization.is_verified:
        sem = instruments[0]
        for purpose, outcome, days, hours, fee in BOOKINGS:
            _booking(sem, member, requester, purpose, outcome, days, hours, fee)
        services.instrument_mark_trained(instrument=instruments[2], user_id=requester.pk, by=member)
    out.write(f"  {Instrument.objects.count()} instruments, {Booking.objects.count()} bookings")
    return []
