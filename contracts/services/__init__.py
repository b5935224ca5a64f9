"""Every write that matters for technology contracts: `registration` (the filing and its
state machine) and `statistics` (the stored monthly totals). Callers use this package:
`from contracts import services; services.contract_submit(contract=…, by=…)`."""

from contracts.services.attachments import contract_attachment_delete
from contracts.services.registration import (
    contract_attach,
    contract_create,
    contract_register,
    contract_reject,
    contract_return,
    contract_submit,
    contract_update,
    submission_problems,
)
from contracts.services.statistics import (
    ComputeResult,
    compute_stats,
    stats_compute_all,
    stats_compute_marked_month,
    stats_mark_month,
    stats_month_changed,
)

__all__ = [
    "ComputeResult",
    "compute_stats",
    "contract_attach",
    "contract_attachment_delete",
    "contract_create",
    "contract_register",
    "contract_reject",
    "contract_return",
    "contract_submit",
    "contract_update",
    "stats_compute_all",
    "stats_compute_marked_month",
    "stats_mark_month",
    "stats_month_changed",
    "submission_problems",
]
