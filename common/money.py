"""Amounts are stored in yuan; people read them in 万元 or 亿元. This is the one place that
turns one into the other: always half-up rounding, and 亿元 as soon as the rounded amount
reaches one hundred million yuan (99,999,999.99 reads "1.00 亿元", never "10,000.00 万元")."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)


def reads_chinese() -> bool:
    """Chinese counts in 万 and 亿; English in thousands, millions and billions."""
    return (get_language() or "zh-hans").startswith("zh")


def as_decimal(value) -> Decimal | None:
    """A stored or typed amount as a Decimal; None for empty or unreadable input."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def rounded(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def grouped(value: Decimal, places: int = 2) -> str:
    """1234567.891 → "1,234,567.89"."""
    return f"{rounded(value, places):,}"


def in_wan(value, places: int = 2) -> Decimal | None:
    """Yuan → 万元, rounded half-up (for charts and tables in a fixed unit)."""
    number = as_decimal(value)
    return None if number is None else rounded(number / WAN, places)


def in_yi(value, places: int = 2) -> Decimal | None:
    number = as_decimal(value)
    return None if number is None else rounded(number / YI, places)


def format_wan(value, places: int = 2) -> str:
    """320000000 → "32,000.00" (the number in 万元, for a column headed 万元)."""
    number = as_decimal(value)
    return "—" if number is None else grouped(number / WAN, places)


def format_yi(value, places: int = 2) -> str:
    """320000000 → "3.20" (the number in 亿元, for a column headed 亿元)."""
    number = as_decimal(value)
    return "—" if number is None else grouped(number / YI, places)


def format_yuan(value, *, empty: str | None = None) -> str:
    """1200000.5 → "1,200,000.50 元"; an empty amount reads `empty` (面议 by default)."""
    number = as_decimal(value)
    if number is None:
        return _("面议") if empty is None else empty
    return _("%(amount)s 元") % {"amount": grouped(number, 2)}


def english_amount(number: Decimal) -> str:
    """English reads millions and billions: "1.22 billion yuan", "122.0 million yuan",
    "85,000 yuan" (half-up; a billion as soon as the rounded millions reach 1,000)."""
    if abs(rounded(number / MILLION, 1)) >= BILLION / MILLION:
        return f"{grouped(number / BILLION, 2)} billion yuan"
    if abs(rounded(number, 0)) >= MILLION:
        return f"{grouped(number / MILLION, 1)} million yuan"
    return f"{grouped(number, 0 if number == number.to_integral_value() else 2)} yuan"


def format_amount(value, *, empty: str = "—") -> str:
    """The readable form: "3.20 亿元" from one hundred million yuan, "1.23 万元" below;
    in English "320.0 million yuan" (see `english_amount`)."""
    number = as_decimal(value)
    if number is None:
        return empty
    if not reads_chinese():
        return english_amount(number)
    if abs(rounded(number / WAN)) >= YI / WAN:
        return _("%(n)s 亿元") % {"n": grouped(number / YI, 2)}
    return _("%(n)s 万元") % {"n": grouped(number / WAN, 2)}


def format_price(value) -> str:
    """An asking price: 面议 when there is none, in 万元/亿元 from ten thousand yuan, in
    yuan below that (a price of 800 yuan should not read "0.08 万元")."""
    number = as_decimal(value)
    if number is None:
        return _("面议")
    if abs(number) < WAN:
        return format_yuan(number)
    return format_amount(number)


def chart_unit(scale: str) -> tuple[Decimal, str]:
    """The unit a chart of amounts is drawn in, as (yuan per unit, the unit's name):
    "wan" is 万元 in Chinese and million yuan in English, "yi" 亿元 and billion yuan."""
    if reads_chinese():
        return (WAN, _("万元")) if scale == "wan" else (YI, _("亿元"))
    return (MILLION, "million yuan") if scale == "wan" else (BILLION, "billion yuan")


def format_table(value, places: int = 2) -> str:
    """The number for a table column headed in the page's unit, the charts' unit beside
    it: 万元 in Chinese ("1,234.57"), million yuan in English ("12.35"), each from the
    yuan, half-up (never the rounded 万元 converted again)."""
    number = as_decimal(value)
    if number is None:
        return "—"
    per_unit, _unit = chart_unit("wan")
    return grouped(number / per_unit, places)


def in_unit(value, per_unit: Decimal, places: int = 2) -> Decimal | None:
    """Yuan → the chart's unit (from `chart_unit`), rounded half-up."""
    number = as_decimal(value)
    return None if number is None else rounded(number / per_unit, places)


def format_percent(value, places: int = 1) -> str:
    """Growth in percent; None (a zero base) reads as "—", never as infinity."""
    number = as_decimal(value)
    if number is None:
        return "—"
    sign = "+" if number > 0 else ""
    return f"{sign}{grouped(number, int(places))}%"
