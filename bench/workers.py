"""Which gunicorn worker class and count: the same short load on the bench database for
each candidate, on the stack's ceiling, a cached public page and the reviewer's list.

    .venv/bin/python bench/workers.py --database-url postgres://…/portal_bench

Run after bench.py filled the database (it reuses the bench's users). The winner is
written into docker-compose.yml by hand, with the table in its comment.
"""

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

CANDIDATES = (("sync", 2, 1), ("sync", 4, 1), ("gthread", 2, 4), ("gthread", 4, 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=20)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        CELERY_BROKER_URL="",
        REDIS_URL=args.redis_url,
        EMAIL_URL="locmem://",
    )
    import django

    django.setup()
    import under_load as load
    from django.test import Client

    from accounts.models import User

    reviewer = Client()
    reviewer.force_login(User.objects.get(username="bench-reviewer"))
    session = {"Cookie": f"sessionid={reviewer.cookies['sessionid'].value}"}
    pages = [
        ("home page", {}, "/", None),
        ("API contracts, reviewer, page 1", session, "/api/v1/contracts/", None),
    ]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    print(f"{'gunicorn':<22} {'what':<34} {'req/s':>7} {'p50':>7} {'p95':>7} {'RSS MiB':>8}")
    for worker_class, workers, threads in CANDIDATES:
        loads, peak = load.run(
            pages, env=env, seconds=args.seconds, connections=args.connections,
            workers=workers, worker_class=worker_class, threads=threads,
        )  # fmt: skip
        shape = f"{workers} × {worker_class}" + (f" × {threads}" if threads > 1 else "")
        for entry in loads:
            print(
                f"{shape:<22} {entry.label:<34} {entry.rps:>7.0f} {entry.p50_ms:>7.1f} "
                f"{entry.p95_ms:>7.1f} {peak:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
