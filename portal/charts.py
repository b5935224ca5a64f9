"""Charts drawn on the server as inline SVG: no chart library, no JavaScript, no CDN.

Each function takes plain numbers and returns SVG markup with a <title> and <desc> for
screen readers; the dashboard shows the same numbers as a table next to each chart.

Sizes: a chart is drawn WIDTH units wide, about the width of a phone's card, so that its
12-unit text is still 11 px or more on a 390 px screen (the page never scales it up past
its natural size by much, see portal.css). Every text area — the axis labels, the legend,
a bar's label and value — is measured from its text (`text_width`), so an English label
("Advanced manufacturing") is never cut off; month labels that do not fit under their
bars are thinned to every second (or third) month.
"""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#9aa7b4", "#0b5394", "#c27c0e", "#1e7b34", "#b3261e", "#6a3d9a", "#00838f")
FONT_SIZE = 12
FONT = f'font-family="system-ui, sans-serif" font-size="{FONT_SIZE}"'
WIDTH = 340
HEIGHT = 300
LEGEND_ROW = 16


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the width of `text` in a sans-serif font: a CJK character is
    one em, a Latin letter or digit about 0.62 em, narrow punctuation less."""
    width = 0.0
    for char in str(text):
        if ord(char) >= 0x2E80:
            width += 1.0
        elif char in " .,:;'!|il()[]":
            width += 0.34
        elif char.isupper() or char in "mwMW%":
            width += 0.78
        else:
            width += 0.62
    return width * size


def _nice_max(value: float) -> float:
    """A round upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'data-width="{width}" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _legend_rows(names: list[str], width: int, x: int = 4) -> list[list[tuple[float, int]]]:
    """The legend's entries (x, index) placed left to right, wrapping when a row is full."""
    rows: list[list[tuple[float, int]]] = [[]]
    cursor = x
    for i, name in enumerate(names):
        item = 18 + text_width(name) + 14
        if rows[-1] and cursor + item > width:
            rows.append([])
            cursor = x
        rows[-1].append((cursor, i))
        cursor += item
    return rows


def _legend(names: list[str], width: int, styles: list[str] | None = None) -> list[str]:
    """A swatch (or a line, style "line") and the name, for each series."""
    parts = []
    for r, row in enumerate(_legend_rows(names, width)):
        y = 16 + r * LEGEND_ROW
        for lx, i in row:
            name = names[i]
            colour = PALETTE[i % len(PALETTE)] if styles is None else styles[i].split(":")[1]
            if styles is not None and styles[i].startswith("line"):
                swatch = (
                    f'<line x1="{lx:.1f}" x2="{lx + 14:.1f}" y1="{y - 4}" y2="{y - 4}" '
                    f'stroke="{colour}" stroke-width="2.5"/>'
                )
            else:
                swatch = f'<rect x="{lx:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            parts.append(
                f'{swatch}<text x="{lx + 18:.1f}" y="{y}" {FONT} fill="#1f2328">'
                f"{escape(name)}</text>"
            )
    return parts


def _top(names: list[str], width: int) -> int:
    """Room above the plot: the legend's rows, then the unit's line."""
    return 8 + LEGEND_ROW * len(_legend_rows(names, width)) + LEGEND_ROW


def _left(ticks: list[str]) -> int:
    return int(max((text_width(t) for t in ticks), default=0) + 12)


def _ticks(low: float, high: float) -> list[float]:
    return [low + (high - low) * i / 4 for i in range(5)]


def _axis(left: int, top: int, plot_w: int, plot_h: int, low: float, high: float, unit: str):
    parts = []
    span = (high - low) or 1.0
    for value in _ticks(low, high):
        y = top + plot_h * (high - value) / span
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dee4"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" {FONT} text-anchor="end" fill="#5b636b">'
            f"{_tick(value)}</text>"
        )
    parts.append(f'<text x="4" y="{top - 8}" {FONT} fill="#5b636b">{escape(unit)}</text>')
    return parts


def _category_labels(categories: list[str], x_of, slot: float, y: float) -> list[str]:
    """The labels under the plot; every n-th when they would touch."""
    widest = max((text_width(c) for c in categories), default=0) + 4
    step = max(1, math.ceil(widest / slot)) if slot > 0 else 1
    return [
        f'<text x="{x_of(i):.1f}" y="{y}" {FONT} text-anchor="middle" fill="#1f2328">'
        f"{escape(category)}</text>"
        for i, category in enumerate(categories)
        if i % step == 0
    ]


def grouped_bars(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[Decimal | float | None]]],
    unit: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """Bars per category, one colour per series (e.g. this year against last year)."""
    names = [name for name, _vs in series]
    values = [float(v or 0) for _name, vs in series for v in vs]
    top_value = _nice_max(max(values, default=0))
    top, bottom, right = _top(names, width), 36, 8
    left = _left([_tick(v) for v in _ticks(0, top_value)])
    plot_w, plot_h = width - left - right, height - top - bottom
    body = _axis(left, top, plot_w, plot_h, 0, top_value, unit)
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    for c, category in enumerate(categories):
        x0 = left + c * slot + slot * 0.1
        for s, (name, vs) in enumerate(series):
            value = float(vs[c] or 0)
            h = plot_h * value / top_value
            x = x0 + s * bar_w
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 1, 0.5):.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(name)} {escape(category)}: {value:,.2f}</title></rect>"
            )
    body += _category_labels(
        categories, lambda i: left + i * slot + slot / 2, slot, height - bottom + 16
    )
    body += _legend(names, width)
    desc = "; ".join(
        f"{name}: "
        + ", ".join(f"{c} {float(v or 0):,.2f}" for c, v in zip(categories, vs, strict=True))
        for name, vs in series
    )
    return _svg(width, height, title, desc, body)


def lines(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[Decimal | float | None]]],
    unit: str = "",
    target: Decimal | float | None = None,
    target_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """Lines over the categories (missing values end the line), with an optional target."""
    names = [name for name, _vs in series]
    values = [float(v) for _name, vs in series for v in vs if v is not None]
    top_value = _nice_max(max([*values, float(target or 0)], default=0))
    top, bottom = _top(names, width), 36
    left = _left([_tick(v) for v in _ticks(0, top_value)])
    # Room for the last category's label, centred on the right edge of the plot.
    right = int(text_width(categories[-1]) / 2 + 4) if categories else 8
    plot_w, plot_h = width - left - right, height - top - bottom
    body = _axis(left, top, plot_w, plot_h, 0, top_value, unit)
    step = plot_w / max(len(categories) - 1, 1)
    if target:
        y = top + plot_h - plot_h * float(target) / top_value
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#b3261e" stroke-dasharray="6 4"/>'
            f'<text x="{left + plot_w}" y="{y - 6:.1f}" {FONT} text-anchor="end" fill="#b3261e">'
            f"{escape(target_label)}</text>"
        )
    styles = []
    for s, (_name, vs) in enumerate(series):
        points = [
            (left + i * step, top + plot_h - plot_h * float(v) / top_value)
            for i, v in enumerate(vs)
            if v is not None
        ]
        colour = PALETTE[(s + 1) % len(PALETTE)] if len(series) == 1 else PALETTE[s % len(PALETTE)]
        styles.append(f"box:{colour}")
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
            )
            body += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points
            ]
    body += _category_labels(categories, lambda i: left + i * step, step, height - bottom + 16)
    body += _legend(names, width, styles)
    desc = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{c} {float(v):,.2f}" for c, v in zip(categories, vs, strict=True) if v is not None
        )
        for name, vs in series
    )
    return _svg(width, height, title, desc, body)


def horizontal_bars(
    title: str, items: list[tuple[str, Decimal | float]], unit: str = "", width: int = WIDTH
) -> SafeString:
    """One bar per item, longest first: the breakdown charts. Each label sits on its own
    line above its bar, so a long label never pushes the bars out of the chart; the value
    follows the bar, and the bars leave room for the longest value."""
    row_h, top = 38, 6
    shown = [(label, float(value or 0)) for label, value in items]
    value_texts = [f"{value:,.2f} {unit}".strip() for _label, value in shown]
    widest_label = max((text_width(label) for label, _v in shown), default=0)
    width = max(width, int(widest_label) + 8)
    value_w = max((text_width(t) for t in value_texts), default=0) + 8
    plot_w = max(width - 4 - value_w, 40)
    height = top * 2 + row_h * max(len(shown), 1)
    top_value = max((value for _label, value in shown), default=0) or 1.0
    body = []
    for i, ((label, value), text) in enumerate(zip(shown, value_texts, strict=True)):
        y = top + i * row_h
        w = plot_w * value / top_value
        body.append(
            f'<text x="4" y="{y + 13}" {FONT} fill="#1f2328">{escape(label)}</text>'
            f'<rect x="4" y="{y + 18}" width="{w:.1f}" height="14" fill="{PALETTE[1]}"/>'
            f'<text x="{4 + w + 6:.1f}" y="{y + 30}" {FONT} fill="#5b636b">{escape(text)}</text>'
        )
    desc = "; ".join(f"{label} {value:,.2f} {unit}" for label, value in shown)
    return _svg(width, height, title, desc, body)


def _signed_range(values: list[float]) -> tuple[float, float]:
    """An axis from a round minimum (0 unless a value is below it) to a round maximum."""
    high = _nice_max(max([*values, 0.0]))
    low = -_nice_max(-min([*values, 0.0])) if min([*values, 0.0]) < 0 else 0.0
    return low, high


def growth(
    title: str,
    categories: list[str],
    bars: tuple[str, list[Decimal | float | None]],
    line: tuple[str, list[Decimal | float | None]],
    unit: str = "%",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """Growth in percent, which may be negative: one bar per category (the month's YoY)
    and a line (the cumulative YoY), around a zero line. A missing value (no base, or a
    month not over) draws nothing."""
    bar_name, bar_values = bars
    line_name, line_values = line
    names = [bar_name, line_name]
    values = [float(v) for _name, vs in (bars, line) for v in vs if v is not None]
    low, high = _signed_range(values)
    span = (high - low) or 1.0
    top, bottom, right = _top(names, width), 36, 8
    left = _left([_tick(v) for v in _ticks(low, high)])
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(value: float) -> float:
        return top + plot_h * (high - value) / span

    body = _axis(left, top, plot_w, plot_h, low, high, unit)
    zero = y_of(0.0)
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{zero:.1f}" y2="{zero:.1f}" '
        f'stroke="#1f2328" stroke-width="1.5"/>'
    )
    slot = plot_w / max(len(categories), 1)
    for c, value in enumerate(bar_values):
        if value is None:
            continue
        y = y_of(float(value))
        body.append(
            f'<rect x="{left + c * slot + slot * 0.2:.1f}" y="{min(y, zero):.1f}" '
            f'width="{slot * 0.6:.1f}" height="{abs(zero - y):.1f}" '
            f'fill="{PALETTE[1] if value >= 0 else PALETTE[4]}">'
            f"<title>{escape(bar_name)} {escape(categories[c])}: {float(value):,.1f}{escape(unit)}"
            f"</title></rect>"
        )
    points = [
        (left + c * slot + slot / 2, y_of(float(v)))
        for c, v in enumerate(line_values)
        if v is not None
    ]
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[2]}" stroke-width="2.5"/>'
        )
        body += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[2]}"/>' for x, y in points
        ]
    body += _category_labels(
        categories, lambda c: left + c * slot + slot / 2, slot, height - bottom + 16
    )
    body += _legend(names, width, [f"box:{PALETTE[1]}", f"line:{PALETTE[2]}"])
    desc = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{c} {float(v):,.1f}{unit}"
            for c, v in zip(categories, vs, strict=True)
            if v is not None
        )
        for name, vs in (bars, line)
    )
    return _svg(width, height, title, desc, body)
