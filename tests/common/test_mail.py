from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail as django_mail
from django.db import transaction

from accounts.services import organization_verify
from common import mail


def test_a_message_keeps_each_address_once_and_drops_blanks():
    message = mail.Message.build(subject="s", body="b", to=["b@x.cn", "", None, "a@x.cn", "b@x.cn"])
    assert message.to == ("a@x.cn", "b@x.cn")


@pytest.mark.django_db(transaction=True)
def test_it_is_sent_only_after_the_transaction_commits():
    message = mail.Message.build(subject="主题", body="正文", to=["a@x.cn"])
    with transaction.atomic():
        assert mail.send_after_commit(message)
        assert django_mail.outbox == []
    assert [m.subject for m in django_mail.outbox] == ["主题"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["a@x.cn"]))
        raise RuntimeError
    assert django_mail.outbox == []


def test_no_recipient_queues_nothing():
    assert not mail.send_after_commit(mail.Message.build(subject="s", body="b", to=["", None]))


def test_a_failing_mail_server_makes_the_task_retry():
    message = mail.Message.build(subject="s", body="b", to=["a@x.cn"])
    with (
        mock.patch("common.mail.send_mail", side_effect=SMTPServerDisconnected("down")),
        pytest.raises(Retry),
    ):
        mail.send_message.apply(args=(message.subject, message.body, list(message.to)), throw=True)


@pytest.mark.django_db(transaction=True)
def test_verifying_an_organisation_mails_its_members(reviewer, unverified_enterprise_user):
    organization_verify(organization=unverified_enterprise_user.organization, by=reviewer)
    assert [m.to for m in django_mail.outbox] == [[unverified_enterprise_user.email]]
    assert "认证已通过" in django_mail.outbox[0].subject
