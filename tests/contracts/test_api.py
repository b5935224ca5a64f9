import pytest

from contracts.models import Contract, Status
from tests.conftest import api_as
from tests.contracts.conftest import (
    api_upload,
    complete_data,
    json_data,
    make_registered,
    make_submitted,
)

pytestmark = pytest.mark.django_db

SPEC_FIELDS = {
    "id",
    "title",
    "contract_type",
    "subtype",
    "seller",
    "buyer_name",
    "buyer_uscc",
    "buyer_country_code",
    "buyer_region_code",
    "buyer_entity_nature",
    "contract_amount",
    "technology_amount",
    "signed_on",
    "valid_from",
    "valid_until",
    "technical_field",
    "ip_type",
    "patent_numbers",
    "status",
    "registration_number",
    "registered_on",
    "submitted_at",
    "review_due_on",
    "tax_relief",
    "attachments",
}


def test_the_whole_journey_through_the_api(enterprise_user, reviewer):
    clerk = api_as(enterprise_user)
    response = clerk.post("/api/v1/contracts/", {"title": "草稿合同"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["status"] == "draft" and body["buyer_country_code"] == "156"
    assert body["seller"]["name"] == enterprise_user.organization.name

    response = clerk.patch(f"/api/v1/contracts/{pk}/", json_data(), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["contract_amount"] == "1200000.00"

    response = clerk.post(f"/api/v1/contracts/{pk}/submit/")
    assert response.status_code == 400
    assert "attachments" in response.json()

    response = api_upload(clerk, pk)
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "合同.pdf"

    response = clerk.post(f"/api/v1/contracts/{pk}/submit/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted" and response.json()["review_due_on"]

    boss = api_as(reviewer)
    response = boss.post(f"/api/v1/contracts/{pk}/return/", {"note": ""}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    response = boss.post(
        f"/api/v1/contracts/{pk}/return/", {"note": "买方盖章不清晰"}, format="json"
    )
    assert response.json()["status"] == "returned"

    assert clerk.get(f"/api/v1/contracts/{pk}/").json()["reviewer_note"] == "买方盖章不清晰"
    assert clerk.post(f"/api/v1/contracts/{pk}/submit/").status_code == 200

    response = boss.post(
        f"/api/v1/contracts/{pk}/approve/", {"technology_amount": "950000.00"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "registered" and len(body["registration_number"]) == 16
    assert body["technology_amount"] == "950000.00"
    assert body["tax_relief"] == {"vat_exempt": True, "income_tax_relief": False}
    assert set(body) >= SPEC_FIELDS

    again = boss.post(f"/api/v1/contracts/{pk}/approve/", {}, format="json")
    assert again.status_code == 400
    assert Contract.objects.get(pk=pk).registration_number == body["registration_number"]

    events = clerk.get(f"/api/v1/contracts/{pk}/events/").json()
    assert [e["to_status"] for e in events] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "registered",
    ]
    assert (
        events[2]["note"] == "买方盖章不清晰" and events[2]["by"] == "登记员"
    )  # never the login name

    certificate = clerk.get(f"/api/v1/contracts/{pk}/certificate/")
    assert certificate.status_code == 200
    assert certificate["Content-Type"] == "application/pdf"
    assert b"".join(
        certificate.streaming_content if certificate.streaming else [certificate.content]
    ).startswith(b"%PDF-")


def test_a_registered_contract_cannot_change(enterprise_user, reviewer):
    contract = make_registered(enterprise_user, reviewer)
    clerk = api_as(enterprise_user)
    response = clerk.patch(f"/api/v1/contracts/{contract.pk}/", {"title": "改名"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    assert api_upload(clerk, contract.pk).status_code == 400
    assert clerk.post(f"/api/v1/contracts/{contract.pk}/submit/").status_code == 400
    contract.refresh_from_db()
    assert contract.title == complete_data()["title"]


def test_another_organisation_gets_404_everywhere(enterprise_user, outsider, reviewer):
    contract = make_registered(enterprise_user, reviewer)
    other = api_as(outsider)
    base = f"/api/v1/contracts/{contract.pk}/"
    assert other.get(base).status_code == 404
    assert other.patch(base, {"title": "x"}, format="json").status_code == 404
    assert other.get(base + "events/").status_code == 404
    assert other.get(base + "certificate/").status_code == 404
    assert other.post(base + "submit/").status_code == 404
    assert api_upload(other, contract.pk).status_code == 404
    assert other.get("/api/v1/contracts/").json()["count"] == 0


def test_only_reviewers_decide(enterprise_user, institute_user):
    contract = make_submitted(enterprise_user)
    for user in (enterprise_user, institute_user):
        client = api_as(user)
        base = f"/api/v1/contracts/{contract.pk}/"
        assert client.post(base + "approve/").status_code == 403
        assert client.post(base + "return/", {"note": "x"}).status_code == 403
        assert client.post(base + "reject/", {"note": "x"}).status_code == 403
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED


def test_a_reviewer_reads_but_does_not_edit_the_enterprise_filing(enterprise_user, reviewer):
    contract = make_submitted(enterprise_user)
    boss = api_as(reviewer)
    assert boss.get(f"/api/v1/contracts/{contract.pk}/").status_code == 200
    assert boss.patch(f"/api/v1/contracts/{contract.pk}/", {"title": "x"}).status_code == 403


def test_anonymous_users_see_nothing(api, submitted):
    assert api.get("/api/v1/contracts/").status_code in (401, 403)
    assert api.get(f"/api/v1/contracts/{submitted.pk}/").status_code in (401, 403)


def test_certificate_only_once_registered(enterprise_user, submitted):
    response = api_as(enterprise_user).get(f"/api/v1/contracts/{submitted.pk}/certificate/")
    assert response.status_code == 404


def test_list_filters(enterprise_user, reviewer):
    registered = make_registered(
        enterprise_user,
        reviewer,
        title="注汽优化技术转让",
        contract_type="transfer",
        subtype="technical_secret",
        ip_type="technical_secret",
    )
    make_submitted(
        enterprise_user,
        title="钻井液服务",
        contract_type="service",
        subtype="service",
        technical_field="new_materials",
    )
    boss = api_as(reviewer)

    def titles(**params):
        return [c["title"] for c in boss.get("/api/v1/contracts/", params).json()["results"]]

    assert titles(status="registered") == ["注汽优化技术转让"]
    assert titles(contract_type="service") == ["钻井液服务"]
    assert titles(technical_field="new_materials") == ["钻井液服务"]
    day = registered.registered_on.isoformat()
    assert titles(registered_from=day, registered_to=day) == ["注汽优化技术转让"]
    assert titles(q=registered.registration_number) == ["注汽优化技术转让"]
    assert titles(q="钻井") == ["钻井液服务"]
    assert titles(q=enterprise_user.organization.uscc) == ["钻井液服务", "注汽优化技术转让"]
    assert boss.get("/api/v1/contracts/", {"status": "bogus"}).status_code == 400


def test_the_list_costs_a_constant_number_of_queries(
    enterprise_user, reviewer, django_assert_max_num_queries
):
    clerk = api_as(enterprise_user)
    make_submitted(enterprise_user)
    with django_assert_max_num_queries(8) as small:
        assert clerk.get("/api/v1/contracts/").status_code == 200
    for _ in range(6):
        make_submitted(enterprise_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert clerk.get("/api/v1/contracts/").json()["count"] == 7
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        assert api_as(reviewer).get("/api/v1/contracts/").json()["count"] == 7


def test_the_schema_names_the_contract_paths(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/contracts/",
        "/api/v1/contracts/{id}/",
        "/api/v1/contracts/{id}/attachments/",
        "/api/v1/contracts/{id}/submit/",
        "/api/v1/contracts/{id}/approve/",
        "/api/v1/contracts/{id}/return/",
        "/api/v1/contracts/{id}/reject/",
        "/api/v1/contracts/{id}/events/",
        "/api/v1/contracts/{id}/certificate/",
    ):
        assert path in schema["paths"], path
