"""Reads for the site shell: the home page's headline figures."""

from accounts.models import Organization
from contracts import selectors as contract_selectors
from institutions.models import Institution
from patents.models import Catalogue


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


def demo_data_present() -> bool:
    """Whether the demonstration data set is loaded (its institutions or catalogue, all
    flagged `is_demo`): one query, for the site-wide 演示数据 banner."""
    institutions = Institution.objects.filter(is_demo=True).order_by().values("pk")
    catalogues = Catalogue.objects.filter(is_demo=True).order_by().values("pk")
    return bool(list(institutions.union(catalogues)[:1]))
