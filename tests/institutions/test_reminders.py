"""Enquiries open 5 working days: the owner is reminded once, the desk gets the list."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from institutions import services, tasks
from institutions.deadlines import add_working_days
from institutions.models import Enquiry
from tests.institutions.conftest import browser_for, send_enquiry

pytestmark = pytest.mark.django_db

# Sent on Monday 2026-09-28; 1–7 October are the National Day holidays, and Saturday
# 10 October is a make-up working day.
SENT = datetime.datetime(2026, 9, 28, 10, 0, tzinfo=datetime.UTC)


def sent_on(enquiry, when=SENT):
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=when)


def test_five_working_days_follow_the_official_calendar():
    assert add_working_days(datetime.date(2026, 9, 28), 5) == datetime.date(2026, 10, 10)


def test_the_owner_is_reminded_once_and_the_desk_gets_one_list(
    published_result, institute_user, reviewer, django_capture_on_commit_callbacks
):
    late, answered = send_enquiry(published_result), send_enquiry(published_result)
    fresh = send_enquiry(published_result)
    for enquiry in (late, answered):
        sent_on(enquiry)
    services.enquiry_reply(enquiry=answered, message="已联系。", by=institute_user)
    # On the fifth working day it is not overdue yet.
    assert services.enquiries_remind_overdue(today=datetime.date(2026, 10, 10)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.enquiries_remind_overdue(today=datetime.date(2026, 10, 12))
    assert [e.pk for e in reminded] == [late.pk]
    line = institute_user.notifications.get(kind="enquiry.reminder")
    assert line.url == f"/enquiries/{late.pk}/"
    desk = reviewer.notifications.get(kind="enquiry.desk")
    assert late.reference in desk.body and answered.reference not in desk.body
    assert fresh.reference not in desk.body
    assert mail.outbox  # by e-mail too
    # Once only.
    assert services.enquiries_remind_overdue(today=datetime.date(2026, 10, 20)) == []
    assert institute_user.notifications.filter(kind="enquiry.reminder").count() == 1
    late.refresh_from_db()
    assert late.reminded_at is not None


def test_the_desk_lists_the_overdue_ones(client, published_result, reviewer):
    late = send_enquiry(published_result)
    sent_on(late)
    services.enquiries_remind_overdue(today=datetime.date(2026, 10, 12))
    html = browser_for(reviewer).get("/enquiries/?overdue=1").content.decode()
    assert late.reference in html
    admin = browser_for(reviewer).get("/admin/institutions/enquiry/?status=overdue")
    assert late.reference in admin.content.decode()


def test_the_beat_task_runs_the_service_and_expires(published_result):
    late = send_enquiry(published_result)
    sent_on(late, timezone.now() - datetime.timedelta(days=30))
    assert tasks.remind_overdue_enquiries.delay().get() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["enquiries-overdue"]
    assert entry["task"] == "institutions.remind_overdue_enquiries"
    assert entry["options"]["expires"] > 0
