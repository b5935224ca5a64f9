"""`{% load labels %}`: codes shown as their labels (see `common.labels`).

- `{{ obj|label:"status" }}` — a choices field, or a list of codes, in words;
- `{{ event|status_change }}` — "草稿 → 已发布";
- `{{ values|listing }}` — a plain list joined with the language's separator;
- `{% colon %}`, `{% semicolon %}` — ：/； in Chinese, ": "/"; " in English;
- `{% lparen %}…{% rparen %}`, `{% full_stop %}` — （…）/。 in Chinese, " (…)"/". " in English.
"""

from django import template

from common import labels

register = template.Library()


@register.filter
def label(obj, name: str) -> str:
    return labels.shown(obj, name)


@register.filter
def status_change(event) -> str:
    return labels.status_change(event)


@register.filter
def listing(values) -> str:
    if not values:
        return labels.EMPTY
    if isinstance(values, str):
        return values
    return labels.separator().join(str(value) for value in values)


@register.simple_tag
def colon() -> str:
    return labels.colon()


@register.simple_tag
def semicolon() -> str:
    return labels.semicolon()


@register.simple_tag
def lparen() -> str:
    return labels.parentheses()[0]


@register.simple_tag
def rparen() -> str:
    return labels.parentheses()[1]


@register.simple_tag
def full_stop() -> str:
    return labels.full_stop()
