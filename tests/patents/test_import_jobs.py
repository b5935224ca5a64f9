"""A large catalogue file goes to the worker: stored, checked and imported by a task, with
a progress page that ends on the result or on every error by row (eager tasks here; the
real worker in tests/test_import_worker.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common import import_jobs
from common.models import ImportJob
from patents.models import Catalogue, CatalogueEntry
from tests.conftest import make_reviewer
from tests.patents.conftest import csv_bytes, many_rows, row, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/patents/catalogue/import/"


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.IMPORT_TASK_ROWS = 5
    settings.MEDIA_ROOT = tmp_path


def upload(client, data, name, year=2025):
    return client.post(
        IMPORT_URL, {"year": year, "title": "", "file": SimpleUploadedFile(name, data)}
    )


def test_a_small_file_stays_in_the_request_with_its_preview(client, reviewer):
    client.force_login(reviewer)
    response = upload(client, csv_bytes(many_rows(5)), "small.csv")
    assert response.status_code == 200 and "确认导入" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_large_file_is_imported_by_a_task_and_the_page_shows_the_result(
    client, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, xlsx_bytes(many_rows(12)), "big.xlsx")
    # One callback sends the job (the import's own bump of the listings' cache is another).
    sends = [c for c in callbacks if c.__qualname__.startswith("import_job_create")]
    assert len(sends) == 1
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/common/importjob/{job.pk}/progress/"
    assert CatalogueEntry.objects.filter(catalogue__year=2025).count() == 12
    page = client.get(response["Location"]).content.decode()
    assert "2025 年目录已导入：12 行" in page and 'http-equiv="refresh"' not in page
    state = client.get(f"/admin/common/importjob/{job.pk}/progress.json").json()
    assert state["status"] == "done" and state["done"] == state["total"] == 12
    job.refresh_from_db()
    assert job.rows == 12 and job.created_by == reviewer
    assert not (job.path and (import_jobs.default_storage.exists(job.path)))


def test_a_large_bad_file_ends_on_every_error_by_row_and_imports_nothing(
    client, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    rows = [*many_rows(8), row(application_number="2021100000X0", title="")]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(rows), "bad.csv")
    page = client.get(response["Location"]).content.decode()
    assert "未导入任何数据" in page and "第 10 行" in page
    assert not Catalogue.objects.exists()
    assert ImportJob.objects.get().status == "failed"


def test_while_it_runs_the_page_counts_rows_and_refreshes(client, reviewer):
    """The job queued (no worker yet): the page refreshes itself and shows 0 / total."""
    client.force_login(reviewer)
    response = upload(client, csv_bytes(many_rows(9)), "queued.csv")  # on_commit not run
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "0 / 9 行" in page and "排队中" in page


def test_progress_reported_during_the_task_is_readable_from_the_cache(reviewer):
    job = import_jobs.import_job_create(
        kind="test", data=csv_bytes(many_rows(7)), filename="p.csv", params={}, by=reviewer,
        task="patents.run_catalogue_import", send=lambda task, args: None,
    )  # fmt: skip
    seen = []

    def runner(job, data, progress):
        for done in (2, 4, 7):
            progress("check", done, 7)
            seen.append(import_jobs.job_state(job)["done"])
        return "完成", ""

    assert import_jobs.import_job_run(job_id=job.pk, runner=runner) == "done"
    assert seen == [2, 4, 7]
    assert import_jobs.import_job_run(job_id=job.pk, runner=runner) == ""  # ran once


def test_only_the_uploader_sees_the_job(client, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    response = upload(client, csv_bytes(many_rows(9)), "mine.csv")
    other = make_reviewer()
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 404


def test_a_job_the_broker_never_took_is_sent_again_and_imported(
    client, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    """Broker down at upload: the file is kept, the page says the import waits for the
    worker (no need to upload again), and the minute sweep sends it once the broker is
    back: imported, exactly once."""
    import datetime

    from django.utils import timezone

    def broker_down(task_name, args):
        raise ConnectionError("redis: connection refused")

    monkeypatch.setattr(import_jobs, "_apply", broker_down)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(many_rows(9)), "waits.csv")
    job = ImportJob.objects.get()
    assert job.status == "queued" and job.sent_at is None
    assert job.task_name == "patents.run_catalogue_import"
    assert "无需重新上传" not in client.get(response["Location"]).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    page = client.get(response["Location"]).content.decode()
    assert "无需重新上传" in page and "排队中" in page
    # The sweep while the broker is still down sends nothing and loses nothing.
    assert import_jobs.import_jobs_resend(send=broker_down) == 0
    monkeypatch.undo()
    # Back up (eager tasks here: the registered task runs in-process).
    assert import_jobs.import_jobs_resend() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.sent_at is not None
    assert CatalogueEntry.objects.filter(catalogue__year=2025).count() == 9
    assert import_jobs.import_jobs_resend() == 0


def test_the_sweep_sends_a_lost_message_again_but_not_a_fresh_one(reviewer):
    import datetime

    from django.utils import timezone

    sent = []
    job = import_jobs.import_job_create(
        kind="test", data=csv_bytes(many_rows(7)), filename="p.csv", params={}, by=reviewer,
        task="patents.run_catalogue_import", send=lambda task, args: sent.append(args),
    )  # fmt: skip
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(sent_at=now)
    record = lambda task, args: sent.append((task, args))  # noqa: E731
    assert (
        import_jobs.import_jobs_resend(now=now + datetime.timedelta(minutes=30), send=record) == 0
    )
    later = now + datetime.timedelta(hours=2)  # a broker restarted empty lost it
    assert import_jobs.import_jobs_resend(now=later, send=record) == 1
    assert sent == [("patents.run_catalogue_import", (str(job.pk),))]
    ImportJob.objects.filter(pk=job.pk).update(status="running", sent_at=now)
    assert import_jobs.import_jobs_resend(now=later, send=record) == 0  # claimed: left alone


def test_the_resend_sweep_runs_every_minute_and_expires_before_the_next(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["import-jobs-resend"]
    assert entry["task"] == "common.resend_import_jobs"
    assert entry["schedule"] == 60.0 and entry["options"]["expires"] < 60
