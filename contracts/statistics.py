"""Kept for callers not yet moved: the statistics are `contracts.services.statistics`
(the writes) and `contracts.selectors.statistics` (the reads)."""

from contracts.services.statistics import compute_stats

__all__ = ["compute_stats"]
