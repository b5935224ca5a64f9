"""The site search (/search/?q=): grouped, counted, bounded, and the bad queries."""

import pytest

from portal import search
from tests.institutions.conftest import make_institution, make_result
from tests.patents.conftest import number, publish, row

pytestmark = pytest.mark.django_db


def patents(count: int, title: str, start: int = 1) -> list[dict]:
    return [
        row(application_number=number(f"2021100{n:05d}"), title=f"{title}{n}")
        for n in range(start, start + count)
    ]


@pytest.fixture
def content(institute_user):
    publish([row(title="一种砾岩油藏压裂方法"), *patents(3, "无关专利", start=50)])
    institution = make_institution(institute_user, name="砾岩油藏研究院", short_name="砾岩院")
    make_result(institution, institute_user, title="砾岩油藏注水方案")
    make_result(institution, institute_user, title="砾岩油藏草稿", publish=False)
    return institution


def test_each_group_shows_its_count_hits_and_a_link_to_its_own_search(client, content):
    response = client.get("/search/", {"q": "砾岩油藏"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "一种砾岩油藏压裂方法" in html and "砾岩油藏注水方案" in html
    assert "砾岩油藏研究院" in html
    assert "砾岩油藏草稿" not in html  # a draft is nobody's search result
    assert "无关专利" not in html
    groups = {group.key: group for group in search.site_search("砾岩油藏")}
    assert {key: group.count for key, group in groups.items()} == {
        "patents": 1,
        "results": 1,
        "institutions": 1,
        "demands": 0,
        "challenges": 0,
    }
    assert groups["results"].more_url == "/results/?q=%E7%A0%BE%E5%B2%A9%E6%B2%B9%E8%97%8F"


def test_a_group_is_capped_and_links_to_the_rest(client, settings):
    publish(patents(search.GROUP_LIMIT + 3, "一种压裂监测方法"))
    html = client.get("/search/", {"q": "压裂监测"}).content.decode()
    assert html.count('href="/patents/20') == search.GROUP_LIMIT
    assert "8 条" in html and 'href="/patents/?q=' in html


def test_the_count_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    publish(patents(6, "一种压裂监测方法"))
    group = search.site_search("压裂监测")[0]
    assert group.count == 4 and group.count_capped


def test_the_cost_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    publish(patents(12, "一种压裂监测方法"))
    # per group a capped count and the first hits; patents' entries prefetched once;
    # session-less visitor, the demo marker
    with django_assert_max_num_queries(10):
        assert client.get("/search/", {"q": "压裂监测"}).status_code == 200


@pytest.mark.parametrize(
    ("q", "status", "message"),
    [
        ("", 200, "请输入至少 2 个字"),
        ("   ", 200, "请输入至少 2 个字"),
        ("油", 400, "请至少输入 2 个字再搜索。"),
        ("油" * 101, 400, "搜索词过长"),
    ],
)
def test_empty_short_and_long_queries(client, q, status, message):
    response = client.get("/search/", {"q": q})
    assert response.status_code == status
    assert message in response.content.decode()


def test_nothing_found_says_so(client, content):
    html = client.get("/search/", {"q": "量子计算"}).content.decode()
    assert "没有找到与“量子计算”相关的内容" in html


def test_a_new_provider_is_one_line(client, content, monkeypatch):
    extra = search.Provider(
        "again", "再来", "institutions:list", search._institutions, search._institution_hit
    )
    monkeypatch.setattr(search, "PROVIDERS", [*search.PROVIDERS, extra])
    html = client.get("/search/", {"q": "砾岩"}).content.decode()
    assert "再来" in html and html.count("砾岩油藏研究院") == 2


def test_the_header_has_the_search_box_in_both_languages(client):
    assert 'action="/search/"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/search/", {"q": "oil"}).content.decode()
    assert "Site search" in html and "High-value patents" in html and "Nothing found" in html


@pytest.mark.postgres
def test_the_search_on_postgresql(client, content):
    from django.db import connection

    assert connection.vendor == "postgresql"
    groups = {group.key: group.count for group in search.site_search("砾岩油藏")}
    assert groups == {"patents": 1, "results": 1, "institutions": 1, "demands": 0, "challenges": 0}
    assert client.get("/search/", {"q": "砾岩"}).status_code == 200
