"""A large history file imported by a real Celery worker (Redis, PostgreSQL): the admin
hands it over at once, the progress page counts rows while the worker goes, and ends on
the report."""

import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import ImportJob
from contracts.models import Contract
from tests.conftest import need
from tests.contracts.test_history_import_admin import URL, rows
from tests.stats.history import history_csv

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = 3000


@pytest.fixture
def shared_media(monkeypatch):
    """The worker reads the stored upload from the test's own media folder."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def test_a_large_history_file_is_imported_by_the_worker_with_progress(
    client, reviewer, shared_media, celery_worker
):
    need(bool(settings.CACHES["default"].get("LOCATION")), "needs REDIS_URL (a shared cache)")
    client.force_login(reviewer)
    started = time.monotonic()
    response = client.post(
        URL, {"file": SimpleUploadedFile("history.csv", history_csv(rows(ROWS)))}
    )
    assert response.status_code == 302
    assert time.monotonic() - started < 10, "the request waited for the import"
    job = ImportJob.objects.get()
    assert job.rows == ROWS
    json_url = f"/admin/common/importjob/{job.pk}/progress.json"
    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        state = client.get(json_url).json()
        seen.append((state["stage"], state["done"], state["total"]))
        if state["finished"]:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the import did not finish; last states {seen[-5:]}")
    assert state["status"] == "done", state["errors"]
    partial = [done for _stage, done, total in seen if 0 < done < total]
    assert partial, f"no progress was shown between start and end: {seen}"
    for stage in {stage for stage, _d, _t in seen}:
        counts = [done for s, done, _t in seen if s == stage]
        assert counts == sorted(counts), f"progress went back in stage {stage}: {counts}"
    assert Contract.objects.count() == ROWS
    page = client.get(f"/admin/common/importjob/{job.pk}/progress/").content.decode()
    assert f"历史登记已导入：新增 {ROWS} 条" in page and 'http-equiv="refresh"' not in page
