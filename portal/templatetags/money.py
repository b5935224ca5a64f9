"""Amounts are stored in yuan; people read them in 万元 or 亿元. This is the one place
that turns one into the other."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

register = template.Library()

WAN = Decimal(10_000)
YI = Decimal(100_000_000)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _fixed(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,}"


@register.filter
def wan(value, places: int = 2) -> str:
    """320000000 → "32,000.00" (in 万元)."""
    amount = _decimal(value)
    return "—" if amount is None else _fixed(amount / WAN, int(places))


@register.filter
def yi(value, places: int = 2) -> str:
    """320000000 → "3.20" (in 亿元)."""
    amount = _decimal(value)
    return "—" if amount is None else _fixed(amount / YI, int(places))


@register.filter
def yuan(value) -> str:
    """1200000.5 → "1,200,000.50 元"; None → 面议 (negotiable)."""
    amount = _decimal(value)
    return _("面议") if amount is None else _("%(amount)s 元") % {"amount": _fixed(amount, 2)}


@register.filter
def amount(value) -> str:
    """The readable form: 亿元 from one hundred million up, 万元 below."""
    number = _decimal(value)
    if number is None:
        return "—"
    if abs(number) >= YI:
        return _("%(n)s 亿元") % {"n": _fixed(number / YI, 2)}
    return _("%(n)s 万元") % {"n": _fixed(number / WAN, 2)}


@register.filter
def percent(value, places: int = 1) -> str:
    """Growth in percent; None (a zero base) reads as "—", never as infinity."""
    number = _decimal(value)
    if number is None:
        return "—"
    sign = "+" if number > 0 else ""
    return f"{sign}{_fixed(number, int(places))}%"
