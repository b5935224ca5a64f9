from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from institutions.models import TRL_MEANINGS, TechnicalField
from patents.models import CooperationMode

register = template.Library()


@register.filter
def price(value) -> str:
    """A result's price: 面议 when empty, in 万元 from ten thousand yuan up."""
    if value is None or value == "":
        return _("面议")
    amount = Decimal(value)
    if amount >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.01")).normalize()
        return _("%(n)s 万元") % {"n": intcomma(f"{wan:f}")}
    return _("%(n)s 元") % {"n": intcomma(f"{amount.normalize():f}")}


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
