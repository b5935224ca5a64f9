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


# What 10a's services do to a registration, applied directly to the row: a change (new
# amounts and parties, state `changed`, a new version), a cancellation or a revocation.
def _change(contract, rng):
    amount = (contract.contract_amount * Decimal(rng.choice([50, 120, 300])) / 100).quantize(
        Decimal("0.01")
    )
    contract.contract_amount = amount
    contract.technology_amount = (amount * Decimal("0.8")).quantize(Decimal("0.01"))
    contract.buyer_country_code = rng.choice(["156", "156", "398"])
    contract.seller_country_code = rng.choice(["156", "156", "840"])
    contract.buyer_region_code = rng.choice(["650205", "650102", "510107", ""])
    contract.registration_state = "changed"
    contract.version += 1
    return "变更登记"


def _end(state):
    def apply(contract, rng):
        contract.registration_state = state
        return {"cancelled": "注销登记", "revoked": "撤销登记"}[state]

    return apply


OPERATIONS = {"change": _change, "cancel": _end("cancelled"), "revoke": _end("revoked")}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    contracts=st.lists(st.tuples(days, amounts), min_size=1, max_size=30),
    operations=st.lists(
        st.tuples(st.integers(0, 29), st.sampled_from(sorted(OPERATIONS))), max_size=12
    ),
    seed=st.integers(0, 10_000),
)
def test_changes_cancellations_and_revocations_keep_the_table_equal_to_a_recount(
    contracts, operations, seed
):
    from contracts.models import Contract, StatsRevision
    from contracts.services import stats_month_changed

    rng = random.Random(seed)
    with transaction.atomic():
        rows = [history_row(n, day, amount, rng) for n, (day, amount) in enumerate(contracts, 1)]
        import_contracts(history_csv(rows), "history.csv")
        assert stored() == brute_force()
        registered = list(Contract.objects.order_by("pk"))
        for index, name in operations:
            contract = registered[index % len(registered)]
            contract.refresh_from_db()
            if contract.registration_state in ("cancelled", "revoked"):
                continue  # an ended registration stays ended
            before = stored()[0].get((contract.registered_on.year, contract.registered_on.month))
            reason = OPERATIONS[name](contract, rng)
            contract.save()
            stats_month_changed(contract.registered_on, reason=reason)
            assert stored() == brute_force()
            after = stored()[0].get((contract.registered_on.year, contract.registered_on.month))
            # Every month here is over and was computed after it ended: published. Each
            # figure that moved is a revision with the reason of the change.
            moved = {
                f
                for f, old, new in zip(
                    ("contracts", "contract_amount", "technology_amount"),
                    before or (0, 0, 0),
                    after or (0, 0, 0),
                    strict=False,
                )
                if old != new
            }
            latest = StatsRevision.objects.filter(
                year=contract.registered_on.year, month=contract.registered_on.month
            ).order_by("-pk")[: len(moved)]
            assert {r.field for r in latest} == moved
            assert all(r.reason == reason for r in latest)
        again = compute_stats()
        assert (again.written, again.deleted, again.revisions) == (0, 0, 0)
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
