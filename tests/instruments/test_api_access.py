"""The API's role × object × action matrix for instruments and bookings."""

import pytest

from instruments.models import Booking, BookingStatus, Instrument, InstrumentStatus, Training
from tests.instruments.conftest import ROLES, api_for, make_instrument, slot, snapshot

pytestmark = pytest.mark.django_db

START, END = (moment.isoformat() for moment in slot(5, 2))
REQUEST = {"starts_at": START, "ends_at": END, "purpose": "腐蚀产物分析", "samples": "2 件"}


@pytest.mark.parametrize("role", ROLES)
def test_anyone_reads_the_catalogue_with_busy_slots(role, actor, approved):
    client = api_for(actor(role))
    instrument = approved.instrument
    answer = client.get(f"/api/v1/instruments/{instrument.pk}/")
    assert answer.status_code == 200
    assert answer.json()["busy"] == [
        {
            "starts_at": answer.json()["busy"][0]["starts_at"],
            "ends_at": answer.json()["busy"][0]["ends_at"],
        }
    ]
    assert answer.json()["price_unit"] == "hour" and answer.json()["institution"]
    listed = client.get("/api/v1/instruments/").json()["results"]
    assert [row["id"] for row in listed] == [instrument.pk]


@pytest.mark.parametrize("role", ROLES)
def test_a_retired_instrument_is_seen_only_by_its_owner_and_reviewers(role, actor, owner):
    retired = make_instrument(owner, status=InstrumentStatus.RETIRED)
    status = api_for(actor(role)).get(f"/api/v1/instruments/{retired.pk}/").status_code
    assert status == {"owner": 200, "reviewer": 200}.get(role, 404)


CREATE = {"anonymous": 401, "unverified": 403, "enterprise": 403, "owner": 201,
          "other_institute": 201, "reviewer": 403}  # fmt: skip
EDIT = {"anonymous": 401, "unverified": 403, "enterprise": 403, "owner": 200,
        "other_institute": 403, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_institute_members_list_instruments_for_their_own_institution(role, actor):
    user = actor(role)
    body = {"name": "X 射线衍射仪", "category": "analytical", "price_external": "320.00",
            "price_unit": "sample", "institution": 999}  # fmt: skip
    answer = api_for(user).post("/api/v1/instruments/", body, format="json")
    assert answer.status_code == CREATE[role], answer.content
    if CREATE[role] == 201:
        created = Instrument.objects.get(pk=answer.json()["id"])
        assert created.institution.organization == user.organization
    else:
        assert not Instrument.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_an_instrument(role, actor, instrument):
    answer = api_for(actor(role)).patch(
        f"/api/v1/instruments/{instrument.pk}/", {"status": "maintenance"}, format="json"
    )
    assert answer.status_code == EDIT[role], answer.content
    instrument.refresh_from_db()
    assert instrument.status == ("maintenance" if role == "owner" else "available")


def test_bad_values_are_refused_by_field(owner, instrument):
    answer = api_for(owner).patch(
        f"/api/v1/instruments/{instrument.pk}/",
        {"price_unit": "week", "price_external": "-1"},
        format="json",
    )
    assert answer.status_code == 400
    assert set(answer.json()) >= {"price_unit", "price_external"}


TRAINED = {"anonymous": 401, "unverified": 403, "enterprise": 403, "owner": 201,
           "other_institute": 403, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_marks_a_user_trained(role, actor, instrument, requester):
    answer = api_for(actor(role)).post(
        f"/api/v1/instruments/{instrument.pk}/trained/", {"user": requester.pk}, format="json"
    )
    assert answer.status_code == TRAINED[role], answer.content
    assert Training.objects.filter(user=requester).exists() == (role == "owner")


def test_marking_an_unknown_user_names_the_field(owner, instrument):
    answer = api_for(owner).post(
        f"/api/v1/instruments/{instrument.pk}/trained/", {"user": 987654}, format="json"
    )
    assert answer.status_code == 400 and "user" in answer.json()


REQUEST_STATUS = {"anonymous": 401, "unverified": 403, "enterprise": 201, "owner": 201,
                  "other_institute": 201, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_members_of_verified_organisations_request_bookings(role, actor, instrument):
    answer = api_for(actor(role)).post(
        f"/api/v1/instruments/{instrument.pk}/bookings/", REQUEST, format="json"
    )
    assert answer.status_code == REQUEST_STATUS[role], answer.content
    assert Booking.objects.exists() == (REQUEST_STATUS[role] == 201)
    if role == "unverified":
        assert "认证" in answer.json()["detail"]


def test_a_malformed_request_names_the_field(requester, instrument):
    answer = api_for(requester).post(
        f"/api/v1/instruments/{instrument.pk}/bookings/",
        {**REQUEST, "starts_at": "tomorrow"},
        format="json",
    )
    assert answer.status_code == 400 and "starts_at" in answer.json()
    assert not Booking.objects.exists()


# Who sees a booking: its requester, the instrument's owners, reviewers (read-only).
READ = {"anonymous": 401, "unverified": 404, "enterprise": 200, "owner": 200,
        "other_institute": 404, "reviewer": 200}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_a_booking_is_seen_by_its_two_sides_and_reviewers(role, actor, pending):
    client = api_for(actor(role))
    assert client.get(f"/api/v1/bookings/{pending.pk}/").status_code == READ[role]
    listed = client.get("/api/v1/bookings/")
    if role == "anonymous":
        assert listed.status_code == 401
    else:
        ids = [row["id"] for row in listed.json()["results"]]
        assert (pending.pk in ids) == (READ[role] == 200)


OWNER_ACTION = {"anonymous": 401, "unverified": 404, "enterprise": 403, "owner": 200,
                "other_institute": 404, "reviewer": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "body", "after"),
    [("approve", {}, "approved"), ("decline", {"reason": "设备维护"}, "declined")],
)
def test_only_the_owner_decides_on_a_request(role, actor, pending, action, body, after):
    before = snapshot(pending)
    answer = api_for(actor(role)).post(
        f"/api/v1/bookings/{pending.pk}/{action}/", body, format="json"
    )
    assert answer.status_code == OWNER_ACTION[role], answer.content
    if role == "owner":
        assert answer.json()["status"] == after
    else:
        assert snapshot(pending) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "body", "after"),
    [("no-show", {}, "no_show"), ("complete", {"quantity": "2", "fee": "900"}, "completed")],
)
def test_only_the_owner_records_how_a_slot_went(role, actor, approved, clock, action, body, after):
    user = actor(role)
    clock.past(approved)
    before = snapshot(approved)
    answer = api_for(user).post(f"/api/v1/bookings/{approved.pk}/{action}/", body, format="json")
    assert answer.status_code == OWNER_ACTION[role], answer.content
    if role == "owner":
        assert answer.json()["status"] == after
    else:
        assert snapshot(approved) == before


CONTRACT = {**OWNER_ACTION, "owner": 201}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_turns_a_booking_into_a_contract(role, actor, completed):
    answer = api_for(actor(role)).post(f"/api/v1/bookings/{completed.pk}/contract/")
    assert answer.status_code == CONTRACT[role], answer.content
    completed.refresh_from_db()
    if role == "owner":
        assert answer.json() == {"id": completed.contract_id}
    else:
        assert completed.contract_id is None


CANCEL = {**OWNER_ACTION, "enterprise": 200}


@pytest.mark.parametrize("role", ROLES)
def test_the_requester_or_the_owner_cancels(role, actor, approved):
    answer = api_for(actor(role)).post(f"/api/v1/bookings/{approved.pk}/cancel/")
    assert answer.status_code == CANCEL[role], answer.content
    approved.refresh_from_db()
    cancelled = role in ("enterprise", "owner")
    assert approved.status == (BookingStatus.CANCELLED if cancelled else BookingStatus.APPROVED)


def test_an_action_in_the_wrong_state_is_a_400_with_the_reason(completed, owner):
    answer = api_for(owner).post(f"/api/v1/bookings/{completed.pk}/approve/")
    assert answer.status_code == 400
    assert "已完成" in answer.json()["status"][0]


def test_unknown_ids_are_404(owner):
    client = api_for(owner)
    assert client.get("/api/v1/instruments/99999999999999999999/").status_code == 404
    assert client.post("/api/v1/bookings/123456/approve/").status_code == 404
