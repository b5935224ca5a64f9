"""A contract decision reaches the enterprise's inbox: the header badge counts it, opening
it shows the contract, and the badge goes down."""

import pytest
from playwright.sync_api import expect

from contracts import services as contracts
from notifications import services
from tests.conftest import ARTIFACTS, browser_login
from tests.contracts.conftest import make_submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_contract_decision_in_the_inbox_with_the_badge(
    page, live_server, enterprise_user, reviewer
):
    contract = make_submitted(enterprise_user, title="克拉玛依稠油降黏技术转让")
    services.notifications_read_all(by=enterprise_user)  # the verification, read long ago
    contracts.contract_return(contract=contract, by=reviewer, note="请补充盖章页")

    browser_login(page, live_server, enterprise_user)
    badge = page.locator(".site-header .notify-count")
    expect(badge).to_have_text("1")
    page.click(".site-header a.notify-link")
    page.wait_for_url("**/notifications/")
    item = page.locator(".inbox-item.unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("请补充盖章页")
    item.locator("a", has_text="技术合同退回补正").click()
    page.wait_for_url(f"**/contracts/{contract.pk}/")
    expect(page.locator("main h1")).to_contain_text(contract.title)
    expect(page.locator(".site-header .notify-count")).to_have_count(0)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator(".inbox-item.unread")).to_have_count(0)


def test_the_inbox_fits_a_phone(browser, live_server, enterprise_user):
    services.notifications_read_all(by=enterprise_user)
    for n in range(3):
        services.notify(
            recipients=[enterprise_user],
            kind="x",
            title=f"技术合同已登记：2026650201{n:06d}（一个很长的标题，在手机上也要换行）",
            body="您单位的技术合同已认定登记。",
            url="/contracts/",
            email=False,
        )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    browser_login(page, live_server, enterprise_user)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator(".inbox-item.unread")).to_have_count(3)
    width = page.evaluate("document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "inbox-phone.png"), full_page=True)
    assert width <= 375, f"the inbox scrolls sideways on a phone ({width}px)"
    context.close()
