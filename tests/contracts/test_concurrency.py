"""Registration numbers under real concurrency: threads, each with its own PostgreSQL
connection, registering at the same instant (no mocks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from common import mail
from common.models import OutboundMessage
from contracts import services
from contracts.models import Contract, ContractEvent, Status
from tests.conftest import make_reviewer
from tests.contracts.conftest import make_submitted

# Declared transactional here (not only through the `postgres` marker) so that
# pytest-django sorts these tests after the ones that run inside a transaction.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def notifications(monkeypatch):
    """Celery's eager mode keeps a process-wide flag that concurrent eager calls can leave
    set; here the mail task is not run. The registration e-mails are counted in the outbox:
    one row per committed registration (a rolled-back attempt leaves none), not counting
    the organisation's verification e-mail sent while the fixtures are made."""
    monkeypatch.setattr(mail.send_message, "apply_async", lambda *args, **kwargs: None)

    class RegistrationMails:
        def __len__(self) -> int:
            return OutboundMessage.objects.filter(
                subject__startswith="【北疆技术交易中心】技术合同已登记"
            ).count()

    return RegistrationMails()


def _race(targets):
    """Run each (function, kwargs) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def run(index, function, kwargs):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = function(**kwargs)
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, function, kwargs))
        for i, (function, kwargs) in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_registrations_get_unique_gapless_numbers(enterprise_user, notifications):
    reviewers = [make_reviewer() for _ in range(4)]
    contracts = [make_submitted(enterprise_user) for _ in range(12)]
    outcomes = _race(
        [
            (
                services.contract_register,
                {
                    "contract": Contract.objects.get(pk=c.pk),
                    "by": reviewers[i % len(reviewers)],
                },
            )
            for i, c in enumerate(contracts)
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    numbers = sorted(Contract.objects.registered().values_list("registration_number", flat=True))
    sequences = [int(n[-6:]) for n in numbers]
    assert sequences == list(range(1, 13))
    assert len(set(numbers)) == 12
    assert len(notifications) == 12


def test_approving_the_same_contract_at_once_registers_it_once(enterprise_user, notifications):
    contract = make_submitted(enterprise_user)
    reviewers = [make_reviewer() for _ in range(5)]
    outcomes = _race(
        [
            (
                services.contract_register,
                {"contract": Contract.objects.get(pk=contract.pk), "by": r},
            )
            for r in reviewers
        ]
    )
    successes = [o for o in outcomes if isinstance(o, Contract)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(successes) == 1 and len(refusals) == 4, outcomes
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED
    assert contract.registration_number.endswith("000001")
    assert ContractEvent.objects.filter(contract=contract, to_status="registered").count() == 1
    assert len(notifications) == 1  # one e-mail: the refused attempts rolled back
    # The next registration continues without a gap.
    other = services.contract_register(contract=make_submitted(enterprise_user), by=reviewers[0])
    assert other.registration_number.endswith("000002")
