"""The patents app's Celery tasks: thin, they take ids."""

from celery import shared_task

from common import import_jobs
from patents.catalogue_jobs import run_catalogue_job


@shared_task(name="patents.run_catalogue_import")
def run_catalogue_import(job_id: str) -> str:
    """A large catalogue file a reviewer uploaded, checked and imported with progress."""
    return import_jobs.import_job_run(job_id=job_id, runner=run_catalogue_job)
