"""Codes shown through their labels: one filter, one API field, the admin's lists."""

import pytest
from django.template import Context, Template
from django.utils import translation

from common import labels
from common.serializers import LabelField
from contracts.models import ContractEvent
from institutions.models import EnquiryEvent, Result, ResultEvent
from patents.models import CooperationMode


def render(source: str, **context) -> str:
    return Template("{% load labels %}" + source).render(Context(context))


def test_a_choices_field_reads_as_its_label_in_both_languages():
    event = ResultEvent(from_status="draft", to_status="published")
    assert render('{{ e|label:"to_status" }}', e=event) == "已发布"
    assert render("{{ e|status_change }}", e=event) == "草稿 → 已发布"
    with translation.override("en"):
        assert "draft" not in render("{{ e|status_change }}", e=event)
        assert render("{{ e|status_change }}", e=event) == "Draft → Published"


def test_the_first_event_has_no_dash_and_no_code():
    assert str(ResultEvent(from_status="", to_status="draft")) == "新建 → 草稿"
    assert str(ContractEvent(from_status="", to_status="submitted")) == "新建 → 待审核"
    assert str(EnquiryEvent(from_status="new", to_status="answered")) == "新洽谈 → 已回复"


def test_a_list_of_codes_reads_as_labels_joined():
    result = Result(cooperation_modes=["transfer", "license"], patent_numbers=["1", "2"])
    expected = f"{CooperationMode.TRANSFER.label}、{CooperationMode.LICENSE.label}"
    assert render('{{ r|label:"cooperation_modes" }}', r=result) == expected
    assert render('{{ r|label:"patent_numbers" }}', r=result) == "1、2"
    with translation.override("en"):
        assert render('{{ r|label:"patent_numbers" }}', r=result) == "1, 2"
        assert render('{{ r|label:"cooperation_modes" }}', r=result) == (
            f"{CooperationMode.TRANSFER.label}, {CooperationMode.LICENSE.label}"
        )
    assert render('{{ r|label:"patent_numbers" }}', r=Result(patent_numbers=[])) == "—"
    assert render("{{ v|listing }}", v=["a", "b"]) == "a、b"


def test_an_unknown_code_is_shown_as_it_is_not_dropped():
    assert labels.label_of("gone", CooperationMode) == "gone"
    assert labels.label_of("", CooperationMode) == "—"


def test_the_trl_level_is_words_not_a_code():
    assert Result(trl=8).trl_level == "技术成熟度 8 级"
    with translation.override("en"):
        assert Result(trl=8).trl_level == "TRL 8"
    assert Result(trl=None).trl_level == ""


def test_the_api_label_field_keeps_codes_lists_as_lists():
    field = LabelField(of="cooperation_modes")
    result = Result(cooperation_modes=["transfer"])
    assert field.to_representation(result) == [str(CooperationMode.TRANSFER.label)]
    with translation.override("en"):
        status = LabelField(of="to_status").to_representation(ResultEvent(to_status="draft"))
    assert status == "Draft"


@pytest.mark.django_db
def test_a_contracts_display_methods_say_what_djangos_say_in_both_languages():
    from django.db import models
    from django.utils import translation

    from contracts.choices import ContractType, Status
    from contracts.models import Contract

    contract = Contract(status=Status.SUBMITTED, contract_type=ContractType.LICENSE)
    field = Contract._meta.get_field("status")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            djangos = models.Model._get_FIELD_display(contract, field)
            assert contract.get_status_display() == djangos == str(Status.SUBMITTED.label)
            assert contract.get_contract_type_display() == str(ContractType.LICENSE.label)
    contract.status = "no-such-code"
    assert contract.get_status_display() == "no-such-code"
    contract.contract_type = ""
    assert contract.get_contract_type_display() == ""
