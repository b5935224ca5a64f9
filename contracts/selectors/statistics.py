"""Market statistics, the reads: monthly rows, the headline and the breakdowns, all from
the stored tables (`MonthlyStat`, `MonthlyBreakdown`) that `contracts.services.statistics`
writes; never from the contracts themselves."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from contracts.choices import StatDimension
from contracts.models import AnnualTarget, Contract, MonthlyBreakdown, MonthlyStat

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


def total_of(field: str, **kwargs):
    """SUM(field) in yuan, 0.00 rather than NULL over no rows."""
    return Coalesce(
        Sum(field, **kwargs),
        Value(ZERO),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


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
            n=Sum("contracts"),
            amount=total_of("contract_amount"),
            tech=total_of("technology_amount"),
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
