from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from institutions.models import Enquiry, Result, ResultEvent, ResultStatus
from tests.conftest import api_as
from tests.institutions.conftest import ROLES, make_institution, make_result

pytestmark = pytest.mark.django_db


def client_for(user):
    return api_as(user) if user else APIClient()


def snapshot(result):
    return Result.objects.filter(pk=result.pk).values().get()


# ---- the role × object × action matrix -------------------------------------------------

READ_DRAFT = {
    "anonymous": 404,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 200,
}
WRITE_PUBLISHED = {
    "anonymous": 401,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 403,
    "reviewer": 403,
}
WRITE_DRAFT = {
    "anonymous": 401,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 403,
}
CREATE = {
    "anonymous": 401,
    "enterprise": 403,
    "owner": 201,
    "other_institute": 201,
    "reviewer": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_anyone_reads_a_published_result_and_the_institutions(role, actor, published_result):
    client = client_for(actor(role))
    assert client.get(f"/api/v1/results/{published_result.pk}/").status_code == 200
    listed = client.get("/api/v1/results/").json()
    assert published_result.pk in [row["id"] for row in listed["results"]]
    institution = published_result.institution
    assert client.get(f"/api/v1/institutions/{institution.pk}/").status_code == 200
    names = [row["name"] for row in client.get("/api/v1/institutions/").json()["results"]]
    assert institution.name in names


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_only_by_its_institution_and_reviewers(role, actor, draft_result):
    client = client_for(actor(role))
    assert client.get(f"/api/v1/results/{draft_result.pk}/").status_code == READ_DRAFT[role]
    listed = [row["id"] for row in client.get("/api/v1/results/").json()["results"]]
    assert (draft_result.pk in listed) == (READ_DRAFT[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_a_published_result(role, actor, published_result):
    before = snapshot(published_result)
    response = client_for(actor(role)).patch(
        f"/api/v1/results/{published_result.pk}/", {"title": "改名"}, format="json"
    )
    assert response.status_code == WRITE_PUBLISHED[role], response.content
    if role == "owner":
        assert response.json()["title"] == "改名"
    else:
        assert snapshot(published_result) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_a_draft(role, actor, draft_result):
    before = snapshot(draft_result)
    response = client_for(actor(role)).patch(
        f"/api/v1/results/{draft_result.pk}/", {"summary": "新的简介"}, format="json"
    )
    assert response.status_code == WRITE_DRAFT[role], response.content
    if role != "owner":
        assert snapshot(draft_result) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_publishes(role, actor, draft_result):
    response = client_for(actor(role)).post(f"/api/v1/results/{draft_result.pk}/publish/")
    assert response.status_code == WRITE_DRAFT[role], response.content
    draft_result.refresh_from_db()
    expected = ResultStatus.PUBLISHED if role == "owner" else ResultStatus.DRAFT
    assert draft_result.status == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_withdraws(role, actor, published_result):
    events = ResultEvent.objects.count()
    response = client_for(actor(role)).post(
        f"/api/v1/results/{published_result.pk}/withdraw/", {"note": "暂停推广"}, format="json"
    )
    assert response.status_code == WRITE_PUBLISHED[role], response.content
    published_result.refresh_from_db()
    if role == "owner":
        assert published_result.status == ResultStatus.WITHDRAWN
        event = ResultEvent.objects.latest("id")
        assert (event.from_status, event.to_status, event.note) == (
            "published",
            "withdrawn",
            "暂停推广",
        )
    else:
        assert published_result.status == ResultStatus.PUBLISHED
        assert ResultEvent.objects.count() == events


@pytest.mark.parametrize("role", ROLES)
def test_only_institute_members_create_results_and_only_for_their_own(
    role, actor, institution, other_institution
):
    user = actor(role)
    response = client_for(user).post(
        "/api/v1/results/", {"title": "新成果", "institution": institution.pk}, format="json"
    )
    assert response.status_code == CREATE[role], response.content
    if response.status_code == 201:
        mine = {"owner": institution, "other_institute": other_institution}[role]
        assert response.json()["institution"] == mine.pk  # never the one asked for
        assert response.json()["status"] == "draft"
    else:
        assert not Result.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_anyone_sends_an_enquiry_about_a_result(role, actor, published_result):
    response = client_for(actor(role)).post(
        "/api/v1/enquiries/",
        {
            "target_type": "result",
            "target_id": published_result.pk,
            "name": "张工",
            "organization": "克拉玛依某油服公司",
            "phone": "139 9000 1234",
            "email": "zhang@example.com",
            "message": "想了解试点费用。",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    enquiry = Enquiry.objects.get(pk=response.json()["id"])
    assert enquiry.phone == "13990001234"
    assert enquiry.institution == published_result.institution


# ---- behaviour --------------------------------------------------------------------------


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
        client = client_for(user and User.objects.get(pk=user.pk))  # a fresh request user
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


# ---- enquiries ---------------------------------------------------------------------------

ENQUIRY = {
    "name": "张工",
    "organization": "克拉玛依某油服公司",
    "phone": "0990-6888888",
    "email": "zhang@example.com",
    "message": "想了解许可条件。",
}


def test_a_patent_enquiry_goes_to_the_bureau_and_the_holder(
    patent, institution, reviewer, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/v1/enquiries/",
            {"target_type": "patent", "target_id": "ZL 2022 1070 2228.X", **ENQUIRY},
            format="json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["target_id"] == "202210702228.X"
    enquiry = Enquiry.objects.get()
    assert enquiry.patent == patent and enquiry.institution == institution
    (message,) = mail.outbox
    assert reviewer.email in message.to
    assert institution.contact_email in message.to and institute_user.email in message.to
    assert patent.title in message.subject
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None


def test_a_patent_nobody_holds_goes_to_the_bureau_only(
    patent, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/v1/enquiries/",
            {"target_type": "patent", "target_id": "202210702228.X", **ENQUIRY},
            format="json",
        )
    assert response.status_code == 201
    assert Enquiry.objects.get().institution is None
    assert mail.outbox[0].to == [reviewer.email]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_type": "result", "target_id": "999999"}, "target_id"),
        ({"target_type": "patent", "target_id": "202010123456.7"}, "target_id"),
        ({"target_type": "patent", "target_id": "201710601862.3"}, "target_id"),
        ({"target_type": "contract", "target_id": "1"}, "target_type"),
        ({"phone": "12345678901"}, "phone"),
        ({"phone": "0990 688"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"message": ""}, "message"),
        ({"message": "很" * 2001}, "message"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_enquiries_are_refused_naming_the_field(published_result, patent, data, field):
    payload = {"target_type": "result", "target_id": published_result.pk, **ENQUIRY, **data}
    response = APIClient().post("/api/v1/enquiries/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Enquiry.objects.exists()


def test_no_enquiry_about_an_unpublished_result(draft_result):
    response = APIClient().post(
        "/api/v1/enquiries/",
        {"target_type": "result", "target_id": draft_result.pk, **ENQUIRY},
        format="json",
    )
    assert response.status_code == 400 and "target_id" in response.json()


def test_enquiries_are_throttled_per_address(published_result, monkeypatch):
    from institutions.api import EnquiryThrottle

    monkeypatch.setattr(EnquiryThrottle, "rate", "2/hour", raising=False)
    payload = {"target_type": "result", "target_id": published_result.pk, **ENQUIRY}
    client = APIClient()
    codes = [
        client.post("/api/v1/enquiries/", payload, format="json").status_code for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    # A forged X-Forwarded-For does not buy a new allowance.
    forged = client.post(
        "/api/v1/enquiries/", payload, format="json", HTTP_X_FORWARDED_FOR="10.9.8.7"
    )
    assert forged.status_code == 429
    other = client.post("/api/v1/enquiries/", payload, format="json", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 201
    assert Enquiry.objects.count() == 3


def test_malformed_json_is_a_400(published_result):
    response = APIClient().post("/api/v1/enquiries/", "{nope", content_type="application/json")
    assert response.status_code == 400


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
