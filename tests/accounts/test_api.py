import pytest
from rest_framework.test import APIClient

from accounts.demo import demo_uscc
from accounts.models import Organization, User
from tests.conftest import PASSWORD, api_as, make_member

pytestmark = pytest.mark.django_db


def signup_payload(**org):
    return {
        "username": "api-user",
        "password": PASSWORD,
        "email": "api@example.com",
        "organization": {
            "name": "接口测试科技有限公司",
            "uscc": demo_uscc("91650203MA7APX001"),
            "kind": "enterprise",
            "region_code": "650203",
            "entity_nature": "150",
            **org,
        },
    }


def test_signup_token_and_me(api):
    response = api.post("/api/v1/auth/signup/", signup_payload(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["organization"]["verified"] is False

    response = api.post(
        "/api/v1/auth/token/", {"username": "api-user", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "api-user"
    assert me["roles"] == ["enterprise member"]
    assert me["organization"]["uscc"] == demo_uscc("91650203MA7APX001")
    assert me["organization"]["verified"] is False


@pytest.mark.parametrize(
    ("org", "field", "words"),
    [
        ({"uscc": "91650203MA7APX00I1"}, "organization.uscc", "不允许的字符"),
        ({"region_code": "6502"}, "organization.region_code", "6 位数字"),
        ({"entity_nature": "999"}, "organization.entity_nature", "999"),
        ({"kind": "bank"}, "organization", "bank"),
    ],
)
def test_signup_errors_name_the_field_and_change_nothing(api, org, field, words):
    response = api.post("/api/v1/auth/signup/", signup_payload(**org), format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert words in str(body[field])
    assert not User.objects.exists() and not Organization.objects.exists()


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.post("/api/v1/auth/signup/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_wrong_password_gets_no_token(api, enterprise_user):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": enterprise_user.username, "password": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_me_needs_authentication(api):
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_only_reviewers_list_and_verify_organizations(enterprise_user, unverified_enterprise_user):
    org = unverified_enterprise_user.organization
    enterprise = api_as(enterprise_user)
    assert enterprise.get("/api/v1/organizations/").status_code == 403
    assert enterprise.post(f"/api/v1/organizations/{org.pk}/verify/").status_code == 403
    assert APIClient().get("/api/v1/organizations/").status_code in (401, 403)
    org.refresh_from_db()
    assert org.verified_at is None


def test_a_reviewer_finds_and_verifies_an_organization(reviewer, unverified_enterprise_user):
    org = unverified_enterprise_user.organization
    client = api_as(reviewer)
    listed = client.get("/api/v1/organizations/", {"verified": "false"}).json()
    assert [row["uscc"] for row in listed["results"]] == [org.uscc]
    found = client.get("/api/v1/organizations/", {"q": org.name[:4]}).json()
    assert org.uscc in [row["uscc"] for row in found["results"]]

    response = client.post(f"/api/v1/organizations/{org.pk}/verify/")
    assert response.status_code == 200 and response.json()["verified"] is True
    org.refresh_from_db()
    first = org.verified_at
    # Verifying again changes nothing.
    client.post(f"/api/v1/organizations/{org.pk}/verify/")
    org.refresh_from_db()
    assert org.verified_at == first and org.verified_by == reviewer
    assert client.get("/api/v1/organizations/", {"verified": "false"}).json()["count"] == 0


def test_pagination_is_capped_at_100(reviewer):
    for _ in range(3):
        make_member(verified=False)
    client = api_as(reviewer)
    page = client.get("/api/v1/organizations/", {"page_size": 2}).json()
    assert page["count"] >= 3 and len(page["results"]) == 2 and page["next"]
    page = client.get("/api/v1/organizations/", {"page_size": 1000}).json()
    assert len(page["results"]) == page["count"]  # all fit under the cap of 100
    assert client.get("/api/v1/organizations/", {"page": 99}).status_code == 404


def test_verify_an_unknown_organization_is_404(reviewer):
    response = api_as(reviewer).post("/api/v1/organizations/999999/verify/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_schema_and_offline_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in (
        "/api/v1/auth/signup/",
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/organizations/",
    ):
        assert path in text
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "//cdn" not in docs and "unpkg" not in docs and "jsdelivr" not in docs


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("enterprise", {403}), ("institute", {403}), ("reviewer", {200})],
)
@pytest.mark.parametrize("action", ["list", "retrieve", "verify"])
def test_organization_api_role_matrix(
    role, expected, action, enterprise_user, institute_user, reviewer, unverified_enterprise_user
):
    org = unverified_enterprise_user.organization
    client = {
        "anonymous": APIClient(),
        "enterprise": api_as(enterprise_user),
        "institute": api_as(institute_user),
        "reviewer": api_as(reviewer),
    }[role]
    response = {
        "list": lambda: client.get("/api/v1/organizations/"),
        "retrieve": lambda: client.get(f"/api/v1/organizations/{org.pk}/"),
        "verify": lambda: client.post(f"/api/v1/organizations/{org.pk}/verify/"),
    }[action]()
    assert response.status_code in expected
    org.refresh_from_db()
    assert (org.verified_at is not None) == (role == "reviewer" and action == "verify")
