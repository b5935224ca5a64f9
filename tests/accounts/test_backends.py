"""A signed-in request loads its user with both roles in the same query
(accounts.backends): the role questions every list asks cost nothing more, and a role
taken away counts from the next request on."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.backends import ModelBackend
from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_user_arrives_with_both_roles_answered(reviewer):
    Group.objects.get(name=Role.EXPERT).user_set.add(reviewer)
    with CaptureQueriesContext(connection) as captured:
        user = ModelBackend().get_user(reviewer.pk)
        roles = (user.is_reviewer, user.is_expert)
    assert roles == (True, True)
    assert len(captured) == 1


def test_a_member_is_neither_and_a_superuser_reviews(enterprise_user):
    user = ModelBackend().get_user(enterprise_user.pk)
    assert (user.is_reviewer, user.is_expert) == (False, False)
    User.objects.filter(pk=enterprise_user.pk).update(is_superuser=True)
    assert ModelBackend().get_user(enterprise_user.pk).is_reviewer is True


def test_an_unknown_or_inactive_user_is_nobody(enterprise_user):
    assert ModelBackend().get_user(10**9) is None
    User.objects.filter(pk=enterprise_user.pk).update(is_active=False)
    assert ModelBackend().get_user(enterprise_user.pk) is None


def test_a_role_taken_away_counts_from_the_next_request(reviewer):
    client = Client()
    client.force_login(reviewer)
    assert client.get("/api/v1/contracts/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/contracts/")
    role_checks = [q for q in captured if "auth_group" in q["sql"]]
    assert len(role_checks) == 1 and '"accounts_user"."password"' in role_checks[0]["sql"]

    Group.objects.get(name=Role.REVIEWER).user_set.remove(reviewer)
    assert client.get("/api/v1/contracts/").json()["count"] == 0  # a member of nothing now


def test_signing_in_goes_through_this_backend(client):
    from django.contrib.auth import BACKEND_SESSION_KEY

    from accounts.backends import BACKEND

    user = User.objects.create_user("backend-check", password="Bench-Pass-1xx")
    response = client.post(
        "/accounts/login/", {"username": "backend-check", "password": "Bench-Pass-1xx"}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert client.get("/accounts/profile/").wsgi_request.user.pk == user.pk
