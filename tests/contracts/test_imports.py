"""Technology imports: a domestic buyer registers a contract whose seller is abroad."""

import io

import pytest
from pypdf import PdfReader

from contracts import services
from contracts.certificate import render_certificate
from contracts.models import Contract, Status
from tests.conftest import api_as
from tests.contracts.conftest import api_upload, json_data, make_registered

pytestmark = pytest.mark.django_db


def _import_data(**overrides):
    data = json_data(
        seller_country_code="276",
        seller_name="Beispiel Technik GmbH",
        buyer_name="",
        buyer_uscc="",
        buyer_region_code="",
        buyer_entity_nature="",
    )
    data.update(overrides)
    return data


def test_a_buyer_registers_an_import_numbered_and_flagged(enterprise_user, reviewer, client):
    api = api_as(enterprise_user)
    response = api.post("/api/v1/contracts/", _import_data(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    organization = enterprise_user.organization
    assert body["is_import"] is True
    assert body["seller_country_code"] == "276"
    assert body["seller"]["name"] == "Beispiel Technik GmbH"
    assert body["seller"]["uscc"] == ""
    # The filing organisation is the buyer.
    assert body["buyer_name"] == organization.name
    assert body["buyer_uscc"] == organization.uscc
    assert body["buyer_region_code"] == organization.region_code
    pk = body["id"]
    assert api_upload(api, pk).status_code == 201
    submitted = api.post(f"/api/v1/contracts/{pk}/submit/")
    assert submitted.status_code == 200, submitted.content
    registered = api_as(reviewer).post(f"/api/v1/contracts/{pk}/approve/", {}, format="json")
    assert registered.status_code == 200, registered.content
    contract = Contract.objects.get(pk=pk)
    assert contract.status == Status.REGISTERED and contract.registration_number
    assert contract.seller_name == "Beispiel Technik GmbH"  # not overwritten at registration
    assert contract.buyer_name == organization.name

    text = PdfReader(io.BytesIO(render_certificate(contract))).pages[0].extract_text()
    assert "技术进口" in text and "Beispiel Technik GmbH" in text and "276" in text

    client.force_login(enterprise_user)
    listing = client.get("/contracts/").content.decode()
    assert "import-flag" in listing and "技术进口" in listing
    client.force_login(reviewer)
    admin = client.get("/admin/contracts/contract/?status=registered").content.decode()
    assert "icon-yes" in admin  # the 技术进口 column


def test_numbering_continues_across_imports_and_domestic(enterprise_user, reviewer):
    first = make_registered(enterprise_user, reviewer)
    imported = make_registered(
        enterprise_user, reviewer, seller_country_code="392", seller_name="Example KK"
    )
    assert int(imported.registration_number[-6:]) == int(first.registration_number[-6:]) + 1
    assert imported.is_import and not first.is_import


def test_an_import_needs_the_foreign_sellers_name(enterprise_user):
    api = api_as(enterprise_user)
    pk = api.post("/api/v1/contracts/", _import_data(seller_name=""), format="json").json()["id"]
    api_upload(api, pk)
    response = api.post(f"/api/v1/contracts/{pk}/submit/")
    assert response.status_code == 400
    assert "seller_name" in response.json()


@pytest.mark.parametrize(("code", "message"), [("99", "3 位数字"), ("999", "ISO 3166")])
def test_a_bad_seller_country_names_the_field(enterprise_user, code, message):
    response = api_as(enterprise_user).post(
        "/api/v1/contracts/", _import_data(seller_country_code=code), format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["seller_country_code"][0]
    assert not Contract.objects.exists()


def test_a_domestic_seller_is_always_the_organisation(enterprise_user):
    contract = services.contract_create(
        organization=enterprise_user.organization,
        data={"title": "境内合同", "seller_name": "冒名的卖方"},
        by=enterprise_user,
    )
    assert contract.seller_name == enterprise_user.organization.name
    # Switching to an import puts the organisation on the buyer side, and back again.
    contract = services.contract_update(
        contract=contract,
        data={"seller_country_code": "840", "seller_name": "Example Inc."},
        by=enterprise_user,
    )
    assert contract.is_import and contract.buyer_uscc == enterprise_user.organization.uscc
    assert contract.seller_uscc == ""
    contract = services.contract_update(
        contract=contract, data={"seller_country_code": "156"}, by=enterprise_user
    )
    assert contract.seller_name == enterprise_user.organization.name
    assert contract.seller_uscc == enterprise_user.organization.uscc


def test_the_form_files_an_import(client, enterprise_user):
    client.force_login(enterprise_user)
    page = client.get("/contracts/new/").content.decode()
    assert 'name="seller_country_code"' in page and 'name="seller_name"' in page
    data = _import_data(patent_numbers="", expected_investment="", expected_output="")
    response = client.post("/contracts/new/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    contract = Contract.objects.get()
    assert contract.is_import and contract.seller_name == "Beispiel Technik GmbH"
    detail = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert "技术进口" in detail and "德国" in detail
