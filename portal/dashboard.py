"""`/stats/`: the market dashboard a bureau head would put on the wall, and its downloads.

Everything shown comes from the stored monthly table through `contracts.selectors`;
charts are SVG drawn here, and every chart's numbers are also in a table.
"""

from decimal import Decimal
from operator import itemgetter

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import money, spreadsheets
from common.spreadsheets import MONEY_FORMAT, Column
from contracts import selectors
from portal import charts


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1980 <= year <= 2999 else timezone.localdate().year


def growth_words(pct: Decimal | None) -> str:
    """DOMAIN.md: "增长11倍" means +1100 %; a zero base has no growth to speak of."""
    if pct is None:
        return _("上年同期为零，无法计算增长")
    if pct >= 100:
        times = (pct / 100).quantize(Decimal("0.1")).normalize()
        return _("同比增长 %(times)s 倍") % {"times": f"{times:f}"}
    if pct >= 0:
        return _("同比增长 %(pct)s%%") % {"pct": pct}
    return _("同比下降 %(pct)s%%") % {"pct": -pct}


def stats_page_context(year: int) -> dict:
    rows = selectors.monthly_rows(year)
    through = selectors.default_through_month(year)
    summary = selectors.summary(year, through)
    months = [_("%(m)d月") % {"m": m} for m in range(1, 13)]
    shown = rows[:through]
    monthly_chart = charts.grouped_bars(
        _("各月技术合同成交额（万元）"),
        months,
        [
            (str(year - 1), [money.in_wan(r["prior_contract_amount"]) for r in rows]),
            (
                str(year),
                [
                    money.in_wan(r["contract_amount"]) if r["month"] <= through else None
                    for r in rows
                ],
            ),
        ],
        unit=_("万元"),
    )
    cumulative_chart = charts.lines(
        _("累计成交额与年度目标（亿元）"),
        months,
        [
            (str(year - 1), [money.in_yi(r["prior_ytd_contract_amount"]) for r in rows]),
            (
                str(year),
                [
                    money.in_yi(r["ytd_contract_amount"]) if r["month"] <= through else None
                    for r in rows
                ],
            ),
        ],
        unit=_("亿元"),
        target=money.in_yi(summary["target_amount"]) if summary["target_amount"] else None,
        target_label=_("年度目标"),
    )
    breakdowns = [
        (_("按合同类型"), summary["by_type"]),
        (_("按技术领域"), summary["by_field"]),
        (_("按卖方法人性质"), summary["by_entity_nature"]),
        (_("按知识产权类型"), summary["by_ip_type"]),
    ]
    breakdown_charts = [
        {
            "title": title,
            "rows": items,
            "chart": charts.horizontal_bars(
                title,
                [(i["label"], money.in_wan(i["contract_amount"])) for i in items],
                unit=_("万元"),
            ),
        }
        for title, items in breakdowns
    ]
    return {
        "year": year,
        "through_month": through,
        "years": sorted({*selectors.years_with_data(), timezone.localdate().year}, reverse=True),
        "summary": summary,
        "growth_words": growth_words(summary["growth_pct"]),
        "rows": shown,
        "monthly_chart": monthly_chart,
        "cumulative_chart": cumulative_chart,
        "breakdowns": breakdown_charts,
    }


def dashboard(request):
    return render(request, "portal/stats.html", stats_page_context(_year(request)))


EXPORT_COLUMNS = (
    Column(gettext_lazy("月份"), itemgetter("month")),
    Column(gettext_lazy("合同数"), itemgetter("contracts")),
    Column(gettext_lazy("成交额（元）"), itemgetter("contract_amount"), MONEY_FORMAT),
    Column(gettext_lazy("技术交易额（元）"), itemgetter("technology_amount"), MONEY_FORMAT),
    Column(gettext_lazy("累计合同数"), itemgetter("ytd_contracts")),
    Column(gettext_lazy("累计成交额（元）"), itemgetter("ytd_contract_amount"), MONEY_FORMAT),
    Column(gettext_lazy("累计技术交易额（元）"), itemgetter("ytd_technology_amount"), MONEY_FORMAT),
    Column(gettext_lazy("成交额同比（%）"), itemgetter("yoy_contract_amount_pct")),
    Column(gettext_lazy("累计成交额同比（%）"), itemgetter("ytd_yoy_contract_amount_pct")),
)


def export_csv(request):
    year = _year(request)
    return spreadsheets.csv_response(
        f"stats-{year}.csv", columns=EXPORT_COLUMNS, rows=selectors.monthly_rows(year)
    )


def export_xlsx(request):
    year = _year(request)
    return spreadsheets.xlsx_response(
        f"stats-{year}.xlsx",
        title=str(year),
        columns=EXPORT_COLUMNS,
        rows=selectors.monthly_rows(year),
    )
