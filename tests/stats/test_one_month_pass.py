"""One month recomputed after a registration reads the month once (GROUPING SETS on
PostgreSQL) and stores exactly what a full recomputation stores, to the yuan."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import F

from contracts.models import Contract
from contracts.services import compute_stats
from contracts.services.statistics import (
    _absorbed,
    _aggregate,
    _aggregate_in_one_pass,
    _registered,
)
from tests.stats.history import brute_force, history_row, import_history, stored

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _history(first: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    import_history(
        [
            history_row(
                n,
                datetime.date(2025, 1 + n % 4, 1 + n % 28),
                Decimal(rng.randint(100_000, 9_000_000_000)) / 100,
                rng,
            )
            for n in range(first, first + count)
        ]
    )


def test_the_one_pass_sums_are_the_eleven_passes_sums():
    _history(1, 80, seed=1)
    for month in (1, 2, 3, 4, 5):  # 5: no registration at all
        rows, absorbed = _registered(2025, month), _absorbed(2025, month)
        assert _aggregate_in_one_pass(2025, month) == _aggregate(rows, absorbed), month


def test_a_month_recomputed_alone_equals_a_full_recomputation():
    _history(1, 60, seed=2)  # the import recomputes everything
    # Then rows move behind the statistics' back: amounts, a buyer's place, a cancellation.
    registered = Contract.objects.registered().order_by("pk")
    moved = list(registered.values_list("pk", flat=True)[::5])
    Contract.objects.filter(pk__in=moved).update(
        contract_amount=F("contract_amount") * 3 + Decimal("0.07"), buyer_region_code="650204"
    )
    Contract.objects.filter(pk=moved[0]).update(registration_state="cancelled")
    assert stored() != brute_force()
    for month in (1, 2, 3, 4):
        compute_stats(2025, month)
    incremental = stored()
    assert incremental == brute_force()
    full = compute_stats()
    assert (full.written, full.deleted) == (0, 0)  # nothing left for it to correct
    assert stored() == incremental
