"""The whole journey in Chromium: fill, fail, upload, submit, register, download."""

import pytest
from playwright.sync_api import expect

from contracts.models import Contract, Status
from tests.conftest import ARTIFACTS, browser_login
from tests.contracts.conftest import BUYER_USCC, PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The enterprise files and the reviewer registers, at a desk and on a phone (issue 15).
@pytest.mark.parametrize("width", [1280, 390])
def test_the_registration_journey_in_a_real_browser(
    page, browser, live_server, enterprise_user, reviewer, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live_server, enterprise_user)
    page.goto(f"{live_server.url}/contracts/")
    page.click("main >> text=填报新合同")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the form scrolls sideways at {width}px ({wide}px)"
    page.fill("#id_title", "注汽锅炉专利权转让")
    page.select_option("#id_contract_type", "transfer")
    # Only the transfer sub-types are offered once the type is chosen.
    assert (
        page.locator('#id_subtype optgroup[label="技术许可"]').get_attribute("disabled") is not None
    )
    assert page.locator('#id_subtype optgroup[label="技术转让"]').get_attribute("disabled") is None
    page.select_option("#id_subtype", "patent_right")
    page.fill("#id_signed_on", "2025-04-01")
    page.fill("#id_valid_from", "2025-04-01")
    page.fill("#id_valid_until", "2026-03-31")
    page.fill("#id_buyer_name", "克拉玛依浏览器买方有限公司")
    page.fill("#id_buyer_uscc", BUYER_USCC)
    # Region by province → prefecture → county; the code is what is saved.
    page.select_option("#id_buyer_region_code_province", "新疆维吾尔自治区")
    page.select_option("#id_buyer_region_code_city", "克拉玛依市")
    page.select_option("#id_buyer_region_code_district", "650204")
    expect(page.locator("#id_buyer_region_code")).to_be_hidden()
    page.select_option("#id_buyer_entity_nature", "150")
    page.fill("#id_contract_amount", "2000000")
    page.fill("#id_technology_amount", "2500000")  # more than the contract: inconsistent
    page.select_option("#id_technical_field", "new_energy")
    page.select_option("#id_ip_type", "patent")
    page.fill("#id_patent_numbers", "ZL202110344405.7")
    page.click("main button[value=submit]")
    error = page.locator(".field.has-error:has(#id_technology_amount) .error")
    expect(error).to_contain_text("不能大于合同成交额")
    assert not Contract.objects.exists()  # nothing saved

    page.fill("#id_technology_amount", "1800000")
    page.click("main button[value=submit]")  # still no PDF: the draft is kept
    expect(page.locator(".field.has-error:has(#id_attachment) .error")).to_contain_text(
        "请上传双方签章的合同文本"
    )
    contract = Contract.objects.get()
    assert contract.status == Status.DRAFT

    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF_BYTES)
    page.set_input_files("#id_attachment", str(signed))
    page.click("main button[value=submit]")
    page.wait_for_url(f"**/contracts/{contract.pk}/")
    expect(page.locator("main")).to_contain_text("待审核")
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED

    desk = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    review = desk.new_page()
    browser_login(review, live_server, reviewer)
    review.goto(f"{live_server.url}/admin/contracts/contract/")
    review.click("text=注汽锅炉专利权转让")
    pdf = review.locator("iframe#contract-pdf")
    if width < 768:  # a phone opens the PDF from its link, in its own viewer
        expect(pdf).to_be_hidden()
        expect(review.locator(".review-document a")).to_have_attribute(
            "href", pdf.get_attribute("src")
        )
    else:
        expect(pdf).to_be_visible()
    review.check("#review-form input[value=register]")
    review.click("#review-form input[type=submit]")
    review.click("#confirm-registration input[type=submit]")  # 确认登记
    review.wait_for_url("**/admin/contracts/contract/")
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED
    expect(review.locator("body")).to_contain_text(contract.registration_number)
    desk.close()

    page.goto(f"{live_server.url}/contracts/")
    expect(page.locator("main")).to_contain_text(contract.registration_number)
    with page.expect_download() as download:
        page.click("main >> text=下载登记证明")
    certificate = download.value.path().read_bytes()
    assert certificate.startswith(b"%PDF-")


def test_my_contracts_and_the_form_fit_a_phone(browser, live_server, enterprise_user, reviewer):
    from tests.contracts.conftest import make_registered

    make_registered(enterprise_user, reviewer)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    phone = context.new_page()
    browser_login(phone, live_server, enterprise_user)
    for path in ("/contracts/", "/contracts/new/", f"/contracts/{Contract.objects.get().pk}/"):
        phone.goto(live_server.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.goto(live_server.url + "/contracts/new/")
    phone.screenshot(path=str(ARTIFACTS / "contract-form-phone.png"), full_page=True)
    context.close()
