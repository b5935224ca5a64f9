"""The 2026 workflow in Chromium: a 6,000,000-yuan contract through expert review to
registration (the expert on a phone), then an objection filed anonymously and upheld."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from contracts.models import ExpertReview, Objection, RegistrationState, Status
from tests.conftest import ARTIFACTS, browser_login
from tests.contracts.conftest import LARGE, make_expert, make_submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expert_review_registration_and_an_upheld_objection(
    page, browser, live_server, enterprise_user, reviewer
):
    cache.clear()
    expert = make_expert(name="钱专家")
    contract = make_submitted(enterprise_user, **LARGE, title="六百万稠油开采技术转让")

    # The reviewer sees the 30-day clock, cannot register yet, and invites the expert.
    browser_login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/contracts/contract/")
    expect(page.locator("#result_list")).to_contain_text("专家评审")
    page.click("text=六百万稠油开采技术转让")
    page.check("#review-form input[value=register]")
    page.click("#review-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("至少收到一位专家")
    page.check(f"#experts-form input[value='{expert.pk}']")
    page.click("#experts-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("已邀请 1 位专家评审")
    review = ExpertReview.objects.get(contract=contract)

    # The expert, on a phone, reads the contract and gives an opinion.
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    mobile = phone.new_page()
    browser_login(mobile, live_server, expert)
    mobile.goto(f"{live_server.url}/contracts/expert-reviews/")
    mobile.click("text=六百万稠油开采技术转让")
    expect(mobile.locator("main")).to_contain_text("6,000,000")
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the expert's page scrolls sideways on a phone ({width}px)"
    mobile.check("input[name=recommendation][value=register]")
    mobile.fill("#id_technology_amount", "5800000")
    mobile.fill("#id_opinion", "技术先进，技术交易额核定为 580 万元较为合理。")
    mobile.click("main button[type=submit]")
    expect(mobile.locator("main")).to_contain_text("已提交意见")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(ARTIFACTS / "expert-opinion-phone.png"), full_page=True)
    phone.close()
    review.refresh_from_db()
    assert review.status == "given"

    # The reviewer sees the opinion and registers.
    page.goto(f"{live_server.url}/admin/contracts/contract/{contract.pk}/change/")
    expect(page.locator("body")).to_contain_text("技术先进")
    page.check("#review-form input[value=register]")
    page.click("#review-form input[type=submit]")
    page.wait_for_url("**/admin/contracts/contract/")
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED

    # Anyone holding the certificate objects, without an account.
    public = browser.new_context(locale="zh-CN")
    anonymous = public.new_page()
    anonymous.goto(f"{live_server.url}/verify/objection/")
    anonymous.fill("#id_registration_number", contract.registration_number)
    anonymous.fill("#id_verification_code", "WRONG123")
    anonymous.select_option("#id_filed_by", "tax")
    anonymous.fill("#id_name", "克拉玛依市税务局")
    anonymous.fill("#id_contact", "tax@example.com")
    anonymous.fill("#id_grounds", "合同实为设备采购。")
    anonymous.click("main button[type=submit]")
    expect(anonymous.locator("main .errorlist")).to_contain_text("验证码")
    anonymous.fill("#id_verification_code", contract.verification_code)
    anonymous.click("main button[type=submit]")
    expect(anonymous.locator("main")).to_contain_text("已收到您的异议")
    public.close()
    objection = Objection.objects.get()

    # The reviewer upholds it: the registration is revoked.
    page.goto(f"{live_server.url}/admin/contracts/objection/")
    expect(page.locator("#result_list")).to_contain_text("克拉玛依市税务局")
    page.click(f"#result_list a:has-text('{contract.registration_number}')")
    page.check("#decision-form input[value=revoked]")
    page.fill("#decision-form textarea[name=note]", "复核确认为设备采购，撤销登记。")
    page.click("#decision-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("异议已办结")
    objection.refresh_from_db()
    contract.refresh_from_db()
    assert objection.status == "revoked"
    assert contract.registration_state == RegistrationState.REVOKED
