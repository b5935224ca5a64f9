from django import template

from institutions.models import TRL_MEANINGS, TechnicalField
from patents.models import CooperationMode

register = template.Library()


@register.filter
def trl_meaning(level) -> str:
    return str(TRL_MEANINGS.get(level, ""))


@register.filter
def field_label(code) -> str:
    try:
        return str(TechnicalField(code).label)
    except ValueError:
        return code


@register.filter
def mode_label(code) -> str:
    try:
        return str(CooperationMode(code).label)
    except ValueError:
        return code
