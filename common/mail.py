"""The one way the portal sends mail: a service builds the message, and once its
transaction has committed a retried task sends it. A failing mail server delays a
message; it never undoes or breaks the action behind it."""

from dataclasses import dataclass
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    to: tuple[str, ...]

    @classmethod
    def build(cls, *, subject, body, to) -> "Message":
        """Blank addresses dropped, each address once, in a stable order."""
        return cls(subject=str(subject), body=str(body), to=tuple(sorted({a for a in to if a})))


def deliver(message: Message) -> int:
    """Send now; raises on a mail-server failure (the task retries)."""
    if not message.to:
        return 0
    return send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, list(message.to))


@shared_task(
    name="common.send_message",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def send_message(subject: str, body: str, to: list[str]) -> int:
    return deliver(Message(subject=subject, body=body, to=tuple(to)))


def send_after_commit(message: Message) -> bool:
    """Queue the message for when the current transaction commits; False if it has no
    recipient. A broker that is down is logged, not raised (robust on_commit)."""
    if not message.to:
        return False
    transaction.on_commit(
        lambda: send_message.delay(message.subject, message.body, list(message.to)), robust=True
    )
    return True
