import re
from decimal import Decimal

from portal.charts import _nice_max, grouped_bars, horizontal_bars, lines


def test_grouped_bars_scale_to_the_largest_value():
    svg = grouped_bars(
        "月度成交额", ["1月", "2月"], [("2024", [1, 2]), ("2025", [Decimal(5), None])]
    )
    heights = [
        float(h)
        for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]
    # plot height 224 px for an axis up to 5: Jan 2024=1, Jan 2025=5, Feb 2024=2, Feb 2025 none
    assert heights[:4] == [44.8, 224.0, 89.6, 0.0]
    assert "<title>月度成交额</title>" in svg and "2025: 1月 5.00" in svg


def test_labels_are_escaped():
    svg = horizontal_bars("x", [("<script>", 1)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_lines_skip_missing_months_and_draw_the_target():
    svg = lines("累计", ["1", "2", "3"], [("2025", [1, 2, None])], target=15, target_label="目标")
    assert svg.count("<circle") == 2
    assert "stroke-dasharray" in svg and "目标" in svg


def test_nice_axis_maximum():
    assert _nice_max(0) == 1.0
    assert _nice_max(7) == 10
    assert _nice_max(32) == 50
    assert _nice_max(3.2) == 5
    assert _nice_max(150) == 200
