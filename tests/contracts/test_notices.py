"""The status e-mail: built by the service that records the decision, sent on commit."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from accounts.models import User
from contracts import services
from contracts.models import ContractEvent
from contracts.services.notices import status_message
from tests.contracts.conftest import make_submitted

pytestmark = pytest.mark.django_db


def test_the_filer_the_members_and_the_contact_address_each_get_it_once(enterprise_user, reviewer):
    organization = enterprise_user.organization
    organization.contact_email = "office@example.com"
    organization.save()
    User.objects.create_user(
        username="colleague", email="colleague@example.com", organization=organization
    )
    User.objects.create_user(username="no-mail", email="", organization=organization)
    contract = make_submitted(enterprise_user)
    services.contract_return(contract=contract, by=reviewer, note="缺少盖章页")
    message = status_message(ContractEvent.objects.get(contract=contract, to_status="returned"))
    assert message.to == tuple(
        sorted({enterprise_user.email, "colleague@example.com", "office@example.com"})
    )
    assert "缺少盖章页" in message.body and contract.title in message.subject


def test_it_is_written_in_the_portals_language_whatever_the_reviewers(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    contract = make_submitted(enterprise_user)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.contract_reject(contract=contract, by=reviewer, note="不属于技术合同")
    assert [m.subject for m in mail.outbox] == [
        f"【北疆技术交易中心】技术合同不予登记：{contract.title}"
    ]


def test_a_registration_queues_one_message_after_commit(
    submitted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.contract_register(contract=submitted, by=reviewer)
        assert mail.outbox == []
    assert len(callbacks) == 2  # the message and the month's statistics
    assert len(mail.outbox) == 1 and submitted.registration_number in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True)
def test_a_decision_rolled_back_sends_nothing(enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    before = len(mail.outbox)  # the organisation's verification was mailed
    with pytest.raises(RuntimeError), transaction.atomic():
        services.contract_return(contract=contract, by=reviewer, note="缺少盖章页")
        raise RuntimeError
    assert len(mail.outbox) == before
    services.contract_return(contract=contract, by=reviewer, note="缺少盖章页")
    assert len(mail.outbox) == before + 1
