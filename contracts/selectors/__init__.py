"""Reads for technology contracts: `contracts` (who may see which contract, search) and
`statistics` (the market figures from the stored tables). Callers use this package:
`from contracts import selectors; selectors.contract_for_user(user, pk)`."""

from contracts.selectors.contracts import (
    contract_for_user,
    contracts_for_user,
    events_of,
    search,
    with_attachment_lists,
)
from contracts.selectors.income import (
    income_verification_for_user,
    income_verifications_for_user,
)
from contracts.selectors.statistics import (
    complete_through_month,
    default_through_month,
    default_year,
    growth_pct,
    headline,
    monthly_rows,
    partial_month,
    stats_cached,
    stats_today,
    years_with_data,
)
from contracts.selectors.stats_tables import (
    breakdowns,
    flows,
    quality_flagged,
    revision_notes,
    revisions,
    summary,
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
    "complete_through_month",
    "contract_for_user",
    "contracts_for_user",
    "default_through_month",
    "default_year",
    "events_of",
    "expert_review_for",
    "expert_reviews_for",
    "flows",
    "growth_pct",
    "headline",
    "income_verification_for_user",
    "income_verifications_for_user",
    "monthly_rows",
    "objections_queue",
    "open_change_request",
    "open_objections",
    "partial_month",
    "quality_flagged",
    "revision_notes",
    "revisions",
    "search",
    "stats_cached",
    "stats_today",
    "summary",
    "versions_of",
    "with_attachment_lists",
    "years_with_data",
]
