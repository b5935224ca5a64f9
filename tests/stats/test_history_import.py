"""Historical registrations imported for the statistics: all or nothing, idempotent."""

import datetime
import random
from decimal import Decimal

import pytest

from contracts.importing import ImportRejected, import_contracts
from contracts.models import Contract, MonthlyStat
from tests.stats.history import history_csv, history_row, import_history

pytestmark = pytest.mark.django_db


def test_import_is_all_or_nothing_with_row_numbers():
    rng = random.Random(2)
    good = history_row(1, datetime.date(2024, 5, 6), Decimal("1000000.00"), rng)
    bad = history_row(2, datetime.date(2024, 5, 7), Decimal("1000000.00"), rng)
    bad["technology_amount"] = "2000000.00"
    bad["seller_uscc"] = bad["seller_uscc"][:-1] + ("0" if bad["seller_uscc"][-1] != "0" else "1")
    worse = dict(good, registration_number="12345", registered_on="2024-13-01")
    with pytest.raises(ImportRejected) as info:
        import_history([good, bad, worse, dict(good)])
    errors = info.value.errors
    assert any(e.startswith("第 3 行") and "技术交易额" in e for e in errors)
    assert any(e.startswith("第 3 行") and "校验位" in e for e in errors)
    assert any(e.startswith("第 4 行") and "16 位" in e for e in errors)
    assert any(e.startswith("第 5 行") and "重复" in e for e in errors)
    assert not Contract.objects.exists() and not MonthlyStat.objects.exists()


def test_reimport_changes_nothing_and_the_counter_skips_imported_numbers(
    enterprise_user, reviewer, settings
):
    from contracts.models import RegistrationCounter

    rng = random.Random(3)
    rows = [history_row(n, datetime.date(2026, 1, 5), Decimal("500000.00"), rng) for n in (1, 2, 7)]
    import_history(rows)
    before = list(Contract.objects.order_by("pk").values())
    result = import_contracts(history_csv(rows), "h.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(Contract.objects.order_by("pk").values()) == before
    assert RegistrationCounter.objects.get(year=2026, point_code="01").last_sequence == 7


def test_the_buyer_code_rule_is_the_contract_forms():
    rng = random.Random(3)
    rows = [history_row(n, datetime.date(2024, 6, n), Decimal("500000.00"), rng) for n in (1, 2, 3)]
    rows[0].update(buyer_uscc="", buyer_entity_nature="110")  # a domestic company: needs one
    rows[1].update(buyer_uscc="", buyer_entity_nature="400")  # an individual: needs none
    rows[2]["buyer_uscc"] = rows[2]["buyer_uscc"][:-1] + (
        "0" if rows[2]["buyer_uscc"][-1] != "0" else "1"
    )  # given but wrong: refused like on the form
    with pytest.raises(ImportRejected) as info:
        import_history(rows)
    errors = info.value.errors
    assert any(
        e.startswith("第 2 行") and "境内单位买方须填写统一社会信用代码" in e for e in errors
    )
    assert not any(e.startswith("第 3 行") for e in errors)
    assert any(e.startswith("第 4 行") and "买方" in e and "校验位" in e for e in errors)
