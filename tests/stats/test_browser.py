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
