"""Large imports run by the worker, with progress any web process can read.

A reviewer's file above IMPORT_TASK_ROWS data rows (setting, 500 by default) is not checked
in the request: it is stored under MEDIA_ROOT/import-jobs/, an `ImportJob` row is written,
and the app's task gets the job's id once that row is committed. The task claims the job
(queued → running, a conditional update: a task delivered twice runs once), runs the
app's import with a `Progress` that writes to the cache, and records how it ended on the
row: the summary and where to look, or every error by row, nothing imported. The page
`admin:common_importjob_progress` shows rows done / total until then.

Nothing is lost when the broker is down or restarts empty: the job keeps the task's name,
and a sweep every minute (`common.resend_import_jobs`) sends again a queued job the broker
never took (after RESEND_UNSENT_SECONDS) or took so long ago that the message must be lost
(RESEND_LOST_SECONDS); the claim makes a second delivery run nothing.

Progress lives in the cache because the imports run in one transaction (all or nothing),
which would hide every progress write to the row until the end. The cache is Redis when
REDIS_URL is set, which the worker and every web process share; losing it loses only the
progress bar, never the result.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import PurePath

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.importing import ImportRejected, Progress
from common.models import ImportJob, ImportJobStatus
from common.spreadsheets import count_data_rows

log = logging.getLogger(__name__)

DEFAULT_TASK_ROWS = 500
JOB_FOLDER = "import-jobs"
PROGRESS_SECONDS = 7 * 24 * 3600
RESEND_UNSENT_SECONDS = 60
RESEND_LOST_SECONDS = 3600

# What the import does with the file: returns (summary, URL of the result) or raises
# ImportRejected / ValidationError, having written nothing.
Runner = Callable[[ImportJob, bytes, Progress], tuple[str, str]]


def task_threshold() -> int:
    return int(getattr(settings, "IMPORT_TASK_ROWS", DEFAULT_TASK_ROWS))


def runs_as_task(data: bytes, filename: str) -> bool:
    """More data rows than the threshold (counting stops just past it)."""
    limit = task_threshold()
    return count_data_rows(data, filename, up_to=limit + 1) > limit


def _send(job_id, task_name: str, send: Callable[..., object]) -> bool:
    """Hand the job to the broker; True if it took it (the time is recorded)."""
    try:
        send(task_name, (str(job_id),))
    except Exception:  # a broker that is down: the job waits for the sweep, the request does not
        log.warning("import job %s queued but not sent (broker unavailable)", job_id)
        return False
    ImportJob.objects.filter(pk=job_id).update(sent_at=timezone.now())
    return True


def _apply(task_name: str, args: tuple) -> None:
    # The registered task itself, so that without a broker (make run) it runs in-process;
    # a web process has registered only the tasks it imported: the rest are discovered.
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()
    current_app.tasks[task_name].apply_async(args, retry=False)


@transaction.atomic
def import_job_create(
    *, kind: str, data: bytes, filename: str, params: dict, by, task: str, send=None
) -> ImportJob:
    """Store the file and the job; the Celery task named `task` gets the job's id once the
    job is committed (`send(task, args)` hands it over)."""
    job = ImportJob(kind=kind, filename=filename[:255], params=params, created_by=by)
    job.task_name = task
    suffix = PurePath(filename).suffix.lower()
    job.path = default_storage.save(f"{JOB_FOLDER}/{job.pk}{suffix}", ContentFile(data))
    job.rows = count_data_rows(data, filename)
    job.save()
    transaction.on_commit(lambda: _send(job.pk, task, send or _apply), robust=True)
    return job


def import_jobs_resend(*, now=None, send=None) -> int:
    """Send again each queued job the broker never took, or took long enough ago that its
    message must be lost; returns how many were sent."""
    now = now or timezone.now()
    due = ImportJob.objects.filter(status=ImportJobStatus.QUEUED).exclude(task_name="")
    due = due.filter(
        Q(sent_at__isnull=True, created_at__lte=now - timedelta(seconds=RESEND_UNSENT_SECONDS))
        | Q(sent_at__lte=now - timedelta(seconds=RESEND_LOST_SECONDS))
    )
    send = send or _apply
    return sum(_send(job.pk, job.task_name, send) for job in due.only("pk", "task_name"))


def _key(job_id) -> str:
    return f"import-job:{job_id}"


def _progress_writer(job_id) -> Progress:
    def progress(stage: str, done: int, total: int) -> None:
        cache.set(_key(job_id), {"stage": stage, "done": done, "total": total}, PROGRESS_SECONDS)

    return progress


def import_job_run(*, job_id, runner: Runner) -> str:
    """Run one queued job to its end; returns its final status ("" if not this task's)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return ""
    job = ImportJob.objects.get(pk=job_id)
    progress = _progress_writer(job.pk)
    progress("check", 0, job.rows)
    try:
        with default_storage.open(job.path, "rb") as stored:
            data = stored.read()
        job.summary, job.result_url = runner(job, data, progress)
        job.status = ImportJobStatus.DONE
    except ImportRejected as exc:
        job.status, job.errors = ImportJobStatus.FAILED, list(exc.errors)
    except ValidationError as exc:
        job.status, job.errors = ImportJobStatus.FAILED, list(exc.messages)
    except Exception:
        log.exception("import job %s failed", job.pk)
        job.status = ImportJobStatus.FAILED
        job.errors = [_("导入时发生内部错误，未导入任何数据。请稍后重试或联系系统管理员。")]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "summary", "result_url", "finished_at"])
    default_storage.delete(job.path)
    return job.status


def job_state(job: ImportJob) -> dict:
    """What the progress page and its JSON show."""
    current = cache.get(_key(job.pk)) or {}
    total = current.get("total") or job.rows
    done = current.get("done", 0)
    if job.status == ImportJobStatus.DONE:
        done = total
    stage = current.get("stage", "")
    waited = (timezone.now() - job.created_at).total_seconds() if job.created_at else 0
    return {
        "status": job.status,
        # Queued past the first sweep: the worker (or its broker) is not taking jobs now.
        "waiting": job.status == ImportJobStatus.QUEUED and waited > RESEND_UNSENT_SECONDS,
        "status_label": str(ImportJobStatus(job.status).label),
        "stage": stage,
        "stage_label": _("检查各行") if stage == "check" else (_("写入") if stage else ""),
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 0,
        "finished": job.is_finished,
        "errors": job.errors,
        "summary": job.summary,
        "result_url": job.result_url,
    }


def job_for_user(user, pk) -> ImportJob | None:
    """Its uploader and superusers see a job; anyone else is told it does not exist."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not (user.is_superuser or job.created_by_id == user.pk):
        return None
    return job
