"""Mail never holds a request: every send path queues the message for the worker, and the
worker's connection to a hung mail server gives up after EMAIL_TIMEOUT."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core import mail as django_mail

from common import mail
from common.models import OutboundMessage, OutboundStatus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hung_smtp_server():
    """Accepts connections and never says hello (a wedged mail server); closes after 3 s."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def serve():
        server.settimeout(0.2)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                held.append(server.accept()[0])
            except (TimeoutError, OSError):
                continue
        for connection in held:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    thread.join()
    server.close()


def test_email_timeout_defaults_to_ten_seconds_and_follows_the_environment(settings):
    assert settings.EMAIL_TIMEOUT == 10
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="1", EMAIL_TIMEOUT="2.5")
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.EMAIL_TIMEOUT)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "2.5", result.stderr


@pytest.mark.django_db(transaction=True)
def test_password_reset_queues_the_mail_and_never_waits_on_the_server(
    client,
    settings,
    monkeypatch,
    hung_smtp_server,
    enterprise_user,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = hung_smtp_server
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 0.5
    queued = []
    monkeypatch.setattr(mail, "enqueue", queued.append)
    django_mail.outbox = []  # the sign-up mail of the fixture

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": enterprise_user.email})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 1, f"the reset request waited {elapsed:.2f} s on the mail server"
    assert not django_mail.outbox
    (row,) = OutboundMessage.objects.filter(
        to=[enterprise_user.email], body__contains="/accounts/reset/"
    )
    assert queued == [row.pk] and row.status == OutboundStatus.QUEUED
    assert "/accounts/reset/" in row.body
    assert row.subject and "\n" not in row.subject

    # The worker sends it; the hung server costs it EMAIL_TIMEOUT, then it is due again.
    started = time.monotonic()
    sent, retry_in = mail.outbox_send(message_id=row.pk)
    assert time.monotonic() - started < 2
    assert sent == 0 and retry_in is not None
    row.refresh_from_db()
    assert row.status == OutboundStatus.QUEUED and row.attempts == 1 and row.last_error


@pytest.mark.django_db(transaction=True)
def test_password_reset_for_an_unknown_address_queues_nothing(client, monkeypatch):
    queued = []
    monkeypatch.setattr(mail, "enqueue", queued.append)
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert queued == [] and not OutboundMessage.objects.exists()
