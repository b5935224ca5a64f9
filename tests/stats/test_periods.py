"""Complete periods by default: the clock on the 1st, the 15th and the last day of a month
(and on 1 January); a running month is never part of a YoY figure."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from contracts.selectors import growth_pct
from tests.stats.history import history_row, import_history

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def clock(monkeypatch):
    """Set the portal's clock (timezone.now, hence localdate and auto_now) to a day."""

    def set_to(day: datetime.date, hour: int = 10):
        moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def _registrations(today: datetime.date) -> list[dict]:
    """Oct–Nov 2025 complete, Jan–Oct of this year, and the running month up to today."""
    rng = random.Random(today.toordinal())
    days = [datetime.date(2025, m, d) for m in (1, 10, 11) for d in (1, 9, 15, 16, 28, 30)]
    days += [datetime.date(2026, m, d) for m in (1, 10) for d in (2, 15, 29)]
    days += [datetime.date(2026, 11, d) for d in (1, 8, 15, 16, 29, 30) if d <= today.day]
    if today.month == 12:
        days += [datetime.date(2026, 11, d) for d in (3, 22)]
        days += [datetime.date(2025, 12, d) for d in (1, 31)]
        days += [datetime.date(2026, 12, d) for d in (1, 30) if d <= today.day]
    return [
        history_row(n, day, Decimal(1_000_000 + 10_000 * n), rng) for n, day in enumerate(days, 1)
    ]


def _amount(rows, test) -> Decimal:
    return sum(
        (Decimal(r["contract_amount"]) for r in rows
         if test(datetime.date.fromisoformat(r["registered_on"]))),
        Decimal(0),
    )  # fmt: skip


@pytest.mark.parametrize("day", [1, 15, 30])
def test_in_november_the_year_runs_to_october_and_november_stands_apart(client, clock, day):
    today = datetime.date(2026, 11, day)
    clock(today)
    rows = _registrations(today)
    import_history(rows)
    body = client.get("/api/v1/stats/summary/").json()
    assert (body["year"], body["through_month"], body["complete_through_month"]) == (2026, 10, 10)
    now = _amount(rows, lambda d: d.year == 2026 and d.month <= 10)
    prior = _amount(rows, lambda d: d.year == 2025 and d.month <= 10)
    assert Decimal(body["contract_amount"]) == now
    assert Decimal(body["prior_contract_amount"]) == prior
    assert body["growth_pct"] == str(growth_pct(now, prior))
    partial = body["partial_month"]
    assert (partial["month"], partial["through_day"]) == (11, day)
    assert Decimal(partial["contract_amount"]) == _amount(
        rows, lambda d: (d.year, d.month) == (2026, 11)
    )
    assert Decimal(partial["prior_same_days_contract_amount"]) == _amount(
        rows, lambda d: (d.year, d.month) == (2025, 11) and d.day <= day
    )
    assert body["as_of"].startswith(f"2026-11-{day:02d}T10:00")
    # Asked through November, the summary still stops at the last complete month.
    asked = client.get("/api/v1/stats/summary/", {"year": 2026, "through_month": 11}).json()
    assert asked["through_month"] == 10 and asked["growth_pct"] == body["growth_pct"]
    monthly = client.get("/api/v1/stats/monthly/").json()
    assert [r["complete"] for r in monthly] == [True] * 10 + [False] * 2
    assert monthly[10]["yoy_contract_amount_pct"] is None
    assert monthly[10]["ytd_yoy_contract_amount_pct"] is None
    html = client.get("/stats/").content.decode()
    assert f"截至 11 月 {day} 日" in html
    assert "1–10 月累计" in html and "数据截至 2026-11-" in html
    assert html.count('<th scope="row" class="month">') == 10  # the monthly table: Jan–Oct
    home = client.get("/").content.decode()
    assert "2026 年 1–10 月登记合同" in home and f"截至 11 月 {day} 日" in home


def test_on_the_last_day_of_december_the_year_runs_to_november(client, clock):
    today = datetime.date(2026, 12, 31)
    clock(today)
    rows = _registrations(today)
    import_history(rows)
    body = client.get("/api/v1/stats/summary/").json()
    assert (body["through_month"], body["partial_month"]["through_day"]) == (11, 31)
    assert Decimal(body["partial_month"]["prior_same_days_contract_amount"]) == _amount(
        rows, lambda d: (d.year, d.month) == (2025, 12)
    )
    assert Decimal(body["contract_amount"]) == _amount(
        rows, lambda d: d.year == 2026 and d.month <= 11
    )


def test_on_the_first_of_january_the_default_is_last_year_complete(client, clock):
    clock(datetime.date(2027, 1, 1), hour=0)
    rows = _registrations(datetime.date(2026, 12, 31))
    import_history(rows)
    body = client.get("/api/v1/stats/summary/").json()
    assert (body["year"], body["through_month"], body["partial_month"]) == (2026, 12, None)
    assert Decimal(body["contract_amount"]) == _amount(rows, lambda d: d.year == 2026)
    new_year = client.get("/api/v1/stats/summary/", {"year": 2027}).json()
    assert (new_year["through_month"], new_year["contracts"], new_year["growth_pct"]) == (
        0,
        0,
        None,
    )
    assert new_year["partial_month"]["month"] == 1
    assert "2026 年技术市场统计" in client.get("/stats/").content.decode()
    html = client.get("/stats/", {"year": 2027}).content.decode()
    assert "本年尚无完整月份" in html and "截至 1 月 1 日" in html


def test_exports_carry_complete_months_only(client, clock):
    clock(datetime.date(2026, 11, 15))
    import_history(_registrations(datetime.date(2026, 11, 15)))
    text = client.get("/stats/export.csv", {"year": 2026}).content.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + 10
