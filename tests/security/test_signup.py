"""Sign-up tells nobody which e-mails have accounts, is throttled on the web as in the
API, and two identical sign-ups at the same instant give one account and one 400."""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import Organization, User
from tests.accounts.test_api import signup_payload
from tests.accounts.test_signup_and_login import signup_post
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signup_rate(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "signup": "3/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_a_registered_email_is_not_revealed_by_the_api(api, enterprise_user):
    response = api.post(
        "/api/v1/auth/signup/",
        {**signup_payload(), "email": enterprise_user.email.upper()},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert set(
        User.objects.filter(email__iexact=enterprise_user.email).values_list("username", flat=True)
    ) == {
        enterprise_user.username,
        "api-user",
    }


def test_a_registered_email_is_not_revealed_on_the_web(client, enterprise_user):
    response = signup_post(client, email=enterprise_user.email)
    assert response.status_code == 302
    assert "邮箱" not in " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_taken_and_a_reserved_username_read_the_same(api, enterprise_user):
    taken = api.post(
        "/api/v1/auth/signup/",
        {**signup_payload(), "username": enterprise_user.username.upper()},
        format="json",
    ).json()
    reserved = api.post(
        "/api/v1/auth/signup/", {**signup_payload(), "username": "admin"}, format="json"
    ).json()
    assert taken["username"] == reserved["username"] == ["该用户名不可用，请另选一个。"]


def test_a_registered_credit_code_says_so_with_the_service_desk(api, enterprise_user):
    payload = signup_payload(uscc=enterprise_user.organization.uscc)
    body = api.post("/api/v1/auth/signup/", payload, format="json").json()
    assert (
        "已注册" in body["organization.uscc"][0] and "0990-6000000" in body["organization.uscc"][0]
    )


def test_the_web_form_is_throttled_per_address_with_the_api(signup_rate):
    here, elsewhere = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.9")
    APIClient().post("/api/v1/auth/signup/", {}, format="json", REMOTE_ADDR="192.0.2.1")
    for _ in range(2):
        assert signup_post(here, password2="x").status_code == 200
    response = signup_post(here)
    assert response.status_code == 429
    assert "注册过于频繁" in response.content.decode()
    assert not User.objects.exists()
    assert signup_post(elsewhere).status_code == 302  # another address still signs up


def test_a_throttled_request_learns_nothing_about_the_username(signup_rate, enterprise_user):
    here = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        signup_post(here, password2="x")
    page = signup_post(here, username=enterprise_user.username)
    assert page.status_code == 429
    assert "不可用" not in page.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_api_signups_at_once_give_one_201_and_one_400():
    from accounts.roles import ensure_roles

    ensure_roles()  # a transactional test's flush removed the migration's groups
    barrier = threading.Barrier(2)
    codes, bodies = [], []

    def sign_up():
        try:
            barrier.wait(timeout=30)
            response = APIClient().post("/api/v1/auth/signup/", signup_payload(), format="json")
            codes.append(response.status_code)
            bodies.append(response.json())
        finally:
            connection.close()

    for _attempt in range(5):  # the race is real: repeat it with fresh rows
        User.objects.all().delete()
        Organization.objects.all().delete()
        codes.clear()
        bodies.clear()
        barrier.reset()
        threads = [threading.Thread(target=sign_up) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(codes) == [201, 400], bodies
        refused = bodies[codes.index(400)]
        assert {"username", "organization.uscc"} & set(refused), refused
        assert User.objects.count() == 1 and Organization.objects.count() == 1
    assert User.objects.get().check_password(PASSWORD)
