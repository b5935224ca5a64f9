"""Scheduled work of the managers app (the beat entry is in portal/settings.py)."""

from celery import shared_task
from django.db.utils import InterfaceError, OperationalError

from managers import services


@shared_task(
    name="managers.remind_missing_filings",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def remind_missing_filings() -> int:
    """Approved managers who have not filed last year's report, reminded near the deadline
    (at most once a week each, so a duplicate delivery reminds nobody twice)."""
    return len(services.filings_remind_missing())
