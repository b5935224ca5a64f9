import pytest

from common import mail
from contracts import services
from tests.contracts.conftest import make_submitted

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_status_email_is_sent_by_a_real_worker(
    celery_worker, enterprise_user, reviewer, monkeypatch
):
    queued = []
    # Results are not stored by default (CELERY_TASK_IGNORE_RESULT); this test asks for one.
    enqueue = mail.send_message.apply_async
    monkeypatch.setattr(
        mail.send_message,
        "delay",
        lambda *message: queued.append(enqueue(message, ignore_result=False)),
    )
    contract = make_submitted(enterprise_user)
    services.contract_return(contract=contract, by=reviewer, note="请补充盖章页")
    # One message, queued once the decision committed, sent by the worker: the message
    # carries its own text, so the worker needs nothing from the database.
    assert len(queued) == 1
    assert queued[0].get(timeout=30) == 1
