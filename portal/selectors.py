"""Reads for the site shell: the home page's headline figures."""

from django.utils import timezone

from accounts.models import Organization
from contracts import statistics


def home_context() -> dict:
    """This year's figures so far; before the first registration of a year, last year's."""
    today = timezone.localdate()
    year = today.year
    summary = statistics.headline(year, statistics.default_through_month(year))
    if not summary["contracts"]:
        years = [y for y in statistics.years_with_data() if y < year]
        if years:
            year = years[0]
            summary = statistics.headline(year, 12)
    return {
        "verified_organizations": Organization.objects.verified().count(),
        "headline": summary if summary["contracts"] else None,
    }
