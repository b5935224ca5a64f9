"""The service guide (/guide/) and the registration's entry points for visitors."""

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_guide_covers_who_what_how_long_relief_fees_and_contacts(client, settings):
    settings.SERVICE_DESK_PHONE = "0990-6111222"
    settings.SERVICE_DESK_EMAIL = "desk@example.org"
    html = client.get("/guide/").content.decode()
    for words in (
        "卖方",
        "境内的买方",
        "合同文本",
        "15 个工作日",
        "30 个工作日",
        "补正",
        "免征增值税",
        "减半征收",
        "不收取任何费用",
        "0990-6111222",
        "desk@example.org",
    ):
        assert words in html, words
    # The visitor's call to action carries on to the form after the login.
    assert 'href="/accounts/login/?next=/contracts/new/"' in html
    assert 'href="/accounts/signup/"' in html and "登录后办理" in html


def test_the_guide_in_english(client, settings):
    settings.SERVICE_DESK_ADDRESS_EN = "Hall 1, Karamay"
    client.post("/i18n/setlang/", {"language": "en", "next": "/guide/"})
    html = client.get("/guide/").content.decode()
    assert "Service guide" in html and "15 working days" in html and "Hall 1, Karamay" in html
    assert "Sign in to file" in html and "No fee" in html and "5,000,000 yuan" in html
    main = re.search(r'<main id="main".*</main>', html, re.S).group(0)
    assert not re.search(
        r"[\u4e00-\u9fff]", re.sub(r'<(a|button)[^>]*lang="zh[^"]*"[^>]*>.*?</\1>', "", main)
    )


def test_login_from_the_guide_lands_on_the_form(client, enterprise_user):
    response = client.post(
        "/accounts/login/?next=/contracts/new/",
        {"username": enterprise_user.username, "password": PASSWORD, "next": "/contracts/new/"},
    )
    assert response.status_code == 302 and response.url == "/contracts/new/"


def test_a_foreign_next_is_replaced_by_the_form(client):
    html = client.get("/guide/", {"next": "https://evil.example/"}).content.decode()
    login = re.search(r'href="(/accounts/login/[^"]*)"[^>]*>登录后办理', html).group(1)
    assert login == "/accounts/login/?next=/contracts/new/"


def test_the_menu_sends_visitors_to_the_guide_and_members_to_their_contracts(
    client, enterprise_user
):
    def menu_link(html):
        return re.search(r'<li><a href="([^"]+)"[^>]*>技术合同登记</a>', html).group(1)

    def card_link(html):
        return re.search(r'<h2><a [^>]*href="([^"]+)"[^>]*>技术合同认定登记</a></h2>', html).group(
            1
        )

    home = client.get("/").content.decode()
    assert menu_link(home) == "/guide/" and card_link(home) == "/guide/"
    assert client.get("/contracts/new/").url == "/guide/?next=/contracts/new/"
    client.force_login(enterprise_user)
    home = client.get("/").content.decode()
    assert menu_link(home) == "/contracts/" and card_link(home) == "/contracts/new/"
    html = client.get("/guide/").content.decode()
    assert 'href="/contracts/new/"' in html and "登录后办理" not in html
    assert client.get("/contracts/new/").status_code == 200
