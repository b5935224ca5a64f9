"""Structured logs with a request id: every request gets one (the client's `X-Request-ID`
when it is sane, else a new one), echoed in the response, attached to every log record
written while the request runs, and carried in the headers of the Celery tasks it enqueues
so that their log lines carry it too."""

import contextvars
import json
import logging
import re
import time
import uuid

from celery import signals

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
logger = logging.getLogger("portal.request")


def new_request_id(offered: str | None = None) -> str:
    if offered and SANE_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id for the request's duration and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = request_id.set(rid)
        request.request_id = rid
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = rid
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or the task's) on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True


# What a record carries that is not an extra the caller gave; and extras never written out
# (Celery's `data` holds a task's arguments: e-mail bodies, addresses).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_WITHHELD = {"data", "args", "kwargs"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and the extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        for key, value in vars(record).items():
            scalar = isinstance(value, str | int | float | bool | None)
            if scalar and key not in _STANDARD and key not in _WITHHELD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# ---- Celery: the id travels in the task's headers -------------------------------------


@signals.before_task_publish.connect(weak=False)
def _add_request_id(headers=None, **kwargs):
    rid = request_id.get()
    if rid and headers is not None and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = rid


def task_request_id(task) -> str:
    request = getattr(task, "request", None)
    rid = getattr(request, TASK_HEADER, None)
    if not rid:
        rid = (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    return rid or ""


_task_tokens: dict[str, contextvars.Token] = {}


@signals.task_prerun.connect(weak=False)
def _enter_task(task_id=None, task=None, **kwargs):
    rid = task_request_id(task)
    if rid and task_id:
        _task_tokens[task_id] = request_id.set(rid)


@signals.task_postrun.connect(weak=False)
def _leave_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
