"""The in-process half of the bench: pages timed through Django's test client (median
of several runs after a warm-up, with the SQL queries of one run), and the cursor walk."""

import base64
import statistics
import time
from urllib.parse import urlencode


def timed(function, runs: int) -> tuple[float, int]:
    """(median milliseconds, SQL queries of one run)."""
    from django.db import connection

    function()  # warm-up: caches, plans
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(executed)


WALK_PAGES = 50


def cursor_url(created_at) -> str:
    """The contract list's cursor at a position, as DRF's CursorPagination encodes it."""
    token = base64.b64encode(urlencode({"p": str(created_at)}).encode()).decode()
    return "/api/v1/contracts/?" + urlencode({"cursor": token})


def walk(client, url: str, pages: int) -> tuple[float, float]:
    """Follow `next` for `pages` pages: (median, slowest) milliseconds per page."""
    times = []
    for _ in range(pages):
        start = time.perf_counter()
        body = client.get(url).json()
        times.append((time.perf_counter() - start) * 1000)
        if not body["next"]:
            break
        url = body["next"]
    return statistics.median(times), max(times)


def get(client, url: str):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call
