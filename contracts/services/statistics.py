"""Market statistics, the writes: monthly totals of registered contracts, computed in the
database, and the tasks that keep them current.

Counted by registration date (DOMAIN.md). The stored tables (`MonthlyStat`,
`MonthlyBreakdown`) are written only here, and only where a value differs, so a second
computation changes nothing. The reads are `contracts.selectors.statistics`.

The tasks are defined beside the services they run and enqueue, so that neither needs
to import the other; `contracts.tasks` lists them for the worker.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

from contracts.models import Contract, MonthlyBreakdown, MonthlyStat, StatsDirtyMonth
from contracts.selectors.statistics import BREAKDOWN_FIELDS, DIMENSIONS, TOTAL_FIELDS, total_of

logger = logging.getLogger(__name__)


def _local_region_prefix() -> str:
    """The city's own buyers: region codes under the registration region (6502xx)."""
    return settings.REGISTRATION_REGION_CODE


def _registered(year: int | None = None, month: int | None = None):
    rows = Contract.objects.registered()
    if year and month:
        start = datetime.date(year, month, 1)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1)
        rows = rows.filter(registered_on__gte=start, registered_on__lt=end)
    elif year:
        rows = rows.filter(
            registered_on__gte=datetime.date(year, 1, 1),
            registered_on__lt=datetime.date(year + 1, 1, 1),
        )
    return rows.annotate(
        stat_year=ExtractYear("registered_on"), stat_month=ExtractMonth("registered_on")
    )


def _aggregate(rows) -> tuple[dict, dict]:
    """Two kinds of GROUP BY: totals per month, and per month × each dimension's key."""
    local = Q(buyer_region_code__startswith=_local_region_prefix())
    sums = {
        "n": Count("pk"),
        "amount": total_of("contract_amount"),
        "tech": total_of("technology_amount"),
    }
    totals = {
        (r["stat_year"], r["stat_month"]): {
            "contracts": r["n"],
            "contract_amount": r["amount"],
            "technology_amount": r["tech"],
            "local_contracts": r["local_n"],
            "local_contract_amount": r["local_amount"],
        }
        for r in rows.order_by()
        .values("stat_year", "stat_month")
        .annotate(
            **sums,
            local_n=Count("pk", filter=local),
            local_amount=total_of("contract_amount", filter=local),
        )
    }
    breakdowns = {}
    for dimension in DIMENSIONS:
        for r in rows.order_by().values("stat_year", "stat_month", dimension).annotate(**sums):
            key = (r["stat_year"], r["stat_month"], dimension, r[dimension] or "")
            breakdowns[key] = {
                "contracts": r["n"],
                "contract_amount": r["amount"],
                "technology_amount": r["tech"],
            }
    return totals, breakdowns


@dataclass
class ComputeResult:
    months: int = 0
    written: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        return f"{self.months} 个月，写入 {self.written} 行，删除 {self.deleted} 行"


def _write(
    model, unique: tuple[str, ...], fields: tuple[str, ...], new: dict, old_qs
) -> tuple[int, int]:
    """Upsert the rows that differ under the unique constraint; delete the stale ones."""
    existing = {tuple(getattr(o, u) for u in unique): o for o in old_qs}
    changed = [
        model(**dict(zip(unique, key, strict=True)), **values)
        for key, values in new.items()
        if key not in existing or any(getattr(existing[key], f) != values[f] for f in fields)
    ]
    if changed:
        model.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=list(unique), update_fields=list(fields)
        )
    stale = [o.pk for key, o in existing.items() if key not in new]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    return len(changed), len(stale)


STATS_LOCK_KEY = 6502_0001  # any constant: one advisory lock for all stats computations


def _serialize_computations() -> None:
    """One computation at a time on PostgreSQL: the next one waits, then reads (READ
    COMMITTED) everything committed meanwhile, so a late registration is never lost under
    an earlier run's older result. SQLite serialises writers by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STATS_LOCK_KEY])


@transaction.atomic
def compute_stats(year: int | None = None, month: int | None = None) -> ComputeResult:
    """Recompute the stored totals of one month, one year, or (no argument) all of them."""
    if month and not year:
        raise ValueError("a month needs a year")
    _serialize_computations()
    totals, breakdowns = _aggregate(_registered(year, month))
    if year and month:
        scope = Q(year=year, month=month)
        totals.setdefault((year, month), dict.fromkeys(TOTAL_FIELDS, 0))
    elif year:
        scope = Q(year=year)
    else:
        scope = Q()
    # Months that had totals but now have no registered contract keep a row of zeros.
    for stat in MonthlyStat.objects.filter(scope).only("year", "month"):
        totals.setdefault((stat.year, stat.month), dict.fromkeys(TOTAL_FIELDS, 0))
    for values in totals.values():
        for f in ("contract_amount", "technology_amount", "local_contract_amount"):
            values[f] = Decimal(values[f] or 0).quantize(Decimal("0.01"))
    for values in breakdowns.values():
        for f in ("contract_amount", "technology_amount"):
            values[f] = Decimal(values[f] or 0).quantize(Decimal("0.01"))

    result = ComputeResult(months=len(totals))
    written, deleted = _write(
        MonthlyStat, ("year", "month"), TOTAL_FIELDS, totals, MonthlyStat.objects.filter(scope)
    )
    result.written += written
    written, deleted = _write(
        MonthlyBreakdown,
        ("year", "month", "dimension", "key"),
        BREAKDOWN_FIELDS,
        breakdowns,
        MonthlyBreakdown.objects.filter(scope),
    )
    result.written += written
    result.deleted += deleted
    return result


# ---- keeping the table current ---------------------------------------------------------

STALE_MARK = datetime.timedelta(minutes=10)


def stats_mark_month(*, year: int, month: int) -> bool:
    """Note that a month changed; True when the caller should enqueue a computation.

    A fresh mark already waiting means a task is on its way: nothing to enqueue. A mark
    older than STALE_MARK means that task was lost (broker outage): enqueue again.
    """
    mark, created = StatsDirtyMonth.objects.get_or_create(year=year, month=month)
    if created:
        return True
    if timezone.now() - mark.marked_at > STALE_MARK:
        StatsDirtyMonth.objects.filter(pk=mark.pk).update(marked_at=timezone.now())
        return True
    return False


def stats_month_changed(registered_on: datetime.date, reason: str = "") -> None:
    """Call on commit after a registration, a change or a cancellation of one: computes
    the month once per burst. `reason` says why a published month moves (revisions)."""
    if stats_mark_month(year=registered_on.year, month=registered_on.month):
        compute_month_stats.delay(registered_on.year, registered_on.month)


@transaction.atomic
def stats_compute_marked_month(*, year: int, month: int) -> ComputeResult | None:
    """Claim the month's mark and compute it; None when another run already did.

    Claim and computation commit together: a worker killed in between rolls the claim
    back, so the redelivered task (acks_late) still finds the month to compute.
    """
    claimed, _ = StatsDirtyMonth.objects.filter(year=year, month=month).delete()
    if not claimed:
        return None
    return compute_stats(year, month)


def stats_compute_all() -> ComputeResult:
    StatsDirtyMonth.objects.all().delete()
    return compute_stats()


# ---- the tasks ---------------------------------------------------------------------------
# A lost database connection is retried with backoff; the computation is idempotent, so a
# duplicate delivery or a retry after a killed worker (acks_late) only repeats the same
# upserts.

DATABASE_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    name="contracts.compute_month_stats",
    autoretry_for=DATABASE_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=10,
)
def compute_month_stats(year: int, month: int) -> str:
    """Recompute one month after registrations; exits when another run already did it."""
    result = stats_compute_marked_month(year=year, month=month)
    if result is None:
        logger.info("stats %s-%02d already computed; nothing to do", year, month)
        return "nothing to do"
    return str(result)


@shared_task(
    name="contracts.compute_all_stats",
    autoretry_for=DATABASE_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def compute_all_stats() -> str:
    """Nightly and at the start of each month: recompute every month from the contracts."""
    return str(stats_compute_all())
