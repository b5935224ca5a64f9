"""Market statistics, the reads: periods, monthly rows and the headline, all from the
stored tables (`MonthlyStat`, `MonthlyBreakdown`) that `contracts.services.statistics`
writes; never from the contracts themselves. The breakdowns, flows and revisions are
`contracts.selectors.stats_tables`.

Complete periods by default (DOMAIN.md): a year's figures run to the last complete month;
the running month is shown apart (`partial_month`) and compared only with the same days
of last year's month. On 1–31 January the default year is the previous one, complete;
the new year, asked for, has no complete month yet (`through_month` 0) and January apart.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from common.cache import cached_figures
from contracts.choices import DOMESTIC_COUNTRY_CODE, StatDimension
from contracts.models import STATS_CACHE, AnnualTarget, MonthlyBreakdown, MonthlyStat

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
# The published totals whose change is recorded as a revision.
REVISED_FIELDS = ("contracts", "contract_amount", "technology_amount")


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


def share_pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def location_key(country: str | None, region: str | None) -> str:
    """Where a party is, for the flows: "city" (the registration region, 6502xx),
    "region" (the rest of its province, 65xxxx), "province:<2 digits>" (another
    province), "abroad:<country code>", "unknown" (no region code)."""
    city = settings.REGISTRATION_REGION_CODE
    if country and country != DOMESTIC_COUNTRY_CODE:
        return f"abroad:{country}"
    region = region or ""
    if region.startswith(city):
        return "city"
    if len(region) >= 2 and region[:2].isdigit():
        return "region" if region[:2] == city[:2] else f"province:{region[:2]}"
    return "unknown"


# ---- periods -----------------------------------------------------------------------------


def stats_today() -> datetime.date:
    """Today in Asia/Shanghai: the clock every period is measured with."""
    return timezone.localdate()


def month_is_over(year: int, month: int, today: datetime.date) -> bool:
    return today >= datetime.date(year + (month == 12), month % 12 + 1, 1)


def complete_through_month(year: int, today: datetime.date | None = None) -> int:
    """The last complete month of `year` (0: none yet; 12: the year is over)."""
    today = today or stats_today()
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def default_year(today: datetime.date | None = None) -> int:
    """The year of the last complete month: last year on 1–31 January."""
    today = today or stats_today()
    return today.year if today.month > 1 else today.year - 1


def default_through_month(year: int, today: datetime.date | None = None) -> int:
    return complete_through_month(year, today)


def _same_days_last_year(year: int, month: int, day: int) -> tuple[int, Decimal]:
    """Contracts and amount of days 1..day of (year − 1, month), from the day breakdown."""
    totals = MonthlyBreakdown.objects.filter(
        dimension=StatDimension.REGISTERED_DAY,
        year=year - 1,
        month=month,
        key__lte=f"{day:02d}",
    ).aggregate(n=Sum("contracts"), amount=total_of("contract_amount"))
    return int(totals["n"] or 0), _money(totals["amount"])


# ---- monthly rows and the headline ------------------------------------------------------


def _stored_months(years: list[int]) -> dict[tuple[int, int], MonthlyStat]:
    return {(s.year, s.month): s for s in MonthlyStat.objects.filter(year__in=years)}


def monthly_rows(year: int, today: datetime.date | None = None) -> list[dict]:
    """Twelve rows for the year with year-to-date and year-on-year figures. A month not
    yet over (`complete` false) has no growth: a part of a month is not compared with a
    whole one."""
    complete = complete_through_month(year, today)
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
        is_complete = month <= complete
        rows.append(
            {
                "month": month,
                "complete": is_complete,
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
                "yoy_contract_amount_pct": growth_pct(amount, prior_amount)
                if is_complete
                else None,
                "ytd_yoy_contract_amount_pct": growth_pct(ytd["contract_amount"], prior_ytd_amount)
                if is_complete
                else None,
                "computed_at": stat.computed_at if stat else None,
            }
        )
    return rows


def partial_month(
    year: int, stored: dict | None = None, today: datetime.date | None = None
) -> dict | None:
    """The running month of the current year, apart: its figures so far and last year's
    same days. None for any other year."""
    today = today or stats_today()
    if year != today.year:
        return None
    if stored is None:
        stored = _stored_months([year])
    stat = stored.get((year, today.month))
    prior_n, prior_amount = _same_days_last_year(year, today.month, today.day)
    amount = stat.contract_amount if stat else ZERO
    return {
        "month": today.month,
        "through_day": today.day,
        "contracts": stat.contracts if stat else 0,
        "contract_amount": amount,
        "technology_amount": stat.technology_amount if stat else ZERO,
        "prior_same_days_contracts": prior_n,
        "prior_same_days_contract_amount": prior_amount,
        "same_days_growth_pct": growth_pct(amount, prior_amount),
    }


def headline(year: int, through_month: int | None = None, today: datetime.date | None = None):
    """The complete months' figures against the same months a year earlier, the running
    month apart, the target and its pace, and the time of the last computation."""
    today = today or stats_today()
    complete = complete_through_month(year, today)
    through = complete if through_month is None else min(through_month, complete)
    stored = _stored_months([year, year - 1])
    now = dict.fromkeys(TOTAL_FIELDS, ZERO)
    prior = dict.fromkeys(TOTAL_FIELDS, ZERO)
    for (y, m), stat in stored.items():
        if m <= through:
            target = now if y == year else prior
            for f in TOTAL_FIELDS:
                target[f] += getattr(stat, f)
    computed = [s.computed_at for s in stored.values() if s.computed_at]
    target = AnnualTarget.objects.filter(year=year).first()
    target_amount = target.contract_amount if target else None
    remaining_months = 12 - through
    remaining = max(target_amount - now["contract_amount"], ZERO) if target_amount else None
    amount = _money(now["contract_amount"])
    tech = _money(now["technology_amount"])
    contracts = int(now["contracts"])
    return {
        "year": year,
        "through_month": through,
        "complete_through_month": complete,
        "as_of": max(computed) if computed else None,
        "partial_month": partial_month(year, stored, today),
        "contracts": contracts,
        "contract_amount": amount,
        "technology_amount": tech,
        "prior_contracts": int(prior["contracts"]),
        "prior_contract_amount": _money(prior["contract_amount"]),
        "growth_pct": growth_pct(now["contract_amount"], prior["contract_amount"]),
        "average_contract_amount": _money(amount / contracts) if contracts else None,
        "technology_share_pct": share_pct(tech, amount),
        "target_amount": target_amount,
        "target_progress_pct": share_pct(amount, target_amount),
        "target_remaining_amount": remaining,
        "target_needed_per_month": _money(remaining / remaining_months)
        if remaining is not None and remaining_months
        else None,
        "local_contracts": int(now["local_contracts"]),
        "local_contract_amount": _money(now["local_contract_amount"]),
        "local_share_pct": share_pct(now["local_contract_amount"], amount),
    }


def stats_cached(name: str, *parts, build):
    """`build()` (figures read from the stored tables), cached until the statistics next
    change: keyed by the computation version, today (the complete months and the running
    one follow the date) and the language (labels and charts are translated)."""
    return cached_figures(
        STATS_CACHE, (name, stats_today().isoformat(), get_language(), *parts), build
    )


def years_with_data() -> list[int]:
    return sorted(set(MonthlyStat.objects.values_list("year", flat=True)), reverse=True)
