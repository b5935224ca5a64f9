"""A broker that is down (Redis stopped, a wrong port) never holds a request: enqueueing
gives up within a fraction of a second, the decision stands, and the lost task is logged."""

import contextlib
import socket
import time

import pytest

from contracts.models import Contract, Status
from portal.celery import app
from tests.conftest import api_as
from tests.contracts.conftest import make_submitted

pytestmark = pytest.mark.django_db(transaction=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down(monkeypatch):
    """The real publishing path (not eager) against a port where nothing listens."""
    closed = f"redis://127.0.0.1:{_closed_port()}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", closed)  # Celery reads it before its conf
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.broker_url = closed
    app.conf.result_backend = app.conf.broker_url
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    # One throwaway attempt imports the Redis transport, so that the timings below measure
    # waiting on the broker, not a first import on a busy machine.
    with contextlib.suppress(Exception):
        app.send_task("portal.ping")
    yield
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def test_the_settings_bound_every_wait_on_the_broker():
    conf = app.conf
    assert conf.task_ignore_result is True
    assert conf.broker_connection_timeout <= 1
    options = conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 10
    policy = conf.task_publish_retry_policy
    waited = sum(
        min(policy["interval_start"] + n * policy["interval_step"], policy["interval_max"])
        for n in range(policy["max_retries"])
    )
    assert waited < 0.5


def test_enqueueing_with_the_broker_down_returns_at_once(broker_down):
    from common.mail import send_message

    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - kombu's OperationalError or a socket error
        send_message.apply_async((1,))  # an outbox row id: the message itself waits in the database
    assert time.monotonic() - started < 1


def test_approve_with_the_broker_down_answers_fast_and_registers(
    broker_down, enterprise_user, reviewer, caplog
):
    contract = make_submitted(enterprise_user)
    client = api_as(reviewer)
    started = time.monotonic()
    response = client.post(f"/api/v1/contracts/{contract.pk}/approve/", {}, format="json")
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content
    assert elapsed < 1, f"approve took {elapsed:.2f} s with the broker down"
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == Status.REGISTERED
    assert contract.registration_number
    # What could not be enqueued is logged (keeping it for later is the mail outbox's job).
    assert any("on_commit" in record.getMessage() for record in caplog.records)
