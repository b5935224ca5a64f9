"""Celery finds tasks in each app's `tasks` module; common's live beside their helpers."""

from celery import shared_task

from common import import_jobs
from common.mail import send_message, sweep_outbox

__all__ = ["resend_import_jobs", "send_message", "sweep_outbox"]


@shared_task(name="common.resend_import_jobs", ignore_result=True)
def resend_import_jobs() -> int:
    """Large imports the broker never took (down) or lost (restarted empty), sent again."""
    return import_jobs.import_jobs_resend()
