"""Reads for the site shell. Later apps add their headline figures here."""

from portal.accounts.models import Organization


def home_context() -> dict:
    return {
        "verified_organizations": Organization.objects.verified().count(),
    }
