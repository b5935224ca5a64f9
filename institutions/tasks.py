"""Scheduled work of the institutions app (the beat entry is in portal/settings.py)."""

from celery import shared_task

from institutions import services


@shared_task(name="institutions.remind_overdue_enquiries")
def remind_overdue_enquiries() -> int:
    """Owners reminded once and the desk told of enquiries open for 5 working days."""
    return len(services.enquiries_remind_overdue())
