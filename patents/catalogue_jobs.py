"""The patent catalogue imported by the worker (common.import_jobs): a file too large to
check in the request goes this way, through the same service as a confirmed preview."""

from django.urls import reverse
from django.utils.translation import gettext

from patents.services import catalogue_import

CATALOGUE_JOB = "patents.catalogue"


def run_catalogue_job(job, data: bytes, progress) -> tuple[str, str]:
    """The worker's side of `_import_as_task`: the same service as a confirmed preview."""
    params = job.params
    outcome = catalogue_import(
        year=params["year"],
        data=data,
        filename=job.filename,
        title=params.get("title", ""),
        note=params.get("note", ""),
        by=job.created_by,
        progress=progress,
    )
    summary = outcome_message(outcome)
    if not outcome.catalogue.is_published:
        summary += gettext("该年度目录是草稿，公众尚不可见；核对无误后请“发布”。")
    return summary, reverse("admin:patents_catalogue_change", args=[outcome.catalogue.pk])


def outcome_message(outcome) -> str:
    return gettext(
        "%(year)s 年目录已导入：%(rows)s 行；条目新增 %(created)s、更新 %(updated)s、"
        "未变 %(unchanged)s、移除 %(removed)s。"
    ) % {
        "year": outcome.catalogue.year,
        "rows": outcome.rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "removed": outcome.removed,
    }
