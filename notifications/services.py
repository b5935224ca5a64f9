"""Telling people: a line in each recipient's inbox and, unless asked not to, an e-mail
to each of them, both made in the caller's transaction (the e-mail is an outbox row that
leaves once it commits; see `common.mail`)."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
    also_email: Iterable[str] = (),
) -> list[Notification]:
    """One notification per active recipient (each person once), and with `email` one
    e-mail per address: the recipients' and `also_email` (a contact address without an
    account), each linking to `url` on SITE_URL. Returns the inbox lines."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, title=str(title)[:200], body=str(body), url=url)
        for user in people.values()
    )
    if email:
        addresses = {u.email.strip().lower(): u.email for u in people.values() if u.email}
        for address in also_email:
            if address and address.strip():
                addresses.setdefault(address.strip().lower(), address.strip())
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("【北疆技术交易中心】%(title)s") % {"title": title}
        for address in sorted(addresses.values()):
            mail.send_after_commit(
                mail.compose(
                    template="notifications/email/notification",
                    subject=subject,
                    to=[address],
                    context={"title": title, "body": body},
                    url=url,
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
