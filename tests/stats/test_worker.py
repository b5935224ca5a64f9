"""The statistics computed by a real Celery worker fed through Redis."""

import threading
import time

import pytest
from django.db import connection, transaction

from contracts.models import MonthlyStat
from contracts.services import compute_stats
from tests.contracts.conftest import make_registered
from tests.stats.history import brute_force, stored


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def month_count(day) -> int:
    stat = MonthlyStat.objects.filter(year=day.year, month=day.month).first()
    return stat.contracts if stat else 0


@pytest.mark.worker
def test_a_worker_computes_the_month_and_counts_a_registration_made_meanwhile(
    celery_worker, enterprise_user, reviewer
):
    first = make_registered(enterprise_user, reviewer)
    day = first.registered_on
    # This process computes nothing (tasks go to Redis): the worker must have done it.
    assert wait_for(lambda: month_count(day) == 1), "the worker did not compute the month"

    def register_another():
        try:
            make_registered(enterprise_user, reviewer, title="计算期间登记的合同")
        finally:
            connection.close()

    # A computation is running (its transaction holds the stats lock and has already
    # read the contracts) when another contract is registered and its task sent.
    with transaction.atomic():
        compute_stats(day.year, day.month)
        other = threading.Thread(target=register_another)
        other.start()
        other.join(timeout=30)
        assert not other.is_alive()
    # The stale run commits first; the worker's run, queued meanwhile, has the last word.
    assert wait_for(lambda: month_count(day) == 2), "the registration made meanwhile was lost"
    assert stored() == brute_force()


@pytest.mark.worker
def test_a_worker_killed_mid_computation_leaves_the_table_correct(
    celery_prefork_worker, enterprise_user, reviewer
):
    """The task is stopped where it waits for the statistics lock (held here), its process
    killed; the message, acknowledged only after the task (acks_late), comes back and a
    new child computes the month."""
    import os
    import signal
    import subprocess

    import psycopg2

    from contracts.services.statistics import STATS_LOCK_KEY
    from tests.conftest import _database_url_for_worker

    holder = psycopg2.connect(_database_url_for_worker())
    holder.autocommit = True
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [STATS_LOCK_KEY])
    try:
        contract = make_registered(enterprise_user, reviewer)
        day = contract.registered_on

        def waiting_child():
            with holder.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE '%%pg_advisory_xact_lock%%'"
                )
                return cursor.fetchone()

        assert wait_for(waiting_child), "the task never reached the computation"
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(celery_prefork_worker.pid)],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        assert children, "no worker child process"
        for child in children:
            os.kill(int(child), signal.SIGKILL)
    finally:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [STATS_LOCK_KEY])
        holder.close()
    assert wait_for(lambda: month_count(day) == 1, timeout=60), (
        "the month was not computed after the worker was killed:\n"
        + celery_prefork_worker.log_path.read_text()[-3000:]
    )
    assert stored() == brute_force()
