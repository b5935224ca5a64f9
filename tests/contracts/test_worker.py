import pytest

from contracts import services
from contracts.models import ContractEvent
from contracts.tasks import send_status_email
from tests.contracts.conftest import make_submitted

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_status_email_task_runs_on_a_real_worker(celery_worker, enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    services.contract_return(contract=contract, by=reviewer, note="请补充盖章页")
    event = ContractEvent.objects.get(contract=contract, to_status="returned")
    # The worker reads the event from the test database and sends one message.
    assert send_status_email.delay(event.pk).get(timeout=30) == 1
    # A vanished event is a clean no-op, not a retry loop.
    assert send_status_email.delay(10**9).get(timeout=30) == 0
