"""Reads for technology contracts: `contracts` (who may see which contract, search) and
`statistics` (the market figures from the stored tables). Callers use this package:
`from contracts import selectors; selectors.contract_for_user(user, pk)`."""

from contracts.selectors.contracts import (
    contract_for_user,
    contracts_for_user,
    events_of,
    search,
)
from contracts.selectors.income import (
    income_verification_for_user,
    income_verifications_for_user,
)
from contracts.selectors.statistics import (
    breakdowns,
    default_through_month,
    growth_pct,
    headline,
    monthly_rows,
    summary,
    years_with_data,
)

__all__ = [
    "breakdowns",
    "contract_for_user",
    "contracts_for_user",
    "default_through_month",
    "events_of",
    "growth_pct",
    "headline",
    "income_verification_for_user",
    "income_verifications_for_user",
    "monthly_rows",
    "search",
    "summary",
    "years_with_data",
]
