"""notifications.services: the inbox line and its e-mail."""

import pytest
from django.core import mail

from accounts.services import organization_verify
from notifications import selectors, services
from notifications.models import Notification
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_one_line_and_the_mail_leaves_on_commit(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()  # the sign-up and verification lines
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify(
            recipients=[enterprise_user, enterprise_user, reviewer, None],
            kind="contract.registered",
            title="合同已登记",
            body="您的合同已登记。",
            url="/contracts/1/",
            also_email=["office@example.com", "", enterprise_user.email.upper()],
        )
    assert len(rows) == 2
    assert selectors.unread_count(enterprise_user) == 1
    assert selectors.unread_count(reviewer) == 1
    # One e-mail per address: nobody sees the others' addresses.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [enterprise_user.email, reviewer.email, "office@example.com"]
    )
    message = mail.outbox[0]
    assert message.subject == "【北疆技术交易中心】合同已登记"
    assert "您的合同已登记。" in message.body
    assert "http://127.0.0.1:8000/contracts/1/" in message.body
    assert "北疆技术交易中心（克拉玛依科技大市场）" in message.body


def test_without_email_only_the_inbox(enterprise_user, django_capture_on_commit_callbacks):
    before = selectors.unread_count(enterprise_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[enterprise_user], kind="x", title="t", email=False)
    assert mail.outbox == []
    assert selectors.unread_count(enterprise_user) == before + 1


def test_inactive_people_are_not_told(enterprise_user):
    enterprise_user.is_active = False
    enterprise_user.save()
    assert services.notify(recipients=[enterprise_user], kind="x", title="t") == []
    assert not Notification.objects.filter(kind="x").exists()


def test_reading_is_for_the_recipient_only(enterprise_user, reviewer):
    services.notifications_read_all(by=enterprise_user)
    (row,) = services.notify(recipients=[enterprise_user], kind="x", title="t", email=False)
    services.notification_read(notification=row, by=reviewer)
    assert not row.is_read
    services.notification_read(notification=row, by=enterprise_user)
    assert row.is_read
    services.notify(recipients=[enterprise_user], kind="x", title="t2", email=False)
    services.notify(recipients=[enterprise_user], kind="x", title="t3", email=False)
    assert services.notifications_read_all(by=enterprise_user) == 2
    assert selectors.unread_count(enterprise_user) == 0


def test_a_sign_up_tells_the_reviewers_and_a_verification_the_members(reviewer):
    user = make_member(verified=False)
    (waiting,) = Notification.objects.filter(kind="organization.signup")
    assert waiting.recipient == reviewer and user.organization.name in waiting.title
    assert waiting.url == f"/admin/accounts/organization/{user.organization.pk}/change/"
    organization_verify(organization=user.organization, by=reviewer)
    (verified,) = Notification.objects.filter(kind="organization.verified")
    assert verified.recipient == user and "认证已通过" in verified.title
    # Verifying again changes nothing and tells nobody.
    organization_verify(organization=user.organization, by=reviewer)
    assert Notification.objects.filter(kind="organization.verified").count() == 1
