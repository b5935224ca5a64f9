"""Every write that matters for technology contracts: `registration` (the filing and its
state machine), `review` (experts), `changes` (变更/注销), `objections` (异议) and
`statistics` (the stored monthly totals). Callers use this package:
`from contracts import services; services.contract_submit(contract=…, by=…)`."""

from contracts.services.attachments import contract_attachment_delete
from contracts.services.changes import (
    ChangeAlreadyOpen,
    change_request_approve,
    change_request_attach,
    change_request_file,
    change_request_refuse,
)
from contracts.services.income import income_confirm, income_file
from contracts.services.objections import (
    NOT_FOUND_MESSAGE,
    RegistrationNotFound,
    objection_file,
    objection_resolve,
    registration_by_code,
)
from contracts.services.registration import (
    contract_attach,
    contract_create,
    contract_register,
    contract_reject,
    contract_return,
    contract_submit,
    contract_update,
    contract_withdraw,
    is_party_member,
    require_no_conflict,
    require_registrable,
    submission_problems,
)
from contracts.services.review import (
    contract_mark_disputed,
    expert_review_answer,
    expert_reviews_assign,
)
from contracts.services.statistics import (
    ComputeResult,
    compute_stats,
    stats_compute_all,
    stats_compute_marked_month,
    stats_figures_changed,
    stats_mark_month,
    stats_month_changed,
)

__all__ = [
    "NOT_FOUND_MESSAGE",
    "ChangeAlreadyOpen",
    "ComputeResult",
    "RegistrationNotFound",
    "change_request_approve",
    "change_request_attach",
    "change_request_file",
    "change_request_refuse",
    "compute_stats",
    "contract_attach",
    "contract_attachment_delete",
    "contract_create",
    "contract_mark_disputed",
    "contract_register",
    "contract_reject",
    "contract_return",
    "contract_submit",
    "contract_update",
    "contract_withdraw",
    "expert_review_answer",
    "expert_reviews_assign",
    "income_confirm",
    "income_file",
    "is_party_member",
    "objection_file",
    "objection_resolve",
    "registration_by_code",
    "require_no_conflict",
    "require_registrable",
    "stats_compute_all",
    "stats_compute_marked_month",
    "stats_figures_changed",
    "stats_mark_month",
    "stats_month_changed",
    "submission_problems",
]
