"""The reviewer imports historical registrations in the admin: small files at once, large
ones through the worker's progress page (eager tasks here)."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import ImportJob
from contracts.models import Contract
from tests.conftest import make_member
from tests.stats.history import history_csv, history_row

pytestmark = pytest.mark.django_db

URL = "/admin/contracts/contract/import-history/"


def rows(count, start=1):
    rng = random.Random(7)
    day = datetime.date(2024, 5, 6)
    return [history_row(n, day, Decimal("200000.00"), rng) for n in range(start, start + count)]


def post(client, data, name="h.csv", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.IMPORT_TASK_ROWS = 4


def test_the_contract_list_offers_the_import(client, reviewer):
    client.force_login(reviewer)
    assert URL in client.get("/admin/contracts/contract/").content.decode()


def test_a_small_file_is_imported_at_once(client, reviewer):
    client.force_login(reviewer)
    response = post(client, history_csv(rows(3)))
    assert response.status_code == 302 and Contract.objects.count() == 3
    assert "历史登记已导入：新增 3 条" in client.get(response["Location"]).content.decode()
    assert not ImportJob.objects.exists()


def test_a_small_bad_file_lists_its_errors_by_row_and_imports_nothing(client, reviewer):
    client.force_login(reviewer)
    bad = rows(3)
    bad[1]["registered_on"] = "2024-13-01"
    response = post(client, history_csv(bad))
    html = response.content.decode()
    assert response.status_code == 400 and "第 3 行" in html and "未导入任何数据" in html
    assert not Contract.objects.exists()


def test_a_large_file_goes_to_the_worker_and_ends_on_the_summary(
    client, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, history_csv(rows(9)))
    job = ImportJob.objects.get()
    assert response["Location"] == f"/admin/common/importjob/{job.pk}/progress/"
    assert Contract.objects.count() == 9
    page = client.get(response["Location"]).content.decode()
    assert "历史登记已导入：新增 9 条" in page and "/admin/contracts/contract/" in page


def test_a_large_bad_file_ends_on_its_errors(client, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    bad = rows(9)
    bad[6]["contract_amount"] = "很多"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, history_csv(bad))
    page = client.get(response["Location"]).content.decode()
    assert "第 8 行" in page and "未导入任何数据" in page
    assert not Contract.objects.exists()


def test_only_reviewers_may_import(client, reviewer):
    member = make_member(by=reviewer)
    member.is_staff = True
    member.save()
    client.force_login(member)
    assert post(client, history_csv(rows(2))).status_code == 403
    assert not Contract.objects.exists()


def test_a_wrong_file_type_is_refused(client, reviewer):
    client.force_login(reviewer)
    response = post(client, b"%PDF-1.4", name="h.pdf")
    assert response.status_code == 400 and "只支持 .xlsx 或 .csv" in response.content.decode()
