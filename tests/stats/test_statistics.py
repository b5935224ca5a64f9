"""The stored monthly table against a brute-force recount of the registered contracts."""

import csv
import datetime
import io
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.demo import demo_uscc
from contracts.importing import COLUMNS, ImportRejected, import_contracts
from contracts.models import Contract, MonthlyBreakdown, MonthlyStat, StatsDirtyMonth
from contracts.selectors.statistics import DIMENSIONS, growth_pct, monthly_rows, summary
from contracts.services import compute_stats, stats_compute_marked_month, stats_mark_month
from tests.contracts.conftest import make_draft, make_registered

pytestmark = pytest.mark.django_db

TYPES = {
    "development": ["commissioned", "cooperative"],
    "transfer": ["patent_right", "technical_secret"],
    "license": ["patent_nonexclusive", "other_ip"],
    "consulting": ["consulting"],
    "service": ["service", "training"],
}
FIELDS = ["new_energy", "advanced_manufacturing", "new_materials", "electronics_information"]
NATURES = ["110", "150", "170", "021", "022"]
IP_TYPES = {
    "patent_right": "patent",
    "patent_nonexclusive": "patent",
    "technical_secret": "technical_secret",
}


def history_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def history_row(n: int, registered_on: datetime.date, amount: Decimal, rng: random.Random) -> dict:
    contract_type = rng.choice(list(TYPES))
    subtype = rng.choice(TYPES[contract_type])
    tech = (amount * Decimal(rng.choice([100, 90, 75, 60])) / 100).quantize(Decimal("0.01"))
    signed = registered_on - datetime.timedelta(days=rng.randint(0, 40))
    return {
        "registration_number": f"{registered_on.year}650201{n:06d}",
        "registered_on": registered_on.isoformat(),
        "title": f"历史合同{n}",
        "contract_type": contract_type,
        "subtype": subtype,
        "seller_name": f"卖方{n % 7}",
        "seller_uscc": demo_uscc(f"91650203MA7QEL{n % 7:03d}"),
        "seller_entity_nature": rng.choice(NATURES),
        "buyer_name": f"买方{n}",
        "buyer_uscc": demo_uscc(f"91650204MA{n:07d}"),
        "buyer_region_code": rng.choice(["650203", "650204", "310110", "110108"]),
        "buyer_entity_nature": rng.choice(NATURES),
        "contract_amount": f"{amount}",
        "technology_amount": f"{tech}",
        "signed_on": signed.isoformat(),
        "valid_from": signed.isoformat(),
        "valid_until": (signed + datetime.timedelta(days=365)).isoformat(),
        "technical_field": rng.choice(FIELDS),
        "ip_type": IP_TYPES.get(subtype, "none"),
    }


def brute_force() -> tuple[dict, dict]:
    """Recount in Python from every registered contract, the slow obvious way."""
    totals = defaultdict(lambda: [0, Decimal(0), Decimal(0), 0, Decimal(0)])
    breakdowns = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for c in Contract.objects.all():
        if c.status != "registered":
            continue
        key = (c.registered_on.year, c.registered_on.month)
        t = totals[key]
        t[0] += 1
        t[1] += c.contract_amount
        t[2] += c.technology_amount
        if c.buyer_region_code.startswith("6502"):
            t[3] += 1
            t[4] += c.contract_amount
        for dimension in DIMENSIONS:
            b = breakdowns[(*key, dimension, getattr(c, dimension) or "")]
            b[0] += 1
            b[1] += c.contract_amount
            b[2] += c.technology_amount
    return {k: tuple(v) for k, v in totals.items()}, {k: tuple(v) for k, v in breakdowns.items()}


def stored() -> tuple[dict, dict]:
    totals = {
        (s.year, s.month): (
            s.contracts, s.contract_amount, s.technology_amount, s.local_contracts,
            s.local_contract_amount,
        )
        for s in MonthlyStat.objects.all()
        if s.contracts
    }  # fmt: skip
    breakdowns = {
        (b.year, b.month, b.dimension, b.key): (b.contracts, b.contract_amount, b.technology_amount)
        for b in MonthlyBreakdown.objects.all()
    }
    return totals, breakdowns


amounts = st.decimals(min_value=Decimal("1000.00"), max_value=Decimal("90000000.00"), places=2)
days = st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2025, 12, 31))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    contracts=st.lists(st.tuples(days, amounts), min_size=0, max_size=40),
    seed=st.integers(0, 10_000),
    drafts=st.integers(0, 3),
)
def test_stored_table_equals_a_brute_force_recount(enterprise_user, contracts, seed, drafts):
    rng = random.Random(seed)
    with transaction.atomic():
        rows = [history_row(n, day, amount, rng) for n, (day, amount) in enumerate(contracts, 1)]
        if rows:
            import_contracts(history_csv(rows), "history.csv")
        for _ in range(drafts):  # not registered: must not count
            make_draft(enterprise_user)
        compute_stats()
        assert stored() == brute_force()
        # A second computation changes nothing.
        again = compute_stats()
        assert (again.written, again.deleted) == (0, 0)
        assert stored() == brute_force()
        transaction.set_rollback(True)


def test_a_registration_through_the_portal_updates_its_month(
    enterprise_user, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = make_registered(enterprise_user, reviewer)
    stat = MonthlyStat.objects.get(
        year=contract.registered_on.year, month=contract.registered_on.month
    )
    assert stat.contracts == 1 and stat.contract_amount == contract.contract_amount
    assert stat.local_contracts == 1  # the buyer is in 650204
    assert not StatsDirtyMonth.objects.exists()
    assert stored() == brute_force()


def test_a_burst_of_registrations_enqueues_one_computation():
    assert stats_mark_month(year=2025, month=3) is True
    assert stats_mark_month(year=2025, month=3) is False
    assert stats_mark_month(year=2025, month=3) is False
    assert stats_compute_marked_month(year=2025, month=3) is not None
    # The mark was claimed: a duplicate delivery of the task finds nothing to do.
    assert stats_compute_marked_month(year=2025, month=3) is None
    # A registration after the claim marks the month again and enqueues again.
    assert stats_mark_month(year=2025, month=3) is True


def test_a_lost_task_is_enqueued_again_after_a_while():
    assert stats_mark_month(year=2025, month=4) is True
    StatsDirtyMonth.objects.update(marked_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert stats_mark_month(year=2025, month=4) is True


def test_growth_conventions():
    assert growth_pct(Decimal("324000000"), Decimal("27000000")) == Decimal("1100.0")  # 增长11倍
    assert growth_pct(5, 0) is None  # no growth against a zero base
    assert growth_pct(90, 100) == Decimal("-10.0")


def _import(rows):
    import_contracts(history_csv(rows), "h.csv")


def test_monthly_rows_and_summary_with_year_to_date_and_growth():
    rng = random.Random(1)
    _import(
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


def test_import_is_all_or_nothing_with_row_numbers():
    rng = random.Random(2)
    good = history_row(1, datetime.date(2024, 5, 6), Decimal("1000000.00"), rng)
    bad = history_row(2, datetime.date(2024, 5, 7), Decimal("1000000.00"), rng)
    bad["technology_amount"] = "2000000.00"
    bad["seller_uscc"] = bad["seller_uscc"][:-1] + ("0" if bad["seller_uscc"][-1] != "0" else "1")
    worse = dict(good, registration_number="12345", registered_on="2024-13-01")
    with pytest.raises(ImportRejected) as info:
        _import([good, bad, worse, dict(good)])
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
    _import(rows)
    before = list(Contract.objects.order_by("pk").values())
    result = import_contracts(history_csv(rows), "h.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(Contract.objects.order_by("pk").values()) == before
    assert RegistrationCounter.objects.get(year=2026, point_code="01").last_sequence == 7


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_leaves_the_registration_and_the_table_correct(
    enterprise_user, reviewer, monkeypatch
):
    from kombu.exceptions import OperationalError

    from common import mail
    from contracts import tasks
    from contracts.services import stats_compute_all
    from tests.conftest import api_as
    from tests.contracts.conftest import make_submitted

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.compute_month_stats, "delay", broker_down)
    monkeypatch.setattr(mail.send_message, "delay", broker_down)
    contract = make_submitted(enterprise_user)
    response = api_as(reviewer).post(f"/api/v1/contracts/{contract.pk}/approve/")
    assert response.status_code == 200, response.content
    contract.refresh_from_db()
    assert contract.status == "registered" and contract.registration_number
    day = contract.registered_on
    # The month stays marked, so the next registration (after ten minutes) or the nightly
    # run computes it; nothing is lost meanwhile.
    assert StatsDirtyMonth.objects.filter(year=day.year, month=day.month).exists()
    stats_compute_all()
    assert stored() == brute_force()
    assert MonthlyStat.objects.get(year=day.year, month=day.month).contracts == 1
