"""Behind one proxy of ours (NUM_PROXIES=1, the compose deployment) a lockout is keyed on
the address the proxy saw, never on the proxy's own address nor on what a client wrote
into X-Forwarded-For."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import BaseThrottle

from portal.env import client_address_config
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.2"  # REMOTE_ADDR of every request: the proxy
ATTACKER = "203.0.113.5"  # the address the proxy saw and appended
FORGED = "10.9.9.9"  # what the attacker wrote in front
USER = "198.51.100.7"  # the real user, elsewhere


def behind_proxies(count):
    return override_settings(
        **client_address_config(count),
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": count},
    )


def login_page(client, username, password, forwarded_for):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def token_endpoint(client, username, password, forwarded_for):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.parametrize("attempt", [login_page, token_endpoint])
def test_five_failures_lock_out_only_the_address_the_proxy_saw(client, enterprise_user, attempt):
    name = enterprise_user.username
    with behind_proxies(1):
        for n in range(5):
            failed = attempt(client, name, "wrong", f"{FORGED}, {ATTACKER}")
            assert failed.status_code in ({200, 400} if n < 4 else {200, 400, 429})
        # The attacker is locked out, whatever they forge in front next time.
        assert attempt(client, name, PASSWORD, f"{FORGED}, {ATTACKER}").status_code == 429
        assert attempt(client, name, PASSWORD, f"10.1.1.1, {ATTACKER}").status_code == 429
        # The real user, from their own address through the same proxy, still signs in.
        signed_in = attempt(client, name, PASSWORD, USER)
        assert signed_in.status_code in {200, 302}
        if attempt is token_endpoint:
            assert signed_in.json()["token"]


@pytest.mark.parametrize("attempt", [login_page, token_endpoint])
def test_without_a_proxy_the_forwarded_header_is_ignored(client, enterprise_user, attempt):
    name = enterprise_user.username
    for n in range(5):
        attempt(client, name, "wrong", f"10.0.0.{n}")
    assert attempt(client, name, PASSWORD, USER).status_code == 429


CHAINS = [
    ATTACKER,
    f"{FORGED}, {ATTACKER}",
    f"{FORGED}, 10.1.1.1, {ATTACKER}",
    f"{ATTACKER}, {USER}",
]


@pytest.mark.parametrize(
    ("proxies", "forwarded_for"),
    # A chain shorter than the proxies in front never reaches the portal.
    [(n, chain) for n in (1, 2) for chain in CHAINS if len(chain.split(",")) >= n],
)
def test_lockouts_and_throttles_agree_on_the_client_address(proxies, forwarded_for):
    """One rule for the client's address: axes (via django-ipware) and DRF's throttles."""
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    with behind_proxies(proxies):
        throttle_ident = BaseThrottle().get_ident(request)
        assert get_client_ip_address(request) == throttle_ident
        assert throttle_ident == forwarded_for.split(",")[-proxies].strip()
