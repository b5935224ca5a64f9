"""Celery finds an app's tasks in its `tasks` module. The contracts' tasks are defined
beside the services that enqueue them (`contracts.services.statistics`), so that a
service and its task need no import of each other; status e-mails go through
`common.mail`."""

from contracts.importing import run_history_import
from contracts.services.statistics import compute_all_stats, compute_month_stats

__all__ = ["compute_all_stats", "compute_month_stats", "run_history_import"]
