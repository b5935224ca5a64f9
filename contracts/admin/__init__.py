"""The reviewers' admin for contracts, one module a concept: the contract queue and its
decisions (`contract`, with the 2026 workflow's screens in `workflow`), the decision log
and statistics tables (`statistics`), and the income verification (`income`). Importing
this package registers them all."""

from contracts.admin import contract, income, statistics, workflow

__all__ = ["contract", "income", "statistics", "workflow"]
