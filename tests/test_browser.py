import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_login_and_profile_in_a_real_browser(page, live_server):
    from accounts.demo import demo_uscc

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.click("text=单位注册")
    page.fill("#id_username", "browser-clerk")
    page.fill("#id_email", "clerk@browser.example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_org-name", "浏览器测试科技有限公司")
    page.fill("#id_org-uscc", "91650203MA7BRW00I0")  # a forbidden letter
    page.select_option("#id_org-kind", "enterprise")
    page.fill("#id_org-region_code", "650203")
    page.select_option("#id_org-entity_nature", "150")  # no nature is preselected
    page.click("main button[type=submit]")
    expect(page.locator(".field.has-error #id_org-uscc")).to_have_count(1)
    expect(page.locator(".has-error .error").first).to_contain_text("统一社会信用代码")

    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_org-uscc", demo_uscc("91650203MA7BRW001"))
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/profile/")
    expect(page.locator("main")).to_contain_text("待认证")

    page.click("button:has-text('退出')")
    expect(page.locator("button:has-text('退出')")).to_have_count(0)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "browser-clerk")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("button:has-text('退出')")).to_be_visible()  # signed in
    page.goto(live_server.url + "/accounts/profile/")
    expect(page.locator("main")).to_contain_text("浏览器测试科技有限公司")


def test_the_home_page_fits_a_phone_and_switches_to_english(browser, live_server, request):
    from tests.conftest import ARTIFACTS

    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-phone.png"), full_page=True)
    page.click("button:has-text('English')")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()
