"""The API refuses bad values and files, naming the field."""

import pytest

from tests.conftest import api_as
from tests.contracts.conftest import api_upload, json_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("合同.pdf", b"<html>not a pdf</html>", "PDF"),
        ("合同.pdf", b"MZ\x90\x00 windows exe", "PDF"),
        ("合同.docx", b"PK\x03\x04", "PDF"),
    ],
)
def test_non_pdf_uploads_are_refused(enterprise_user, draft, name, content, words):
    response = api_upload(api_as(enterprise_user), draft.pk, name, content)
    assert response.status_code == 400
    assert words in str(response.json()["file"])
    assert not draft.attachments.exists()


def test_a_pdf_under_another_name_is_accepted(enterprise_user, draft):
    assert api_upload(api_as(enterprise_user), draft.pk, "scan.bin").status_code == 201


def test_an_upload_without_a_file_names_the_field(enterprise_user, draft):
    response = api_as(enterprise_user).post(
        f"/api/v1/contracts/{draft.pk}/attachments/", {}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.json()


def test_bad_values_are_refused_with_the_field_named(enterprise_user, draft):
    clerk = api_as(enterprise_user)
    response = clerk.patch(
        f"/api/v1/contracts/{draft.pk}/",
        {
            "contract_type": "license",
            "subtype": "commissioned",
            "patent_numbers": ["ZL202010123456.7"],
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "subtype" in body and "patent_numbers" in body
    assert "校验位" in body["patent_numbers"][0]
    response = clerk.patch(
        f"/api/v1/contracts/{draft.pk}/", {"contract_amount": "abc"}, format="json"
    )
    assert response.status_code == 400 and "contract_amount" in response.json()
    response = clerk.patch(
        f"/api/v1/contracts/{draft.pk}/", {"contract_type": "sale"}, format="json"
    )
    assert response.status_code == 400 and "contract_type" in response.json()
    draft.refresh_from_db()
    assert draft.contract_type == "development"


def test_a_draft_needs_a_title(enterprise_user):
    response = api_as(enterprise_user).post("/api/v1/contracts/", {}, format="json")
    assert response.status_code == 400 and "title" in response.json()


def test_an_unverified_organisation_saves_but_cannot_submit(unverified_enterprise_user):
    clerk = api_as(unverified_enterprise_user)
    pk = clerk.post("/api/v1/contracts/", json_data(), format="json").json()["id"]
    assert api_upload(clerk, pk).status_code == 201
    response = clerk.post(f"/api/v1/contracts/{pk}/submit/")
    assert response.status_code == 400
    assert "认证" in str(response.json())
