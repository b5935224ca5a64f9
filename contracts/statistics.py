"""Market statistics: monthly totals of registered contracts, computed in the database.

Counted by registration date (DOMAIN.md). The stored tables (`MonthlyStat`,
`MonthlyBreakdown`) are written only here, and only where a value differs, so a second
computation changes nothing. Year-to-date and year-on-year figures are derived from the
stored table, never from the contracts themselves.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from contracts.models import (
    AnnualTarget,
    Contract,
    MonthlyBreakdown,
    MonthlyStat,
    StatDimension,
    StatsDirtyMonth,
)

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
DIMENSIONS = tuple(StatDimension.values)
TOTAL_FIELDS = (
    "contracts",
    "contract_amount",
    "technology_amount",
    "local_contracts",
    "local_contract_amount",
)
BREAKDOWN_FIELDS = ("contracts", "contract_amount", "technology_amount")


def _sum(field: str, **kwargs):
    return Coalesce(
        Sum(field, **kwargs),
        Value(ZERO),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


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
        "amount": _sum("contract_amount"),
        "tech": _sum("technology_amount"),
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
            local_amount=_sum("contract_amount", filter=local),
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


def stats_month_changed(registered_on: datetime.date) -> None:
    """Call on commit after a registration: computes the month once per burst."""
    from contracts.tasks import compute_month_stats

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


# ---- reads -----------------------------------------------------------------------------


def growth_pct(now: Decimal | int, base: Decimal | int) -> Decimal | None:
    """(now − base) / base in percent, one decimal; None when the base is zero."""
    base = Decimal(base or 0)
    if base == 0:
        return None
    return ((Decimal(now or 0) - base) * 100 / base).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _stored_months(years: list[int]) -> dict[tuple[int, int], MonthlyStat]:
    return {(s.year, s.month): s for s in MonthlyStat.objects.filter(year__in=years)}


def monthly_rows(year: int) -> list[dict]:
    """Twelve rows for the year with year-to-date and year-on-year figures."""
    stored = _stored_months([year, year - 1])
    rows = []
    ytd = {"contracts": 0, "contract_amount": ZERO, "technology_amount": ZERO}
    prior_ytd_amount = ZERO
    for month in range(1, 13):
        stat = stored.get((year, month))
        prior = stored.get((year - 1, month))
        contracts = stat.contracts if stat else 0
        amount = stat.contract_amount if stat else ZERO
        tech = stat.technology_amount if stat else ZERO
        prior_amount = prior.contract_amount if prior else ZERO
        ytd["contracts"] += contracts
        ytd["contract_amount"] += amount
        ytd["technology_amount"] += tech
        prior_ytd_amount += prior_amount
        rows.append(
            {
                "month": month,
                "contracts": contracts,
                "contract_amount": amount,
                "technology_amount": tech,
                "local_contracts": stat.local_contracts if stat else 0,
                "local_contract_amount": stat.local_contract_amount if stat else ZERO,
                "ytd_contracts": ytd["contracts"],
                "ytd_contract_amount": ytd["contract_amount"],
                "ytd_technology_amount": ytd["technology_amount"],
                "prior_contract_amount": prior_amount,
                "prior_ytd_contract_amount": prior_ytd_amount,
                "yoy_contract_amount_pct": growth_pct(amount, prior_amount),
                "ytd_yoy_contract_amount_pct": growth_pct(ytd["contract_amount"], prior_ytd_amount),
            }
        )
    return rows


def default_through_month(year: int, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    if year == today.year:
        return today.month
    return 12


def breakdowns(year: int, through_month: int) -> dict[str, list[dict]]:
    """Year-to-date totals per key of every dimension (one query), largest amount first."""
    rows = (
        MonthlyBreakdown.objects.filter(year=year, month__lte=through_month)
        .values("dimension", "key")
        .annotate(
            n=Sum("contracts"), amount=_sum("contract_amount"), tech=_sum("technology_amount")
        )
        .order_by("dimension", "-amount", "key")
    )
    result: dict[str, list[dict]] = {dimension: [] for dimension in DIMENSIONS}
    labels = {dimension: _labels(dimension) for dimension in DIMENSIONS}
    for r in rows:
        result[r["dimension"]].append(
            {
                "code": r["key"],
                "label": labels[r["dimension"]].get(r["key"], r["key"] or "—"),
                "contracts": r["n"],
                "contract_amount": r["amount"],
                "technology_amount": r["tech"],
            }
        )
    return result


def _labels(dimension: str) -> dict[str, str]:
    field = Contract._meta.get_field(dimension)
    return {str(k): str(v) for k, v in field.choices or []}


def headline(year: int, through_month: int) -> dict:
    """Year-to-date figures against the same period a year earlier, and the target."""
    stats = MonthlyStat.objects.filter(year__in=[year, year - 1], month__lte=through_month)
    now = defaultdict(lambda: ZERO)
    prior = defaultdict(lambda: ZERO)
    for stat in stats:
        target = now if stat.year == year else prior
        for f in TOTAL_FIELDS:
            target[f] += getattr(stat, f)
    target = AnnualTarget.objects.filter(year=year).first()
    target_amount = target.contract_amount if target else None
    progress = (
        (now["contract_amount"] * 100 / target_amount).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        if target_amount
        else None
    )
    local_share = (
        (now["local_contract_amount"] * 100 / now["contract_amount"]).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        if now["contract_amount"]
        else None
    )
    return {
        "year": year,
        "through_month": through_month,
        "contracts": int(now["contracts"]),
        "contract_amount": Decimal(now["contract_amount"]).quantize(Decimal("0.01")),
        "technology_amount": Decimal(now["technology_amount"]).quantize(Decimal("0.01")),
        "prior_contracts": int(prior["contracts"]),
        "prior_contract_amount": Decimal(prior["contract_amount"]).quantize(Decimal("0.01")),
        "growth_pct": growth_pct(now["contract_amount"], prior["contract_amount"]),
        "target_amount": target_amount,
        "target_progress_pct": progress,
        "local_contracts": int(now["local_contracts"]),
        "local_contract_amount": Decimal(now["local_contract_amount"]).quantize(Decimal("0.01")),
        "local_share_pct": local_share,
    }


def summary(year: int, through_month: int) -> dict:
    """The headline figures and the four breakdowns (the API's and dashboard's summary)."""
    by = breakdowns(year, through_month)
    return {
        **headline(year, through_month),
        "by_type": by[StatDimension.CONTRACT_TYPE],
        "by_field": by[StatDimension.TECHNICAL_FIELD],
        "by_entity_nature": by[StatDimension.SELLER_ENTITY_NATURE],
        "by_ip_type": by[StatDimension.IP_TYPE],
    }


def years_with_data() -> list[int]:
    return sorted(set(MonthlyStat.objects.values_list("year", flat=True)), reverse=True)
