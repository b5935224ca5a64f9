"""The writes of the managers app, one service per change: registrations, contract links
and filings (`registration`), requests for help (`help`). Callers import from here."""

from managers.services.help import help_request_answer, help_request_create
from managers.services.registration import (
    filing_submit,
    filings_remind_missing,
    manager_apply,
    manager_approve,
    manager_contract_confirm,
    manager_refuse,
    manager_reinstate,
    manager_suspend,
    manager_update,
)

__all__ = [
    "filing_submit",
    "filings_remind_missing",
    "help_request_answer",
    "help_request_create",
    "manager_apply",
    "manager_approve",
    "manager_contract_confirm",
    "manager_refuse",
    "manager_reinstate",
    "manager_suspend",
    "manager_update",
]
