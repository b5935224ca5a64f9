"""The portal at scale: a million registered contracts on PostgreSQL.

    make bench                       # 1,000,000 contracts in the database `portal_bench`
    make bench BENCH_ARGS="--rows 200000 --database-url postgres://…/other"

It creates (or reuses) the bench database, fills it with fictional contracts by one
INSERT … SELECT generate_series (rows never go through Python), then times what users and
integrators do — the reviewer's API list and search, an enterprise's "my contracts" page,
the admin queue, the statistics pages — by median of several runs through Django's test
client, with the number of SQL queries each costs. Last, the full statistics computation
against a bare SQL aggregate over the same rows. Nothing here asserts: it measures.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLE_WORDS = (
    "稠油热采",
    "压裂液体系",
    "数字油田",
    "钻井装备",
    "油气集输",
    "含油污泥",
    "光热发电",
    "储能电池",
)
RARE_WORD = "氢能储运"  # in one title of a thousand: a selective search
TYPES = (
    ("development", "commissioned"), ("development", "cooperative"), ("transfer", "patent_right"),
    ("license", "patent_nonexclusive"), ("consulting", "consulting"), ("service", "service"),
    ("service", "training"),
)  # fmt: skip
FIELDS = (
    "advanced_manufacturing",
    "new_energy",
    "new_materials",
    "electronics_information",
    "environment_resources",
)
NATURES = ("110", "150", "160", "170", "021", "022")
REGIONS = ("650203", "650204", "650202", "310110", "110108", "510107")


def sql_array(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# The columns populate() fills by name; every other NOT NULL column gets its model default,
# so a field added to Contract later doesn't break the bench.
FILLED = (
    "title", "contract_type", "subtype", "seller_id", "seller_name", "seller_uscc",
    "seller_entity_nature", "buyer_name", "buyer_uscc", "buyer_country_code",
    "buyer_region_code", "buyer_entity_nature", "contract_amount", "technology_amount",
    "signed_on", "valid_from", "valid_until", "technical_field", "ip_type", "patent_numbers",
    "status", "registration_number", "registered_on", "registered_by_id", "submitted_at",
    "review_due_on", "reviewer_note", "amends_id", "created_by_id", "created_at", "updated_at",
    "is_demo", "registration_state", "verification_code",
)  # fmt: skip


def other_columns() -> dict:
    """{column: SQL literal of its default} for the NOT NULL columns populate() doesn't name."""
    from django.db import connection
    from psycopg2.extensions import adapt

    from contracts.models import Contract

    values = {}
    for field in Contract._meta.concrete_fields:
        if field.primary_key or field.column in FILLED or field.null:
            continue
        value = field.get_db_prep_save(field.get_default(), connection)
        values[field.column] = adapt(value).getquoted().decode()
    return values


def populate(rows: int, seller_id: int, reviewer_id: int) -> None:
    """Fill contracts_contract with `rows` rows: 97 % registered over 2016–2025, the rest
    submitted or draft; one in a thousand belongs to the bench enterprise."""
    from django.db import connection

    other = other_columns()
    types = sql_array(t for t, _s in TYPES)
    subtypes = sql_array(s for _t, s in TYPES)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE contracts_contract, contracts_contractevent, contracts_contractattachment, "
                       "contracts_monthlystat, contracts_monthlybreakdown, contracts_statsdirtymonth, "
                       "contracts_registrationcounter RESTART IDENTITY CASCADE")  # fmt: skip
        cursor.execute(
            f"""
            INSERT INTO contracts_contract ({", ".join((*FILLED, *other))})
            SELECT
                CASE WHEN word % 1000 = 0 THEN '{RARE_WORD}' ELSE ({sql_array(TITLE_WORDS)})[1 + word % {len(TITLE_WORDS)}] END
                    || '技术合同' || g,
                ({types})[1 + g % {len(TYPES)}],
                ({subtypes})[1 + g % {len(TYPES)}],
                CASE WHEN g % 1000 = 7 THEN {seller_id} END,
                '卖方单位' || (g % 5000), '91650203MA' || lpad((g % 5000)::text, 7, '0') || 'X',
                ({sql_array(NATURES)})[1 + g % {len(NATURES)}],
                '买方单位' || (g % 20000), '91650204MA' || lpad((g % 20000)::text, 7, '0') || 'Y',
                '156',
                ({sql_array(REGIONS)})[1 + g % {len(REGIONS)}],
                ({sql_array(NATURES)})[1 + (g / 7) % {len(NATURES)}],
                amount, round(amount * 0.8, 2),
                day - 20, day - 20, day + 345,
                ({sql_array(FIELDS)})[1 + g % {len(FIELDS)}],
                CASE WHEN g % {len(TYPES)} IN (2, 3) THEN 'patent' ELSE 'none' END,
                '[]'::jsonb,
                CASE WHEN g % 100 < 97 THEN 'registered' WHEN g % 100 < 99 THEN 'submitted' ELSE 'draft' END,
                CASE WHEN g % 100 < 97 THEN
                    (2016 + g % 10)::text || '650201' || lpad((g / 10 + 1)::text, 6, '0') END,
                CASE WHEN g % 100 < 97 THEN day END,
                CASE WHEN g % 100 < 97 THEN {reviewer_id} END,
                CASE WHEN g % 100 < 99 THEN day - 10 END,
                CASE WHEN g % 100 < 99 THEN day + 11 END,
                '', NULL, NULL, day - 30, day, false,
                CASE WHEN g % 100 < 97 THEN 'active' END,
                CASE WHEN g % 100 < 97 THEN upper(substr(md5(g::text), 1, 8)) ELSE '' END
                {"".join(", " + literal for literal in other.values())}
            FROM (
                -- A title's word by a hash of g, not g itself: the year is g % 10, so
                -- `g % 8` put each word in every other year only (no 数字油田 in 2025).
                SELECT g, abs(hashint4(g)) AS word,
                       make_date(2016 + g % 10, 1 + (g / 10) % 12, 1 + (g / 120) % 28) AS day,
                       (10000 + (g::bigint * 7919) % 5000000)::numeric(16, 2) AS amount
                FROM generate_series(1, {int(rows)}) AS g
            ) AS source
            """
        )
        # VACUUM too: the visibility map lets a page's keys come from an index-only scan
        # (autovacuum keeps it in production; a bulk load has to ask).
        cursor.execute("VACUUM ANALYZE contracts_contract")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
        ),
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--refill", action="store_true", help="fill again even at --rows")
    parser.add_argument("--seconds", type=int, default=10, help="load per URL (0: no HTTP part)")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads (gthread)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", ""),
        help="the cache (statistics figures); empty: each process's local memory",
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("CELERY_BROKER_URL", ""),
        help="a Redis broker: a Celery worker recomputes the statistics during the load "
        "and its peak memory is reported; empty: no worker",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "latest.json"))
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        CELERY_BROKER_URL="",  # in-process here; the worker (under load) gets the broker
        REDIS_URL=args.redis_url,
        EMAIL_URL="locmem://",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from stats_compare import compare_statistics, recompute_on_worker  # beside this script
    from timing import WALK_PAGES, cursor_url, get, timed, walk

    from accounts.models import Role, User
    from accounts.services import organization_verify, signup
    from accounts.validators import uscc_check_character
    from contracts.models import Contract
    from contracts.services.statistics import compute_stats

    call_command("migrate", verbosity=0)
    reviewer = User.objects.filter(username="bench-reviewer").first()
    if reviewer is None:
        reviewer = User.objects.create_user(
            "bench-reviewer", password="Bench-Pass-1", is_staff=True
        )
        from django.contrib.auth.models import Group

        reviewer.groups.add(Group.objects.get(name=Role.REVIEWER))
    enterprise = User.objects.filter(username="bench-enterprise").first()
    if enterprise is None:
        body = "91650203MA7BENCH1"
        enterprise = signup(
            username="bench-enterprise", password="Bench-Pass-1", email="bench@example.com",
            organization={"name": "基准测试企业", "uscc": body + uscc_check_character(body),
                          "kind": "enterprise", "region_code": "650203", "entity_nature": "150"},
        )  # fmt: skip
        organization_verify(organization=enterprise.organization, by=reviewer)

    if args.refill or Contract.objects.count() != args.rows:
        print(f"filling {args.rows:,} contracts …", flush=True)
        start = time.perf_counter()
        populate(args.rows, enterprise.organization_id, reviewer.pk)
        print(f"  filled in {time.perf_counter() - start:.1f} s", flush=True)
        start = time.perf_counter()
        compute_stats()
        print(f"  first statistics computation {time.perf_counter() - start:.1f} s", flush=True)

    total = Contract.objects.count()
    mine = Contract.objects.filter(seller=enterprise.organization).count()
    as_reviewer, as_enterprise, anonymous = Client(), Client(), Client()
    as_reviewer.force_login(reviewer)
    as_enterprise.force_login(enterprise)
    deep_page = max(1, total // 20 // 2)
    code = "91650204MA0001234Y"
    number = "2025650201000123"
    newest = Contract.objects.order_by("-created_at", "-pk").values_list("created_at", flat=True)
    halfway = cursor_url(newest[total // 2])  # an OFFSET once, here: the cursor has none
    last = cursor_url(newest[max(0, total - 20)])
    pages = [
        ("API list, reviewer, page 1", as_reviewer, "/api/v1/contracts/"),
        ("API list, reviewer, page 1 of 100", as_reviewer, "/api/v1/contracts/?page_size=100"),
        (f"API list, reviewer, page {deep_page:,}", as_reviewer, f"/api/v1/contracts/?page={deep_page}"),
        ("API filter: registered in 2025 Q1", as_reviewer,
         "/api/v1/contracts/?status=registered&registered_from=2025-01-01&registered_to=2025-03-31"),
        ("API cursor, first page", as_reviewer, "/api/v1/contracts/?cursor="),
        (f"API cursor, halfway ({total // 2:,} in)", as_reviewer, halfway),
        ("API cursor, last page", as_reviewer, last),
        (f"API search, rare word ({RARE_WORD})", as_reviewer, f"/api/v1/contracts/?q={RARE_WORD}"),
        ("API search, common word (数字油田)", as_reviewer, "/api/v1/contracts/?q=数字油田"),
        ("API search, buyer credit code", as_reviewer, f"/api/v1/contracts/?q={code}"),
        ("API search, registration number", as_reviewer, f"/api/v1/contracts/?q={number}"),
        (f"my contracts page ({mine:,} of theirs)", as_enterprise, "/contracts/"),
        ("API list, enterprise", as_enterprise, "/api/v1/contracts/"),
        ("admin queue (submitted, by deadline)", as_reviewer, "/admin/contracts/contract/"),
        ("admin search, rare word", as_reviewer, f"/admin/contracts/contract/?status=all&q={RARE_WORD}"),
        ("stats API summary 2025", anonymous, "/api/v1/stats/summary/?year=2025"),
        ("stats API monthly 2025", anonymous, "/api/v1/stats/monthly/?year=2025"),
        ("stats dashboard page", anonymous, "/stats/?year=2025"),
        ("home page", anonymous, "/"),
    ]  # fmt: skip
    print(f"\n{total:,} contracts in {connection.settings_dict['NAME']} (PostgreSQL "
          f"{connection.pg_version // 10000}); median of {args.runs} runs after a warm-up\n")  # fmt: skip
    print(f"{'what':<48} {'ms':>9} {'queries':>8}")
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    queries_of, in_process = {}, []
    with override_settings(DEBUG=False, STORAGES=plain_static):
        for label, client, url in pages:
            ms, queries = timed(get(client, url), args.runs)
            queries_of[url] = queries
            in_process.append({"label": label, "url": url, "ms": round(ms, 1), "queries": queries})
            print(f"{label:<48} {ms:>9.1f} {queries:>8}", flush=True)
        walk_median, walk_slowest = walk(as_reviewer, halfway, WALK_PAGES)
        print(f"{f'API cursor, {WALK_PAGES} pages on from halfway, each':<48} "
              f"{walk_median:>9.1f} {'':>8} (slowest {walk_slowest:.1f})")  # fmt: skip

        stats = compare_statistics(args.runs)
    report = {
        "rows": total,
        "scale": f"{total:,} contracts",
        "cores": os.cpu_count(),
        "postgresql": connection.pg_version // 10000,
        "statistics": stats,
        "cursor_walk": {"pages": WALK_PAGES, "median_ms": round(walk_median, 1),
                        "slowest_ms": round(walk_slowest, 1)},
        "in_process": in_process,
        "urls": [],
        "web_worker_peak_rss_mib": None,
        "celery_worker_peak_rss_mib": None,
    }  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args.broker_url:
        celery_peak = recompute_on_worker(env, args.broker_url)
        report["celery_worker_peak_rss_mib"] = round(celery_peak)
        print(f"{'peak memory of the Celery worker (MiB)':<48} {celery_peak:>9.0f}")
    if args.seconds > 0:
        import under_load as load  # beside this script, on sys.path

        def auth(client):
            return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}

        loaded = [
            ("/", {}, "home page"),
            ("/api/v1/stats/summary/?year=2025", {}, "stats API summary 2025"),
            ("/stats/?year=2025", {}, "stats dashboard page"),
            ("/api/v1/patents/?q=油", {}, "API patents search"),
            ("/api/v1/results/", {}, "API results list"),
            ("/api/v1/contracts/", auth(as_reviewer), "API contracts, reviewer, page 1"),
            ("/api/v1/contracts/?registered_from=2025-01-01&registered_to=2025-03-31",
             auth(as_reviewer), "API contracts, reviewer, 2025 Q1"),
            (f"/api/v1/contracts/?q={RARE_WORD}", auth(as_reviewer), "API contracts, rare word"),
            (f"/api/v1/contracts/?q={code}", auth(as_reviewer), "API contracts, credit code"),
            ("/contracts/", auth(as_enterprise), "my contracts page"),
            ("/admin/contracts/contract/", auth(as_reviewer), "admin queue"),
            (halfway, auth(as_reviewer), "API contracts, cursor halfway"),
        ]  # fmt: skip
        loads, peak = load.run(
            [(label, headers, path, queries_of.get(path)) for path, headers, label in loaded],
            env=env,
            seconds=args.seconds,
            connections=args.connections,
            workers=args.workers,
            worker_class=args.worker_class,
            threads=args.threads,
        )
        print(
            f"\n{args.connections} connections, {args.seconds} s per URL, gunicorn "
            f"{args.workers} × {args.worker_class} ({args.threads} threads); milliseconds\n"
        )
        print(load.table(loads))
        print(f"\n{'peak memory of a web worker (MiB)':<48} {peak:>9.0f}")
        if report["celery_worker_peak_rss_mib"] is not None:
            print(f"{'peak memory of the Celery worker (MiB)':<48} "
                  f"{report['celery_worker_peak_rss_mib']:>9.0f}")  # fmt: skip
        report.update(
            urls=load.as_json(loads),
            load={"connections": args.connections, "seconds": args.seconds,
                  "workers": args.workers, "worker_class": args.worker_class,
                  "threads": args.threads},
            web_worker_peak_rss_mib=round(peak),
        )  # fmt: skip
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"\nwritten to {output}")


if __name__ == "__main__":
    main()
