"""API tokens are knox's: kept hashed, expiring, revoked by a password change and by
"log out everywhere", listed and revocable by their owner (web and API)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def issue(user, password=PASSWORD):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_is_stored_only_as_a_hash_and_expires(enterprise_user):
    body = issue(enterprise_user)
    assert set(body) == {"token", "token_key", "expiry"}
    row = AuthToken.objects.get(user=enterprise_user)
    assert body["token"] not in (row.digest, row.token_key)
    assert row.expiry - timezone.now() > timedelta(days=29)
    assert with_token(body["token"]).get("/api/v1/me/").status_code == 200
    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert with_token(body["token"]).get("/api/v1/me/").status_code == 401


def test_a_password_change_on_the_page_revokes_every_token(client, enterprise_user):
    tokens = [issue(enterprise_user)["token"] for _ in range(2)]
    client.force_login(enterprise_user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Brand-New-8x",
            "new_password2": "Brand-New-8x",
        },
    )
    assert response.status_code == 302
    for token in tokens:
        assert with_token(token).get("/api/v1/me/").status_code == 401
    assert client.get("/accounts/profile/").status_code == 200  # this session stays


def test_a_password_set_anywhere_else_revokes_every_token(enterprise_user):
    token = issue(enterprise_user)["token"]
    enterprise_user.set_password("Reset-By-Admin-5")
    enterprise_user.save()
    assert with_token(token).get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(user=enterprise_user).exists()


def test_saving_a_user_without_a_new_password_keeps_the_tokens(enterprise_user):
    token = issue(enterprise_user)["token"]
    enterprise_user.first_name = "张"
    enterprise_user.save()
    assert with_token(token).get("/api/v1/me/").status_code == 200


def test_the_owner_lists_and_revokes_tokens_through_the_api(enterprise_user, outsider):
    first, second = issue(enterprise_user), issue(enterprise_user)
    theirs = issue(outsider)
    api = with_token(first["token"])
    listed = api.get("/api/v1/auth/tokens/").json()["results"]
    assert {row["token_key"] for row in listed} == {first["token_key"], second["token_key"]}
    assert [row["current"] for row in listed if row["token_key"] == first["token_key"]] == [True]
    assert "token" not in listed[0] and "digest" not in listed[0]
    # Someone else's token is not found, and stays valid.
    assert api.delete(f"/api/v1/auth/tokens/{theirs['token_key']}/").status_code == 404
    assert with_token(theirs["token"]).get("/api/v1/me/").status_code == 200
    assert api.delete(f"/api/v1/auth/tokens/{second['token_key']}/").status_code == 204
    assert with_token(second["token"]).get("/api/v1/me/").status_code == 401
    assert api.get("/api/v1/me/").status_code == 200


def test_log_out_everywhere_through_the_api(client, enterprise_user):
    tokens = [issue(enterprise_user)["token"] for _ in range(3)]
    client.force_login(enterprise_user)
    response = with_token(tokens[0]).post("/api/v1/auth/logout-everywhere/")
    assert response.status_code == 200
    assert response.json() == {"revoked": 3}
    for token in tokens:
        assert with_token(token).get("/api/v1/me/").status_code == 401
    assert client.get("/accounts/profile/").status_code == 302  # the browser session ended


def test_the_profile_page_lists_and_revokes_tokens_and_logs_out_everywhere(
    client, enterprise_user, outsider
):
    mine, other = issue(enterprise_user), issue(outsider)
    client.force_login(enterprise_user)
    page = client.get("/accounts/profile/").content.decode()
    assert mine["token_key"] in page and other["token_key"] not in page
    assert mine["token"] not in page
    assert client.get(f"/accounts/tokens/{mine['token_key']}/revoke/").status_code == 405
    client.post(f"/accounts/tokens/{other['token_key']}/revoke/")
    assert with_token(other["token"]).get("/api/v1/me/").status_code == 200
    client.post(f"/accounts/tokens/{mine['token_key']}/revoke/")
    assert with_token(mine["token"]).get("/api/v1/me/").status_code == 401

    again = issue(enterprise_user)
    second_browser = type(client)()
    second_browser.force_login(enterprise_user)
    response = client.post("/accounts/logout-everywhere/")
    assert response.status_code == 302
    assert with_token(again["token"]).get("/api/v1/me/").status_code == 401
    assert client.get("/accounts/profile/").status_code == 302
    assert second_browser.get("/accounts/profile/").status_code == 302
    # Signing in again works, and the new session is valid.
    assert (
        client.post(
            "/accounts/login/", {"username": enterprise_user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/accounts/profile/").status_code == 200


def test_wrong_credentials_and_bad_bodies_get_a_400_naming_the_field(enterprise_user):
    api = APIClient()
    wrong = api.post(
        "/api/v1/auth/token/",
        {"username": enterprise_user.username, "password": "x"},
        format="json",
    )
    assert wrong.status_code == 400 and "non_field_errors" in wrong.json()
    missing = api.post("/api/v1/auth/token/", {"username": "a"}, format="json")
    assert missing.status_code == 400 and "password" in missing.json()
    assert not AuthToken.objects.exists()


def test_the_schema_documents_the_token_endpoints(client):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    text = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/auth/tokens/", "/api/v1/auth/logout-everywhere/"):
        assert path in text


def test_the_profile_page_reads_in_english(client, enterprise_user):
    issue(enterprise_user)
    client.force_login(enterprise_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/accounts/profile/").content.decode()
    for words in ("API tokens", "Token prefix", "Revoke", "Sign out everywhere"):
        assert words in page
