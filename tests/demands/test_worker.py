"""The suggestions are computed by a real Celery worker (Redis broker) once a demand is
published, and stored where the API reads them."""

import time

import pytest

from demands.models import Match
from tests.demands.conftest import make_demand
from tests.demands.test_matching import publish_result


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_publishing_a_demand_has_a_worker_store_its_matches(
    celery_worker, enterprise_user, institute_user, reviewer
):
    result = publish_result(
        institute_user,
        title="多介质复合蒸汽驱提高采收率技术",
        summary="稠油油藏蒸汽驱扩大波及体积。",
    )
    demand = make_demand(enterprise_user, reviewer=reviewer)  # autocommit: the task leaves at once
    deadline = time.monotonic() + 60
    while not Match.objects.filter(
        demand=demand, target_type="result", target_id=result.pk
    ).exists():
        assert time.monotonic() < deadline, "the worker stored no suggestion"
        time.sleep(0.5)
    assert "demands.compute_matches" in celery_worker.log_path.read_text()
