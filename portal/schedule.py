"""Celery beat's schedule, defined in code: every periodic task of every app, in one place.

Each entry expires before its next run, so a backlog (a worker down for a night) never
piles up. `portal.settings` reads this as CELERY_BEAT_SCHEDULE."""

from celery.schedules import crontab


def _daily(task: str, hour: int, minute: int, expires_hours: int = 6) -> dict:
    return {
        "task": task,
        "schedule": crontab(hour=hour, minute=minute),
        "options": {"expires": expires_hours * 3600},
    }


BEAT_SCHEDULE = {
    # Statistics: recomputed nightly, and at the start of each month for the month closed.
    "stats-nightly": _daily("contracts.compute_all_stats", 2, 30),
    "stats-month-start": {
        "task": "contracts.compute_all_stats",
        "schedule": crontab(day_of_month=1, hour=0, minute=10),
        "options": {"expires": 2 * 3600},
    },
    # Enquiries open for 5 working days: owner reminded once, listed for the service desk.
    "enquiries-overdue": _daily("institutions.remind_overdue_enquiries", 9, 15),
    # Enquirers' name, phone and e-mail kept ENQUIRY_RETENTION_MONTHS (the form says so).
    "enquiry-contacts-retention": _daily("institutions.forget_enquiry_contacts", 3, 40),
    # The mail outbox: re-sends every minute what no task carried (broker down).
    "outbox-sweep": {"task": "common.sweep_outbox", "schedule": 60.0, "options": {"expires": 50}},
    # Large imports the broker never took or lost: sent again (common.import_jobs).
    "import-jobs-resend": {
        "task": "common.resend_import_jobs",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    # Technology managers who have not filed their yearly report: reminded every Monday
    # from MANAGER_FILING_REMINDER_DAYS before MANAGER_FILING_DEADLINE.
    "managers-filing-reminders": {
        "task": "managers.remind_missing_filings",
        "schedule": crontab(day_of_week=1, hour=9, minute=30),
        "options": {"expires": 12 * 3600},
    },
    # Challenges past their application deadline move to evaluation each morning; the
    # stored suggestions are recomputed nightly besides on each change, so that nothing
    # missed by a lost task stays stale.
    "challenges-close-due": _daily("demands.close_due_challenges", 0, 20),
    "demands-matches-nightly": _daily("demands.compute_matches", 3, 10),
    # Applicants and demand owners 3 working days before a deadline, experts still
    # scoring after 5 working days of evaluation (each reminded once).
    "demands-remind-deadlines": _daily("demands.remind_deadlines", 9, 5),
}
