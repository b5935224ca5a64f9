"""Reads for the site shell: the home page's headline figures."""

from django.utils import timezone

from accounts.models import Organization
from contracts import selectors as contract_selectors


def home_context() -> dict:
    """This year's figures so far; before the first registration of a year, last year's."""
    today = timezone.localdate()
    year = today.year
    summary = contract_selectors.headline(year, contract_selectors.default_through_month(year))
    if not summary["contracts"]:
        years = [y for y in contract_selectors.years_with_data() if y < year]
        if years:
            year = years[0]
            summary = contract_selectors.headline(year, 12)
    return {
        "verified_organizations": Organization.objects.verified().count(),
        "headline": summary if summary["contracts"] else None,
    }
