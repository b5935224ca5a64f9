"""Reads of the inbox."""

from accounts.models import User
from notifications.models import Notification


def inbox(user: User):
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
