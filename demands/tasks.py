"""Scheduled work of the demands app (the beat entry is in portal/settings.py); the
matching task lives beside its service (`demands.services.matching.compute_matches`)."""

from celery import shared_task

from demands.services import challenges


@shared_task(name="demands.close_due_challenges")
def close_due_challenges() -> int:
    """Open challenges past their deadline move to evaluating; the parties are told."""
    return len(challenges.challenges_close_due())
