import pytest

from contracts import demo_history
from contracts.importing import import_contracts
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_renders_in_a_real_browser(page, live_server):
    import_contracts(demo_history.as_csv(), "demo.csv")
    page.goto(f"{live_server.url}/stats/?year=2025")
    assert page.locator("h1").inner_text().startswith("2025")
    assert page.locator("svg.chart").count() >= 2
    assert page.locator("#kpi-contracts").inner_text() == "134"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stats-dashboard-2025.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#year", "2024")
    page.click("main form.year-switch button")
    page.wait_for_url("**/stats/?year=2024")
    assert "2024" in page.locator("h1").inner_text()
