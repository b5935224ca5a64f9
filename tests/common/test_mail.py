"""common.mail: the persistent outbox. A message is a row written in the caller's
transaction, sent by a task after commit, retried with backoff, swept when no task ran."""

import datetime
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import OrganizationKind
from accounts.services import organization_verify
from common import mail
from common.models import OutboundMessage, OutboundStatus
from tests.conftest import make_member, make_reviewer


def test_a_message_keeps_each_address_once_and_drops_blanks():
    message = mail.Message.build(subject="s", body="b", to=["b@x.cn", "", None, "a@x.cn", "b@x.cn"])
    assert message.to == ("a@x.cn", "b@x.cn")


@pytest.mark.parametrize(
    "subject",
    [
        "合同已登记\r\nBcc: victim@x.cn",
        "合同已登记\nBcc: victim@x.cn",
        "合同已登记\u2028Bcc: victim@x.cn",
    ],
)
def test_a_subject_never_carries_a_line_break(subject):
    message = mail.Message.build(subject=subject, body="b", to=["a@x.cn"])
    assert message.subject == "合同已登记 Bcc: victim@x.cn"
    assert "\n" not in mail.one_line("a\n\n b\t c") and mail.one_line("a\n\n b\t c") == "a b c"


@pytest.mark.django_db(transaction=True)
def test_it_is_stored_at_once_and_sent_only_after_the_transaction_commits():
    message = mail.Message.build(subject="主题\n第二行", body="正文", to=["a@x.cn"])
    with transaction.atomic():
        assert mail.send_after_commit(message)
        row = OutboundMessage.objects.get()
        assert row.status == OutboundStatus.QUEUED and row.to == ["a@x.cn"]
        assert django_mail.outbox == []
    assert [m.subject for m in django_mail.outbox] == ["主题 第二行"]
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT and row.attempts == 1 and row.sent_at


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_stores_and_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["a@x.cn"]))
        raise RuntimeError
    assert django_mail.outbox == [] and not OutboundMessage.objects.exists()


@pytest.mark.django_db
def test_no_recipient_queues_nothing():
    assert not mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["", None]))
    assert not OutboundMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_is_logged_and_the_row_waits_for_the_sweep(caplog):
    with mock.patch.object(
        mail.send_message, "apply_async", side_effect=OperationalError("connection refused")
    ):
        assert mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["a@x.cn"]))
    row = OutboundMessage.objects.get()
    assert row.status == OutboundStatus.QUEUED and row.attempts == 0
    assert "waits for the sweep" in caplog.text and django_mail.outbox == []


def _due_now(row):
    OutboundMessage.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_delays_the_message_with_backoff_and_the_sweep_sends_it_once(
    settings,
):
    settings.MAIL_RETRY_BASE = 30
    with mock.patch.object(
        mail.EmailMultiAlternatives, "send", side_effect=SMTPServerDisconnected("down")
    ):
        mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["a@x.cn"]))
        row = OutboundMessage.objects.get()
        assert row.status == OutboundStatus.QUEUED and row.attempts == 1
        assert "SMTPServerDisconnected: down" in row.last_error
        wait = (row.next_attempt_at - timezone.now()).total_seconds()
        assert 25 < wait <= 30
        # Not due yet: a sweep or a stray task leaves it alone.
        assert mail.outbox_sweep() == 0
        assert mail.outbox_send(message_id=row.pk) == (0, None)
        _due_now(row)
        assert mail.outbox_send(message_id=row.pk) == (0, 60)  # the second wait doubles
    _due_now(row)
    assert mail.outbox_sweep() == 1
    assert len(django_mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT and row.attempts == 3 and row.last_error == ""
    _due_now(row)
    assert mail.outbox_sweep() == 0 and mail.outbox_send(message_id=row.pk) == (0, None)
    assert len(django_mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_it_is_failed_and_a_superuser_can_resend_it(settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    with mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=OSError("refused")):
        mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["a@x.cn"]))
        row = OutboundMessage.objects.get()
        _due_now(row)
        mail.outbox_send(message_id=row.pk)
    row.refresh_from_db()
    assert row.status == OutboundStatus.FAILED and row.attempts == 2
    _due_now(row)
    assert mail.outbox_sweep() == 0
    assert mail.outbox_resend(message=row)
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT and len(django_mail.outbox) == 1


@pytest.mark.django_db
def test_a_claimed_message_is_not_sent_by_a_second_worker():
    row = OutboundMessage.objects.create(subject="s", body="b", to=["a@x.cn"])
    second_worker = []

    def sending(message):
        # While the first worker is sending, a second one finds the row claimed.
        second_worker.append(mail.outbox_send(message_id=row.pk))
        return 1

    with mock.patch.object(mail, "deliver", side_effect=sending) as deliver:
        assert mail.outbox_send(message_id=row.pk) == (1, None)
    assert second_worker == [(0, None)] and deliver.call_count == 1
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT and row.attempts == 1


def test_the_sweep_runs_every_minute_and_expires_before_the_next(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry["task"] == "common.sweep_outbox"
    assert entry["options"]["expires"] < entry["schedule"] <= 60


@pytest.mark.django_db(transaction=True)
def test_verifying_an_enterprise_tells_it_what_an_enterprise_can_do():
    user = make_member(kind=OrganizationKind.ENTERPRISE, verified=False)
    organization_verify(organization=user.organization, by=make_reviewer())
    (message,) = [m for m in django_mail.outbox if m.to == [user.email]]
    assert "认证已通过" in message.subject and "\n" not in message.subject
    assert "技术合同认定登记" in message.body and "发布科技成果" not in message.body
    assert "http://127.0.0.1:8000/accounts/profile/" in message.body
    assert "北疆技术交易中心（克拉玛依科技大市场）" in message.body
    assert "0990-6000000" in message.body


@pytest.mark.django_db(transaction=True)
def test_verifying_an_institute_tells_it_it_can_publish_results(settings):
    settings.SITE_URL = "https://portal.example.cn"
    user = make_member(kind=OrganizationKind.INSTITUTE, verified=False)
    organization_verify(organization=user.organization, by=make_reviewer())
    (message,) = [m for m in django_mail.outbox if m.to == [user.email]]
    assert "发布科技成果" in message.body
    assert "https://portal.example.cn/accounts/profile/" in message.body


@pytest.mark.django_db
def test_reviewers_see_the_outbox_and_only_superusers_resend(client, reviewer, django_user_model):
    OutboundMessage.objects.create(subject="技术合同已登记", body="b", to=["a@x.cn"])
    client.force_login(reviewer)
    page = client.get("/admin/common/outboundmessage/")
    assert page.status_code == 200 and "技术合同已登记" in page.text
    assert "resend_selected" not in page.text
    admin = django_user_model.objects.create_superuser("root", "root@x.cn", "pw-Root-12345")
    client.force_login(admin)
    page = client.get("/admin/common/outboundmessage/")
    assert "resend_selected" in page.text
