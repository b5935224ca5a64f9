"""Market statistics, the official tables: breakdowns (month, year to date, YoY), the
flows of 输出 and 吸纳, the summary that gathers them, and the revisions of published
months. Read from `MonthlyBreakdown`, which `contracts.services.statistics` writes."""

import datetime

from django.db.models import IntegerField, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.choices import DOMESTIC_COUNTRY_CODE, ContractType, StatDimension, Subtype
from contracts.models import Contract, MonthlyBreakdown, StatsRevision
from contracts.regions import country_name, province_name
from contracts.selectors.statistics import (
    ZERO,
    growth_pct,
    headline,
    total_of,
)
from contracts.tax_relief import VAT_EXEMPT_TYPES

# The breakdowns the summary and the report tables publish.
OFFICIAL = (
    StatDimension.CONTRACT_TYPE,
    StatDimension.SUBTYPE,
    StatDimension.TECHNICAL_FIELD,
    StatDimension.SELLER_ENTITY_NATURE,
    StatDimension.BUYER_ENTITY_NATURE,
    StatDimension.IP_TYPE,
    StatDimension.SELLER_COUNTRY,
)
FLOWS = (StatDimension.BUYER_LOCATION, StatDimension.ABSORBED_LOCATION)


def _count(**kwargs):
    return Coalesce(Sum("contracts", **kwargs), Value(0), output_field=IntegerField())


def _choice_labels(field: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in Contract._meta.get_field(field).choices or []}


def _subtype_labels() -> dict[str, str]:
    types, subtypes = dict(ContractType.choices), dict(Subtype.choices)
    return {
        f"{t}.{s}": _("%(type)s：%(subtype)s") % {"type": types[t], "subtype": subtypes[s]}
        for t in types
        for s in subtypes
    }


def location_label(key: str) -> str:
    if key == "city":
        return _("本市")
    if key == "region":
        return _("区内其他地区")
    kind, _colon, code = key.partition(":")
    if kind == "province":
        return province_name(code)
    if kind == "abroad":
        return country_name(code)
    return _("未填写")


def broker_label(key: str) -> str:
    return _("有技术经理人") if key == "with" else _("无技术经理人")


def _label(dimension: str, key: str) -> str:
    if dimension == StatDimension.BROKER:
        return broker_label(key)
    if dimension == StatDimension.SUBTYPE:
        return _subtype_labels().get(key, key)
    if dimension == StatDimension.SELLER_COUNTRY:
        return country_name(key)
    if dimension in FLOWS:
        return location_label(key)
    return _choice_labels(dimension).get(key, key or "—")


def breakdowns(year: int, through_month: int, dimensions=OFFICIAL) -> dict[str, list[dict]]:
    """Per key of each dimension (one query): the year to date through `through_month`,
    that month alone, the same period a year earlier and the growth; largest first."""
    this_year, last_year = Q(year=year), Q(year=year - 1)
    the_month = Q(year=year, month=through_month)
    rows = (
        MonthlyBreakdown.objects.filter(
            year__in=[year, year - 1], month__lte=through_month, dimension__in=dimensions
        )
        .values("dimension", "key")
        .annotate(
            n=_count(filter=this_year),
            amount=total_of("contract_amount", filter=this_year),
            tech=total_of("technology_amount", filter=this_year),
            month_n=_count(filter=the_month),
            month_amount=total_of("contract_amount", filter=the_month),
            prior_n=_count(filter=last_year),
            prior_amount=total_of("contract_amount", filter=last_year),
        )
        .order_by("dimension", "-amount", "key")
    )
    result: dict[str, list[dict]] = {dimension: [] for dimension in dimensions}
    for r in rows:
        result[r["dimension"]].append(
            {
                "code": r["key"],
                "label": _label(r["dimension"], r["key"]),
                "contracts": r["n"],
                "contract_amount": r["amount"],
                "technology_amount": r["tech"],
                "month_contracts": r["month_n"],
                "month_contract_amount": r["month_amount"],
                "prior_contracts": r["prior_n"],
                "prior_contract_amount": r["prior_amount"],
                "yoy_contract_amount_pct": growth_pct(r["amount"], r["prior_amount"]),
            }
        )
    return result


def _sum(rows: list[dict]) -> dict:
    return {
        "contracts": sum(r["contracts"] for r in rows),
        "contract_amount": sum((r["contract_amount"] for r in rows), ZERO),
        "technology_amount": sum((r["technology_amount"] for r in rows), ZERO),
        "prior_contracts": sum(r["prior_contracts"] for r in rows),
        "prior_contract_amount": sum((r["prior_contract_amount"] for r in rows), ZERO),
    }


def _with_growth(figures: dict) -> dict:
    return {
        **figures,
        "yoy_contract_amount_pct": growth_pct(
            figures["contract_amount"], figures["prior_contract_amount"]
        ),
    }


def imports_of(rows: list[dict]) -> dict:
    """技术进口: the sellers abroad, in total and by country."""
    abroad = [r for r in rows if r["code"] != DOMESTIC_COUNTRY_CODE]
    return {**_with_growth(_sum(abroad)), "by_country": abroad}


def _flow(rows: list[dict]) -> dict:
    """Rows keyed by location → city, the rest of the region, provinces, abroad."""

    def part(keys):
        return _with_growth(_sum([r for r in rows if r["code"] in keys]))

    provinces = [
        {"code": r["code"].partition(":")[2], "name": r["label"], **_with_growth(_sum([r]))}
        for r in rows
        if r["code"].startswith("province:")
    ]
    abroad = [
        {"country": r["code"].partition(":")[2], "name": r["label"], **_with_growth(_sum([r]))}
        for r in rows
        if r["code"].startswith("abroad:")
    ]
    return {
        "total": _with_growth(_sum(rows)),
        "city": part({"city"}),
        "rest_of_region": part({"region"}),
        "provinces": provinces,
        "abroad": abroad,
        "unknown": part({"unknown"}),
    }


def flows(year: int, through_month: int) -> dict:
    """输出 by the buyer's location, and 吸纳 (imported registrations made elsewhere with
    a local buyer) by the seller's location; the year to date (one query)."""
    by = breakdowns(year, through_month, FLOWS)
    return {
        "year": year,
        "through_month": through_month,
        **_flow(by[StatDimension.BUYER_LOCATION]),
        "absorbed": _flow(by[StatDimension.ABSORBED_LOCATION]),
    }


def summary(year: int, through_month: int | None = None, today: datetime.date | None = None):
    """The headline figures and the official breakdowns (the API's and dashboard's)."""
    head = headline(year, through_month, today)
    by = breakdowns(year, head["through_month"], (*OFFICIAL, StatDimension.BROKER))
    return {
        **head,
        "by_type": by[StatDimension.CONTRACT_TYPE],
        "by_subtype": by[StatDimension.SUBTYPE],
        "by_field": by[StatDimension.TECHNICAL_FIELD],
        "by_entity_nature": by[StatDimension.SELLER_ENTITY_NATURE],
        "by_seller_nature": by[StatDimension.SELLER_ENTITY_NATURE],
        "by_buyer_nature": by[StatDimension.BUYER_ENTITY_NATURE],
        "by_ip_type": by[StatDimension.IP_TYPE],
        "imports": imports_of(by[StatDimension.SELLER_COUNTRY]),
        "by_broker": by[StatDimension.BROKER],
    }


def revisions(year: int):
    """The recorded revisions of the year's published months, newest first."""
    return StatsRevision.objects.filter(year=year).order_by("-revised_at", "-pk")


def revision_notes(year: int) -> list[dict]:
    """One note per revised month: its latest revision's day (for "X 月数据于 Y 日修订")."""
    rows = (
        StatsRevision.objects.filter(year=year)
        .values("month")
        .annotate(last=Max("revised_at"))
        .order_by("month")
    )
    return [{"month": r["month"], "revised_on": timezone.localtime(r["last"]).date()} for r in rows]


# ---- the annual quality check -------------------------------------------------------------
# The contracts offices are asked to re-examine (DOMAIN.md): large (技术交易额 ≥ 5,000,000
# yuan), foreign (涉外: a party abroad) and those with tax relief (涉税: registered
# development, transfer and licence contracts, which carry the VAT exemption and, for some,
# the income-tax relief).
LARGE_TECHNOLOGY_AMOUNT = 5_000_000


def quality_flags() -> dict[str, Q]:
    return {
        "large": Q(technology_amount__gte=LARGE_TECHNOLOGY_AMOUNT),
        "foreign": ~Q(buyer_country_code=DOMESTIC_COUNTRY_CODE)
        | ~Q(seller_country_code=DOMESTIC_COUNTRY_CODE),
        "tax": Q(status="registered", contract_type__in=sorted(VAT_EXEMPT_TYPES)),
    }


def quality_flagged(queryset, flag: str):
    """The registered contracts under one flag ("large", "foreign", "tax") or any ("any")."""
    flags = quality_flags()
    flags["any"] = flags["large"] | flags["foreign"] | flags["tax"]
    condition = flags[flag]
    return queryset.filter(condition, status="registered")
