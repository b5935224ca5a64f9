"""Scheduled work of the demands app (the beat entry is in portal/settings.py); the
matching task lives beside its service (`demands.services.matching.compute_matches`)."""

from celery import shared_task

from demands.services import challenges, reminders


@shared_task(name="demands.close_due_challenges")
def close_due_challenges() -> int:
    """Open challenges past their deadline move to evaluating; the parties are told."""
    return len(challenges.challenges_close_due())


@shared_task(name="demands.remind_deadlines")
def remind_deadlines() -> dict[str, int]:
    """Applicants, demand owners and experts told once that a deadline is near."""
    return reminders.deadlines_remind()
