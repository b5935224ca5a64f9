"""Home: the service cards are links; every page's footer names the site's owner, its
address, phone and ICP number (from settings), in the page's language."""

import re

import pytest

from tests.patents.conftest import publish, row

pytestmark = pytest.mark.django_db


def test_the_four_service_cards_are_links(client):
    html = client.get("/").content.decode()
    cards = re.findall(
        r'<article class="card service-card">\s*<h2><a class="card-link" href="([^"]+)"', html
    )
    # A visitor reaches registration through the service guide (办事指南).
    assert cards == ["/guide/", "/patents/", "/institutions/", "/stats/"]


def test_the_footer_shows_owner_address_phone_and_icp(client, settings):
    settings.SITE_OWNER = "某市科学技术局"
    settings.SITE_POSTAL_ADDRESS = "某市某路 1 号"
    settings.SERVICE_DESK_PHONE = "0990-6000123"
    settings.ICP_NUMBER = "新ICP备12345678号-1"
    for url in ("/", "/patents/", "/stats/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        for shown in (
            "主办单位",
            "某市科学技术局",
            "某市某路 1 号",
            "0990-6000123",
            "新ICP备12345678号-1",
        ):
            assert shown in footer, (url, shown)


def test_the_footer_in_english(client, settings):
    settings.SITE_OWNER_EN = "Some Bureau"
    client.cookies["django_language"] = "en"
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert "Run by" in footer and "Some Bureau" in footer
    assert "克拉玛依市科学技术局" not in footer
    assert "Beijiang Technology Trading Center (Karamay Technology Market)" in footer


def test_no_icp_number_no_icp_line(client, settings):
    settings.ICP_NUMBER = ""
    assert "ICP 备案号" not in client.get("/").content.decode()


def test_the_patent_filters_fold_into_a_details(client):
    publish([row()])
    html = client.get("/patents/").content.decode()
    assert '<details class="patents-filters" id="patents-filters">' in html
    assert "<summary>筛选</summary>" in html
    chosen = client.get("/patents/", {"sector": "oil_gas"}).content.decode()
    # A chosen facet keeps the filters open, with the count of facets chosen.
    assert '<details class="patents-filters" id="patents-filters" open>' in chosen
    assert '<summary>筛选 <span class="badge">1</span></summary>' in chosen
