"""Celery finds tasks in each app's `tasks` module; common's live beside their helpers."""

from common.mail import send_message, sweep_outbox

__all__ = ["send_message", "sweep_outbox"]
