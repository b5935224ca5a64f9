"""Every admin list and the autocomplete answer hostile parameters (a NUL byte, a year
of twenty digits, a month past the calendar's end) with a page or a 4xx, never a 500."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

HOSTILE = [
    {"q": "\x00"},
    {"q": "甲\x00乙"},
    {"month": "9999-12"},
    {"month": "99999999999999999999"},
    {"created_at__year": "99999999999999999999"},
    {"created_at__year": "2026", "created_at__month": "99999999999999999999"},
    {"created_at__year": "2026", "created_at__month": "2", "created_at__day": "31"},
    {"created_at__year": "9999", "created_at__month": "12"},
    {"created_at__year": "9999"},
    {"created_at__year": "٢٠٢٦"},
    {"year": "99999999999999999999"},
    {"year__exact": "99999999999999999999"},
    {"id__exact": "99999999999999999999"},
    {"catalogue_entries__catalogue__year": "99999999999999999999"},
    {"resident_since__isnull": "99999999999999999999"},
    {"p": "99999999999999999999"},
    {"o": "99999999999999999999"},
]


def _changelists():
    return [
        (f"/admin/{model._meta.app_label}/{model._meta.model_name}/", model_admin)
        for model, model_admin in admin.site._registry.items()
    ]


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x-Pass-1")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: "&".join(p))
def test_no_admin_list_answers_a_hostile_filter_with_a_500(superuser_client, params):
    failures = {}
    for url, model_admin in _changelists():
        if model_admin.date_hierarchy:  # the same attack on whatever field it drills into
            params = {
                key.replace("created_at", model_admin.date_hierarchy): value
                for key, value in params.items()
            }
        response = superuser_client.get(url, params)
        if response.status_code >= 500:
            failures[url] = response.status_code
    assert not failures, failures


AUTOCOMPLETE = [
    {"app_label": "institutions", "model_name": "institution", "field_name": "organization"},
    {"app_label": "accounts", "model_name": "user", "field_name": "organization"},
    {"app_label": "patents", "model_name": "catalogueentry", "field_name": "patent"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("source", AUTOCOMPLETE, ids=lambda s: s["model_name"])
@pytest.mark.parametrize("term", ["\x00", "克拉玛依\x00", "%00"])
def test_autocomplete_with_a_nul_is_a_400_naming_the_field(superuser_client, source, term):
    response = superuser_client.get("/admin/autocomplete/", {**source, "term": term})
    assert response.status_code < 500
    if "\x00" in term:
        assert response.status_code == 400
        assert "term" in response.content.decode()


@pytest.mark.django_db
def test_a_clean_autocomplete_still_answers(superuser_client):
    response = superuser_client.get("/admin/autocomplete/", {**AUTOCOMPLETE[0], "term": "克拉"})
    assert response.status_code == 200
    assert response.json()["results"] == []
