"""The contract form after a mistake: a summary at the top linking to each field, every
typed value shown again, "请选择" for the empty choice, amounts with separators."""

import re

import pytest

from contracts.forms import ContractForm, ReviewForm
from contracts.models import Contract
from tests.contracts.conftest import BUYER_USCC, make_draft, make_registered, make_submitted
from tests.html_forms import form_values, select_options

pytestmark = pytest.mark.django_db

TYPED = {
    "title": "油田伴生气回收技术开发",
    "contract_type": "transfer",
    "subtype": "technical_secret",
    "signed_on": "2026-03-02",
    "valid_from": "2026-03-05",
    "valid_until": "2027-03-04",
    "seller_country_code": "156",
    "buyer_name": "新疆买方能源有限公司",
    "buyer_uscc": BUYER_USCC,
    "buyer_country_code": "156",
    "buyer_region_code": "650204",
    "buyer_entity_nature": "110",
    "contract_amount": "1,200,000.50",
    "technology_amount": "980000",
    "expected_investment": "300000",
    "expected_output": "5000000",
    "technical_field": "advanced_manufacturing",
    "ip_type": "none",
    "patent_numbers": "ZL202110344405.7",
}


def post(client, **overrides):
    data = {**TYPED, "form_token": "t", "action": "save", **overrides}
    return client.post("/contracts/new/", data)


def test_one_invalid_value_keeps_every_other_value_and_lists_the_error_at_the_top(
    client, enterprise_user
):
    client.force_login(enterprise_user)
    response = post(client, signed_on="2026-02-30")
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary and 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert '<a href="#id_signed_on"' in summary.group(1)
    assert html.index("error-summary") < html.index('name="title"')
    shown = form_values(html)
    for name, value in TYPED.items():
        if name != "signed_on":
            assert shown[name] == value, name
    assert shown["signed_on"] == "2026-02-30"
    assert not Contract.objects.exists()


def test_a_refused_value_from_the_rules_also_keeps_the_values(client, enterprise_user):
    client.force_login(enterprise_user)
    response = post(client, technology_amount="2500000")
    html = response.content.decode()
    assert response.status_code == 400
    assert "技术交易额不能大于合同成交额（1,200,000.50 元）" in html
    assert '<a href="#id_technology_amount"' in html
    shown = form_values(html)
    assert shown["contract_amount"] == "1,200,000.50" and shown["buyer_name"] == TYPED["buyer_name"]


def test_amounts_are_taken_as_people_write_them(client, enterprise_user):
    client.force_login(enterprise_user)
    response = post(client)
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert str(contract.contract_amount) == "1200000.50"


def test_no_select_of_the_form_offers_dashes(client, enterprise_user):
    client.force_login(enterprise_user)
    html = client.get("/contracts/new/").content.decode()
    assert "---------" not in html
    for name in ("contract_type", "subtype", "buyer_region_code", "buyer_entity_nature"):
        assert select_options(html, name)[0] == ("", "请选择"), name
    review = ReviewForm()
    assert str(review["subtype"]).count("请选择") == 1


def test_please_choose_reads_in_english(client, enterprise_user):
    client.force_login(enterprise_user)
    client.cookies["django_language"] = "en"
    html = client.get("/contracts/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert select_options(html, "contract_type")[0] == ("", "Please choose")


def test_a_subtype_named_like_its_type_is_not_repeated(enterprise_user):
    service = make_draft(enterprise_user, contract_type="service", subtype="service")
    assert service.type_label == "技术服务"
    training = make_draft(enterprise_user, contract_type="service", subtype="training")
    assert training.type_label == "技术服务（技术培训）"


def test_the_review_deadline_is_shown_only_while_awaiting_a_decision(
    client, enterprise_user, reviewer
):
    client.force_login(enterprise_user)
    submitted = make_submitted(enterprise_user)
    assert "审核期限" in client.get(f"/contracts/{submitted.pk}/").content.decode()
    registered = make_registered(enterprise_user, reviewer)
    page = client.get(f"/contracts/{registered.pk}/").content.decode()
    assert "审核期限" not in page and "技术开发（委托开发）" in page


def test_the_form_class_relabels_fields_added_in_its_own_init():
    form = ContractForm()
    assert form["buyer_country_code"].field.choices[0][1] != "---------"
    assert dict(form["buyer_region_code"].field.choices)[""] == "请选择"


def test_a_chosen_file_that_could_not_be_kept_is_asked_for_again(client, enterprise_user):
    from tests.contracts.conftest import pdf_upload

    client.force_login(enterprise_user)
    response = post(client, signed_on="2026-02-30", attachment=pdf_upload())
    html = response.content.decode()
    assert '<a href="#id_attachment"' in html and "请重新选择合同文本" in html
    assert not Contract.objects.exists()
    saved = post(client, attachment=pdf_upload(), form_token="t2")
    assert saved.status_code == 302 and Contract.objects.get().attachments.count() == 1
