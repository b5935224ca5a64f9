"""The pages: the public catalogue and calendar, and who may use each form."""

import io

import pytest
from PIL import Image

from instruments import services
from instruments.models import Booking, BookingStatus, Instrument, InstrumentPhoto, Training
from tests.instruments.conftest import ROLES, api_for, browser_for, make_instrument, slot, snapshot

pytestmark = pytest.mark.django_db


def test_the_catalogue_searches_and_filters(owner, other_institute_user):
    sem = make_instrument(owner)
    gc = make_instrument(
        other_institute_user, name="气相色谱仪", category="analytical",
        technical_field="environment_resources",
    )  # fmt: skip
    xrd = make_instrument(owner, name="岩心驱替装置", category="process", technical_field="")
    make_instrument(owner, name="退役的离心机", status="retired")
    client = browser_for(None)

    def shown(query=""):
        page = client.get(f"/instruments/{query}").content.decode()
        return {i.name for i in Instrument.objects.all() if i.name in page}

    assert shown() == {sem.name, gc.name, xrd.name}
    assert shown("?q=显微") == {sem.name}
    assert shown("?category=process") == {xrd.name}
    assert shown("?field=environment_resources") == {gc.name}
    assert shown(f"?institution={gc.institution_id}") == {gc.name}


def test_the_detail_shows_the_approved_slots_in_a_week_grid(approved, outsider, instrument):
    start, end = slot(4, 1, at=14)
    services.booking_request(
        instrument=instrument, by=outsider, starts_at=start, ends_at=end, purpose="待定"
    )
    page = browser_for(None).get(f"/instruments/{instrument.pk}/").content.decode()
    day = approved.starts_at.astimezone().strftime("%Y-%m-%d")
    cell = page.split(f'data-day="{day}"', 1)[1].split("</td>", 1)[0]
    assert "09:00–11:00" in cell
    assert "14:00" not in page.split("week-grid", 1)[1]  # a pending request holds nothing
    assert page.count('class="week-grid"') == 4


VIEW_NEW = {"anonymous": 302, "unverified": 403, "enterprise": 403, "owner": 200,
            "other_institute": 200, "reviewer": 403}  # fmt: skip
VIEW_EDIT = {"anonymous": 302, "unverified": 403, "enterprise": 403, "owner": 200,
             "other_institute": 403, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_instrument_forms(role, actor, instrument):
    client = browser_for(actor(role))
    assert client.get("/instruments/new/").status_code == VIEW_NEW[role]
    assert client.get(f"/instruments/{instrument.pk}/edit/").status_code == VIEW_EDIT[role]
    assert client.get(f"/instruments/{instrument.pk}/").status_code == 200


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), "navy").save(out, "PNG")
    out.seek(0)
    out.name = "sem.png"
    return out


def test_the_owner_adds_a_photo_which_is_re_encoded(owner, instrument, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = {f: getattr(instrument, f) for f in Instrument.MEMBER_FIELDS}
    data["technical_field"] = instrument.technical_field
    response = browser_for(owner).post(
        f"/instruments/{instrument.pk}/edit/", {**data, "photo": _png()}
    )
    assert response.status_code == 302, response.content.decode()
    photo = InstrumentPhoto.objects.get(instrument=instrument)
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1600
    public = browser_for(None).get(photo.image.url)
    assert public.status_code == 200


def test_a_file_that_is_not_an_image_is_refused_with_the_reason(
    owner, instrument, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "photo.png"
    data = {f: getattr(instrument, f) for f in Instrument.MEMBER_FIELDS}
    response = browser_for(owner).post(
        f"/instruments/{instrument.pk}/edit/", {**data, "photo": fake}
    )
    assert response.status_code == 200
    assert "图片" in response.content.decode()
    assert not InstrumentPhoto.objects.exists()


BOOK = {"anonymous": 302, "unverified": 403, "enterprise": 302, "owner": 302,
        "other_institute": 302, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_who_books_from_the_page(role, actor, instrument):
    start, end = slot(6, 2)
    response = browser_for(actor(role)).post(
        f"/instruments/{instrument.pk}/book/",
        {"starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
         "purpose": "形貌观察", "samples": ""},
    )  # fmt: skip
    assert response.status_code == BOOK[role]
    booked = role in ("enterprise", "owner", "other_institute")
    assert Booking.objects.exists() == booked
    if BOOK[role] == 403:
        assert "认证" in response.content.decode()


def test_a_bad_slot_on_the_page_is_explained(requester, instrument):
    start, end = slot(6, 2)
    response = browser_for(requester).post(
        f"/instruments/{instrument.pk}/book/",
        {"starts_at": end.strftime("%Y-%m-%dT%H:%M"), "ends_at": start.strftime("%Y-%m-%dT%H:%M"),
         "purpose": "形貌观察"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "结束时间必须晚于开始时间" in response.content.decode()


PAGE_ACTION = {"anonymous": 302, "unverified": 404, "enterprise": 403, "owner": 302,
               "other_institute": 404, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_approves_from_the_page(role, actor, pending):
    before = snapshot(pending)
    response = browser_for(actor(role)).post(f"/instruments/bookings/{pending.pk}/approve/")
    assert response.status_code == PAGE_ACTION[role]
    pending.refresh_from_db()
    if role == "owner":
        assert pending.status == BookingStatus.APPROVED
    else:
        assert snapshot(pending) == before


def test_an_unknown_action_is_404(owner, pending):
    assert browser_for(owner).post(f"/instruments/bookings/{pending.pk}/delete/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_marks_trained_from_the_page(role, actor, instrument, requester):
    response = browser_for(actor(role)).post(
        f"/instruments/{instrument.pk}/trained/", {"username": requester.username}
    )
    assert response.status_code == {**VIEW_EDIT, "owner": 302}[role]
    assert Training.objects.exists() == (role == "owner")


def test_the_bookings_page_lists_both_sides(pending, owner, requester, outsider):
    assert (
        f'id="booking-{pending.pk}"'
        in browser_for(owner).get("/instruments/bookings/").content.decode()
    )
    assert (
        f'id="booking-{pending.pk}"'
        in browser_for(requester).get("/instruments/bookings/").content.decode()
    )
    assert (
        f'id="booking-{pending.pk}"'
        not in browser_for(outsider).get("/instruments/bookings/").content.decode()
    )


def test_the_institution_page_lists_its_instruments(instrument, owner):
    make_instrument(owner, name="已停用的旧设备", status="retired")
    page = browser_for(None).get(f"/institutions/{instrument.institution_id}/").content.decode()
    assert instrument.name in page and "已停用的旧设备" not in page


def test_the_pages_and_errors_read_in_english(approved, requester, instrument):
    client = browser_for(requester)
    client.cookies["django_language"] = "en"
    page = client.get(f"/instruments/{instrument.pk}/").content.decode()
    assert "Booked slots" in page and "Request a booking" in page and "已约时段" not in page
    listing = client.get("/instruments/").content.decode()
    assert "Shared instruments" in listing and "1 instrument" in listing
    start, end = approved.starts_at, approved.ends_at
    answer = api_for(requester).post(
        f"/api/v1/instruments/{instrument.pk}/bookings/",
        {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "purpose": "again"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert answer.json()["starts_at"] == ["This slot is taken; please choose another time."]


# Each page action: the state it needs, its form, and who may take it (302 = done or, for
# anonymous, sent to log in; 403 = sees the booking but may not; 404 = does not see it).
PAGE_ACTIONS = [
    ("decline", "pending", {"reason": "设备校准"}, "declined", ("owner",)),
    ("cancel", "approved", {}, "cancelled", ("owner", "enterprise")),
    ("no-show", "approved", {}, "no_show", ("owner",)),
    ("complete", "approved", {"quantity": "2", "fee": "900"}, "completed", ("owner",)),
    ("contract", "completed", {}, "completed", ("owner",)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "state", "body", "after", "allowed"), PAGE_ACTIONS)
def test_who_takes_each_booking_action_on_the_page(
    role, actor, request, clock, action, state, body, after, allowed
):
    booking = request.getfixturevalue(state)
    if action in ("no-show", "complete"):
        clock.past(booking)
    before = snapshot(booking)
    response = browser_for(actor(role)).post(f"/instruments/bookings/{booking.pk}/{action}/", body)
    expected = 302 if role in allowed else PAGE_ACTION[role]
    assert response.status_code == expected
    booking.refresh_from_db()
    if role in allowed:
        assert booking.status == after
        assert (booking.contract_id is not None) == (action == "contract")
    else:
        assert snapshot(booking) == before


def test_an_institution_page_shows_its_shared_instruments(client, owner, other_institute_user):
    """The institutions app knows nothing of instruments: the portal serves its page with
    the instruments section added."""
    from institutions.selectors import institution_of

    sem = make_instrument(owner)
    page = client.get(f"/institutions/{institution_of(owner).pk}/").content.decode()
    assert "共享仪器" in page and sem.name in page
    assert f"/instruments/?institution={institution_of(owner).pk}" in page
    other = client.get(f"/institutions/{institution_of(other_institute_user).pk}/")
    assert other.status_code == 200 and "本单位暂未登记共享仪器" in other.content.decode()
