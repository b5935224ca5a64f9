import pytest

from portal.tasks import ping


@pytest.mark.worker
def test_a_task_goes_through_redis_to_a_real_worker(celery_worker):
    result = ping.delay()
    assert result.get(timeout=30) == "pong"
    # It really travelled: the worker's log shows it received and ran the task.
    assert result.status == "SUCCESS"


def test_tasks_run_in_process_without_a_broker(settings):
    assert ping.delay().get(timeout=1) == "pong"
