"""Results and institutions through the API: writes, checks, filters, costs, the schema."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from institutions.models import ResultEvent
from tests.conftest import api_as
from tests.institutions.conftest import api_for, make_institution, make_result, snapshot

pytestmark = pytest.mark.django_db


def test_the_owner_creates_edits_and_publishes_through_the_api(institute_user, institution):
    client = api_as(institute_user)
    created = client.post("/api/v1/results/", {"title": "井口光伏直驱装置"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    incomplete = client.post(f"/api/v1/results/{pk}/publish/")
    assert incomplete.status_code == 400
    assert {"summary", "technical_field", "trl", "cooperation_modes"} <= set(incomplete.json())
    patch = client.patch(
        f"/api/v1/results/{pk}/",
        {
            "summary": "光伏直接驱动抽油机。",
            "technical_field": "new_energy",
            "trl": 7,
            "ip_type": "patent",
            "patent_numbers": ["CN 2021 1034 4405.7", "ZL202210702228.X"],
            "cooperation_modes": ["transfer", "license"],
            "price": None,
            "contact_name": "王老师",
            "contact_phone": "+86 13912345678",
        },
        format="json",
    )
    assert patch.status_code == 200, patch.content
    body = patch.json()
    assert body["patent_numbers"] == ["202110344405.7", "202210702228.X"]
    assert body["contact_phone"] == "13912345678"
    assert body["price"] is None  # 面议
    published = client.post(f"/api/v1/results/{pk}/publish/").json()
    assert published["status"] == "published" and published["published_at"]
    assert set(published) == {
        "id", "institution", "title", "summary", "description", "technical_field", "trl",
        "ip_type", "patent_numbers", "cooperation_modes", "price", "contact_name",
        "contact_phone", "status", "published_at",
    }  # fmt: skip
    again = client.post(f"/api/v1/results/{pk}/publish/")
    assert again.status_code == 400 and "status" in again.json()
    statuses = list(
        ResultEvent.objects.filter(result_id=pk).values_list("from_status", "to_status")
    )
    assert statuses == [("", "draft"), ("draft", "published")]


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"trl": 10}, "trl", "10"),
        ({"trl": 0}, "trl", "0"),
        ({"patent_numbers": ["ZL202010123456.7"]}, "patent_numbers", "校验位"),
        ({"cooperation_modes": ["auction"]}, "cooperation_modes", "auction"),
        ({"price": "-1"}, "price", "0"),
        ({"contact_phone": "12345"}, "contact_phone", "0990-6888888"),
        ({"technical_field": "space"}, "technical_field", "space"),
        ({"status": "published"}, None, None),
    ],
)
def test_bad_values_are_refused_naming_the_field(institute_user, draft_result, data, field, words):
    before = snapshot(draft_result)
    response = api_as(institute_user).patch(
        f"/api/v1/results/{draft_result.pk}/", data, format="json"
    )
    if field is None:  # read-only fields are ignored, never written
        assert response.status_code == 200
        assert response.json()["status"] == "draft"
        before.pop("updated_at")
        assert {k: v for k, v in snapshot(draft_result).items() if k != "updated_at"} == before
    else:
        assert response.status_code == 400
        assert words in str(response.json()[field]), response.json()
        assert snapshot(draft_result) == before


def test_a_published_result_stays_complete(institute_user, published_result):
    response = api_as(institute_user).patch(
        f"/api/v1/results/{published_result.pk}/", {"summary": ""}, format="json"
    )
    assert response.status_code == 400 and "summary" in response.json()


def test_put_is_not_offered(institute_user, published_result):
    response = api_as(institute_user).put(
        f"/api/v1/results/{published_result.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 405


def test_an_unverified_institute_cannot_publish(institution, institute_user):
    org = institute_user.organization
    org.verified_at = None
    org.save(update_fields=["verified_at"])
    result = make_result(institution, institute_user, publish=False)
    response = api_as(institute_user).post(f"/api/v1/results/{result.pk}/publish/")
    assert response.status_code == 400 and "认证" in str(response.json())


def test_result_filters(institute_user, institution, other_institution, other_institute_user):
    a = make_result(institution, institute_user, title="超稠油SAGD预热技术", trl=5)
    b = make_result(
        other_institution,
        other_institute_user,
        title="光伏制氢",
        summary="戈壁光伏电解制氢。",
        description="",
        technical_field="new_energy",
        cooperation_modes=["equity"],
        trl=8,
        ip_type="none",
        patent_numbers=[],
    )
    client = APIClient()

    def ids(**params):
        return {row["id"] for row in client.get("/api/v1/results/", params).json()["results"]}

    assert ids() == {a.pk, b.pk}
    assert ids(q="稠油") == {a.pk}
    assert ids(q="注汽参数") == {a.pk}  # found in the summary
    assert ids(technical_field="new_energy") == {b.pk}
    assert ids(trl_min=6) == {b.pk}
    assert ids(cooperation_mode="equity") == {b.pk}
    assert ids(cooperation_mode="license") == {a.pk}
    assert ids(institution=institution.pk) == {a.pk}
    assert client.get("/api/v1/results/", {"trl_min": "x"}).status_code == 400
    newest = client.get("/api/v1/results/").json()["results"]
    assert [row["id"] for row in newest] == [b.pk, a.pk]


def test_institution_filters(institution, other_institution):
    institution.resident_since = institution.created_at.date()
    institution.fields = ["new_energy", "new_materials"]
    institution.save()
    client = APIClient()

    def names(**params):
        return {
            row["name"] for row in client.get("/api/v1/institutions/", params).json()["results"]
        }

    assert names(q="理工") == {institution.name}
    assert names(kind="institute") == {other_institution.name}
    assert names(resident="true") == {institution.name}
    assert names(resident="false") == {other_institution.name}
    assert names(field="new_materials") == {institution.name}
    row = client.get(f"/api/v1/institutions/{institution.pk}/").json()
    assert row["resident"] is True and row["fields"] == ["new_energy", "new_materials"]
    assert client.get("/api/v1/institutions/", {"kind": "bank"}).status_code == 400


def test_list_endpoints_cost_a_constant_number_of_queries(
    institute_user, institution, other_institution, other_institute_user
):
    def count(url, user=None):
        client = api_for(user and User.objects.get(pk=user.pk))  # a fresh request user
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    make_result(institution, institute_user)
    few = {(url, user): count(url, user) for url in ("/api/v1/results/", "/api/v1/institutions/") for user in (None, institute_user)}  # fmt: skip
    for i in range(6):
        make_result(other_institution, other_institute_user, title=f"成果{i}")
        make_institution(name=f"新增院所{i}")
    many = {(url, user): count(url, user) for url in ("/api/v1/results/", "/api/v1/institutions/") for user in (None, institute_user)}  # fmt: skip
    assert few == many


def test_the_schema_names_the_paths(client):
    text = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/institutions/",
        "/api/v1/institutions/{id}/",
        "/api/v1/results/",
        "/api/v1/results/{id}/",
        "/api/v1/results/{id}/publish/",
        "/api/v1/results/{id}/withdraw/",
        "/api/v1/enquiries/",
    ):
        assert path in text, path


def test_price_is_a_decimal_string(published_result):
    row = APIClient().get(f"/api/v1/results/{published_result.pk}/").json()
    assert row["price"] == "800000.00"
    assert Decimal(row["price"]) == published_result.price


@pytest.mark.parametrize("path", ["null,null/", "abc/", "1.5/publish/", "%20/withdraw/"])
def test_a_malformed_result_id_is_a_404_not_a_500(institute_user, path):
    from tests.conftest import api_as

    client = api_as(institute_user)
    method = client.post if path.endswith(("publish/", "withdraw/")) else client.get
    assert method(f"/api/v1/results/{path}").status_code == 404
    assert client.get(f"/api/v1/institutions/{path.split('/')[0]}/").status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "1e400"])
def test_an_out_of_range_institution_filter_is_a_400(api, value):
    response = api.get("/api/v1/results/", {"institution": value})
    assert response.status_code == 400 and "institution" in response.json()
