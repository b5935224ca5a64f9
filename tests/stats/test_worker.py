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


@pytest.mark.worker
def test_a_worker_recomputes_a_cancelled_registration_and_records_the_revision(
    celery_worker, enterprise_user, reviewer
):
    """A change of a registration goes through Redis like a registration: the worker
    drops the cancelled contract from its month; a published month keeps a revision
    with the reason of the mark."""
    import datetime
    import random
    from decimal import Decimal

    from contracts.models import Contract, StatsRevision
    from contracts.services import stats_month_changed
    from tests.stats.history import history_row, import_history

    rng = random.Random(3)
    day = datetime.date(2025, 6, 10)
    import_history([history_row(n, day, Decimal("900000.00"), rng) for n in (1, 2, 3)])
    assert month_count(day) == 3
    contract = Contract.objects.get(registration_number="2025650201000002")
    contract.registration_state = "cancelled"
    contract.save()
    stats_month_changed(day, reason="注销登记（测试）")
    assert wait_for(lambda: month_count(day) == 2), "the worker did not recompute the month"
    assert stored() == brute_force()
    revision = StatsRevision.objects.get(year=2025, month=6, field="contracts")
    assert (revision.old, revision.new, revision.reason) == (3, 2, "注销登记（测试）")
