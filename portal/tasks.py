from celery import shared_task


@shared_task(name="portal.ping", ignore_result=False)
def ping() -> str:
    """Answered by a worker; the health check uses it to prove the broker path works."""
    return "pong"
