import time

import pytest

from common.models import OutboundMessage, OutboundStatus
from contracts import services
from tests.contracts.conftest import make_submitted

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_status_email_is_sent_by_a_real_worker(celery_worker, enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    services.contract_return(contract=contract, by=reviewer, note="请补充盖章页")
    # One outbox row for the filer, handed to the worker once the decision committed; the
    # worker reads it from the database, claims it and sends it.
    row = OutboundMessage.objects.get(subject__contains="退回补正", to=[enterprise_user.email])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.status == OutboundStatus.SENT:
            break
        time.sleep(0.2)
    assert row.status == OutboundStatus.SENT and row.attempts == 1
