"""The statistics gain "with / without a technology manager" (by_broker): computed with
the other breakdowns, counting a deal as brokered once its manager confirmed it."""

import datetime
from decimal import Decimal

import pytest

from contracts.choices import StatDimension
from contracts.models import Contract
from contracts.selectors.stats_tables import breakdowns
from contracts.services.statistics import compute_stats
from managers import services
from tests.conftest import api_as
from tests.contracts.conftest import make_registered

pytestmark = pytest.mark.django_db


def _by_broker(year, month):
    return {
        row["code"]: (row["contracts"], row["contract_amount"])
        for row in breakdowns(year, month, (StatDimension.BROKER,))[StatDimension.BROKER]
    }


def test_a_confirmed_broker_moves_a_registered_deal_to_with(
    enterprise_user, reviewer, approved, django_capture_on_commit_callbacks
):
    brokered = make_registered(enterprise_user, reviewer, broker=approved)
    make_registered(
        enterprise_user,
        reviewer,
        contract_amount=Decimal("500000.00"),
        technology_amount=Decimal("400000.00"),
    )
    year, month = brokered.registered_on.year, brokered.registered_on.month
    compute_stats(year, month)
    # Named but not confirmed yet: both deals are "without".
    assert _by_broker(year, month) == {"without": (2, Decimal("1700000.00"))}
    with django_capture_on_commit_callbacks(execute=True):
        services.manager_contract_confirm(
            manager=approved, contract_id=brokered.pk, by=approved.user
        )
    # The confirmation marked the month; the (eager) task recomputed it.
    assert _by_broker(year, month) == {
        "with": (1, Decimal("1200000.00")),
        "without": (1, Decimal("500000.00")),
    }
    assert compute_stats(year, month).written == 0  # and it is what the contracts say


def test_the_summary_api_has_by_broker(enterprise_user, reviewer, approved, api):
    contract = make_registered(enterprise_user, reviewer, broker=approved)
    services.manager_contract_confirm(manager=approved, contract_id=contract.pk, by=approved.user)
    # Moved to a complete month of last year, so that the summary's period includes it.
    year = contract.registered_on.year - 1
    Contract.objects.filter(pk=contract.pk).update(registered_on=datetime.date(year, 5, 20))
    compute_stats()
    body = api.get(f"/api/v1/stats/summary/?year={year}").json()
    assert [(r["code"], r["label"], r["contracts"]) for r in body["by_broker"]] == [
        ("with", "有技术经理人", 1)
    ]
    english = api_as(enterprise_user).get(
        f"/api/v1/stats/summary/?year={year}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["by_broker"][0]["label"] == "With a technology manager"


def test_the_stats_page_shows_the_breakdown(client, enterprise_user, reviewer, approved):
    contract = make_registered(enterprise_user, reviewer, broker=approved)
    services.manager_contract_confirm(manager=approved, contract_id=contract.pk, by=approved.user)
    year = contract.registered_on.year - 1
    Contract.objects.filter(pk=contract.pk).update(registered_on=datetime.date(year, 5, 20))
    compute_stats()
    page = client.get(f"/stats/?year={year}").content.decode()
    assert "有无技术经理人参与" in page and "有技术经理人" in page
