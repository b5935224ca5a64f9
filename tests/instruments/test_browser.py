"""In Chromium: an enterprise books an instrument, the institute approves it, records it
completed and turns it into a 技术服务 contract draft; the calendar fits a phone."""

import pytest
from playwright.sync_api import expect

from contracts.models import Contract
from instruments.models import Booking, BookingStatus
from tests.conftest import ARTIFACTS, browser_login
from tests.instruments.conftest import slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_approve_complete_and_draft_the_contract(
    browser, page, live_server, instrument, owner, requester, clock
):
    start, end = slot(3, 2, at=9)
    browser_login(page, live_server, requester)
    page.goto(f"{live_server.url}/instruments/")
    page.click(f"main a:has-text('{instrument.name}')")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", end.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_purpose", "管线腐蚀产物形貌分析")
    page.fill("#id_samples", "腐蚀试片 3 件")
    page.click("main button:has-text('提交预约申请')")
    page.wait_for_url("**/instruments/bookings/")
    expect(page.locator("main .messages")).to_contain_text("预约申请已提交")
    booking = Booking.objects.get()
    assert (booking.status, booking.purpose) == (BookingStatus.PENDING, "管线腐蚀产物形貌分析")

    owner_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    desk = owner_context.new_page()
    desk.set_default_timeout(15_000)
    browser_login(desk, live_server, owner)
    desk.goto(f"{live_server.url}/instruments/bookings/")
    row = desk.locator(f"#booking-{booking.pk}")
    row.locator("button:has-text('确认')").click()
    expect(desk.locator("main .messages")).to_contain_text("预约已确认")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED

    # The slot shows as busy on the public calendar.
    page.goto(f"{live_server.url}/instruments/{instrument.pk}/")
    cell = page.locator(f"td[data-day='{start.strftime('%Y-%m-%d')}']")
    expect(cell).to_contain_text("09:00–11:00")

    clock.past(booking)  # the slot has begun (the live server shares the clock)
    desk.goto(f"{live_server.url}/instruments/bookings/")
    row = desk.locator(f"#booking-{booking.pk}")
    row.locator("input[name=quantity]").fill("2")
    row.locator("input[name=fee]").fill("900")
    row.locator("button:has-text('登记完成')").click()
    expect(desk.locator("main .messages")).to_contain_text("已登记完成")
    desk.locator(f"#booking-{booking.pk} button:has-text('生成技术服务合同')").click()
    desk.wait_for_url("**/contracts/*/")
    expect(desk.locator("main .messages")).to_contain_text("已生成技术服务合同草稿")
    contract = Contract.objects.get()
    expect(desk.locator("main")).to_contain_text(requester.organization.name)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED and booking.contract == contract
    assert (contract.contract_type, str(contract.contract_amount)) == ("service", "900.00")
    assert contract.seller == owner.organization
    desk.goto(f"{live_server.url}/instruments/bookings/")
    expect(desk.locator(f"#booking-{booking.pk}")).to_contain_text("查看合同")
    expect(desk.locator(f"#booking-{booking.pk} button")).to_have_count(0)  # once only
    owner_context.close()


def test_the_calendar_fits_a_phone(browser, live_server, approved):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/instruments/{approved.instrument_id}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    expect(phone.locator(".busy-slot").first).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "instrument-phone.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_owner_decides_a_booking_on_a_phone(browser, live_server, pending, owner, language):
    """The bookings table scrolled its status and buttons out of sight at 390 px: on a
    phone each booking is a card with every cell, the buttons within the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    browser_login(phone, live_server, owner)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    phone.goto(f"{live_server.url}/instruments/bookings/")
    row = phone.locator(f"#booking-{pending.pk}")
    approve = row.locator("form[action$='/approve/'] button")
    status = row.locator("td.status .badge")
    for element in (approve, status, row.locator("input[name=reason]")):
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    expect(status).to_have_text("待确认" if language == "zh-hans" else "Pending")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    approve.click()
    expect(phone.locator("main .messages")).to_be_visible()
    pending.refresh_from_db()
    assert pending.status == BookingStatus.APPROVED
    context.close()
