"""The beat entry that reminds managers to file, and the demo data (every state, once)."""

import datetime
import io

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from managers import demo, tasks
from managers.models import Filing, Manager, ManagerStatus
from notifications.models import Notification
from tests.managers.conftest import make_approved

pytestmark = pytest.mark.django_db


def test_the_reminder_is_scheduled_and_expires_before_its_next_run():
    entry = settings.CELERY_BEAT_SCHEDULE["managers-filing-reminders"]
    assert entry["task"] == tasks.remind_missing_filings.name
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    now = timezone.now()
    period = (now + schedule.remaining_estimate(now)) - now
    assert entry["options"]["expires"] < 7 * 24 * 3600
    assert datetime.timedelta(0) <= period <= datetime.timedelta(days=7)


def test_the_task_reminds_within_the_window(reviewer, settings):
    settings.MANAGER_FILING_REMINDER_DAYS = 400  # the whole year is in the window
    settings.MANAGER_FILING_DEADLINE = "12-31"
    manager = make_approved(reviewer)
    Manager.objects.filter(pk=manager.pk).update(
        approved_at=timezone.make_aware(datetime.datetime(timezone.localdate().year - 1, 2, 1))
    )
    assert tasks.remind_missing_filings.delay().get() == 1
    assert Notification.objects.filter(recipient=manager.user, kind="manager.filing_due").exists()


def test_the_demo_has_every_state_and_a_filing_once():
    from accounts import demo as accounts_demo

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert set(Manager.objects.values_list("status", flat=True)) == set(ManagerStatus.values)
    assert Filing.objects.count() == 1
    brokered = Manager.objects.get(user__username="demo-manager").brokered_contracts.get()
    assert brokered.status == "registered" and brokered.broker_confirmed_at is not None
    counts = (Manager.objects.count(), Filing.objects.count())
    demo.seed(io.StringIO())
    assert (Manager.objects.count(), Filing.objects.count()) == counts
