"""The statistics summary as a PDF (reviewers): the headline figures, the monthly,
cumulative and growth charts, and the main breakdowns, for complete months only. Drawn
with ReportLab's own charts; the CJK font is the certificate's."""

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common import money
from contracts import selectors
from contracts.pdf import certificate_font

BLUE, GREY, AMBER = (
    colors.HexColor("#0b5394"),
    colors.HexColor("#9aa7b4"),
    colors.HexColor("#c27c0e"),
)
WIDTH = 170 * mm


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def _chart(title: str, font: str, kind: str, series: list[list[float]], names: list[str], months):
    drawing = Drawing(WIDTH, 62 * mm)
    chart = VerticalBarChart() if kind == "bars" else HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 10 * mm, WIDTH - 20 * mm, 42 * mm
    chart.data = series
    chart.categoryAxis.categoryNames = months
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    palette = (GREY, BLUE) if len(series) == 2 else (BLUE,)
    for i, colour in enumerate(palette):
        if kind == "bars":
            chart.bars[i].fillColor = colour
            chart.bars[i].strokeColor = colour
        else:
            chart.lines[i].strokeColor = colour
            chart.lines[i].strokeWidth = 1.5
    drawing.add(chart)
    drawing.add(String(0, 58 * mm, title, fontName=font, fontSize=10))
    for i, name in enumerate(names):
        drawing.add(
            String(WIDTH - 40 * mm + i * 20 * mm, 58 * mm, name, fontName=font, fontSize=8,
                   fillColor=palette[i % len(palette)])
        )  # fmt: skip
    return drawing


def _table(rows: list[list], font: str, widths=None) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#c9d1d9")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _breakdown(title: str, items: list[dict], font: str, style) -> list:
    header = [_("分类"), _("合同数"), _("成交额（万元）"), _("技术交易额（万元）"), _("同比")]
    rows = [header] + [
        [
            i["label"],
            i["contracts"],
            money.format_wan(i["contract_amount"]),
            money.format_wan(i["technology_amount"]),
            money.format_percent(i["yoy_contract_amount_pct"]),
        ]
        for i in items
    ]
    return [Paragraph(title, style), _table(rows, font), Spacer(1, 4 * mm)]


def write_summary_pdf(out, *, year: int, through_month: int) -> None:
    font = certificate_font()
    s = selectors.summary(year, through_month)
    through = s["through_month"]
    rows = selectors.monthly_rows(year)
    months = [str(m) for m in range(1, 13)]
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20)
    heading = ParagraphStyle("heading", fontName=font, fontSize=11, leading=15, spaceBefore=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)

    def shown(values):
        return [v if r["month"] <= through else 0.0 for r, v in zip(rows, values, strict=True)]

    as_of = timezone.localtime(s["as_of"]).strftime("%Y-%m-%d %H:%M") if s["as_of"] else "—"
    story = [
        Paragraph(_("%(year)s 年 1–%(m)s 月技术市场统计") % {"year": year, "m": through}, title),
        Paragraph(_("按登记日期统计，完整月份；数据截至 %(t)s。") % {"t": as_of}, body),
        Spacer(1, 3 * mm),
        _table(
            [
                [_("登记合同"), _("合同成交额"), _("技术交易额"), _("同比"), _("平均每项"), _("技术交易额占比")],
                [
                    s["contracts"],
                    money.format_amount(s["contract_amount"]),
                    money.format_amount(s["technology_amount"]),
                    money.format_percent(s["growth_pct"]),
                    money.format_amount(s["average_contract_amount"]),
                    money.format_percent(s["technology_share_pct"]),
                ],
            ],
            font,
        ),
        Spacer(1, 4 * mm),
        _chart(
            _("各月成交额（万元）"), font, "bars",
            [
                [_number(money.in_wan(r["prior_contract_amount"])) for r in rows],
                shown([_number(money.in_wan(r["contract_amount"])) for r in rows]),
            ],
            [str(year - 1), str(year)], months,
        ),
        _chart(
            _("累计成交额（亿元）"), font, "lines",
            [
                [_number(money.in_yi(r["prior_ytd_contract_amount"])) for r in rows],
                [_number(money.in_yi(r["ytd_contract_amount"])) for r in rows[:through]],
            ],
            [str(year - 1), str(year)], months,
        ),
        _chart(
            _("成交额同比增长（%）"), font, "bars",
            [[_number(r["yoy_contract_amount_pct"]) for r in rows[:through]] + [0.0] * (12 - through)],
            [_("当月同比")], months,
        ),
    ]  # fmt: skip
    partial = s["partial_month"]
    if partial:
        story.append(
            Paragraph(
                _("截至 %(m)s 月 %(d)s 日：本月已登记 %(n)s 项，%(a)s（不计入上述同比）。")
                % {
                    "m": partial["month"],
                    "d": partial["through_day"],
                    "n": partial["contracts"],
                    "a": money.format_amount(partial["contract_amount"]),
                },
                body,
            )
        )
    for label, key in (
        (_("按合同类别"), "by_type"),
        (_("按技术领域"), "by_field"),
        (_("按卖方法人性质（输出）"), "by_seller_nature"),
        (_("按知识产权类型"), "by_ip_type"),
    ):
        story += _breakdown(label, s[key], font, heading)
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title=_("技术市场统计"),
    )  # fmt: skip
    document.build(story)
