"""A search with no hit says so, with a hint and a way back — never "the filter is wrong"
(an empty Django page is falsy, so `{% if page %}` used to read an empty result as an
invalid form)."""

import pytest

from tests.patents.conftest import number, publish, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    publish([row(application_number=number("202110000201"), title="一种稠油开采方法")])


def test_no_hit_shows_the_empty_message_with_hint_and_clear_link(client, catalogue):
    response = client.get("/patents/", {"q": "催化"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="no-result"' in html
    assert "没有符合条件的专利" in html
    assert "筛选条件有误" not in html
    assert 'href="?year=2025">清除全部筛选条件' in html
    # The facets are there (with zero counts), not replaced by an error.
    assert 'class="patents-facets"' in html
    assert 'role="alert"' not in html


def test_no_hit_in_english(client, catalogue):
    client.cookies["django_language"] = "en"
    html = client.get("/patents/", {"q": "催化"}).content.decode()
    assert "No patent matches" in html
    assert "Clear all filters" in html


def test_a_real_error_still_says_so(client, catalogue):
    response = client.get("/patents/", {"ipc": "not an ipc!!"})
    assert response.status_code == 400
    assert "筛选条件有误" in response.content.decode()
    assert 'id="no-result"' not in response.content.decode()
