"""Charts drawn on the server as inline SVG: no chart library, no JavaScript, no CDN.

Each function takes plain numbers and returns SVG markup with a <title> and <desc> for
screen readers; the dashboard shows the same numbers as a table next to each chart.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#9aa7b4", "#0b5394", "#c27c0e", "#1e7b34", "#b3261e", "#6a3d9a", "#00838f")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


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
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _legend(names: list[str], x: int, y: int) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        lx = x + i * 150
        parts.append(
            f'<rect x="{lx}" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{lx + 18}" y="{y}" {FONT} fill="#1f2328">{escape(name)}</text>'
        )
    return parts


def _axis(left: int, top: int, plot_w: int, plot_h: int, top_value: float, unit: str) -> list[str]:
    parts = []
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dee4"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" {FONT} text-anchor="end" fill="#5b636b">'
            f"{_tick(value)}</text>"
        )
    parts.append(f'<text x="{left}" y="{top - 8}" {FONT} fill="#5b636b">{escape(unit)}</text>')
    return parts


def grouped_bars(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[Decimal | float | None]]],
    unit: str = "",
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Bars per category, one colour per series (e.g. this year against last year)."""
    left, top, bottom, right = 56, 40, 36, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v or 0) for _name, vs in series for v in vs]
    top_value = _nice_max(max(values, default=0))
    body = _axis(left, top, plot_w, plot_h, top_value, unit)
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    for c, category in enumerate(categories):
        x0 = left + c * slot + slot * 0.1
        for s, (name, vs) in enumerate(series):
            value = float(vs[c] or 0)
            h = plot_h * value / top_value
            x = x0 + s * bar_w
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(name)} {escape(category)}: {value:,.2f}</title></rect>"
            )
        body.append(
            f'<text x="{x0 + slot * 0.4:.1f}" y="{height - bottom + 16}" {FONT} '
            f'text-anchor="middle" fill="#1f2328">{escape(category)}</text>'
        )
    body += _legend([name for name, _vs in series], left + 140, 18)
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
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Lines over the categories (missing values end the line), with an optional target."""
    left, top, bottom, right = 56, 40, 36, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _name, vs in series for v in vs if v is not None]
    top_value = _nice_max(max([*values, float(target or 0)], default=0))
    body = _axis(left, top, plot_w, plot_h, top_value, unit)
    step = plot_w / max(len(categories) - 1, 1)
    if target:
        y = top + plot_h - plot_h * float(target) / top_value
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#b3261e" stroke-dasharray="6 4"/>'
            f'<text x="{left + plot_w}" y="{y - 6:.1f}" {FONT} text-anchor="end" fill="#b3261e">'
            f"{escape(target_label)}</text>"
        )
    for s, (_name, vs) in enumerate(series):
        points = [
            (left + i * step, top + plot_h - plot_h * float(v) / top_value)
            for i, v in enumerate(vs)
            if v is not None
        ]
        colour = PALETTE[(s + 1) % len(PALETTE)] if len(series) == 1 else PALETTE[s % len(PALETTE)]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
            )
            body += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points
            ]
    for i, category in enumerate(categories):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" {FONT} '
            f'text-anchor="middle" fill="#1f2328">{escape(category)}</text>'
        )
    body += _legend([name for name, _vs in series], left + 140, 18)
    desc = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{c} {float(v):,.2f}" for c, v in zip(categories, vs, strict=True) if v is not None
        )
        for name, vs in series
    )
    return _svg(width, height, title, desc, body)


def horizontal_bars(
    title: str, items: list[tuple[str, Decimal | float]], unit: str = "", width: int = 440
) -> SafeString:
    """One bar per item, longest first: the breakdown charts (sized for a narrow card)."""
    # Room for the longest label (about 12 px a character), within reason.
    longest = max((len(str(label)) for label, _v in items), default=0)
    row_h, right, top = 26, 110, 12
    left = min(max(150, 12 * longest + 16), 260)
    width = max(width, left + right + 180)
    height = top * 2 + row_h * max(len(items), 1)
    top_value = max((float(v or 0) for _label, v in items), default=0) or 1.0
    plot_w = width - left - right
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = plot_w * float(value or 0) / top_value
        body.append(
            f'<text x="{left - 8}" y="{y + 17}" {FONT} text-anchor="end" fill="#1f2328">{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{PALETTE[1]}"/>'
            f'<text x="{left + w + 6:.1f}" y="{y + 17}" {FONT} fill="#5b636b">'
            f"{float(value or 0):,.2f} {escape(unit)}</text>"
        )
    desc = "; ".join(f"{label} {float(value or 0):,.2f} {unit}" for label, value in items)
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
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Growth in percent, which may be negative: one bar per category (the month's YoY)
    and a line (the cumulative YoY), around a zero line. A missing value (no base, or a
    month not over) draws nothing."""
    left, top, bottom, right = 56, 40, 36, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _name, vs in (bars, line) for v in vs if v is not None]
    low, high = _signed_range(values)
    span = (high - low) or 1.0

    def y_of(value: float) -> float:
        return top + plot_h * (high - value) / span

    body = []
    for i in range(5):
        value = low + span * i / 4
        y = y_of(value)
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dee4"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" {FONT} text-anchor="end" fill="#5b636b">'
            f"{_tick(value)}</text>"
        )
    zero = y_of(0.0)
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{zero:.1f}" y2="{zero:.1f}" '
        f'stroke="#1f2328" stroke-width="1.5"/>'
        f'<text x="{left}" y="{top - 8}" {FONT} fill="#5b636b">{escape(unit)}</text>'
    )
    slot = plot_w / max(len(categories), 1)
    bar_name, bar_values = bars
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
    line_name, line_values = line
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
    for c, category in enumerate(categories):
        body.append(
            f'<text x="{left + c * slot + slot / 2:.1f}" y="{height - bottom + 16}" {FONT} '
            f'text-anchor="middle" fill="#1f2328">{escape(category)}</text>'
        )
    body.append(
        f'<rect x="{left + 140}" y="8" width="12" height="12" fill="{PALETTE[1]}"/>'
        f'<text x="{left + 158}" y="18" {FONT} fill="#1f2328">{escape(bar_name)}</text>'
        f'<line x1="{left + 300}" x2="{left + 314}" y1="14" y2="14" stroke="{PALETTE[2]}" '
        f'stroke-width="2.5"/>'
        f'<text x="{left + 320}" y="18" {FONT} fill="#1f2328">{escape(line_name)}</text>'
    )
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
