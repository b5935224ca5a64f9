"""技术性收入核定: the seller files a year's income with evidence, a reviewer confirms or
corrects it, the 技术性收入核定表 is issued as a PDF."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from contracts.models import Contract, IncomeStatus, IncomeVerification
from notifications.models import Notification
from tests.conftest import api_as
from tests.contracts.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def _evidence(content=PDF_BYTES, name="回单.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _file(client, contract, **overrides):
    data = {"year": str(THIS_YEAR), "amount": "800000.00", "file": _evidence()}
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/api/v1/contracts/{contract.pk}/income/", data, format="multipart")


def test_file_confirm_and_issue_the_sheet(registered, enterprise_user, reviewer):
    response = _file(api_as(enterprise_user), registered)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "filed" and body["amount"] == "800000.00"
    assert body["registration_number"] == registered.registration_number
    assert Notification.objects.filter(recipient=reviewer).exists()
    pk = body["id"]
    # No sheet before confirmation.
    assert api_as(enterprise_user).get(f"/api/v1/income-verifications/{pk}/pdf/").status_code == 404

    confirmed = api_as(reviewer).post(
        f"/api/v1/income-verifications/{pk}/confirm/",
        {"amount": "750000.00", "note": "扣除代购材料款 5 万元"},
        format="json",
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["confirmed_amount"] == "750000.00"
    assert Notification.objects.filter(recipient=enterprise_user).exists()

    sheet = api_as(enterprise_user).get(f"/api/v1/income-verifications/{pk}/pdf/")
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text()
    assert "技术性收入核定表" in text
    assert registered.registration_number in text
    assert "柒拾伍万元整" in text and "800,000.00" in text
    # Confirmed once only.
    again = api_as(reviewer).post(f"/api/v1/income-verifications/{pk}/confirm/", {}, format="json")
    assert again.status_code == 400 and "status" in again.json()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("seller", 201), ("reviewer", 403), ("outsider", 404), ("anonymous", 401)],
)
def test_who_may_file(role, expected, registered, enterprise_user, reviewer, outsider):
    user = {"seller": enterprise_user, "reviewer": reviewer, "outsider": outsider}.get(role)
    client = api_as(user) if user else APIClient()
    assert _file(client, registered).status_code == expected
    assert IncomeVerification.objects.count() == (1 if expected == 201 else 0)


@pytest.fixture
def filing(registered, enterprise_user):
    return IncomeVerification.objects.get(
        pk=_file(api_as(enterprise_user), registered).json()["id"]
    )


@pytest.mark.parametrize(
    ("role", "confirm", "read"),
    [
        ("reviewer", 200, 200),
        ("seller", 403, 200),
        ("outsider", 403, 404),
        ("anonymous", 401, 401),
    ],
)
def test_who_may_confirm_and_read(role, confirm, read, filing, enterprise_user, reviewer, outsider):
    user = {"seller": enterprise_user, "reviewer": reviewer, "outsider": outsider}.get(role)
    client = api_as(user) if user else APIClient()
    assert client.get(f"/api/v1/income-verifications/{filing.pk}/").status_code == read
    listing = client.get("/api/v1/income-verifications/")
    if read == 200:
        assert [row["id"] for row in listing.json()["results"]] == [filing.pk]
    elif user:
        assert listing.json()["results"] == []
    response = client.post(f"/api/v1/income-verifications/{filing.pk}/confirm/", {}, format="json")
    assert response.status_code == confirm
    filing.refresh_from_db()
    assert filing.status == (IncomeStatus.CONFIRMED if confirm == 200 else IncomeStatus.FILED)
    pdf = client.get(f"/api/v1/income-verifications/{filing.pk}/pdf/")
    assert pdf.status_code == (200 if confirm == 200 else (read if read != 200 else 404))


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"year": None}, "year", "年度"),
        ({"year": "20x6"}, "year", "年度"),
        ({"year": str(THIS_YEAR + 1)}, "year", "年度应在"),
        ({"amount": "0"}, "amount", "大于 0"),
        ({"amount": "1300000"}, "amount", "不能大于合同成交额"),
        ({"amount": "abc"}, "amount", "amount"),
        ({"file": None}, "file", "收入凭证"),
        ({"file": _evidence(b"GIF89a not a pdf", "x.pdf")}, "file", "PDF"),
    ],
)
def test_bad_filings_name_the_field(registered, enterprise_user, overrides, field, words):
    response = _file(api_as(enterprise_user), registered, **overrides)
    assert response.status_code == 400, response.content
    assert words in response.json()[field][0]
    assert not IncomeVerification.objects.exists()


def test_one_filing_per_year_and_only_for_a_registration_in_force(
    registered, enterprise_user, submitted
):
    client = api_as(enterprise_user)
    assert _file(client, registered).status_code == 201
    again = _file(client, registered)
    assert again.status_code == 400 and "重复申报" in again.json()["year"][0]
    not_registered = _file(client, submitted)
    assert not_registered.status_code == 400 and "contract" in not_registered.json()
    Contract.objects.filter(pk=registered.pk).update(registration_state="cancelled")
    cancelled = _file(client, registered, year=str(THIS_YEAR - 1))
    assert cancelled.status_code == 400


def test_a_correction_needs_a_note(filing, reviewer):
    response = api_as(reviewer).post(
        f"/api/v1/income-verifications/{filing.pk}/confirm/", {"amount": "1.00"}, format="json"
    )
    assert response.status_code == 400 and "说明" in response.json()["note"][0]
    response = api_as(reviewer).post(
        f"/api/v1/income-verifications/{filing.pk}/confirm/",
        {"amount": "9999999", "note": "x"},
        format="json",
    )
    assert response.status_code == 400 and "amount" in response.json()


def test_the_web_form_on_the_contract_page(client, registered, enterprise_user, reviewer):
    client.force_login(enterprise_user)
    page = client.get(f"/contracts/{registered.pk}/").content.decode()
    assert "income-form" in page
    bad = client.post(f"/contracts/{registered.pk}/income/", {"year": THIS_YEAR, "amount": "-5"})
    assert bad.status_code == 400
    assert not IncomeVerification.objects.exists()
    response = client.post(
        f"/contracts/{registered.pk}/income/",
        {"year": THIS_YEAR, "amount": "500000", "file": _evidence()},
    )
    assert response.status_code == 302
    filing = IncomeVerification.objects.get()
    evidence = client.get(f"/contracts/{registered.pk}/income/{filing.pk}/evidence/")
    assert evidence.status_code == 200
    assert client.get(f"/contracts/{registered.pk}/income/{filing.pk}/sheet/").status_code == 404

    client.force_login(reviewer)
    admin_list = client.get("/admin/contracts/incomeverification/")
    assert admin_list.status_code == 200 and registered.registration_number in (
        admin_list.content.decode()
    )
    done = client.post(
        "/admin/contracts/incomeverification/",
        {"action": "confirm_selected", "_selected_action": [filing.pk]},
    )
    assert done.status_code == 302
    filing.refresh_from_db()
    assert filing.status == IncomeStatus.CONFIRMED and filing.confirmed_amount == 500000
    client.force_login(enterprise_user)
    sheet = client.get(f"/contracts/{registered.pk}/income/{filing.pk}/sheet/")
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
