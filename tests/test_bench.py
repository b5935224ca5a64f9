"""The shipped benchmark runs end to end at a tiny scale, so that it cannot rot: it fills
its own database, times the pages in-process and under load through gunicorn and wrk,
and writes its JSON report. Nothing here judges the times."""

import json
import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from tests.conftest import ROOT, need


def test_the_benchmark_runs_and_reports_every_url(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    need(url.startswith("postgres"), "needs PostgreSQL: set DATABASE_URL=postgres://…")
    need(shutil.which("wrk") is not None, "needs wrk (Debian's package) for the load part")
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench_tiny"))
    output = tmp_path / "latest.json"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    run = subprocess.run(
        [sys.executable, "bench/bench.py", "--rows", "300", "--runs", "1", "--seconds", "1",
         "--workers", "1", "--connections", "2", "--database-url", bench_url,
         "--output", str(output)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(output.read_text())
    assert report["rows"] == 300 and report["cores"] >= 1
    assert set(report["statistics"]) >= {
        "recompute_ms", "bare_sql_ms", "ratio", "one_month_ms", "bare_one_month_ms",
    }  # fmt: skip
    urls = {entry["url"]: entry for entry in report["urls"]}
    assert "/healthz/?live" in urls and "/api/v1/contracts/" in urls and "/stats/?year=2025" in urls
    for entry in report["urls"]:
        assert set(entry) >= {"rps", "p50_ms", "p95_ms", "p99_ms", "ratio_to_ceiling", "queries"}
        assert entry["errors"] == 0, entry
    assert urls["/healthz/?live"]["rps"] > 0
    assert report["web_worker_peak_rss_mib"] > 0
    if os.environ.get("CELERY_BROKER_URL"):  # the worker recomputed the statistics
        assert report["celery_worker_peak_rss_mib"] > 0
    assert report["cursor_walk"]["median_ms"] > 0
    cursor_pages = [e for e in report["in_process"] if "cursor=" in e["url"]]
    assert len(cursor_pages) == 3 and all(e["queries"] > 0 for e in cursor_pages)
    assert "under load" in run.stdout
