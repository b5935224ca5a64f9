"""The public verification page in Chromium, on a phone's width."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.contracts.conftest import make_registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_certificate_is_verified_and_a_wrong_code_reveals_nothing(
    page, live_server, enterprise_user, reviewer
):
    cache.clear()
    contract = make_registered(enterprise_user, reviewer)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/verify/")
    page.fill("#id_number", contract.registration_number)
    page.fill("#id_code", "WRONG000")
    page.click("main button[type=submit]")
    expect(page.locator(".verify-none")).to_contain_text("没有与该登记编号和验证码相符的登记")
    expect(page.locator("main")).not_to_contain_text(contract.seller_name)
    expect(page.locator(".verify-result")).to_have_count(0)

    page.fill("#id_code", contract.verification_code.lower())
    page.click("main button[type=submit]")
    result = page.locator(".verify-result")
    expect(result).to_contain_text(contract.seller_name)
    expect(result).to_contain_text(contract.buyer_name)
    expect(result.locator(".verify-state")).to_have_text("有效")
    # Nothing overflows the phone's width.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width

    # The link the QR code holds opens the result directly.
    page.goto(
        f"{live_server.url}/verify/?number={contract.registration_number}"
        f"&code={contract.verification_code}"
    )
    expect(page.locator(".verify-result")).to_contain_text(contract.registration_number)
    expect(page.locator("main a[href^='/verify/objection/']")).to_be_visible()


def test_the_region_picker_and_transfer_fields(page, live_server, enterprise_user):
    from tests.conftest import browser_login

    browser_login(page, live_server, enterprise_user)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/contracts/new/")
    expect(page.locator("#id_buyer_region_code")).to_be_hidden()
    expect(page.locator("#id_buyer_region_code_city")).to_be_disabled()
    page.select_option("#id_buyer_region_code_province", "新疆维吾尔自治区")
    cities = page.locator("#id_buyer_region_code_city option")
    expect(cities).to_contain_text(["请选择", "乌鲁木齐市", "克拉玛依市"])
    page.select_option("#id_buyer_region_code_city", "克拉玛依市")
    page.select_option("#id_buyer_region_code_district", "650203")
    assert page.eval_on_selector("#id_buyer_region_code", "s => s.value") == "650203"
    # A prefecture without counties (东莞市) is chosen as it is.
    page.select_option("#id_buyer_region_code_province", "广东省")
    page.select_option("#id_buyer_region_code_city", "东莞市")
    assert page.eval_on_selector("#id_buyer_region_code", "s => s.value") == "441900"

    investment = page.locator(".field:has(#id_expected_investment)")
    expect(investment).to_be_hidden()
    page.select_option("#id_contract_type", "transfer")
    expect(investment).to_be_visible()
    page.select_option("#id_contract_type", "development")
    expect(investment).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
