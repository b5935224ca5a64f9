"""The query plans behind the budgets: EXPLAIN (ANALYZE, BUFFERS) of each list query as
the views build it, on the bench database that bench.py filled.

    .venv/bin/python bench/explain.py --database-url postgres://…/portal_bench [--only search]

Prints, per query, the plan's top lines and its execution time: what to read before adding
(or keeping) an index. Nothing here asserts.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def keys(queryset, size=20):
    """A page as common.paginators reads it: the page's keys (one more, for "next")."""
    return queryset.values_list("pk", flat=True)[: size + 1]


def bounded(queryset):
    """The bounded count's subquery (common.paginators)."""
    return queryset.order_by().values("pk")[:10_001]


def queries():
    """(label, queryset) — the queries the API, "my contracts" and the admin run."""
    from contracts import selectors
    from contracts.models import Contract

    newest = ("-created_at", "-pk")
    everything = Contract.objects.order_by(*newest)
    middle = everything[500_000:500_001].first()
    mine = everything.filter(seller__isnull=False).values_list("seller_id", flat=True).first()
    yield "API page 1", keys(everything)
    yield "bounded count", bounded(everything)
    quarter = everything.filter(registered_on__gte="2025-01-01", registered_on__lte="2025-03-31")
    yield "API 2025 Q1", keys(quarter)
    yield "bounded count 2025 Q1", bounded(quarter)
    for word in ("氢能储运", "数字油田", "91650204MA0001234Y", "2025650201000123"):
        found = selectors.search(everything, word)
        yield f"search {word}", keys(found)
        yield f"bounded count {word}", bounded(found)
    if middle is not None:
        yield "cursor, halfway", everything.filter(created_at__lt=middle.created_at)[:21]
    if mine is not None:
        yield "my contracts", keys(everything.filter(seller_id=mine))
    queue = everything.filter(status="submitted").order_by("review_due_on", "submitted_at", "pk")
    yield "admin queue", keys(queue, 50)
    yield (
        "a page's rows by key",
        everything.select_related("seller").filter(pk__in=list(keys(everything))),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
        ),
    )
    parser.add_argument("--only", default="", help="labels containing this text")
    parser.add_argument("--lines", type=int, default=12, help="plan lines shown per query")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        CELERY_BROKER_URL="",
        REDIS_URL="",
    )
    import django

    django.setup()
    from django.db import connection

    for label, queryset in queries():
        if args.only not in label:
            continue
        if label.startswith("bounded count"):
            # Django's count of a slice: SELECT COUNT(*) FROM (… LIMIT n).
            sql, params = queryset.query.get_compiler("default").as_sql()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM ({sql}) AS sliced", params
                )
                plan = "\n".join(row[0] for row in cursor.fetchall())
        else:
            plan = queryset.explain(analyze=True, buffers=True)
        lines = plan.splitlines()
        print(f"\n== {label}")
        print("\n".join(lines[: args.lines]))
        if len(lines) > args.lines:
            print(f"   … {lines[-1].strip()}")


if __name__ == "__main__":
    main()
