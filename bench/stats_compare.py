"""The statistics half of the bench: compute_stats() against the bare SQL aggregates it
stands for (all months, then one month after a registration), and the Celery worker's
recomputation with its peak memory."""

import time

from timing import timed

# The columns of each breakdown compute_stats() stores (its GROUPINGS), for the bare SQL.
BARE_GROUPINGS = (
    "contract_type", "technical_field", "seller_entity_nature", "ip_type",
    "contract_type, subtype", "buyer_entity_nature", "seller_country_code",
    "buyer_country_code, substr(buyer_region_code, 1, 4)", "EXTRACT(DAY FROM registered_on)",
)  # fmt: skip


def compare_statistics(runs: int) -> dict:
    """Time compute_stats() and the bare SQL over the same rows; print the lines of the
    table and return the report's `statistics`."""
    from django.db import connection

    from contracts.services.statistics import compute_stats

    standing = "status = 'registered' AND registration_state IN ('active', 'changed')"

    def bare_sql():
        """The GROUP BYs compute_stats() runs, in bare SQL: the monthly totals, then
        one per stored breakdown (contracts.services.statistics.GROUPINGS) and the
        absorbed registrations."""
        month = "EXTRACT(YEAR FROM registered_on), EXTRACT(MONTH FROM registered_on)"
        sums = "COUNT(*), SUM(contract_amount), SUM(technology_amount)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {month}, {sums}, "
                "COUNT(*) FILTER (WHERE buyer_region_code LIKE '6502%'), "
                "SUM(contract_amount) FILTER (WHERE buyer_region_code LIKE '6502%') "
                f"FROM contracts_contract WHERE {standing} GROUP BY 1, 2"
            )
            cursor.fetchall()
            for columns in BARE_GROUPINGS:
                cursor.execute(
                    f"SELECT {month}, {columns}, {sums} FROM contracts_contract "
                    f"WHERE {standing} GROUP BY {month}, {columns}"
                )
                cursor.fetchall()
            cursor.execute(
                f"SELECT {month}, substr(seller_region_code, 1, 4), {sums} "
                "FROM contracts_absorbedcontract GROUP BY 1, 2, 3"
            )
            cursor.fetchall()

    def bare_one_month():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), SUM(contract_amount), SUM(technology_amount) "
                f"FROM contracts_contract WHERE {standing} "
                "AND registered_on >= '2025-03-01' AND registered_on < '2025-04-01'"
            )
            cursor.fetchall()

    bare_ms, _q = timed(bare_sql, 3)
    full_ms, full_q = timed(compute_stats, 3)
    month_ms, month_q = timed(lambda: compute_stats(2025, 3), runs)
    bare_month_ms, _q = timed(bare_one_month, runs)
    print(f"\n{'statistics, all months (compute_stats)':<48} {full_ms:>9.1f} {full_q:>8}")
    print(f"{'bare SQL aggregates, the same GROUP BYs':<48} {bare_ms:>9.1f} "
          f"{len(BARE_GROUPINGS) + 2:>8}")  # fmt: skip
    print(f"{'ratio':<48} {full_ms / bare_ms:>9.2f}")
    print(f"{'statistics, one month (after a registration)':<48} {month_ms:>9.1f} {month_q:>8}")
    print(f"{'bare SQL, one month':<48} {bare_month_ms:>9.1f} {'1':>8}")
    return {
        "recompute_ms": round(full_ms, 1),
        "bare_sql_ms": round(bare_ms, 1),
        "ratio": round(full_ms / bare_ms, 2),
        "one_month_ms": round(month_ms, 1),
        "bare_one_month_ms": round(bare_month_ms, 1),
        "one_month_ratio": round(month_ms / bare_month_ms, 2),
    }


def recompute_on_worker(env: dict, broker: str) -> float:
    """A Celery worker (prefork, as deployed) recomputes every month, then one month after
    a mark, as the nightly and per-registration tasks do; its peak memory (MiB)."""
    import under_load as load
    from celery import Celery
    from django.db.models import Max

    from contracts.models import MonthlyStat
    from contracts.services import stats_mark_month

    def computed_at():
        return MonthlyStat.objects.aggregate(last=Max("computed_at"))["last"]

    def until(condition, what: str, seconds: float = 900) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not {what}")
            time.sleep(0.5)

    worker = load.start_celery(env, broker=broker)
    sender = Celery("bench", broker=broker)
    try:
        until(lambda: sender.control.ping(timeout=1), "answer a ping", 60)
        before = computed_at()
        sender.send_task("contracts.compute_all_stats")
        until(lambda: computed_at() != before, "recompute the statistics")
        before = computed_at()
        stats_mark_month(year=2025, month=3, reason="bench")
        sender.send_task("contracts.compute_month_stats", args=[2025, 3])
        until(lambda: computed_at() != before, "recompute 2025-03")
        return load.worker_peak_rss_mib(worker.pid, with_master=True)
    finally:
        load.stop(worker)
        sender.close()
