import re

import pytest
from playwright.sync_api import expect

from contracts import demo_history
from contracts.importing import import_contracts
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_renders_in_a_real_browser(page, live_server):
    import_contracts(demo_history.as_csv(), "demo.csv")
    page.goto(f"{live_server.url}/stats/?year=2025")
    expect(page.locator("h1")).to_have_text(re.compile(r"^\s*2025"))
    expect(page.locator("svg.chart").nth(1)).to_be_visible()
    expect(page.locator("#kpi-contracts")).to_have_text("134")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stats-dashboard-2025.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#year", "2024")
    page.click("main form.year-switch button")
    page.wait_for_url("**/stats/?year=2024")
    expect(page.locator("h1")).to_contain_text("2024")


def test_the_default_dashboard_shows_complete_months_growth_and_flows(page, live_server):
    """The demo as `make run` loads it: the year to the last complete month, the running
    month apart, the growth chart, the flows and the revision notes; phone and desktop."""
    import io

    from contracts.selectors import complete_through_month, default_year

    demo_history.seed(io.StringIO())
    year = default_year()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/stats/")
    expect(page.locator("h1")).to_contain_text(str(year))
    expect(page.locator("#as-of")).to_contain_text("数据截至")
    if year == 2026:
        expect(page.locator("#partial-month h2")).to_have_text(re.compile(r"截至 \d+ 月 \d+ 日"))
    expect(page.locator("#monthly-table tbody tr")).to_have_count(complete_through_month(year))
    expect(page.get_by_text("成交额同比增长（%）", exact=False).first).to_be_attached()
    expect(page.locator("#outflow-table")).to_be_visible()
    expect(page.locator("#absorbed-table")).to_be_visible()
    expect(page.locator("#revision-notes li")).to_have_count(2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stats-dashboard-default-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTIFACTS / "stats-dashboard-default-375.png"), full_page=True)
