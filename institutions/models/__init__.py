"""Resident institutions (`institution`), the results they offer for transfer (`result`),
and enquiries about results or catalogue patents (`enquiry`). Callers import from here."""

from institutions.models.enquiry import (
    OPEN_ENQUIRY_STATUSES,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Enquiry,
    EnquiryEvent,
    EnquiryReply,
    EnquiryStatus,
    EnquiryTarget,
)
from institutions.models.institution import Institution, InstitutionKind, InstitutionQuerySet
from institutions.models.result import (
    TRL_CHOICES,
    TRL_MEANINGS,
    Result,
    ResultEvent,
    ResultQuerySet,
    ResultStatus,
)
from patents.models import TechnicalField

__all__ = [
    "OPEN_ENQUIRY_STATUSES",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "TRL_CHOICES",
    "TRL_MEANINGS",
    "Enquiry",
    "EnquiryEvent",
    "EnquiryReply",
    "EnquiryStatus",
    "EnquiryTarget",
    "Institution",
    "InstitutionKind",
    "InstitutionQuerySet",
    "Result",
    "ResultEvent",
    "ResultQuerySet",
    "ResultStatus",
    "TechnicalField",
]
