"""The inbox page and the header badge, for every signed-in role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _fresh(user, n=2, url="/contracts/"):
    Notification.objects.filter(recipient=user).delete()
    for i in range(n):
        services.notify(recipients=[user], kind="x", title=f"通知{i}", url=url, email=False)


@pytest.mark.parametrize("persona", ["enterprise_user", "institute_user", "reviewer"])
def test_every_role_sees_its_unread_count_in_the_header(client, persona, request):
    user = request.getfixturevalue(persona)
    _fresh(user, 3)
    client.force_login(user)
    page = client.get("/")
    assert 'data-unread="3"' in page.text and 'href="/notifications/"' in page.text


def test_the_badge_costs_one_query(client, enterprise_user):
    _fresh(enterprise_user, 3)
    client.force_login(enterprise_user)
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/notifications/")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    # One COUNT for the badge, one for the paginator.
    assert sum("notifications_notification" in sql for sql in counts) == 2


def test_the_inbox_lists_newest_first_unread_in_bold_and_paginates(client, enterprise_user):
    _fresh(enterprise_user, 22)
    services.notification_read(
        notification=Notification.objects.get(recipient=enterprise_user, title="通知0"),
        by=enterprise_user,
    )
    client.force_login(enterprise_user)
    page = client.get("/notifications/")
    assert page.status_code == 200
    text = page.text
    assert text.index("通知21") < text.index("通知20")
    assert text.count("inbox-item unread") == 20 and "第 1 / 2 页" in text
    second = client.get("/notifications/?page=2").text
    assert "通知0" in second and second.count("inbox-item unread") == 1


def test_opening_one_marks_it_read_and_goes_to_its_page(client, enterprise_user, outsider):
    _fresh(enterprise_user, 1, url="/contracts/")
    line = Notification.objects.get(recipient=enterprise_user)
    client.force_login(outsider)
    assert client.get(f"/notifications/{line.pk}/open/").status_code == 404
    client.force_login(enterprise_user)
    response = client.get(f"/notifications/{line.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/contracts/"
    line.refresh_from_db()
    assert line.is_read


def test_a_foreign_link_is_never_followed(client, enterprise_user):
    _fresh(enterprise_user, 1, url="https://evil.example/")
    line = Notification.objects.get(recipient=enterprise_user)
    client.force_login(enterprise_user)
    response = client.get(f"/notifications/{line.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_mark_one_and_mark_all_read(client, enterprise_user, outsider):
    _fresh(enterprise_user, 3)
    first = Notification.objects.filter(recipient=enterprise_user).last()
    client.force_login(outsider)
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 404
    client.force_login(enterprise_user)
    assert client.get(f"/notifications/{first.pk}/read/").status_code == 405
    client.post(f"/notifications/{first.pk}/read/")
    assert Notification.objects.filter(recipient=enterprise_user).unread().count() == 2
    response = client.post("/notifications/read-all/", follow=True)
    assert "已将 2 条通知标为已读" in response.text
    assert 'data-unread="' not in response.text


def test_the_inbox_is_for_signed_in_people_and_speaks_english(client, enterprise_user):
    assert client.get("/notifications/").status_code == 302
    _fresh(enterprise_user, 1)
    client.force_login(enterprise_user)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    page = client.get("/notifications/")
    assert "Notifications" in page.text and "Mark all as read" in page.text
