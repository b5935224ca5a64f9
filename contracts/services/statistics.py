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
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Substr
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

from contracts.choices import STANDING_STATES, StatDimension
from contracts.models import (
    AbsorbedContract,
    Contract,
    MonthlyBreakdown,
    MonthlyStat,
    StatsDirtyMonth,
    StatsRevision,
    stats_figures_changed,
)
from contracts.selectors.statistics import (
    BREAKDOWN_FIELDS,
    REVISED_FIELDS,
    TOTAL_FIELDS,
    location_key,
    month_is_over,
    total_of,
)

logger = logging.getLogger(__name__)


def _local_region_prefix() -> str:
    """The city's own buyers: region codes under the registration region (6502xx)."""
    return settings.REGISTRATION_REGION_CODE


def _month_range(year: int | None, month: int | None) -> Q:
    if year and month:
        start = datetime.date(year, month, 1)
        end = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return Q(registered_on__gte=start, registered_on__lt=end)
    if year:
        return Q(
            registered_on__gte=datetime.date(year, 1, 1),
            registered_on__lt=datetime.date(year + 1, 1, 1),
        )
    return Q()


def _annotated(rows):
    return rows.annotate(
        stat_year=ExtractYear("registered_on"), stat_month=ExtractMonth("registered_on")
    )


def _registered(year: int | None = None, month: int | None = None):
    """The registrations that count: registered and still standing (a cancelled or revoked
    one drops out of its month; a changed one counts with its current amounts)."""
    rows = Contract.objects.registered().filter(registration_state__in=STANDING_STATES)
    return _annotated(rows.filter(_month_range(year, month)))


def _absorbed(year: int | None = None, month: int | None = None):
    return _annotated(AbsorbedContract.objects.filter(_month_range(year, month)))


# How each stored dimension groups the rows: the columns it groups by and how a group's
# values make its key. Several groups may make one key (locations), their sums add up.
GROUPINGS = {
    StatDimension.CONTRACT_TYPE: (("contract_type",), lambda v: v[0] or ""),
    StatDimension.TECHNICAL_FIELD: (("technical_field",), lambda v: v[0] or ""),
    StatDimension.SELLER_ENTITY_NATURE: (("seller_entity_nature",), lambda v: v[0] or ""),
    StatDimension.IP_TYPE: (("ip_type",), lambda v: v[0] or ""),
    StatDimension.SUBTYPE: (("contract_type", "subtype"), lambda v: f"{v[0] or ''}.{v[1] or ''}"),
    StatDimension.BUYER_ENTITY_NATURE: (("buyer_entity_nature",), lambda v: v[0] or ""),
    StatDimension.SELLER_COUNTRY: (("seller_country_code",), lambda v: v[0] or ""),
    StatDimension.BUYER_LOCATION: (
        ("buyer_country_code", "region4"),
        lambda v: location_key(v[0], v[1]),
    ),
    StatDimension.REGISTERED_DAY: (("stat_day",), lambda v: f"{v[0]:02d}"),
    StatDimension.BROKER: (("has_broker",), lambda v: "with" if v[0] else "without"),
}


def _sum_into(target: dict, key, n, amount, tech) -> None:
    values = target.setdefault(
        key, {"contracts": 0, "contract_amount": Decimal(0), "technology_amount": Decimal(0)}
    )
    values["contracts"] += n
    values["contract_amount"] += Decimal(amount or 0)
    values["technology_amount"] += Decimal(tech or 0)


def _aggregate(rows, absorbed) -> tuple[dict, dict]:
    """GROUP BYs in the database: totals per month, and per month × each dimension's
    columns (a handful of groups each); the groups are folded into keys here."""
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
    rows = _with_group_columns(rows)
    breakdowns: dict = {}
    for dimension, (columns, key_of) in GROUPINGS.items():
        groups = rows.order_by().values("stat_year", "stat_month", *columns).annotate(**sums)
        for r in groups:
            key = key_of([r[c] for c in columns])
            _sum_into(
                breakdowns,
                (r["stat_year"], r["stat_month"], dimension, key),
                r["n"],
                r["amount"],
                r["tech"],
            )
    _add_absorbed(breakdowns, absorbed)
    return totals, breakdowns


def _with_group_columns(rows):
    """The computed columns some dimensions group by."""
    return rows.annotate(
        region4=Substr("buyer_region_code", 1, 4),
        stat_day=ExtractDay("registered_on"),
        # A deal counts as brokered once the manager it names has confirmed it.
        has_broker=Case(
            When(broker__isnull=False, broker_confirmed_at__isnull=False, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_local=Case(
            When(buyer_region_code__startswith=_local_region_prefix(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def _add_absorbed(breakdowns: dict, absorbed) -> None:
    sums = {
        "n": Count("pk"),
        "amount": total_of("contract_amount"),
        "tech": total_of("technology_amount"),
    }
    absorbed = absorbed.annotate(region4=Substr("seller_region_code", 1, 4))
    for r in absorbed.order_by().values("stat_year", "stat_month", "region4").annotate(**sums):
        key = (r["stat_year"], r["stat_month"], StatDimension.ABSORBED_LOCATION)
        _sum_into(
            breakdowns, (*key, location_key("156", r["region4"])), r["n"], r["amount"], r["tech"]
        )


# Every column a dimension groups by, in GROUPING()'s argument order.
_GROUP_COLUMNS = tuple(dict.fromkeys(c for columns, _k in GROUPINGS.values() for c in columns))


def _mask(columns) -> int:
    """GROUPING(*_GROUP_COLUMNS) of the rows grouped by `columns`: a bit set for each
    column not grouped by (the leftmost argument is the highest bit)."""
    width = len(_GROUP_COLUMNS)
    return sum(1 << (width - 1 - i) for i, c in enumerate(_GROUP_COLUMNS) if c not in columns)


def _aggregate_in_one_pass(year: int, month: int) -> tuple[dict, dict]:
    """What _aggregate() computes for one month, from one scan of its rows (PostgreSQL's
    GROUPING SETS): the month's totals and every dimension's groups at once, where
    _aggregate() scans the month eleven times. The month is given, so it is no grouping
    key (sorting on EXTRACT()s cost as much as the scan). The same sums, the same yuan."""
    inner, params = (
        _with_group_columns(_registered(year, month))
        .order_by()
        .values("contract_amount", "technology_amount", "is_local", *_GROUP_COLUMNS)
        .query.sql_with_params()
    )
    sets = ", ".join(
        "(" + ", ".join(columns) + ")"
        for columns in ((), *(columns for columns, _k in GROUPINGS.values()))
    )
    sql = (
        f"SELECT GROUPING({', '.join(_GROUP_COLUMNS)}), {', '.join(_GROUP_COLUMNS)}, "
        "COUNT(*), COALESCE(SUM(contract_amount), 0), COALESCE(SUM(technology_amount), 0), "
        "COUNT(*) FILTER (WHERE is_local), "
        "COALESCE(SUM(contract_amount) FILTER (WHERE is_local), 0) "
        f"FROM ({inner}) AS r GROUP BY GROUPING SETS ({sets})"
    )
    total_mask = _mask(())
    dimensions = [
        (_mask(columns), d, columns, key_of) for d, (columns, key_of) in GROUPINGS.items()
    ]
    totals, breakdowns = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for mask, *values in cursor.fetchall():
            group = dict(zip(_GROUP_COLUMNS, values, strict=False))
            n, amount, tech, local_n, local_amount = values[len(_GROUP_COLUMNS) :]
            if mask == total_mask:
                if n:  # the empty grouping set answers a row of zeros for no rows
                    totals[(year, month)] = {
                        "contracts": n,
                        "contract_amount": amount,
                        "technology_amount": tech,
                        "local_contracts": local_n,
                        "local_contract_amount": local_amount,
                    }
                continue
            for dimension_mask, dimension, columns, key_of in dimensions:
                if mask == dimension_mask:
                    key = key_of([int(group[c]) if c == "stat_day" else group[c] for c in columns])
                    _sum_into(breakdowns, (year, month, dimension, key), n, amount, tech)
    _add_absorbed(breakdowns, _absorbed(year, month))
    return totals, breakdowns


@dataclass
class ComputeResult:
    months: int = 0
    written: int = 0
    deleted: int = 0
    revisions: int = 0

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


DEFAULT_REASON = "重新计算"  # a recomputation that no change explained (stored data: Chinese)


def _record_revisions(new: dict, existing: dict, reason: str, now) -> int:
    """A month computed before, when it was already over, is published: each of its
    totals that moves is recorded (which figure, from what to what, why, when)."""
    revisions = []
    for key, values in new.items():
        old = existing.get(key)
        if old is None or not month_is_over(*key, timezone.localtime(old.computed_at).date()):
            continue
        for f in REVISED_FIELDS:
            if getattr(old, f) != values[f]:
                revisions.append(
                    StatsRevision(
                        year=key[0],
                        month=key[1],
                        field=f,
                        old=getattr(old, f),
                        new=values[f],
                        reason=(reason or DEFAULT_REASON)[:200],
                        revised_at=now,
                    )
                )
    StatsRevision.objects.bulk_create(revisions)
    return len(revisions)


@transaction.atomic
def compute_stats(
    year: int | None = None, month: int | None = None, *, reason: str = ""
) -> ComputeResult:
    """Recompute the stored totals of one month, one year, or (no argument) all of them.

    `reason` explains, in the revisions recorded, why a published month moved."""
    if month and not year:
        raise ValueError("a month needs a year")
    _serialize_computations()
    if year and month and connection.vendor == "postgresql":
        totals, breakdowns = _aggregate_in_one_pass(year, month)
    else:
        totals, breakdowns = _aggregate(_registered(year, month), _absorbed(year, month))
    if year and month:
        scope = Q(year=year, month=month)
        totals.setdefault((year, month), dict.fromkeys(TOTAL_FIELDS, 0))
    elif year:
        scope = Q(year=year)
    else:
        scope = Q()
    existing = {(s.year, s.month): s for s in MonthlyStat.objects.filter(scope)}
    # Months that had totals but now have no registered contract keep a row of zeros.
    for key in existing:
        totals.setdefault(key, dict.fromkeys(TOTAL_FIELDS, 0))
    for values in totals.values():
        for f in ("contract_amount", "technology_amount", "local_contract_amount"):
            values[f] = Decimal(values[f] or 0).quantize(Decimal("0.01"))
    for values in breakdowns.values():
        for f in ("contract_amount", "technology_amount"):
            values[f] = Decimal(values[f] or 0).quantize(Decimal("0.01"))

    now = timezone.now()
    result = ComputeResult(months=len(totals))
    result.revisions = _record_revisions(totals, existing, reason, now)
    written, deleted = _write(
        MonthlyStat, ("year", "month"), TOTAL_FIELDS, totals, existing.values()
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
    # The time of this computation ("数据截至"), whether or not a figure moved.
    MonthlyStat.objects.filter(scope).update(computed_at=now)
    stats_figures_changed()
    return result


# ---- keeping the table current ---------------------------------------------------------

STALE_MARK = datetime.timedelta(minutes=10)


def stats_mark_month(*, year: int, month: int, reason: str = "") -> bool:
    """Note that a month changed, and why; True when the caller should enqueue a
    computation.

    A fresh mark already waiting means a task is on its way: nothing to enqueue, the
    reason is added to the mark's. A mark older than STALE_MARK means that task was lost
    (broker outage): enqueue again.
    """
    mark, created = StatsDirtyMonth.objects.get_or_create(
        year=year, month=month, defaults={"reason": reason[:200]}
    )
    if created:
        return True
    updates = {}
    if reason and reason not in mark.reason.split("；"):
        updates["reason"] = "；".join(filter(None, [mark.reason, reason]))[:200]
    stale = timezone.now() - mark.marked_at > STALE_MARK
    if stale:
        updates["marked_at"] = timezone.now()
    if updates:
        StatsDirtyMonth.objects.filter(pk=mark.pk).update(**updates)
    return stale


def stats_month_changed(registered_on: datetime.date, reason: str = "") -> None:
    """Call on commit after a registration, a change or a cancellation of one: computes
    the month once per burst. `reason` says why a published month moves (revisions)."""
    if stats_mark_month(year=registered_on.year, month=registered_on.month, reason=reason):
        compute_month_stats.delay(registered_on.year, registered_on.month)


@transaction.atomic
def stats_compute_marked_month(*, year: int, month: int) -> ComputeResult | None:
    """Claim the month's mark and compute it; None when another run already did.

    Claim and computation commit together: a worker killed in between rolls the claim
    back, so the redelivered task (acks_late) still finds the month to compute.
    """
    marks = StatsDirtyMonth.objects.filter(year=year, month=month)
    reasons = list(marks.values_list("reason", flat=True))
    claimed, _ = marks.delete()
    if not claimed:
        return None
    return compute_stats(year, month, reason="；".join(filter(None, reasons)))


def stats_compute_all() -> ComputeResult:
    marks = StatsDirtyMonth.objects.all()
    reasons = sorted({r for r in marks.values_list("reason", flat=True) if r})
    marks.delete()
    return compute_stats(reason="；".join(reasons))


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
