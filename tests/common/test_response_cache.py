"""Anonymous visitors get the public pages from the cache (common.response_cache); a change
made through a service shows at once; signed-in users, API tokens and pending messages
are never served a cached copy; the cached HTML carries each visitor's own CSRF token."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import organization_verify
from demands.services import common as demands_common
from instruments import services as instrument_services
from tests.conftest import make_member
from tests.demands.conftest import TODAY, make_challenge
from tests.institutions.conftest import make_institution, make_result
from tests.instruments.conftest import Clock, make_instrument, request_booking
from tests.patents.conftest import many_rows, publish

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def queries(client, url: str, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.django_db
def test_a_second_anonymous_visit_costs_no_query_and_is_the_same_page():
    client = Client()
    for url in ("/", "/stats/?year=2025", "/api/v1/stats/monthly/?year=2025",
                "/api/v1/stats/summary/?year=2025", "/api/v1/patents/?q=油",
                "/api/v1/results/"):  # fmt: skip
        first, cold = queries(client, url)
        second, warm = queries(Client(), url)
        assert cold > 0 and warm == 0, url
        assert second["Content-Type"] == first["Content-Type"]
        if "json" in first["Content-Type"]:
            assert second.json() == first.json()


def test_a_published_result_shows_at_once(institute_user):
    institution = make_institution(institute_user)
    make_result(institution, institute_user, title="第一项成果")
    client = Client()
    assert client.get("/api/v1/results/").json()["count"] == 1
    make_result(institution, institute_user, title="第二项成果")  # result_publish
    titles = [r["title"] for r in client.get("/api/v1/results/").json()["results"]]
    assert titles == ["第二项成果", "第一项成果"]


def test_the_next_link_follows_the_host_asked(institute_user, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "other.example"]
    institution = make_institution(institute_user)
    for n in range(2):
        make_result(institution, institute_user, title=f"成果{n}")
    url = "/api/v1/results/?page_size=1"
    first = Client().get(url, HTTP_HOST="portal.example").json()["next"]
    other = Client().get(url, HTTP_HOST="other.example").json()["next"]
    assert first.startswith("http://portal.example/") and other.startswith("http://other.example/")


def test_a_withdrawn_result_leaves_the_cached_list_at_once(institute_user, reviewer):
    from institutions.services import result_withdraw

    institution = make_institution(institute_user)
    result = make_result(institution, institute_user)
    client = Client()
    assert client.get("/api/v1/results/").json()["count"] == 1
    result_withdraw(result=result, by=institute_user)
    assert client.get("/api/v1/results/").json()["count"] == 0


def test_without_the_bump_the_cached_list_would_be_stale(institute_user, monkeypatch):
    """The tests above can fail: with the version left alone, the old list is served."""
    institution = make_institution(institute_user)
    make_result(institution, institute_user)
    assert Client().get("/api/v1/results/").json()["count"] == 1
    monkeypatch.setattr("common.response_cache.cache_version_bump", lambda namespace: None)
    make_result(institution, institute_user, title="第二项成果")
    assert Client().get("/api/v1/results/").json()["count"] == 1


@pytest.mark.django_db
def test_an_imported_and_published_catalogue_shows_at_once():
    publish(many_rows(2))
    client = Client()
    assert client.get("/api/v1/patents/").json()["count"] == 2
    publish(many_rows(3, start=10), year=2024)
    assert client.get("/api/v1/patents/").json()["count"] == 5


def test_a_verified_organisation_counts_on_the_home_page_at_once(reviewer):
    client = Client()
    before = client.get("/").context["verified_organizations"]
    waiting = make_member(verified=False)
    assert queries(Client(), "/")[1] == 0  # cached
    organization_verify(organization=waiting.organization, by=reviewer)
    assert client.get("/").context["verified_organizations"] == before + 1


def test_an_opened_challenge_shows_on_the_home_page_at_once(reviewer, monkeypatch):
    monkeypatch.setattr(demands_common, "today", lambda: TODAY)
    funder = make_member(by=reviewer).organization
    client = Client()
    assert "SAGD" not in client.get("/").content.decode()
    make_challenge(reviewer, funder)  # challenge_open
    assert "SAGD" in client.get("/").content.decode()


def test_a_completed_booking_moves_the_instrument_usage_at_once(
    institute_user, enterprise_user, monkeypatch
):
    """Usage (a listing, not a statistic) is on /stats/ and in the summary API."""
    clock = Clock(monkeypatch)
    instrument = make_instrument(institute_user)
    clock.travel(clock.real_now() - datetime.timedelta(days=400))  # last calendar year
    booking = request_booking(instrument, enterprise_user, days=1, hours=2)
    booking = instrument_services.booking_approve(booking=booking, by=institute_user)
    clock.travel(clock.real_now())
    year = timezone.localtime(booking.starts_at).year
    summary, page = f"/api/v1/stats/summary/?year={year}", f"/stats/?year={year}"

    def bookings() -> int:
        return sum(row["bookings"] for row in Client().get(summary).json()["instrument_usage"])

    assert bookings() == 0 and "暂无已完成的仪器预约" in Client().get(page).content.decode()
    clock.past(booking)
    instrument_services.booking_complete(booking=booking, by=institute_user, quantity=1, fee="100")
    clock.travel(clock.real_now())
    assert bookings() == 1
    assert "暂无已完成的仪器预约" not in Client().get(page).content.decode()


def test_signed_in_users_and_api_tokens_are_never_served_a_cached_copy(enterprise_user):
    queries(Client(), "/")  # cached for anonymous visitors
    signed_in = Client()
    signed_in.force_login(enterprise_user)
    page, cost = queries(signed_in, "/")
    assert cost > 0 and "退出" in page.content.decode()
    assert "退出" not in Client().get("/").content.decode()
    queries(Client(), "/api/v1/results/")
    # A token is checked, not answered from the cache: a bad one is refused.
    assert Client().get("/api/v1/results/", HTTP_AUTHORIZATION="Token nonsense").status_code == 401


@pytest.mark.django_db
def test_a_visitor_with_a_message_waiting_gets_a_rendered_page():
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    queries(Client(), "/")  # cached
    storage, carrier = CookieStorage(RequestFactory().get("/")), HttpResponse()
    storage.add(messages.INFO, "一条消息")
    storage.update(carrier)
    client = Client()
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    page, cost = queries(client, "/")
    assert cost > 0 and "一条消息" in page.content.decode()
    assert "一条消息" not in client.get("/").content.decode()  # shown once


@pytest.mark.django_db
def test_the_language_is_part_of_the_key_and_the_headers_are_right():
    chinese = Client().get("/")
    Client().get("/")
    english = Client(headers={"accept-language": "en"})
    english.get("/")
    page, cost = queries(english, "/")
    assert cost == 0
    assert page["Content-Language"] == "en" and chinese["Content-Language"] == "zh-hans"
    assert '<html lang="en">' in page.content.decode()
    vary = {v.strip().lower() for v in page["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


@pytest.mark.django_db
def test_the_cached_page_carries_this_visitors_csrf_token_and_its_form_posts():
    first = Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get("/").content.decode()).group(1)
    visitor = Client(enforce_csrf_checks=True)
    page, cost = queries(visitor, "/")
    assert cost == 0  # the cached copy
    tokens = set(TOKEN.findall(page.content.decode()))
    assert len(tokens) == 1 and first_token not in tokens
    assert "csrftoken" in page.cookies  # their own cookie, set with the token
    refused = visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert refused.status_code == 403
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert switched.status_code == 302
    assert '<html lang="en">' in visitor.get("/").content.decode()


@pytest.mark.django_db
def test_the_demo_banner_is_kept_in_the_cached_copy():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)  # bumps the listings' version
    Client().get("/")
    page, cost = queries(Client(), "/")
    assert cost == 0 and "demo-banner" in page.content.decode()
