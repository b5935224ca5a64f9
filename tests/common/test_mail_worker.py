"""The outbox with the real parts: a Celery worker fed through Redis, PostgreSQL, and a
mail server of the test's own that refuses, or accepts the connection and never says a
word. Requests answer within a second whatever the mail server or the broker does, and
every e-mail is delivered exactly once when the service returns."""

import contextlib
import email
import socket
import threading
import time
from email import policy

import pytest

from common import mail
from common.models import OutboundMessage, OutboundStatus
from contracts.models import Contract
from portal.celery import app
from tests.conftest import _running_worker, api_as
from tests.contracts.conftest import make_submitted

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class FakeSMTP:
    """A mail server on a free port whose behaviour the test switches: `accept` (a small
    ESMTP dialogue; each message kept), `refuse` (554 at the greeting), `hang` (takes the
    connection and never answers). A connection keeps the mode it met."""

    def __init__(self):
        self.mode = "accept"
        self.received: list[email.message.EmailMessage] = []
        self._held: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=32)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn, self.mode), daemon=True).start()

    def _serve(self, conn, mode):
        if mode == "hang":
            self._held.append(conn)
            return
        with conn, conn.makefile("rwb") as stream:

            def say(line: str) -> None:
                stream.write(line.encode() + b"\r\n")
                stream.flush()

            if mode == "refuse":
                say("554 5.3.2 fake.test refuses service")
                return
            say("220 fake.test ESMTP")
            while line := stream.readline():
                command = line.decode("ascii", "replace").strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    say("250 fake.test")
                elif command == "DATA":
                    say("354 end with a dot")
                    data = b"".join(iter(lambda: stream.readline(), b".\r\n"))
                    self.received.append(email.message_from_bytes(data, policy=policy.default))
                    say("250 2.0.0 queued")
                elif command == "QUIT":
                    say("221 bye")
                    return
                else:
                    say("250 ok")

    def subjects(self, containing: str) -> list[str]:
        found = (str(m["Subject"]).strip() for m in self.received)
        return [subject for subject in found if containing in subject]

    def close(self):
        self._listener.close()
        for conn in self._held:
            with contextlib.suppress(OSError):
                conn.close()


@pytest.fixture
def smtp():
    server = FakeSMTP()
    yield server
    server.close()


@pytest.fixture
def mail_worker(request, smtp, monkeypatch, settings, transactional_db):
    """A real worker sending to the fake server, with short timeouts and retries."""
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}")
    monkeypatch.setenv("EMAIL_TIMEOUT", "2")
    monkeypatch.setenv("MAIL_RETRY_BASE", "1")
    monkeypatch.setenv("MAIL_RETRY_MAX", "2")
    settings.MAIL_SWEEP_GRACE = 0
    with _running_worker(request, "--pool=solo") as process:
        yield process


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"waited {timeout} s for {what}")


def _row(contract) -> OutboundMessage:
    return OutboundMessage.objects.get(
        subject__contains=contract.title, to=[contract.created_by.email]
    )


def _decide(reviewer, contract, action="return", **data):
    client = api_as(reviewer)
    started = time.monotonic()
    response = client.post(
        f"/api/v1/contracts/{contract.pk}/{action}/",
        data or {"note": "请补充盖章页"},
        format="json",
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content
    return elapsed


def test_a_silent_mail_server_delays_the_mail_never_the_request_and_loses_nothing(
    mail_worker, smtp, enterprise_user, reviewer
):
    contract = make_submitted(enterprise_user, title="燃气轮机叶片修复技术开发（静默）")
    smtp.mode = "hang"
    elapsed = _decide(reviewer, contract, action="approve", note="")
    assert elapsed < 1, f"approve took {elapsed:.2f} s with the mail server silent"
    contract = Contract.objects.get(pk=contract.pk)
    row = OutboundMessage.objects.get(
        subject__contains=contract.registration_number, to=[enterprise_user.email]
    )
    wait_for(
        lambda: OutboundMessage.objects.filter(pk=row.pk, attempts__gte=2).exists(),
        timeout=30,
        what="two attempts against the silent server",
    )
    row.refresh_from_db()
    assert row.status == OutboundStatus.QUEUED and "timed out" in row.last_error.lower()
    assert smtp.subjects(contract.registration_number) == []
    smtp.mode = "accept"
    wait_for(
        lambda: OutboundMessage.objects.filter(pk=row.pk, status=OutboundStatus.SENT).exists(),
        timeout=30,
        what="the message to leave once the server answers",
    )
    time.sleep(3)  # a duplicate, if any, would have arrived by now
    (subject,) = smtp.subjects(contract.registration_number)
    assert subject.startswith("【北疆技术交易中心】技术合同已登记")


def test_a_refusing_mail_server_is_retried_with_backoff_until_it_takes_the_mail_once(
    mail_worker, smtp, enterprise_user, reviewer
):
    contract = make_submitted(enterprise_user, title="稠油热采注汽控制技术开发（拒收）")
    smtp.mode = "refuse"
    assert _decide(reviewer, contract) < 1
    row = _row(contract)
    wait_for(
        lambda: OutboundMessage.objects.filter(pk=row.pk, attempts__gte=2).exists(),
        timeout=30,
        what="two refused attempts",
    )
    row.refresh_from_db()
    assert row.status == OutboundStatus.QUEUED and "SMTPConnectError" in row.last_error
    smtp.mode = "accept"
    wait_for(
        lambda: OutboundMessage.objects.filter(pk=row.pk, status=OutboundStatus.SENT).exists(),
        timeout=30,
        what="the message to leave once the server accepts",
    )
    time.sleep(3)
    assert len(smtp.subjects(f"退回补正：{contract.title}")) == 1
    (message,) = [m for m in smtp.received if f"退回补正：{contract.title}" in str(m["Subject"])]
    assert "\n" not in str(message["Subject"])
    text = message.get_content()
    assert f"/contracts/{contract.pk}/" in text and "请补充盖章页" in text


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def broker_down():
    """The request's publishing path pointed at a port where nothing listens."""
    saved = {key: app.conf[key] for key in ("broker_url", "broker_write_url")}
    app.conf.broker_url = app.conf.broker_write_url = f"redis://127.0.0.1:{_closed_port()}/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def test_with_the_broker_down_the_request_answers_and_the_sweep_sends_the_mail_once_it_is_back(
    mail_worker, smtp, enterprise_user, reviewer
):
    contract = make_submitted(enterprise_user, title="油田采出水处理技术服务（断线）")
    with broker_down():
        elapsed = _decide(reviewer, contract)
        assert elapsed < 1, f"return took {elapsed:.2f} s with the broker down"
        row = _row(contract)
        assert row.status == OutboundStatus.QUEUED and row.attempts == 0
    time.sleep(2)
    assert smtp.subjects(f"退回补正：{contract.title}") == []  # no task carried it
    assert mail.outbox_sweep() >= 1  # what beat runs every minute
    wait_for(
        lambda: OutboundMessage.objects.filter(pk=row.pk, status=OutboundStatus.SENT).exists(),
        timeout=30,
        what="the swept message to be sent",
    )
    mail.outbox_sweep()  # a second sweep finds nothing to send again
    time.sleep(3)
    assert len(smtp.subjects(f"退回补正：{contract.title}")) == 1
