"""The public pages at scale: home, /stats/ and the stats API are served from the cache
until the statistics are recomputed (never after), and they, the patent list and the
results list cost the same number of queries however many rows there are."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contracts import services
from contracts.models import AnnualTarget
from tests.conftest import api_as
from tests.institutions.conftest import make_institution, make_result
from tests.patents.conftest import many_rows, publish
from tests.stats.history import history_row, import_history

PUBLIC = ("/", "/stats/?year=2025", "/api/v1/stats/summary/?year=2025")


def register_history(first: int, count: int) -> None:
    """`count` registrations of 2025 (numbers from `first`); the import recomputes."""
    rng = random.Random(first)
    import_history(
        [
            history_row(n, datetime.date(2025, 1 + n % 12, 1 + n % 27), Decimal(10_000 * n), rng)
            for n in range(first, first + count)
        ]
    )


def cost(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def summary_contracts() -> int:
    return Client().get("/api/v1/stats/summary/?year=2025").json()["contracts"]


@pytest.mark.django_db
def test_public_pages_cost_the_same_in_rows_and_nothing_once_cached():
    client = Client()
    register_history(1, 5)
    cold_few = {url: cost(client, url) for url in PUBLIC}
    warm = {url: cost(client, url) for url in PUBLIC}
    register_history(100, 60)  # recomputed: the cache's version moves on
    cold_many = {url: cost(client, url) for url in PUBLIC}
    assert cold_many == cold_few and all(cold_few.values())
    # Cached for an anonymous visitor, the whole response (common.response_cache): not a
    # query. What used to stay live — the count of verified organisations, the open
    # challenges, the demo banner, the summary's instrument usage — is under the listings'
    # version, which their writes bump (tests/common/test_response_cache.py).
    assert warm == {"/": 0, "/stats/?year=2025": 0, "/api/v1/stats/summary/?year=2025": 0}


@pytest.mark.django_db
def test_a_cached_figure_never_outlives_a_recomputation():
    register_history(1, 5)
    client = Client()
    before = (summary_contracts(), client.get("/").context["headline"]["contracts"])
    stats_page = client.get("/stats/?year=2025").context["summary"]["contracts"]
    assert before == (5, 5) and stats_page == 5
    register_history(50, 3)  # import_contracts recomputes the statistics
    assert summary_contracts() == 8
    assert client.get("/").context["headline"]["contracts"] == 8
    assert client.get("/stats/?year=2025").context["summary"]["contracts"] == 8


@pytest.mark.django_db
def test_without_the_bump_the_cache_would_serve_old_figures(monkeypatch):
    """The test above can fail: with the version left alone, the figures are stale."""
    register_history(1, 5)
    assert summary_contracts() == 5
    monkeypatch.setattr("contracts.models.statistics.cache_version_bump", lambda ns: None)
    register_history(50, 3)
    assert summary_contracts() == 5


@pytest.mark.django_db
def test_a_month_recomputed_after_a_registration_moves_the_figures(enterprise_user, reviewer):
    from tests.contracts.conftest import make_registered

    register_history(1, 4)
    year = datetime.date.today().year
    assert Client().get(f"/api/v1/stats/summary/?year={year}").json()["partial_month"]
    before = Client().get(f"/api/v1/stats/monthly/?year={year}").json()
    contract = make_registered(enterprise_user, reviewer)  # on commit: that month's task
    services.compute_stats(contract.registered_on.year, contract.registered_on.month)
    after = Client().get(f"/api/v1/stats/monthly/?year={year}").json()
    month = contract.registered_on.month - 1
    assert after[month]["contracts"] == before[month]["contracts"] + 1


@pytest.mark.django_db
def test_a_new_target_shows_at_once():
    register_history(1, 5)
    client = Client()
    assert client.get("/stats/?year=2025").context["summary"]["target_amount"] is None
    AnnualTarget.objects.create(year=2025, contract_amount=Decimal("300000000.00"))
    target = client.get("/stats/?year=2025").context["summary"]["target_amount"]
    assert target == Decimal("300000000.00")


@pytest.mark.parametrize("size", [2, 20])
def test_the_patent_list_costs_the_same_in_rows_and_page_size(db, api, size):
    publish(many_rows(3))
    few = cost(api, f"/api/v1/patents/?page_size={size}")
    few_cursor = cost(api, f"/api/v1/patents/?cursor=&page_size={size}")
    publish(many_rows(40, start=10), year=2024)
    assert cost(api, f"/api/v1/patents/?page_size={size}") == few
    assert cost(api, f"/api/v1/patents/?cursor=&page_size={size}") == few_cursor


def test_the_results_list_costs_the_same_in_rows_and_page_size(institute_user, reviewer):
    institution = make_institution(institute_user)
    make_result(institution, institute_user)
    client = api_as(None)
    client.get("/api/v1/results/")
    few = {cost(client, f"/api/v1/results/?page_size={size}") for size in (1, 20)}
    few_cursor = cost(client, "/api/v1/results/?cursor=&page_size=5")
    for n in range(12):
        make_result(institution, institute_user, title=f"成果{n}")
    many = {cost(client, f"/api/v1/results/?page_size={size}") for size in (1, 20)}
    assert few == many and len(few) == 1
    assert cost(client, "/api/v1/results/?cursor=&page_size=5") == few_cursor
