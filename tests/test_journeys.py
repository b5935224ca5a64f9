"""Journeys that cross the apps, as a visitor makes them in a real browser."""

import pytest
from playwright.sync_api import expect

from institutions.models import Enquiry
from tests.patents.conftest import many_rows, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_the_catalogue_to_an_enquiry_the_bureau_sees(page, live_server, client, reviewer):
    rows = many_rows(1)
    publish(rows, year=2025, by=reviewer)  # imported and published, as the public sees it
    number = rows[0]["application_number"]

    page.goto(f"{live_server.url}/patents/")
    page.click("main h3 a, main h2 a, main .entry a >> nth=0")
    expect(page.locator("#enquire")).to_be_visible()
    page.click("#enquire")
    expect(page.locator("#id_name")).to_be_visible()
    page.fill("#id_name", "李工")
    page.fill("#id_organization", "克拉玛依某油田服务公司")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_email", "li@example.com")
    page.fill("#id_message", "希望了解该专利的许可条件和现场试验数据。")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_message")).to_have_count(0)  # the form is gone: confirmation
    expect(page.locator("main")).to_contain_text("已")

    enquiry = Enquiry.objects.get()
    assert enquiry.patent.application_number == number.replace("ZL", "").replace("CN", "")
    client.force_login(reviewer)
    listing = client.get("/admin/institutions/enquiry/").content.decode()
    assert "李工" in listing
