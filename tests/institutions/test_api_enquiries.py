"""Enquiries through the API: who is notified, what is refused, the throttle."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from institutions.models import Enquiry
from tests.institutions.conftest import ENQUIRER

pytestmark = pytest.mark.django_db


def test_a_patent_enquiry_goes_to_the_holder_named_as_patentee(
    patent, institution, reviewer, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/v1/enquiries/",
            {"target_type": "patent", "target_id": "ZL 2022 1070 2228.X", **ENQUIRER},
            format="json",
        )
    assert response.status_code == 201, response.content
    (reference,) = response.json().values()
    assert len(reference) == 10
    enquiry = Enquiry.objects.get(reference=reference)
    assert enquiry.patent == patent and enquiry.institution == institution
    assert enquiry.owner == institute_user.organization and not enquiry.at_desk
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {institution.contact_email, institute_user.email}  # not the desk
    assert all(patent.title in message.subject for message in mail.outbox)
    assert (
        institute_user.notifications.exclude(kind__startswith="organization.").get().kind
        == "enquiry.received"
    )
    assert not reviewer.notifications.exclude(kind__startswith="organization.").exists()
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None


def test_a_patent_nobody_holds_goes_to_the_bureau_only(
    patent, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/v1/enquiries/",
            {"target_type": "patent", "target_id": "202210702228.X", **ENQUIRER},
            format="json",
        )
    assert response.status_code == 201
    enquiry = Enquiry.objects.get()
    assert enquiry.institution is None and enquiry.owner is None and enquiry.at_desk
    assert mail.outbox[0].to == [reviewer.email]
    assert (
        reviewer.notifications.exclude(kind__startswith="organization.").get().kind
        == "enquiry.desk"
    )
    assert enquiry.notified_at is not None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_type": "result", "target_id": "999999"}, "target_id"),
        ({"target_type": "patent", "target_id": "202010123456.7"}, "target_id"),
        ({"target_type": "patent", "target_id": "201710601862.3"}, "target_id"),
        ({"target_type": "contract", "target_id": "1"}, "target_type"),
        ({"phone": "12345678901"}, "phone"),
        ({"phone": "0990 688"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"message": ""}, "message"),
        ({"message": "很" * 2001}, "message"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_enquiries_are_refused_naming_the_field(published_result, patent, data, field):
    payload = {"target_type": "result", "target_id": published_result.pk, **ENQUIRER, **data}
    response = APIClient().post("/api/v1/enquiries/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Enquiry.objects.exists()


def test_no_enquiry_about_an_unpublished_result(draft_result):
    response = APIClient().post(
        "/api/v1/enquiries/",
        {"target_type": "result", "target_id": draft_result.pk, **ENQUIRER},
        format="json",
    )
    assert response.status_code == 400 and "target_id" in response.json()


def test_enquiries_are_throttled_per_address(published_result, monkeypatch):
    from institutions.api import EnquiryThrottle

    monkeypatch.setattr(EnquiryThrottle, "rate", "2/hour", raising=False)
    payload = {"target_type": "result", "target_id": published_result.pk, **ENQUIRER}
    client = APIClient()
    codes = [
        client.post("/api/v1/enquiries/", payload, format="json").status_code for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    # A forged X-Forwarded-For does not buy a new allowance.
    forged = client.post(
        "/api/v1/enquiries/", payload, format="json", HTTP_X_FORWARDED_FOR="10.9.8.7"
    )
    assert forged.status_code == 429
    other = client.post("/api/v1/enquiries/", payload, format="json", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 201
    assert Enquiry.objects.count() == 3


def test_malformed_json_is_a_400(published_result):
    response = APIClient().post("/api/v1/enquiries/", "{nope", content_type="application/json")
    assert response.status_code == 400
