"""notifications.services: the inbox line and its e-mail."""

import pytest
from django.core import mail

from notifications import selectors, services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_one_line_and_the_mail_leaves_on_commit(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify(
            recipients=[enterprise_user, enterprise_user, reviewer, None],
            kind="contract.registered",
            title="合同已登记",
            body="您的合同已登记。",
            url="/contracts/1/",
        )
    assert len(rows) == 2
    assert selectors.unread_count(enterprise_user) == 1
    assert selectors.unread_count(reviewer) == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([enterprise_user.email, reviewer.email])
    assert "/contracts/1/" in mail.outbox[0].body


def test_without_email_only_the_inbox(enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[enterprise_user], kind="x", title="t", email=False)
    assert mail.outbox == []
    assert selectors.unread_count(enterprise_user) == 1


def test_inactive_people_are_not_told(enterprise_user):
    enterprise_user.is_active = False
    enterprise_user.save()
    assert services.notify(recipients=[enterprise_user], kind="x", title="t") == []
    assert not Notification.objects.exists()


def test_reading_is_for_the_recipient_only(enterprise_user, reviewer):
    (row,) = services.notify(recipients=[enterprise_user], kind="x", title="t", email=False)
    services.notification_read(notification=row, by=reviewer)
    assert not row.is_read
    services.notification_read(notification=row, by=enterprise_user)
    assert row.is_read
    services.notify(recipients=[enterprise_user], kind="x", title="t2", email=False)
    services.notify(recipients=[enterprise_user], kind="x", title="t3", email=False)
    assert services.notifications_read_all(by=enterprise_user) == 2
    assert selectors.unread_count(enterprise_user) == 0
