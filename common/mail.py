"""The one way the portal sends mail, through a persistent outbox.

A service builds a `Message` and calls `send_after_commit`: the message becomes an
`OutboundMessage` row in the service's own transaction (rolled back with it), and once
that commits a Celery task sends it. Enqueueing never raises or waits on a broker that
is down; a failing or silent mail server makes the task retry with backoff; a periodic
sweep hands the worker every queued message whose task never ran or was lost. A worker
claims a row by a conditional UPDATE before sending, so each message leaves once.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.models import OutboundMessage, OutboundStatus

log = logging.getLogger(__name__)

SUBJECT_MAX = 255
DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def one_line(text) -> str:
    """Every run of whitespace (newlines, tabs, Unicode separators) becomes one space: a
    header never carries a line break."""
    return " ".join(str(text).split())[:SUBJECT_MAX]


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    to: tuple[str, ...]
    html: str = ""

    @classmethod
    def build(cls, *, subject, body, to, html="") -> "Message":
        """Subject on one line; blank addresses dropped, each address once, sorted."""
        addresses = {str(a).strip() for a in to if a and str(a).strip()}
        return cls(
            subject=one_line(subject),
            body=str(body),
            to=tuple(sorted(addresses)),
            html=str(html or ""),
        )


def absolute_url(path: str) -> str:
    """A portal path ("/contracts/12/") on the portal's public address (SITE_URL)."""
    if not path or "://" in path:
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def compose(*, template: str, subject, to, context: dict | None = None, url: str = "") -> Message:
    """A message from the portal's own templates: `<template>.txt` (and `<template>.html`
    if there is one), extending `common/email/base.txt`, which links to `url` on SITE_URL
    and signs for the center. Written in the portal's language, whoever acts."""
    values = {
        "site_url": settings.SITE_URL,
        "center_name": settings.REGISTRATION_POINT_NAME,
        "service_desk_phone": settings.SERVICE_DESK_PHONE,
        "link": absolute_url(url),
        **(context or {}),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"{template}.txt", values)
        subject = str(subject)
    return Message.build(subject=subject, body=body.strip() + "\n", to=to)


def deliver(message: Message) -> int:
    """Send now; raises on a mail-server failure (the task retries)."""
    if not message.to:
        return 0
    email = EmailMultiAlternatives(
        subject=one_line(message.subject),
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        connection=get_connection(),
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email.send()


def send_after_commit(message: Message) -> bool:
    """Store the message in the outbox now (in the caller's transaction) and hand it to
    the worker once that commits; False if it has no recipient or mail is switched off
    (the dummy backend, as for the demo data)."""
    if not message.to or settings.EMAIL_BACKEND == DUMMY_BACKEND:
        return False
    row = OutboundMessage.objects.create(
        subject=one_line(message.subject), body=message.body, html=message.html, to=list(message.to)
    )
    transaction.on_commit(lambda: enqueue(row.pk), robust=True)
    return True


def enqueue(message_id: int) -> bool:
    """Give the worker one outbox row; a broker that is down is logged, never raised, and
    the row waits for the sweep."""
    try:
        send_message.apply_async((message_id,), retry=False)
    except Exception:  # kombu's OperationalError, a socket error, a Redis timeout…
        log.warning("outbox: message %s waits for the sweep (broker unavailable)", message_id)
        return False
    return True


def _retry_delay(attempts: int) -> float:
    return min(settings.MAIL_RETRY_BASE * 2 ** max(attempts - 1, 0), settings.MAIL_RETRY_MAX)


def outbox_send(*, message_id: int) -> tuple[int, float | None]:
    """Send one queued message if it is due and nobody else is sending it. Returns the
    number sent and, after a failure, the seconds until it should be tried again."""
    now = timezone.now()
    claimed = (
        OutboundMessage.objects.due(at=now)
        .filter(pk=message_id)
        .update(
            next_attempt_at=now + timedelta(seconds=settings.MAIL_SEND_LEASE),
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return 0, None  # sent, given up, gone, not due yet, or another worker has it
    row = OutboundMessage.objects.get(pk=message_id)
    message = Message(subject=row.subject, body=row.body, to=tuple(row.to), html=row.html)
    try:
        sent = deliver(message)
    except Exception as exc:  # SMTP refusals, timeouts, resets: all mean "later"
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= settings.MAIL_MAX_ATTEMPTS:
            OutboundMessage.objects.filter(pk=row.pk).update(
                status=OutboundStatus.FAILED, last_error=error
            )
            log.error(
                "outbox: message %s failed after %s attempts: %s", row.pk, row.attempts, error
            )
            return 0, None
        delay = _retry_delay(row.attempts)
        OutboundMessage.objects.filter(pk=row.pk).update(
            next_attempt_at=timezone.now() + timedelta(seconds=delay), last_error=error
        )
        log.warning("outbox: message %s not sent (%s); again in %s s", row.pk, error, delay)
        return 0, delay
    OutboundMessage.objects.filter(pk=row.pk).update(
        status=OutboundStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return sent, None


def outbox_resend(*, message: OutboundMessage) -> bool:
    """A sent or failed message queued again (superusers, from the admin)."""
    changed = OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundStatus.QUEUED, next_attempt_at=timezone.now(), attempts=0
    )
    if changed:
        transaction.on_commit(lambda: enqueue(message.pk), robust=True)
    return bool(changed)


def outbox_sweep(*, limit: int = 500) -> int:
    """Hand the worker the queued messages due for a while (their task never ran, or was
    lost with a broker or worker); returns how many were handed over."""
    cutoff = timezone.now() - timedelta(seconds=settings.MAIL_SWEEP_GRACE)
    ids = list(
        OutboundMessage.objects.due(at=cutoff)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(enqueue(pk) for pk in ids)


@shared_task(name="common.send_message", bind=True, acks_late=True, ignore_result=True)
def send_message(self, message_id: int) -> int:
    sent, retry_in = outbox_send(message_id=message_id)
    if retry_in is not None and not self.request.is_eager:
        # Backoff as recorded on the row; if this retry is lost, the sweep finds the row.
        raise self.retry(countdown=retry_in, max_retries=None)
    return sent


@shared_task(name="common.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    return outbox_sweep()
