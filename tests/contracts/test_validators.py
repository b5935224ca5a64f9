import pytest

from accounts.demo import demo_uscc
from contracts import validators
from contracts.choices import SUBTYPES, Subtype
from contracts.models import EDITABLE_FIELDS, Contract, field_label

VALID = demo_uscc("91650204MA7BUY001")


def test_the_pdf_check_reads_the_bytes():
    assert validators.attachment_problem("a.pdf", 10, b"%PDF-") is None
    assert "PDF" in validators.attachment_problem("a.pdf", 10, b"<html")
    assert validators.attachment_problem("a.pdf", 0, b"") is not None


@pytest.mark.parametrize(
    ("uscc", "nature", "country", "words"),
    [
        (VALID, "110", "156", None),
        ("", "110", "156", "境内单位买方须填写统一社会信用代码"),
        ("", "400", "156", None),  # an individual has no credit code
        ("", "110", "840", None),  # nor has a buyer abroad
        (
            VALID[:-1] + ("0" if VALID[-1] != "0" else "1"),
            "110",
            "156",
            "买方统一社会信用代码校验位",
        ),
        ("91650204", "400", "156", "18 位"),  # a code that is given must be valid
        (" " + VALID.lower() + " ", "110", "156", None),
    ],
)
def test_one_rule_decides_the_buyer_credit_code(uscc, nature, country, words):
    problem = validators.buyer_uscc_problem(uscc, nature, country)
    if words is None:
        assert problem is None
    else:
        assert words in problem


def test_the_import_may_ask_without_a_country():
    assert validators.buyer_uscc_problem("", "150") is not None
    assert validators.buyer_uscc_problem("", "400") is None


def test_a_foreign_buyer_may_submit_without_a_credit_code():
    values = {"buyer_country_code": "840", "buyer_entity_nature": "300", "buyer_uscc": ""}
    assert "buyer_uscc" not in validators.completeness_problems(values)
    values["buyer_country_code"] = "156"
    assert "buyer_uscc" in validators.completeness_problems(values)


def test_subtype_labels_are_the_choices_labels():
    for subtype in Subtype:
        assert validators.subtype_label(subtype.value) == str(subtype.label)
    assert validators.subtype_label("unknown") == "unknown"
    assert all(s in Subtype for subtypes in SUBTYPES.values() for s in subtypes)


def test_a_subtype_of_another_type_lists_the_allowed_labels():
    problems = validators.value_problems(
        {"title": "x", "contract_type": "license", "subtype": "commissioned"}
    )
    message = problems["subtype"][0]
    assert "技术许可" in message
    assert all(str(s.label) in message for s in SUBTYPES["license"])


def test_field_labels_are_the_models_verbose_names():
    for name in EDITABLE_FIELDS:
        label = str(field_label(name))
        verbose = str(Contract._meta.get_field(name).verbose_name)
        # The amounts are named without the unit their column headings carry.
        assert verbose.startswith(label) and (label == verbose or verbose.endswith("（元）"))
    assert field_label("no_such_field") == "no_such_field"
