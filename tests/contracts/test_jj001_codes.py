"""JJ-001 codes: country by name, region from the GB/T 2260 table, 法人性质, and the
transfer-only expected investment and output — in the tables, the form and the API."""

from decimal import Decimal

import pytest
from django.utils import translation

from contracts import codes, validators
from contracts.forms import ContractForm
from contracts.models import Contract
from tests.conftest import api_as
from tests.contracts.conftest import json_data, make_draft

pytestmark = pytest.mark.django_db


def test_the_tables_hold_the_known_codes():
    names = codes.region_names()
    assert names["650000"] == "新疆维吾尔自治区"
    assert names["650200"] == "克拉玛依市"
    assert names["650203"] == "克拉玛依区"
    assert names["659001"] == "石河子市"
    assert codes.region_label("650204") == "新疆维吾尔自治区 克拉玛依市 白碱滩区"
    leaves = {code for code, *_rest in codes.region_leaves()}
    assert {"650202", "650203", "650204", "650205", "441900", "110108"} <= leaves
    assert "650200" not in leaves  # Karamay has districts: one of them is chosen
    assert len(leaves) > 2800  # the whole country, not only Xinjiang
    assert codes.is_country_code("840") and not codes.is_country_code("999")
    with translation.override("zh-hans"):
        assert codes.country_name("840") == "美国"
        assert codes.country_choices()[0] == ("156", "中国 · 156")
    with translation.override("en"):
        assert codes.country_name("276") == "Germany"


def test_new_codes_must_be_in_the_tables_but_saved_ones_keep_working():
    assert validators.code_problems({"buyer_region_code": "650203"}) == {}
    problems = validators.code_problems({"buyer_region_code": "650299"})
    assert "GB/T 2260" in problems["buyer_region_code"][0]
    assert (
        "ISO 3166"
        in validators.code_problems({"buyer_country_code": "999"})["buyer_country_code"][0]
    )
    # A historical code the contract already holds is not rejected again.
    assert (
        validators.code_problems({"buyer_region_code": "650201"}, {"buyer_region_code": "650201"})
        == {}
    )


def test_the_api_rejects_a_region_outside_the_table_and_saves_nothing(enterprise_user):
    client = api_as(enterprise_user)
    response = client.post(
        "/api/v1/contracts/", json_data(buyer_region_code="650299"), format="json"
    )
    assert response.status_code == 400
    assert "buyer_region_code" in response.json()
    assert not Contract.objects.exists()
    response = client.post("/api/v1/contracts/", json_data(buyer_country_code="999"), format="json")
    assert response.status_code == 400 and "buyer_country_code" in response.json()


def test_an_old_region_code_on_a_contract_survives_an_edit(enterprise_user):
    contract = make_draft(enterprise_user)
    Contract.objects.filter(pk=contract.pk).update(buyer_region_code="650201")
    contract.refresh_from_db()
    form = ContractForm.for_contract(contract)
    assert ("650201", "650201（原代码）") in form.fields["buyer_region_code"].choices
    response = api_as(enterprise_user).patch(
        f"/api/v1/contracts/{contract.pk}/",
        {"title": "改了名称", "buyer_region_code": "650201"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["buyer_region_code"] == "650201"


def test_expected_investment_and_output_are_for_transfers(enterprise_user):
    client = api_as(enterprise_user)
    transfer = json_data(
        contract_type="transfer",
        subtype="technical_secret",
        ip_type="technical_secret",
        expected_investment="3000000.00",
        expected_output="0",
    )
    response = client.post("/api/v1/contracts/", transfer, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["expected_investment"] == "3000000.00"
    assert body["expected_output"] == "0.00"

    development = json_data(expected_output="100.00")
    response = client.post("/api/v1/contracts/", development, format="json")
    assert response.status_code == 400
    assert "技术转让" in response.json()["expected_output"][0]

    negative = {**transfer, "expected_investment": "-1"}
    response = client.post("/api/v1/contracts/", negative, format="json")
    assert response.status_code == 400
    assert "负数" in response.json()["expected_investment"][0]
    assert Contract.objects.count() == 1


def test_the_form_offers_names_and_no_preselected_entity_nature(client, enterprise_user):
    client.force_login(enterprise_user)
    html = client.get("/contracts/new/").content.decode()
    assert '<option value="156" selected>中国 · 156</option>' in html
    assert 'label="新疆维吾尔自治区 · 克拉玛依市"' in html
    assert '<option value="650203">克拉玛依区 · 650203</option>' in html
    nature = html[html.index('name="buyer_entity_nature"') :]
    nature = nature[: nature.index("</select>")]
    assert "selected" not in nature.replace('<option value="" selected>', "")
    assert 'data-transfer-only="1"' in html
    assert "region-picker.js" in html


def test_the_form_saves_the_chosen_codes(client, enterprise_user):
    client.force_login(enterprise_user)
    data = json_data(buyer_country_code="156", buyer_region_code="650205")
    data["patent_numbers"] = ""
    data["expected_investment"] = ""
    data["expected_output"] = ""
    response = client.post("/contracts/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    contract = Contract.objects.get()
    assert contract.buyer_region_code == "650205"
    assert contract.expected_investment is None

    bad = {**data, "buyer_region_code": "650299"}
    response = client.post("/contracts/new/", bad)
    assert response.status_code == 400
    assert "GB/T 2260" in response.content.decode()
    assert Contract.objects.count() == 1
    assert Decimal(contract.contract_amount) == Decimal("1200000.00")
