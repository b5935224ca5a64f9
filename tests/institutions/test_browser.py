import pytest
from playwright.sync_api import expect

from institutions.models import Enquiry, EnquiryStatus, Result, ResultStatus
from tests.conftest import ARTIFACTS, PASSWORD, browser_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


# The institute works at a desk and on a phone (issue 15); the visitor below is on a phone.
@pytest.mark.parametrize("width", [1280, 390])
def test_an_institute_publishes_a_result_answers_an_enquiry_and_others_cannot_touch_it(
    browser,
    page,
    live_server,
    institute_user,
    institution,
    other_institute_user,
    other_institution,
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live_server, institute_user)
    page.goto(f"{live_server.url}/institutions/dashboard/")
    page.click("main a:has-text('新建成果')")
    page.fill("#id_title", "井口光伏直驱抽油机节能装置")
    page.fill("#id_summary", "光伏直接驱动抽油机，单井年节电约 1.2 万千瓦时。")
    page.select_option("#id_technical_field", "new_energy")
    page.select_option("#id_trl", "7")
    page.select_option("#id_ip_type", "patent")
    page.fill("#id_patent_numbers", "ZL202010123456.7")  # a wrong check digit
    page.check("main input[name=cooperation_modes][value=license]")
    page.fill("#id_contact_name", "王老师")
    page.fill("#id_contact_phone", "0990-6888888")
    page.click("main button[type=submit]")
    expect(page.locator(".field.has-error .error").first).to_contain_text("校验位")
    page.fill("#id_patent_numbers", "ZL 2021 1034 4405.7")
    page.click("main button[type=submit]")
    page.wait_for_url("**/results/*/")
    expect(page.locator("main .messages")).to_contain_text("草稿已保存")
    page.click("main button:has-text('发布')")
    expect(page.locator("main .messages")).to_contain_text("成果已发布")
    result = Result.objects.get(title="井口光伏直驱抽油机节能装置")
    assert result.status == ResultStatus.PUBLISHED
    assert result.patent_numbers == ["202110344405.7"] and result.price is None

    # A visitor finds it and sends an enquiry, on a phone.
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/results/?q=光伏")
    visitor.click("main a:has-text('井口光伏直驱抽油机节能装置')")
    expect(visitor.locator("main")).to_contain_text("技术成熟度 7 级 · 真实环境下的系统演示")
    expect(visitor.locator("main")).to_contain_text("面议")
    visitor.click("main a:has-text('我感兴趣')")
    visitor.fill("#id_name", "张工")
    visitor.fill("#id_organization", "克拉玛依某油服公司")
    visitor.fill("#id_phone", "139 1234 5678")
    visitor.fill("#id_email", "zhang@example.com")
    visitor.fill("#id_message", "希望在百口泉作业区试点 20 口井。")
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the enquiry form scrolls sideways on a phone ({width}px)"
    visitor.click("main button[type=submit]")
    visitor.wait_for_url("**/enquiries/sent/")
    expect(visitor.locator("main")).to_contain_text("洽谈已提交")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visitor.screenshot(path=str(ARTIFACTS / "enquiry-sent-phone.png"), full_page=True)
    phone.close()

    # The owner sees it and marks it answered.
    page.goto(f"{live_server.url}/institutions/dashboard/")
    page.click(f"main a:has-text('{Enquiry.objects.get().reference}')")
    expect(page.locator("main")).to_contain_text("希望在百口泉作业区试点 20 口井。")
    page.click("main button:has-text('标记为已回复')")
    expect(page.locator("main .messages")).to_contain_text("已回复")
    assert Enquiry.objects.get().status == EnquiryStatus.ANSWERED

    # Another institute sees the public page but cannot change anything.
    other = browser.new_context(locale="zh-CN")
    intruder = other.new_page()
    browser_login(intruder, live_server, other_institute_user)
    intruder.goto(f"{live_server.url}/results/{result.pk}/")
    expect(intruder.locator("main h1")).to_contain_text("井口光伏直驱抽油机节能装置")
    expect(intruder.locator("main button:has-text('下架')")).to_have_count(0)
    expect(intruder.locator("main a:has-text('编辑')")).to_have_count(0)
    response = intruder.goto(f"{live_server.url}/results/{result.pk}/edit/")
    assert response.status == 403
    intruder.goto(f"{live_server.url}/institutions/dashboard/")
    expect(intruder.locator("main")).to_contain_text(other_institution.name)
    expect(intruder.locator("main")).not_to_contain_text("希望在百口泉作业区试点")
    other.close()
    result.refresh_from_db()
    assert result.status == ResultStatus.PUBLISHED and result.title == "井口光伏直驱抽油机节能装置"


def test_a_patent_enquiry_through_the_form_is_seen_by_reviewers_in_the_admin(
    page, live_server, patent, reviewer
):
    page.goto(f"{live_server.url}/enquiries/new/?target_type=patent&target_id=ZL202210702228.X")
    expect(page.locator("main")).to_contain_text(patent.title)
    page.fill("#id_name", "李经理")
    page.fill("#id_organization", "独山子某化工公司")
    page.fill("#id_phone", "1391234")  # too short
    page.fill("#id_email", "li@example.com")
    page.fill("#id_message", "希望获得独占许可。")
    page.click("main button[type=submit]")
    expect(page.locator(".field.has-error .error").first).to_contain_text("0990-6888888")
    page.fill("#id_phone", "0990-6888888")
    page.click("main button[type=submit]")
    page.wait_for_url("**/enquiries/sent/")
    assert Enquiry.objects.get().patent == patent

    browser_login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/institutions/enquiry/")
    expect(page.locator("#result_list")).to_contain_text("李经理")
    expect(page.locator("#result_list")).to_contain_text(patent.title)


def test_a_new_university_signs_up_is_verified_publishes_and_answers_an_enquiry(
    browser, page, live_server, reviewer
):
    from accounts.demo import demo_uscc
    from accounts.models import User
    from notifications.models import Notification

    # A new university signs up.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_username", "new-university")
    page.fill("#id_email", "tto@new-university.example.edu.cn")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_org-name", "克拉玛依新建大学")
    page.fill("#id_org-uscc", demo_uscc("12650200MB1NEW004"))
    page.select_option("#id_org-kind", "university")
    page.select_option("#id_org-entity_nature", "022")
    page.fill("#id_org-region_code", "650203")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/profile/")
    university = User.objects.get(username="new-university")

    # A reviewer verifies it in the admin.
    desk = browser.new_context(locale="zh-CN")
    clerk = desk.new_page()
    browser_login(clerk, live_server, reviewer)
    clerk.goto(f"{live_server.url}/admin/accounts/organization/")
    clerk.check(f"input[name=_selected_action][value='{university.organization_id}']")
    clerk.select_option("select[name=action]", "verify_selected")
    clerk.click("button[name=index]")
    expect(clerk.locator(".messagelist")).to_be_visible()
    university.organization.refresh_from_db()
    assert university.organization.is_verified

    # It reaches its dashboard from the header menu and publishes a result.
    page.goto(f"{live_server.url}/")
    page.click("header a:has-text('成果与洽谈管理')")
    expect(page.locator("main h1")).to_contain_text("成果与洽谈管理")
    page.click("main a:has-text('新建成果')")
    page.fill("#id_title", "砾岩油藏微生物驱油技术")
    page.fill("#id_summary", "本源微生物激活，提高采收率。")
    page.select_option("#id_technical_field", "new_energy")
    page.select_option("#id_trl", "6")
    page.select_option("#id_ip_type", "technical_secret")
    page.check("main input[name=cooperation_modes][value=license]")
    page.fill("#id_contact_name", "赵老师")
    page.fill("#id_contact_phone", "0990-6222222")
    page.click("main button[type=submit]")
    page.wait_for_url("**/results/*/")
    page.click("main button:has-text('发布')")
    expect(page.locator("main .messages")).to_contain_text("成果已发布")
    result = Result.objects.get(title="砾岩油藏微生物驱油技术")
    assert result.status == ResultStatus.PUBLISHED

    # A visitor on a phone sends an enquiry and gets a reference.
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/results/{result.pk}/")
    visitor.click("main a:has-text('我感兴趣')")
    visitor.fill("#id_name", "钱经理")
    visitor.fill("#id_organization", "克拉玛依某采油厂")
    visitor.fill("#id_phone", "13912345678")
    visitor.fill("#id_email", "qian@example.com")
    visitor.fill("#id_message", "希望在八区开展先导试验。")
    visitor.click("main button[type=submit]")
    visitor.wait_for_url("**/enquiries/sent/")
    reference = visitor.locator("[data-reference]").inner_text().strip()
    enquiry = Enquiry.objects.get()
    assert reference == enquiry.reference and len(reference) == 10
    assert Notification.objects.filter(recipient=university, kind="enquiry.received").exists()

    # The university sees it in its dashboard and replies.
    page.goto(f"{live_server.url}/institutions/dashboard/")
    page.click(f"main a:has-text('{reference}')")
    expect(page.locator("main")).to_contain_text("希望在八区开展先导试验。")
    page.fill("#id_message", "欢迎下周来校详谈试验方案。")
    page.click("main button:has-text('发送回复')")
    expect(page.locator("main .messages")).to_contain_text("回复已发送")
    expect(page.locator("main [data-status]")).to_have_attribute("data-status", "answered")

    # The visitor follows it by reference and e-mail and sees the reply.
    visitor.goto(f"{live_server.url}/enquiries/sent/")
    visitor.click("main a:has-text('查询洽谈进度')")
    expect(visitor.locator("#id_reference")).to_have_value(reference)
    visitor.fill("#id_email", "qian@example.com")
    visitor.click("main button[type=submit]")
    expect(visitor.locator("main")).to_contain_text("欢迎下周来校详谈试验方案。")
    expect(visitor.locator("main [data-status]")).to_have_attribute("data-status", "answered")
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the tracking page scrolls sideways on a phone ({width}px)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visitor.screenshot(path=str(ARTIFACTS / "enquiry-tracked-phone.png"), full_page=True)
    phone.close()

    # An enquiry to an institution without members lands at the service desk.
    from institutions.services import SYSTEM
    from tests.institutions.conftest import make_institution, make_result

    lonely = make_result(make_institution(contact_email=""), SYSTEM, title="无人认领的成果")
    other = browser.new_context(locale="zh-CN").new_page()
    other.goto(f"{live_server.url}/enquiries/new/?target_type=result&target_id={lonely.pk}")
    other.fill("#id_name", "孙工")
    other.fill("#id_organization", "独山子某公司")
    other.fill("#id_phone", "0992-3666666")
    other.fill("#id_email", "sun@example.com")
    other.fill("#id_message", "请联系我们。")
    other.click("main button[type=submit]")
    other.wait_for_url("**/enquiries/sent/")
    desk_enquiry = Enquiry.objects.get(result=lonely)
    assert desk_enquiry.at_desk and desk_enquiry.notified_at is not None
    assert Notification.objects.filter(recipient=reviewer, kind="enquiry.desk").exists()
    clerk.goto(f"{live_server.url}/enquiries/")
    expect(clerk.locator("main")).to_contain_text(desk_enquiry.reference)
    expect(clerk.locator("main")).not_to_contain_text(reference)  # the university's own
    desk.close()
