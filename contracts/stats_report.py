"""The report workbook (统计报表) the office sends upward: one sheet per official table,
Chinese headers, amounts in 万元 with two decimals, as numbers. Built from the same
selectors as `/stats/` and the API, for complete months only."""

from operator import itemgetter

from django.utils import timezone
from django.utils.translation import gettext as _

from common import money
from common.spreadsheets import MONEY_FORMAT, Column, Sheet, write_xlsx_sheets
from contracts import selectors


def _wan(key: str):
    return lambda row: money.in_wan(row[key])


def _table_columns(first: str) -> list[Column]:
    return [
        Column(first, itemgetter("label")),
        Column(_("合同数"), itemgetter("contracts")),
        Column(_("成交额（万元）"), _wan("contract_amount"), MONEY_FORMAT),
        Column(_("技术交易额（万元）"), _wan("technology_amount"), MONEY_FORMAT),
        Column(_("上年同期合同数"), itemgetter("prior_contracts")),
        Column(_("上年同期成交额（万元）"), _wan("prior_contract_amount"), MONEY_FORMAT),
        Column(_("成交额同比（%）"), itemgetter("yoy_contract_amount_pct")),
    ]


def _monthly_columns() -> list[Column]:
    return [
        Column(_("月份"), itemgetter("month")),
        Column(_("合同数"), itemgetter("contracts")),
        Column(_("成交额（万元）"), _wan("contract_amount"), MONEY_FORMAT),
        Column(_("技术交易额（万元）"), _wan("technology_amount"), MONEY_FORMAT),
        Column(_("累计合同数"), itemgetter("ytd_contracts")),
        Column(_("累计成交额（万元）"), _wan("ytd_contract_amount"), MONEY_FORMAT),
        Column(_("累计技术交易额（万元）"), _wan("ytd_technology_amount"), MONEY_FORMAT),
        Column(_("成交额同比（%）"), itemgetter("yoy_contract_amount_pct")),
        Column(_("累计成交额同比（%）"), itemgetter("ytd_yoy_contract_amount_pct")),
    ]


def _flow_rows(flow: dict) -> list[dict]:
    return [
        {"label": _("本市"), **flow["city"]},
        {"label": _("区内其他地区"), **flow["rest_of_region"]},
        *({"label": p["name"], **p} for p in flow["provinces"]),
        *({"label": _("境外：%(name)s") % {"name": a["name"]}, **a} for a in flow["abroad"]),
        {"label": _("合计"), **flow["total"]},
    ]


def _summary_rows(s: dict) -> list[dict]:
    def row(label, value, wan=False):
        return {
            "label": label,
            "value": money.in_wan(value) if wan and value is not None else value,
        }

    return [
        row(_("年度"), s["year"]),
        row(_("截至月份"), s["through_month"]),
        row(_("登记合同数"), s["contracts"]),
        row(_("合同成交额（万元）"), s["contract_amount"], wan=True),
        row(_("技术交易额（万元）"), s["technology_amount"], wan=True),
        row(_("技术交易额占成交额（%）"), s["technology_share_pct"]),
        row(_("平均每项成交额（万元）"), s["average_contract_amount"], wan=True),
        row(_("上年同期合同数"), s["prior_contracts"]),
        row(_("上年同期成交额（万元）"), s["prior_contract_amount"], wan=True),
        row(_("成交额同比（%）"), s["growth_pct"]),
        row(_("技术进口合同数"), s["imports"]["contracts"]),
        row(_("技术进口成交额（万元）"), s["imports"]["contract_amount"], wan=True),
        row(
            _("数据截至"),
            timezone.localtime(s["as_of"]).strftime("%Y-%m-%d %H:%M") if s["as_of"] else "",
        ),
    ]


def report_through_month(year: int, quarter: int | None) -> int:
    """The last month the report covers: the quarter's, or the last complete month."""
    return quarter * 3 if quarter else selectors.complete_through_month(year)


def write_report(out, *, year: int, through_month: int) -> None:
    s = selectors.summary(year, through_month)
    flows = selectors.flows(year, s["through_month"])
    rows = selectors.monthly_rows(year)[: s["through_month"]]
    value_column = Column(_("数值"), itemgetter("value"), MONEY_FORMAT)
    write_xlsx_sheets(
        out,
        [
            Sheet(
                _("汇总"), [Column(_("指标"), itemgetter("label")), value_column], _summary_rows(s)
            ),
            Sheet(_("月度"), _monthly_columns(), rows),
            Sheet(_("合同类别"), _table_columns(_("合同类别")), s["by_type"]),
            Sheet(_("合同子类"), _table_columns(_("合同子类")), s["by_subtype"]),
            Sheet(_("技术领域"), _table_columns(_("技术领域")), s["by_field"]),
            Sheet(_("卖方法人性质"), _table_columns(_("卖方法人性质")), s["by_seller_nature"]),
            Sheet(_("买方法人性质"), _table_columns(_("买方法人性质")), s["by_buyer_nature"]),
            Sheet(_("知识产权类型"), _table_columns(_("知识产权类型")), s["by_ip_type"]),
            Sheet(_("技术进口"), _table_columns(_("卖方国别")), s["imports"]["by_country"]),
            Sheet(_("输出流向"), _table_columns(_("买方所在地")), _flow_rows(flows)),
            Sheet(_("吸纳"), _table_columns(_("卖方所在地")), _flow_rows(flows["absorbed"])),
        ],
    )
