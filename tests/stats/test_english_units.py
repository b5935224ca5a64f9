"""English amounts, months and chart labels read naturally; charts size their text areas
from the labels (nothing clipped) and keep their text big enough for a phone."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from common import money
from portal import charts
from portal.dashboard import month_name, month_span


@pytest.mark.parametrize(
    ("yuan", "english", "chinese"),
    [
        ("1220000000", "1.22 billion yuan", "12.20 亿元"),
        ("122000000", "122.0 million yuan", "1.22 亿元"),
        ("58285300", "58.3 million yuan", "5,828.53 万元"),
        ("999960000", "1.00 billion yuan", "10.00 亿元"),
        ("85000", "85,000 yuan", "8.50 万元"),
        ("1234.5", "1,234.50 yuan", "0.12 万元"),
    ],
)
def test_amounts_in_english_and_chinese(yuan, english, chinese):
    assert money.format_amount(Decimal(yuan)) == chinese
    with translation.override("en"):
        assert money.format_amount(Decimal(yuan)) == english


def test_chart_units_follow_the_language():
    assert money.chart_unit("wan") == (Decimal(10_000), "万元")
    with translation.override("en"):
        assert money.chart_unit("wan") == (Decimal(1_000_000), "million yuan")
        assert money.chart_unit("yi") == (Decimal(1_000_000_000), "billion yuan")
        assert money.in_unit(Decimal("1220000000"), Decimal(1_000_000_000)) == Decimal("1.22")


def test_months_are_names_in_english_and_numbers_in_chinese():
    assert month_name(1) == "1 月" and month_span(11) == "1–11 月"
    with translation.override("en"):
        assert month_name(1, short=True) == "Jan"
        assert month_name(11) == "November"
        assert month_span(11) == "January–November"


def _texts(svg: str) -> list[tuple[float, str, str]]:
    return [
        (float(x), anchor or "start", label)
        for x, anchor, label in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" [^>]*?(?:text-anchor="(\w+)" )?fill="[^"]+">([^<]*)</text>',
            svg,
        )
    ]


def test_long_english_bar_labels_fit_inside_the_chart():
    items = [("Advanced manufacturing", 120), ("New energy and new materials", 80)]
    svg = charts.horizontal_bars("By field", items, unit="million yuan")
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    for x, anchor, label in _texts(svg):
        assert anchor == "start" and x >= 0, label
        assert x + charts.text_width(label) <= width, label
    assert "Advanced manufacturing" in svg and "120.00 million yuan" in svg


def test_the_axis_leaves_room_for_its_widest_tick_and_the_legend_wraps():
    svg = charts.grouped_bars(
        "t",
        ["Jan", "Feb"],
        [("Turnover last year (million yuan)", [12345678, 1]), ("This year", [1, 2])],
        unit="million yuan",
    )
    ticks = [(x, label) for x, anchor, label in _texts(svg) if anchor == "end"]
    assert ticks and all(x - charts.text_width(label) >= 0 for x, label in ticks)
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    legend = [(x, label) for x, anchor, label in _texts(svg) if "year" in label]
    assert all(x + charts.text_width(label) <= width for x, label in legend)


def test_month_labels_that_do_not_fit_are_thinned_not_overlapped():
    months = [f"{m} 月" for m in range(1, 13)]
    svg = charts.grouped_bars("t", months, [("2025", list(range(12)))])
    shown = [label for _x, anchor, label in _texts(svg) if anchor == "middle"]
    assert shown[0] == "1 月" and 3 <= len(shown) < 12
    english = charts.grouped_bars("t", ["Jan", "Feb", "Mar"], [("2025", [1, 2, 3])])
    assert [label for _x, a, label in _texts(english) if a == "middle"] == ["Jan", "Feb", "Mar"]


def test_charts_are_drawn_about_a_phone_card_wide():
    """12-unit text in a viewBox of WIDTH units: on a 390 px phone's card (about 330 px)
    it renders at 11 px or more (the browser test measures it on the page)."""
    assert charts.FONT_SIZE * 330 / charts.WIDTH >= 11
    svg = charts.lines("t", ["Jan", "Feb"], [("2025", [1, 2])])
    assert f'viewBox="0 0 {charts.WIDTH} ' in svg and 'font-size="12"' in svg


@pytest.mark.parametrize(
    ("yuan", "english", "chinese"),
    [
        ("12345678.90", "12.35", "1,234.57"),
        ("1234995000", "1,235.00", "123,499.50"),
        # From the yuan, not from the rounded 万元 (1,234.50 → 12.345 → "12.35" would be wrong).
        ("12344999", "12.34", "1,234.50"),
        ("0", "0.00", "0.00"),
    ],
)
def test_table_columns_are_in_wan_in_chinese_and_million_yuan_in_english(yuan, english, chinese):
    assert money.format_table(Decimal(yuan)) == chinese
    with translation.override("en"):
        assert money.format_table(Decimal(yuan)) == english
    assert money.format_table(None) == "—"
