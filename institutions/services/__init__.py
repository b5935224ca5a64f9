"""Every write that matters for institutions, one module a concept: who may write
(`access`), institution profiles (`profiles`), results (`results`) and enquiries
(`enquiries`). Every write names who does it (`by`); callers import from here."""

from institutions.services.access import SYSTEM, person_of, require_member, require_reviewer
from institutions.services.enquiries import (
    OVERDUE_WORKING_DAYS,
    enquiries_remind_overdue,
    enquiry_create,
    enquiry_reply,
    enquiry_set_status,
    enquiry_target,
    enquiry_undo,
)
from institutions.services.profiles import (
    INSTITUTION_KIND_FOR_ORGANIZATION,
    institution_for_organization,
    institution_save_by_bureau,
    institution_update,
    profile_on_verification,
)
from institutions.services.results import (
    result_appeal,
    result_create,
    result_moderate,
    result_publish,
    result_reinstate,
    result_update,
    result_withdraw,
)
from institutions.services.retention import enquiries_forget_contacts, retention_months

__all__ = [
    "INSTITUTION_KIND_FOR_ORGANIZATION",
    "OVERDUE_WORKING_DAYS",
    "SYSTEM",
    "enquiries_forget_contacts",
    "enquiries_remind_overdue",
    "enquiry_create",
    "enquiry_reply",
    "enquiry_set_status",
    "enquiry_target",
    "enquiry_undo",
    "institution_for_organization",
    "institution_save_by_bureau",
    "institution_update",
    "person_of",
    "profile_on_verification",
    "require_member",
    "require_reviewer",
    "result_appeal",
    "result_create",
    "result_moderate",
    "result_publish",
    "result_reinstate",
    "result_update",
    "result_withdraw",
    "retention_months",
]
