"""Who is told of a contract decision: inbox lines and e-mails (through the outbox),
made by the service that records the decision and sent on commit."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from accounts.models import User
from common.models import OutboundMessage
from contracts import services
from notifications.models import Notification
from tests.contracts.conftest import make_submitted

pytestmark = pytest.mark.django_db


def test_the_filer_the_members_and_the_contact_address_each_get_it_once(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    organization = enterprise_user.organization
    organization.contact_email = "office@example.com"
    organization.save()
    colleague = User.objects.create_user(
        username="colleague", email="colleague@example.com", organization=organization
    )
    User.objects.create_user(username="no-mail", email="", organization=organization)
    contract = make_submitted(enterprise_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_return(contract=contract, by=reviewer, note="缺少盖章页")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        {enterprise_user.email, "colleague@example.com", "office@example.com"}
    )
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert "缺少盖章页" in message.body and contract.title in message.subject
    assert f"http://127.0.0.1:8000/contracts/{contract.pk}/" in message.body
    lines = Notification.objects.filter(kind="contract.returned")
    assert sorted(n.recipient.username for n in lines) == sorted(
        [enterprise_user.username, colleague.username, "no-mail"]
    )
    assert {n.url for n in lines} == {f"/contracts/{contract.pk}/"}


def test_a_submission_tells_the_reviewers(enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    (line,) = Notification.objects.filter(kind="contract.submitted")
    assert line.recipient == reviewer and contract.title in line.title
    assert line.url == f"/admin/contracts/contract/{contract.pk}/change/"


def test_it_is_written_in_the_portals_language_whatever_the_reviewers(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    contract = make_submitted(enterprise_user)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.contract_reject(contract=contract, by=reviewer, note="不属于技术合同")
    assert [m.subject for m in mail.outbox] == [
        f"【北疆技术交易中心】技术合同不予登记：{contract.title}"
    ]
    assert "北疆技术交易中心（克拉玛依科技大市场）" in mail.outbox[0].body


def test_a_registration_queues_its_message_after_commit(
    submitted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.contract_register(contract=submitted, by=reviewer)
        assert mail.outbox == []
    # The message and the month's statistics; that computation then bumps the cached
    # statistics' version once more on its own commit.
    assert len(callbacks) == 3
    assert len(mail.outbox) == 1 and submitted.registration_number in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True)
def test_a_decision_rolled_back_sends_nothing(enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    before = len(mail.outbox)
    rows = OutboundMessage.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.contract_return(contract=contract, by=reviewer, note="缺少盖章页")
        raise RuntimeError
    assert len(mail.outbox) == before and OutboundMessage.objects.count() == rows
    services.contract_return(contract=contract, by=reviewer, note="缺少盖章页")
    assert len(mail.outbox) == before + 1
