"""Malformed bodies get a 400, never a 500: a JSON body nested 2,000 deep, on every
endpoint of the API, anonymous and signed in."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

DEEP = "[" * 2000 + "]" * 2000
DEEP_OBJECT = '{"a":' * 2000 + "1" + "}" * 2000


def writable_paths():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method in operations:
                yield method, re.sub(r"\{[^}]+\}", "1", path)


def test_every_writable_endpoint_answers_a_deep_body_with_a_400(reviewer, enterprise_user):
    users_before = User.objects.count()
    paths = list(writable_paths())
    assert len(paths) >= 8
    clients = {
        "anonymous": APIClient(),
        "enterprise": api_as(enterprise_user),
        "reviewer": api_as(reviewer),
    }
    answers: dict[tuple[str, str], set[int]] = {}
    for who, client in clients.items():
        for method, path in paths:
            for body in (DEEP, DEEP_OBJECT):
                response = getattr(client, method)(path, body, content_type="application/json")
                assert response.status_code < 500, (who, method, path, response.status_code)
                if response.status_code == 400:
                    assert "嵌套过深" in response.json()["detail"], (who, path)
                answers.setdefault((method, path), set()).add(response.status_code)
    # Every path parsed the body for someone, except those that never read one: their
    # object 1 does not exist (404 before the body is read) or the action takes no body.
    unparsed = {key: codes for key, codes in answers.items() if 400 not in codes}
    assert all(codes <= {200, 204, 401, 403, 404, 405} for codes in unparsed.values()), unparsed
    for public in ("/api/v1/auth/signup/", "/api/v1/auth/token/", "/api/v1/enquiries/"):
        assert ("post", public) not in unparsed, public
    assert User.objects.count() == users_before  # nothing was created


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_anonymous_signup_with_a_deep_body(api, body):
    response = api.post("/api/v1/auth/signup/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON 嵌套过深：最多 32 层。"}


def test_ordinary_nesting_and_a_null_body_still_parse(api):
    nested = {"organization": {"name": [[["x"]]]}}
    response = api.post("/api/v1/auth/signup/", nested, format="json")
    assert response.status_code == 400 and "嵌套过深" not in response.content.decode()
    response = api.post("/api/v1/auth/signup/", "null", content_type="application/json")
    assert response.status_code == 400 and "嵌套过深" not in response.content.decode()
