"""The reviewer's morning in Chromium: the workbench's counts, a submitted contract read
inline and registered through the confirmation, an organisation refused with a reason,
and the member who reads the reason and the inbox line."""

import io

import pytest
from django.core.cache import cache
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Organization
from contracts.models import Contract, Status
from tests.conftest import ARTIFACTS, ROOT, browser_login, make_member
from tests.contracts.conftest import make_submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = ROOT / "var" / "screenshots"


def licence_png(tmp_path):
    path = tmp_path / "营业执照.png"
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (230, 120, 90)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def test_a_reviewer_works_the_queues_from_the_workbench(
    page, browser, live_server, enterprise_user, reviewer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    contract = make_submitted(enterprise_user, title="稠油注汽锅炉节能技术开发")
    newcomer = make_member(verified=False, name="克拉玛依新到科技有限公司")
    organization = newcomer.organization

    # The newcomer uploads its business licence on the profile page.
    member_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    member = member_context.new_page()
    browser_login(member, live_server, newcomer)
    member.goto(f"{live_server.url}/accounts/profile/")
    member.set_input_files("input[name=licence]", str(licence_png(tmp_path)))
    member.click("form[action$='/profile/licence/'] button[type=submit]")
    expect(member.locator("main")).to_contain_text("营业执照已上传")

    # The workbench: a count for every queue, each a link.
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/")
    submitted = page.locator("a[data-queue=submitted]")
    expect(submitted.locator(".count")).to_have_text("1")
    expect(page.locator("a[data-queue=organizations] .count")).to_have_text("1")
    expect(page.locator(".workbench-deadlines")).to_contain_text("稠油注汽锅炉节能技术开发")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workbench-desktop.png"), full_page=True)

    # The submitted contract, its PDF inline beside the decision form, registered after
    # the confirmation that shows the number to be.
    viewer, console = [], []
    page.on("request", lambda request: viewer.append(request.url))
    page.on("console", lambda message: console.append(message.text))
    submitted.click()
    page.click("text=稠油注汽锅炉节能技术开发")
    pdf = page.locator("iframe#contract-pdf")
    expect(pdf).to_be_visible()
    # Framed, not refused (X-Frame-Options/CSP) nor downloaded: the browser's own PDF
    # viewer starts inside the frame, and nothing was refused.
    page.wait_for_timeout(1500)
    assert any(url.startswith("chrome-extension://") for url in viewer), "no PDF viewer"
    assert not [m for m in console if "Refused" in m], console
    attachment = contract.attachments.get()
    expect(pdf).to_have_attribute("src", f"/contracts/{contract.pk}/attachments/{attachment.pk}/")
    box, form = pdf.bounding_box(), page.locator("#review-form").bounding_box()
    assert box["x"] + box["width"] <= form["x"] + 1, "the PDF stands beside the form"
    page.screenshot(path=str(ARTIFACTS / "decision-desk.png"))
    page.check("#review-form input[value=register]")
    page.click("#review-form input[type=submit]")
    confirm = page.locator("#confirm-registration")
    expect(confirm).to_contain_text("确认登记")
    expect(confirm).to_contain_text("1,200,000.00 元")
    number = confirm.locator(".number code").inner_text()
    page.screenshot(path=str(ARTIFACTS / "confirm-registration.png"))
    page.click("#confirm-registration input[type=submit]")
    page.wait_for_url("**/admin/contracts/contract/")
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED and contract.registration_number == number

    # The organisation: its licence beside the buttons; refused with a reason.
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("a[data-queue=submitted] .count")).to_have_text("0")
    page.click("a[data-queue=organizations]")
    page.click("text=克拉玛依新到科技有限公司")
    expect(page.locator(".verification-material img.document-preview")).to_be_visible()
    assert page.locator(".verification-material img").evaluate("img => img.naturalWidth") == 600
    page.screenshot(path=str(ARTIFACTS / "verification-desk.png"))
    page.fill(
        "#refuse-form textarea[name=reason]", "营业执照上的名称与注册名称不一致，请核对后重新申请"
    )
    page.click("#refuse-form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("不予认证，已通知该单位")
    organization = Organization.objects.get(pk=organization.pk)
    assert organization.is_refused

    # The member reads the reason on the profile page and the line in the inbox.
    member.goto(f"{live_server.url}/accounts/profile/")
    expect(member.locator("#refusal")).to_contain_text("营业执照上的名称与注册名称不一致")
    member.goto(f"{live_server.url}/notifications/")
    expect(member.locator("main")).to_contain_text("单位认证未通过")
    member.goto(f"{live_server.url}/accounts/profile/")
    member.click("#refusal button[type=submit]")
    expect(member.locator("main")).to_contain_text("已重新申请认证")
    member_context.close()
    assert Contract.objects.filter(status=Status.REGISTERED).count() == 1


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_workbench_fits_a_phone(page, live_server, enterprise_user, reviewer, language):
    """Django's dashboard keeps table cells on one line: a long seller's name in the
    deadlines pushed the page 270 px past a 390 px phone."""
    make_submitted(enterprise_user, title="井下工具失效分析技术咨询")
    Contract.objects.update(seller_name="克拉玛依示范钻采装备有限公司（演示）")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, reviewer)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".workbench-deadlines")).to_contain_text("克拉玛依示范钻采装备有限公司")
    expect(page.locator("a[data-queue=bookings]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Two queues a row, so that the fifteen fit in about one screen and a half.
    first, second = (page.locator(".workbench-queues a").nth(i).bounding_box() for i in (0, 1))
    assert abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"] + first["width"]
