"""How long an enquirer's details are kept: the enquiry form says so (name, phone and
e-mail go only to the owner and the service desk, kept ENQUIRY_RETENTION_MONTHS months),
and this keeps the promise. The question and the thread stay, for the statistics of
enquiries and the owner's record; who asked does not."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from institutions.models import Enquiry

DEFAULT_RETENTION_MONTHS = 24


def retention_months() -> int:
    return int(getattr(settings, "ENQUIRY_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))


@transaction.atomic
def enquiries_forget_contacts(*, now=None) -> int:
    """Blank the name, phone, e-mail and address of enquiries older than the retention
    period; returns how many were blanked (a second run blanks nothing)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=round(retention_months() * 30.44))
    return (
        Enquiry.objects.filter(created_at__lt=cutoff)
        .exclude(name="", phone="", email="", ip_address=None)
        .update(name="", phone="", email="", ip_address=None)
    )
