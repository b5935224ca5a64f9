"""The catalogue in a real browser: browse, search a Chinese word, filter, detail, export."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from patents.demo import seed
from patents.models import Patent
from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_catalogue(db):
    seed(io.StringIO())  # the demo catalogue (30 patents) through the import service


def test_browse_search_filter_open_and_export(page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/patents/")
    assert "高价值发明专利产业化推广目录" in page.locator("main h1").inner_text()
    assert "演示数据" in page.locator("main .notice").first.inner_text()
    assert page.locator("main .patent-card").count() == 20  # the first page
    page.click("main .pagination a[rel=next]")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("main .patent-card")).to_have_count(10)

    # A two-character word from inside a title.
    page.goto(f"{live_server.url}/patents/")
    page.fill("main input[name=q]", "吞吐")
    page.click("main button[type=submit]")
    expect(page.locator("main .patent-card h2")).to_have_text(
        ["一种超稠油水平井多元热流体吞吐开采方法"]
    )
    page.click("main a:has-text('清除条件')")
    expect(page.locator("main .patent-card")).to_have_count(20)

    # A facet: the IPC section H (electricity), then a cooperation mode inside it.
    page.click("main a[data-facet=ipc_section][data-value=H]")
    expect(page).to_have_url(re.compile(r"ipc_section=H"))
    cards = page.locator("main .patent-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 3
    assert all("H0" in text for text in cards.all_inner_texts())
    page.click("main a[data-facet=cooperation_mode][data-value=equity]")
    expect(page).to_have_url(re.compile(r"cooperation_mode=equity"))
    assert "ipc_section=H" in page.url
    titles = ["一种磷酸铁锂电池正极材料的低温改性方法"]
    expect(page.locator("main .patent-card h2")).to_have_text(titles)

    # The export keeps the filters.
    with page.expect_download() as download:
        page.click("main a:has-text('导出 Excel')")
    path = ARTIFACTS / "patent-catalogue.xlsx"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][1] == "申请号" and [r[2] for r in rows[1:]] == titles

    # The detail page, and the way to an enquiry.
    page.click("main .patent-card h2 a")
    expect(page.locator("main h1")).to_have_text(titles[0])
    number = Patent.objects.get(title=titles[0]).application_number
    expect(page).to_have_url(re.compile(re.escape(f"/patents/{number}/") + "$"))
    button = page.locator("main a#enquire")
    assert button.inner_text() == "我有意向 / 发起洽谈"
    assert button.get_attribute("href") == f"/enquiries/new/?target_type=patent&target_id={number}"
    assert "2025" in page.locator("main table.data").inner_text()

    # Another form of the number lands on the same page.
    page.goto(f"{live_server.url}/patents/ZL{number.replace('.', '')}/")
    expect(page).to_have_url(re.compile(re.escape(f"/patents/{number}/") + "$"))


def test_the_api_serves_the_same_catalogue(page, live_server, demo_catalogue):
    body = page.request.get(f"{live_server.url}/api/v1/patents/?q=吞吐").json()
    assert [p["title"] for p in body["results"]] == ["一种超稠油水平井多元热流体吞吐开采方法"]
    body = page.request.get(f"{live_server.url}/api/v1/catalogues/2025/").json()
    assert len(body["entries"]) == 30 and body["is_demo"] is True


def test_the_catalogue_fits_a_phone(browser, live_server, demo_catalogue):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    for path in ("/patents/", f"/patents/{Patent.objects.first().application_number}/"):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a phone ({width}px)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "patents-detail-phone.png"), full_page=True)
    context.close()


def test_a_2026_import_and_publish_leave_the_2025_page_as_it_was(page, live_server, demo_catalogue):
    from patents.models import Catalogue
    from patents.services import catalogue_import, catalogue_publish
    from tests.patents.conftest import csv_bytes, row

    def cards(year: int) -> list[str]:
        page.goto(f"{live_server.url}/patents/?year={year}")
        return page.locator("main .patent-card").all_inner_texts()

    before = cards(2025)
    reused = Patent.objects.order_by("application_number")[:2]
    rows = [
        row(
            application_number=patent.application_number,
            title=patent.title,
            patentee=patent.patentee.replace("（演示）", ""),
            abstract="测试摘要",
            high_value_kinds="award",
            application_date=patent.application_date.isoformat(),
            grant_date="",
        )
        for patent in reused
    ]
    catalogue_import(year=2026, data=csv_bytes(rows), filename="2026.csv", by=None)

    # A draft: the switcher offers 2025 only, and 2026 is not found.
    page.goto(f"{live_server.url}/patents/")
    expect(page.locator("main .patents-years a")).to_have_count(0)
    assert page.request.get(f"{live_server.url}/patents/?year=2026").status == 404

    catalogue_publish(catalogue=Catalogue.objects.get(year=2026), by=None)
    page.goto(f"{live_server.url}/patents/")
    expect(page.locator("main .patents-years a")).to_have_text(["2026", "2025"])
    expect(page.locator("main .patent-card")).to_have_count(2)  # 2026 is the default now
    page.click("main .patents-years a:has-text('2025')")
    expect(page).to_have_url(re.compile(r"year=2025"))
    assert page.locator("main .patent-card").all_inner_texts() == before[:20]
    assert cards(2025) == before
