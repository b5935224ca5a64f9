"""Reads for technology contracts: `contracts` (who may see which contract, search) and
`statistics` (the market figures from the stored tables). Callers use this package:
`from contracts import selectors; selectors.contract_for_user(user, pk)`."""

from contracts.selectors.contracts import (
    contract_for_user,
    contracts_for_user,
    events_of,
    search,
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
from contracts.selectors.workflow import (
    change_request_for,
    change_requests_for,
    expert_review_for,
    expert_reviews_for,
    objections_queue,
    open_change_request,
    open_objections,
    versions_of,
)

__all__ = [
    "breakdowns",
    "change_request_for",
    "change_requests_for",
    "contract_for_user",
    "contracts_for_user",
    "default_through_month",
    "events_of",
    "expert_review_for",
    "expert_reviews_for",
    "growth_pct",
    "headline",
    "monthly_rows",
    "objections_queue",
    "open_change_request",
    "open_objections",
    "search",
    "summary",
    "versions_of",
    "years_with_data",
]
