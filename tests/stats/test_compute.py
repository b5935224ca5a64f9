"""The stored monthly table (contracts.services.statistics) against a brute-force recount
of the registered contracts, and how it is kept current."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.importing import import_contracts
from contracts.models import MonthlyStat, StatsDirtyMonth
from contracts.services import compute_stats, stats_compute_marked_month, stats_mark_month
from tests.contracts.conftest import make_draft, make_registered
from tests.stats.history import brute_force, history_csv, history_row, stored

pytestmark = pytest.mark.django_db


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
