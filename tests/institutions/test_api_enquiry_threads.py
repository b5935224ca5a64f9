"""The enquiry API after sending: the owner's list, replies, status with undo, tracking."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from institutions.models import Enquiry
from tests.institutions.conftest import ENQUIRER, ROLES, api_for, make_institution, make_result

pytestmark = pytest.mark.django_db


def send(result) -> Enquiry:
    response = APIClient().post(
        "/api/v1/enquiries/",
        {"target_type": "result", "target_id": result.pk, **ENQUIRER},
        format="json",
    )
    assert response.status_code == 201, response.content
    return Enquiry.objects.get(reference=response.json()["reference"])


LIST = {"anonymous": 401, "enterprise": 0, "owner": 1, "other_institute": 0, "reviewer": 1}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_the_owners_members_and_reviewers_only(role, actor, published_result):
    enquiry = send(published_result)
    response = api_for(actor(role)).get("/api/v1/enquiries/")
    if LIST[role] == 401:
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == LIST[role]
    if rows:
        assert rows[0]["reference"] == enquiry.reference and rows[0]["status"] == "new"
        assert rows[0]["email"] == ENQUIRER["email"]


REPLY = {"anonymous": 401, "enterprise": 404, "owner": 201, "other_institute": 404, "reviewer": 403}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_replies(role, actor, published_result, django_capture_on_commit_callbacks):
    enquiry = send(published_result)
    client = api_for(actor(role))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/enquiries/{enquiry.pk}/replies/", {"message": "欢迎来电。"}, format="json"
        )
    expected = REPLY[role]
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    if role == "owner":
        body = response.json()
        assert body["status"] == "answered" and body["replies"][0]["message"] == "欢迎来电。"
        assert [m.to for m in mail.outbox] == [[ENQUIRER["email"]]]
    else:
        assert not enquiry.replies.exists() and not mail.outbox


def test_a_reply_needs_a_message(published_result, institute_user):
    enquiry = send(published_result)
    response = api_for(institute_user).post(
        f"/api/v1/enquiries/{enquiry.pk}/replies/", {"message": ""}, format="json"
    )
    assert response.status_code == 400 and "message" in response.json()
    assert not enquiry.replies.exists()


def test_status_moves_back_and_forth_and_bad_ones_are_refused(published_result, institute_user):
    enquiry = send(published_result)
    client = api_for(institute_user)
    url = f"/api/v1/enquiries/{enquiry.pk}/status/"
    for status in ("in_progress", "closed", "in_progress", "answered"):
        response = client.post(url, {"status": status}, format="json")
        assert response.status_code == 200 and response.json()["status"] == status
    bad = client.post(url, {"status": "deleted"}, format="json")
    assert bad.status_code == 400 and "status" in bad.json()
    assert enquiry.events.count() == 4
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.answered_by == institute_user


def test_the_desk_answers_what_came_to_it(reviewer):
    institution = make_institution(contact_email="")
    from institutions.services import SYSTEM

    enquiry = send(make_result(institution, SYSTEM))
    client = api_for(reviewer)
    desk = client.get("/api/v1/enquiries/?desk=1").json()["results"]
    assert [row["reference"] for row in desk] == [enquiry.reference]
    response = client.post(
        f"/api/v1/enquiries/{enquiry.pk}/replies/", {"message": "服务台已联系该所。"}, format="json"
    )
    assert response.status_code == 201


def test_tracking_needs_the_reference_and_the_email(published_result, institute_user):
    enquiry = send(published_result)
    api_for(institute_user).post(
        f"/api/v1/enquiries/{enquiry.pk}/replies/", {"message": "可以试点。"}, format="json"
    )
    anyone = APIClient()
    url = "/api/v1/enquiries/track/"
    found = anyone.get(url, {"reference": enquiry.reference, "email": ENQUIRER["email"]})
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["status"] == "answered" and body["replies"][0]["message"] == "可以试点。"
    assert "phone" not in body and "email" not in body
    for query in (
        {"reference": enquiry.reference, "email": "someone@example.com"},
        {"reference": "ABCDEFGHJK", "email": ENQUIRER["email"]},
    ):
        assert anyone.get(url, query).status_code == 404
    missing = anyone.get(url, {"reference": enquiry.reference})
    assert missing.status_code == 400 and "email" in missing.json()


def test_a_new_enquiry_tracks_as_new(published_result):
    enquiry = send(published_result)
    body = (
        APIClient()
        .get(
            "/api/v1/enquiries/track/",
            {"reference": enquiry.reference, "email": ENQUIRER["email"]},
        )
        .json()
    )
    assert body["status"] == "new" and body["replies"] == []


def test_tracking_is_throttled(published_result, monkeypatch):
    from institutions.api import EnquiryTrackThrottle

    enquiry = send(published_result)
    monkeypatch.setattr(EnquiryTrackThrottle, "rate", "3/hour", raising=False)
    client = APIClient()
    query = {"reference": enquiry.reference, "email": "guess@example.com"}
    codes = [client.get("/api/v1/enquiries/track/", query).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_replies_are_signed_by_the_organisation_or_the_desk(reviewer, institute_user):
    from institutions import services
    from institutions.models import Institution

    # An owner whose organisation has no active member: the desk takes it and answers.
    institution = Institution.objects.get(organization=institute_user.organization)
    enquiry = send(make_result(institution, services.SYSTEM, title="有人值守的成果"))
    assert not enquiry.at_desk
    institute_user.is_active = False
    institute_user.save()
    lonely = send(make_result(institution, services.SYSTEM, title="又一项成果"))
    assert lonely.at_desk
    api_for(reviewer).post(
        f"/api/v1/enquiries/{lonely.pk}/replies/", {"message": "服务台回复。"}, format="json"
    )
    body = (
        APIClient()
        .get(
            "/api/v1/enquiries/track/",
            {"reference": lonely.reference, "email": ENQUIRER["email"]},
        )
        .json()
    )
    assert body["replies"][0]["by"] == "交易中心服务台"


def test_an_enquirer_with_an_account_finds_the_reply_in_the_inbox(
    published_result, institute_user, enterprise_user
):
    response = api_for(None).post(
        "/api/v1/enquiries/",
        {
            "target_type": "result",
            "target_id": published_result.pk,
            **{**ENQUIRER, "email": enterprise_user.email.upper()},
        },
        format="json",
    )
    enquiry = Enquiry.objects.get(reference=response.json()["reference"])
    api_for(institute_user).post(
        f"/api/v1/enquiries/{enquiry.pk}/replies/", {"message": "欢迎面谈。"}, format="json"
    )
    line = enterprise_user.notifications.get(kind="enquiry.reply")
    assert line.body == "欢迎面谈。" and enquiry.reference in line.url
    by = api_for(None).get(
        "/api/v1/enquiries/track/", {"reference": enquiry.reference, "email": enterprise_user.email}
    )
    assert by.json()["replies"][0]["by"] == institute_user.organization.name


def test_the_list_also_pages_by_cursor_newest_first(published_result, reviewer):
    sent = [send(published_result) for _ in range(3)]
    client = api_for(reviewer)
    first = client.get("/api/v1/enquiries/?cursor=&page_size=2").json()
    assert [r["reference"] for r in first["results"]] == [sent[2].reference, sent[1].reference]
    second = client.get(first["next"]).json()
    assert [r["reference"] for r in second["results"]] == [sent[0].reference]
    assert client.get("/api/v1/enquiries/?page=1").json()["count"] == 3
