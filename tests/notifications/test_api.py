"""/api/v1/notifications/: one's own inbox only; others' ids answer 404."""

import pytest

from notifications import services
from notifications.models import Notification
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(enterprise_user):
    Notification.objects.filter(recipient=enterprise_user).delete()
    return [
        services.notify(recipients=[enterprise_user], kind="x", title=f"第{n}条", url="/contracts/")
        for n in range(3)
    ]


def test_the_list_is_newest_first_paginated_and_filtered_by_unread(enterprise_user, lines):
    client = api_as(enterprise_user)
    services.notification_read(notification=lines[0][0], by=enterprise_user)
    body = client.get("/api/v1/notifications/").json()
    assert body["count"] == 3
    assert [r["title"] for r in body["results"]] == ["第2条", "第1条", "第0条"]
    assert body["results"][0]["link"] == "http://127.0.0.1:8000/contracts/"
    unread = client.get("/api/v1/notifications/?unread=true").json()
    assert [r["title"] for r in unread["results"]] == ["第2条", "第1条"]
    read = client.get("/api/v1/notifications/?unread=false").json()
    assert [r["title"] for r in read["results"]] == ["第0条"]
    page = client.get("/api/v1/notifications/?page_size=2&page=2").json()
    assert [r["title"] for r in page["results"]] == ["第0条"]


def test_a_wrong_unread_value_is_a_400_naming_the_field(enterprise_user, lines):
    response = api_as(enterprise_user).get("/api/v1/notifications/?unread=maybe")
    assert response.status_code == 400
    assert "unread" in response.json() and "true" in response.json()["unread"][0]


def test_read_and_read_all_touch_only_ones_own(enterprise_user, outsider, lines):
    mine = lines[1][0]
    other = api_as(outsider)
    assert other.post(f"/api/v1/notifications/{mine.pk}/read/").status_code == 404
    mine.refresh_from_db()
    assert not mine.is_read
    other.post("/api/v1/notifications/read-all/")
    assert Notification.objects.filter(recipient=enterprise_user).unread().count() == 3
    client = api_as(enterprise_user)
    response = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0


def test_anonymous_callers_are_refused(api):
    assert api.get("/api/v1/notifications/").status_code == 401
    assert api.post("/api/v1/notifications/read-all/").status_code == 401
