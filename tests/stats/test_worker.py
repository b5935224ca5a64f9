"""The statistics computed by a real Celery worker fed through Redis."""

import threading
import time

import pytest
from django.db import connection, transaction

from contracts.models import MonthlyStat
from contracts.statistics import compute_stats
from tests.contracts.conftest import make_registered
from tests.stats.test_statistics import brute_force, stored


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
