"""Telling people: a line in each recipient's inbox and, unless asked not to, an e-mail,
both made in the caller's transaction (the e-mail leaves once it commits)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common import mail
from notifications.models import Notification


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """One notification per active recipient (each person once); returns them."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, title=str(title), body=str(body), url=url)
        for user in people.values()
    )
    if email:
        text = f"{body}\n\n{url}".strip() if url else str(body)
        mail.send_after_commit(
            mail.Message.build(
                subject=title, body=text, to=[user.email for user in people.values()]
            )
        )
    return rows


@transaction.atomic
def notification_read(*, notification: Notification, by: User) -> Notification:
    """Marks the recipient's own notification read (once; a second call changes nothing)."""
    Notification.objects.filter(pk=notification.pk, recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_read_all(*, by: User) -> int:
    """Marks every unread notification of `by` read; returns how many."""
    return Notification.objects.filter(recipient=by).unread().update(read_at=timezone.now())
