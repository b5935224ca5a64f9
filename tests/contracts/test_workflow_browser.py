"""The 2026 workflow in Chromium: a 6,000,000-yuan contract through expert review to
registration (the expert on a phone), then an objection filed anonymously and upheld; a
change and then a cancellation of a registration."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from contracts.models import ExpertReview, Objection, RegistrationState, Status
from tests.conftest import ARTIFACTS, browser_login
from tests.contracts.conftest import (
    LARGE,
    PDF_BYTES,
    make_expert,
    make_registered,
    make_submitted,
)

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
    page.click("#confirm-registration input[type=submit]")  # 确认登记
    page.wait_for_url("**/admin/contracts/contract/")
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED

    # Anyone holding the certificate objects, without an account.
    public = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    anonymous = public.new_page()
    anonymous.goto(f"{live_server.url}/verify/objection/")
    width = anonymous.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the objection form scrolls sideways on a phone ({width}px)"
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


def test_a_change_then_a_cancellation_of_a_registration(
    page, browser, live_server, enterprise_user, reviewer, tmp_path
):
    contract = make_registered(enterprise_user, reviewer, title="注汽控制技术开发")
    supplement = tmp_path / "supplement.pdf"
    supplement.write_bytes(PDF_BYTES)

    browser_login(page, live_server, enterprise_user)
    page.goto(f"{live_server.url}/contracts/{contract.pk}/")
    page.click("main >> text=申请变更")
    page.fill("#id_contract_amount", "1500000")
    page.fill("#id_technology_amount", "1300000")
    page.fill("#id_reason", "双方签订补充协议，增加开发内容。")
    page.set_input_files("#id_supplement", str(supplement))
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("待登记员审核")

    desk = browser.new_context(locale="zh-CN")
    admin = desk.new_page()
    browser_login(admin, live_server, reviewer)
    admin.goto(f"{live_server.url}/admin/contracts/changerequest/")
    admin.click(f"#result_list a:has-text('{contract.registration_number}')")
    expect(admin.locator("body")).to_contain_text("1,500,000.00 元")  # with separators
    admin.check("#decision-form input[value=approve]")
    admin.click("#decision-form input[type=submit]")
    expect(admin.locator(".messagelist")).to_contain_text("已批准")

    page.goto(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.locator(".registration-state")).to_contain_text("第 2 版")
    expect(page.locator("table.versions")).to_contain_text("已被第 2 版取代")
    contract.refresh_from_db()
    assert (contract.version, contract.registration_state) == (2, RegistrationState.CHANGED)

    page.click("main >> text=申请注销")
    page.fill("#id_reason", "合同已协商解除。")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("待登记员审核")
    admin.goto(f"{live_server.url}/admin/contracts/changerequest/")
    admin.click(f"#result_list a:has-text('{contract.registration_number}')")
    admin.check("#decision-form input[value=approve]")
    admin.click("#decision-form input[type=submit]")
    expect(admin.locator(".messagelist")).to_contain_text("已批准")
    desk.close()
    page.goto(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.locator(".registration-state")).to_contain_text("已注销")
    contract.refresh_from_db()
    assert contract.registration_state == RegistrationState.CANCELLED
