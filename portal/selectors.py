"""Reads for the site shell: the home page's headline figures."""

from accounts.models import Organization
from contracts import selectors as contract_selectors


def home_context() -> dict:
    """The year's complete months (last year's in January), the running month apart;
    before the first registration of a year, the last year with figures."""
    return {
        "verified_organizations": Organization.objects.verified().count(),
        # From the stored statistics: cached until the next computation.
        "headline": contract_selectors.stats_cached("home", build=_headline),
    }


def _headline() -> dict | None:
    year = contract_selectors.default_year()
    summary = contract_selectors.headline(year)
    if not summary["contracts"]:
        years = [y for y in contract_selectors.years_with_data() if y < year]
        if years:
            year = years[0]
            summary = contract_selectors.headline(year, 12)
    return summary if summary["contracts"] else None
