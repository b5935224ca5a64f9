"""The figures read from the stored table (contracts.selectors.statistics)."""

import datetime
import random
from decimal import Decimal

import pytest

from contracts.selectors import growth_pct, monthly_rows, summary
from tests.stats.history import history_row, import_history

pytestmark = pytest.mark.django_db


def test_growth_conventions():
    assert growth_pct(Decimal("324000000"), Decimal("27000000")) == Decimal("1100.0")  # 增长11倍
    assert growth_pct(5, 0) is None  # no growth against a zero base
    assert growth_pct(90, 100) == Decimal("-10.0")


def test_monthly_rows_and_summary_with_year_to_date_and_growth():
    rng = random.Random(1)
    import_history(
        [
            history_row(1, datetime.date(2024, 1, 10), Decimal("10000000.00"), rng),
            history_row(2, datetime.date(2024, 3, 10), Decimal("17000000.00"), rng),
            history_row(3, datetime.date(2025, 1, 10), Decimal("300000000.00"), rng),
            history_row(4, datetime.date(2025, 3, 10), Decimal("24000000.00"), rng),
        ]
    )
    rows = monthly_rows(2025)
    assert len(rows) == 12 and [r["month"] for r in rows] == list(range(1, 13))
    assert rows[0]["yoy_contract_amount_pct"] == Decimal("2900.0")
    assert rows[1]["contracts"] == 0 and rows[1]["yoy_contract_amount_pct"] is None
    assert rows[2]["ytd_contracts"] == 2
    assert rows[2]["ytd_contract_amount"] == Decimal("324000000.00")
    assert rows[2]["ytd_yoy_contract_amount_pct"] == Decimal("1100.0")
    s = summary(2025, 3)
    assert (s["contracts"], s["prior_contracts"]) == (2, 2)
    assert s["growth_pct"] == Decimal("1100.0")
    assert sum(t["contracts"] for t in s["by_type"]) == 2
    assert s["target_amount"] is None and s["target_progress_pct"] is None
