"""`/stats/`: the market dashboard a bureau head would put on the wall, and its downloads.

Everything shown comes from the stored monthly table through `contracts.selectors`;
charts are SVG drawn here, and every chart's numbers are also in a table.
"""

from decimal import Decimal
from operator import itemgetter

from django.shortcuts import render
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import money, spreadsheets
from common.response_cache import LISTINGS_CACHE, cache_anonymous
from common.spreadsheets import MONEY_FORMAT, Column
from contracts import selectors
from contracts.models import STATS_CACHE
from portal import charts


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return selectors.default_year()
    return year if 1980 <= year <= 2999 else selectors.default_year()


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


def month_name(month: int, *, short: bool = False) -> str:
    """ "3 月" in Chinese; "March" (short: "Mar") in English — never "M3" or "Month 3"."""
    if money.reads_chinese():
        return f"{month} 月"
    names = MONTHS_3 if short else MONTHS
    return str(names[month]).capitalize()


def month_span(through: int) -> str:
    """The months 1 to `through`: "1–11 月", "January–November"."""
    if money.reads_chinese():
        return f"1–{through} 月" if through > 1 else "1 月"
    if through == 1:
        return month_name(1)
    return f"{month_name(1)}–{month_name(through)}"


def _month_labels() -> list[str]:
    return [month_name(m, short=True) for m in range(1, 13)]


def _charts(year: int, rows: list[dict], summary: dict) -> dict:
    months = _month_labels()
    through = summary["through_month"]

    def shown(values):
        return [v if r["month"] <= through else None for r, v in zip(rows, values, strict=True)]

    target = summary["target_amount"]
    small, small_unit = money.chart_unit("wan")
    large, large_unit = money.chart_unit("yi")
    return {
        "monthly_chart": charts.grouped_bars(
            _("各月技术合同成交额（%(unit)s）") % {"unit": small_unit},
            months,
            [
                (
                    str(year - 1),
                    [money.in_unit(r["prior_contract_amount"], small) for r in rows],
                ),
                (str(year), shown([money.in_unit(r["contract_amount"], small) for r in rows])),
            ],
            unit=small_unit,
        ),
        "cumulative_chart": charts.lines(
            (_("累计成交额与年度目标（%(unit)s）") if target else _("累计成交额（%(unit)s）"))
            % {"unit": large_unit},
            months,
            [
                (
                    str(year - 1),
                    [money.in_unit(r["prior_ytd_contract_amount"], large) for r in rows],
                ),
                (
                    str(year),
                    shown([money.in_unit(r["ytd_contract_amount"], large) for r in rows]),
                ),
            ],
            unit=large_unit,
            target=money.in_unit(target, large) if target else None,
            target_label=_("年度目标"),
        ),
        "cumulative_caption": _("累计成交额与年度目标") if target else _("累计成交额"),
        "growth_chart": charts.growth(
            _("成交额同比增长（%）"),
            months,
            (_("当月同比"), [r["yoy_contract_amount_pct"] for r in rows]),
            (_("累计同比"), [r["ytd_yoy_contract_amount_pct"] for r in rows]),
        ),
    }


def _bars(title: str, items) -> str:
    per_unit, unit = money.chart_unit("wan")
    return charts.horizontal_bars(
        title, [(label, money.in_unit(amount, per_unit)) for label, amount in items], unit=unit
    )


def _breakdown_cards(summary: dict) -> list[dict]:
    tables = [
        (_("按合同类别"), summary["by_type"]),
        (_("按合同子类"), summary["by_subtype"]),
        (_("按技术领域"), summary["by_field"]),
        (_("按卖方法人性质（输出）"), summary["by_seller_nature"]),
        (_("按买方法人性质"), summary["by_buyer_nature"]),
        (_("按知识产权类型"), summary["by_ip_type"]),
        (_("技术进口（按卖方国别）"), summary["imports"]["by_country"]),
        (_("有无技术经理人参与"), summary["by_broker"]),
    ]
    return [
        {
            "title": title,
            "rows": items,
            "chart": _bars(title, [(i["label"], i["contract_amount"]) for i in items]),
        }
        for title, items in tables
    ]


def _flow_rows(flow: dict) -> list[dict]:
    return [
        {"label": _("本市"), **flow["city"]},
        {"label": _("区内其他地区"), **flow["rest_of_region"]},
        *({"label": p["name"], **p} for p in flow["provinces"]),
        *({"label": a["name"], "abroad": True, **a} for a in flow["abroad"]),
        *([{"label": _("未填写"), **flow["unknown"]}] if flow["unknown"]["contracts"] else []),
    ]


def stats_page_context(year: int) -> dict:
    rows = selectors.monthly_rows(year)
    summary = selectors.summary(year)
    through = summary["through_month"]
    flows = selectors.flows(year, through)
    outflow = [r for r in _flow_rows(flows) if r["contracts"] or r["prior_contracts"]]
    absorbed = [r for r in _flow_rows(flows["absorbed"]) if r["contracts"] or r["prior_contracts"]]
    partial = summary["partial_month"]
    return {
        "year": year,
        "through_month": through,
        "years": sorted({*selectors.years_with_data(), selectors.default_year()}, reverse=True),
        "summary": summary,
        "partial": partial,
        "partial_month": month_name(partial["month"]) if partial else "",
        "growth_words": growth_words(summary["growth_pct"]),
        "rows": [{**r, "month_name": month_name(r["month"])} for r in rows[:through]],
        **_charts(year, rows, summary),
        "breakdowns": _breakdown_cards(summary),
        "flows": flows,
        "outflow_rows": outflow,
        "absorbed_rows": absorbed,
        "flows_chart": _bars(
            _("输出流向：按买方所在地"), [(r["label"], r["contract_amount"]) for r in outflow]
        ),
        "revision_notes": [
            {**n, "month_name": month_name(n["month"])} for n in selectors.revision_notes(year)
        ],
        "through_months": month_span(through) if through else "",
    }


# Anonymous visitors get the whole page from the cache (common.response_cache); the
# listings' version too, for the demo banner every page carries.
@cache_anonymous(STATS_CACHE, LISTINGS_CACHE)
def dashboard(request):
    year = _year(request)
    # Every figure, chart and table comes from the stored statistics: cached until the
    # next computation (contracts.selectors.stats_cached).
    context = selectors.stats_cached("dashboard", year, build=lambda: stats_page_context(year))
    return render(request, "portal/stats.html", context)


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


def _complete_rows(year: int) -> list[dict]:
    """The complete months only: an export never carries a part of a month."""
    return selectors.monthly_rows(year)[: selectors.complete_through_month(year)]


def export_csv(request):
    year = _year(request)
    return spreadsheets.csv_response(
        f"stats-{year}.csv", columns=EXPORT_COLUMNS, rows=_complete_rows(year)
    )


def export_xlsx(request):
    year = _year(request)
    return spreadsheets.xlsx_response(
        f"stats-{year}.xlsx", title=str(year), columns=EXPORT_COLUMNS, rows=_complete_rows(year)
    )
