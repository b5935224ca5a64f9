"""The forms people fill in, in Chromium on a phone (390 px) and at a desk (1366 px): a
contract form with one wrong value comes back with a summary at the top whose link puts
the cursor in the field, every other value still there; a sign-up whose credit code was
pasted with a zero-width space goes through."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from contracts.models import Contract
from tests.accounts.test_signup_and_login import GOOD_USCC
from tests.conftest import ARTIFACTS, PASSWORD, browser_login
from tests.contracts.conftest import BUYER_USCC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1366]

TYPED = {
    "#id_title": "油田伴生气回收技术转让",
    "#id_signed_on": "2026-03-02",
    "#id_valid_from": "2026-03-05",
    "#id_valid_until": "2027-03-04",
    "#id_buyer_name": "新疆买方能源有限公司",
    "#id_buyer_uscc": BUYER_USCC,
    "#id_contract_amount": "1,200,000.50",
    "#id_technology_amount": "2500000",  # more than the contract: the one wrong value
    "#id_expected_investment": "300000",
    "#id_patent_numbers": "ZL202110344405.7",
}
CHOSEN = {
    "#id_contract_type": "transfer",
    "#id_subtype": "patent_right",
    "#id_buyer_entity_nature": "150",
    "#id_technical_field": "new_energy",
    "#id_ip_type": "patent",
}


def context_at(browser, width):
    return browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844})


@pytest.mark.parametrize("width", WIDTHS)
def test_one_wrong_value_brings_a_summary_that_leads_to_the_field(
    browser, live_server, enterprise_user, width
):
    context = context_at(browser, width)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_login(page, live_server, enterprise_user)
    page.goto(f"{live_server.url}/contracts/new/")
    page.select_option("#id_contract_type", CHOSEN["#id_contract_type"])
    for selector, value in CHOSEN.items():
        page.select_option(selector, value)
    page.select_option("#id_buyer_region_code_province", "新疆维吾尔自治区")
    page.select_option("#id_buyer_region_code_city", "克拉玛依市")
    page.select_option("#id_buyer_region_code_district", "650204")
    for selector, value in TYPED.items():
        page.fill(selector, value)
    page.click("main button[value=save]")

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    box, form_top = summary.bounding_box(), page.locator("#id_title").bounding_box()
    assert box["y"] < form_top["y"], "the summary is not above the form's fields"
    assert box["y"] < 844, "the summary is below the fold"
    expect(summary).to_contain_text("1,200,000.50 元")
    summary.locator('a[href="#id_technology_amount"]').click()
    expect(page.locator("#id_technology_amount")).to_be_focused()

    for selector, value in TYPED.items():
        expect(page.locator(selector)).to_have_value(value)
    for selector, value in CHOSEN.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#id_buyer_region_code_district")).to_have_value("650204")
    assert "---------" not in page.content()
    width_scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert width_scrolled <= width, f"the form scrolls sideways ({width_scrolled}px)"
    assert not Contract.objects.exists()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"contract-form-errors-{width}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_sign_up_with_a_zero_width_space_in_the_credit_code_succeeds(browser, live_server, width):
    context = context_at(browser, width)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.locator("#id_org-entity_nature")).to_have_value("")
    page.fill("#id_username", f"clerk{width}")
    page.fill("#id_email", f"clerk{width}@oil.example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_org-name", "克拉玛依浏览器注册有限公司")
    page.fill("#id_org-uscc", "\u200b" + GOOD_USCC[:8] + "\u200b" + GOOD_USCC[8:])
    page.select_option("#id_org-kind", "enterprise")
    page.fill("#id_org-region_code", "650203")
    page.select_option("#id_org-entity_nature", "150")
    page.click("main button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("注册成功")
    assert Organization.objects.get().uscc == GOOD_USCC
    context.close()
