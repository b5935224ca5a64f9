"""Structured request logs with a request id that follows the work into Celery tasks."""

import json
import logging
import time

import pytest

from common.requestlog import JsonFormatter, RequestIdFilter, request_id


def _request_lines(caplog):
    return [record for record in caplog.records if record.name == "portal.request"]


@pytest.mark.django_db
def test_a_sane_request_id_is_honoured_echoed_and_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    response = client.get("/", HTTP_X_REQUEST_ID="gw-7f3a.01")
    assert response["X-Request-ID"] == "gw-7f3a.01"
    [record] = _request_lines(caplog)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "gw-7f3a.01"
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"


@pytest.mark.django_db
@pytest.mark.parametrize("offered", [None, "", "x" * 65, "has space", "换行\n注入", "a;b"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(client, offered):
    headers = {} if offered is None else {"HTTP_X_REQUEST_ID": offered}
    first = client.get("/", **headers)["X-Request-ID"]
    second = client.get("/", **headers)["X-Request-ID"]
    assert len(first) == 32 and first != second and first != offered
    assert request_id.get() == ""  # nothing leaks past the request


def test_publishing_inside_a_request_puts_the_id_in_the_task_headers():
    from common import requestlog

    token = request_id.set("req-99")
    try:
        headers = {}
        requestlog._add_request_id(headers=headers)
        assert headers == {"request_id": "req-99"}
    finally:
        request_id.reset(token)
    headers = {}
    requestlog._add_request_id(headers=headers)
    assert headers == {}


@pytest.mark.worker
def test_the_worker_logs_a_task_with_the_request_id_that_enqueued_it(celery_worker):
    from portal.tasks import ping

    token = request_id.set("req-worker-1")
    try:
        result = ping.delay()
    finally:
        request_id.reset(token)
    assert result.get(timeout=30) == "pong"
    # The worker writes plain lines here (LOG_FORMAT=text): "… [request id] message".
    deadline = time.monotonic() + 15
    while True:
        mine = [
            line for line in celery_worker.log_path.read_text().splitlines() if result.id in line
        ]
        if any("[req-worker-1]" in line for line in mine):
            break
        assert time.monotonic() < deadline, f"no task log line with the request id: {mine}"
        time.sleep(0.3)


def test_task_arguments_never_reach_the_json_log():
    record = logging.LogRecord(
        "celery.app.trace", logging.INFO, "", 0, "Task x succeeded", (), None
    )
    record.data = {"args": "('主题', '正文 with zhang@example.com')"}
    line = json.loads(JsonFormatter().format(record))
    assert "data" not in line and "zhang@example.com" not in json.dumps(line)
