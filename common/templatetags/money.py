"""Template filters over `common.money`: `{% load money %}` then `|amount`, `|wan`, `|yi`,
`|yuan`, `|price`, `|percent`, `|table_amount` (万元 in Chinese, million yuan in English)."""

from django import template

from common import money

register = template.Library()


@register.filter
def wan(value, places: int = 2) -> str:
    return money.format_wan(value, int(places))


@register.filter
def table_amount(value, places: int = 2) -> str:
    return money.format_table(value, int(places))


@register.filter
def yi(value, places: int = 2) -> str:
    return money.format_yi(value, int(places))


@register.filter
def yuan(value) -> str:
    return money.format_yuan(value)


@register.filter
def amount(value) -> str:
    return money.format_amount(value)


@register.filter
def price(value) -> str:
    return money.format_price(value)


@register.filter
def percent(value, places: int = 1) -> str:
    return money.format_percent(value, int(places))
