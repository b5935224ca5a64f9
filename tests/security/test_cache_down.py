"""With the cache unreachable (pointed at a closed port) throttled forms and endpoints
still answer, and /healthz/ says which part is down."""

import os
import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from institutions.models import Enquiry
from tests.accounts.test_api import signup_payload
from tests.conftest import need
from tests.institutions.conftest import ENQUIRER, ENQUIRY_FORM

pytestmark = pytest.mark.django_db
CLOSED_PORT = "redis://127.0.0.1:1/0"
REDIS = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL", "")


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "common.cache.TolerantRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def cache_down(settings):
    settings.CACHES = redis_cache(CLOSED_PORT)
    return settings


def test_api_signup_and_enquiry_go_on_without_the_cache(cache_down, published_result):
    started = time.monotonic()
    response = APIClient().post("/api/v1/auth/signup/", signup_payload(), format="json")
    assert response.status_code == 201, response.content
    assert User.objects.filter(username="api-user").exists()
    response = APIClient().post(
        "/api/v1/enquiries/",
        {"target_type": "result", "target_id": published_result.pk, **ENQUIRER},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert time.monotonic() - started < 5


def test_the_enquiry_form_goes_on_without_the_cache(cache_down, published_result):
    response = Client().post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}", ENQUIRY_FORM
    )
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


def test_healthz_names_the_cache_when_it_is_down(cache_down, client):
    started = time.monotonic()
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] is True and body["cache"] is False
    assert set(body["errors"]) == {"cache"}
    assert time.monotonic() - started < 3
    assert client.get("/healthz/?live").status_code == 200


def test_healthz_names_the_broker_when_it_is_down(settings, client):
    settings.CELERY_BROKER_URL = CLOSED_PORT
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"] is False and body["database"] is True and body["cache"] is True
    assert client.get("/healthz/?live").json() == {"status": "ok"}


def test_healthz_is_green_when_every_part_answers(client):
    assert client.get("/healthz/").json() == {
        "status": "ok",
        "database": True,
        "cache": True,
        "broker": True,
    }


def test_the_tolerant_cache_still_throttles_when_redis_answers(settings, client, monkeypatch):
    need(REDIS.startswith("redis://"), "needs Redis: set REDIS_URL=redis://…")
    settings.CACHES = redis_cache(REDIS)
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "signup": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    from django.core.cache import cache

    cache.clear()
    assert client.get("/healthz/").json()["cache"] is True
    codes = [
        APIClient().post("/api/v1/auth/signup/", {}, format="json").status_code for _ in range(3)
    ]
    assert codes == [400, 400, 429]
    cache.clear()
