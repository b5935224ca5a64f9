"""Blocks other pages show without knowing this app's models: an institution's
instruments on its page, and the monthly usage table on /stats/."""

from django import template

from instruments import selectors
from instruments.models import Instrument

register = template.Library()


@register.inclusion_tag("instruments/_institution_instruments.html")
def institution_instruments(institution):
    rows = Instrument.objects.listed().filter(institution=institution).prefetch_related("photos")
    return {"instruments": rows, "institution": institution}


@register.inclusion_tag("instruments/_stats_usage.html")
def instrument_usage(year):
    rows = selectors.usage_by_month(year)
    return {"year": year, "rows": rows, "any": any(row["bookings"] for row in rows)}
