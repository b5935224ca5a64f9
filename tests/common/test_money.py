from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from common import money
from common.templatetags.money import amount, percent, wan, yi, yuan


def test_amounts_in_wan_and_yi():
    with translation.override("zh-hans"):
        assert wan(Decimal("320000000.00")) == "32,000.00"
        assert yi("320000000") == "3.20"
        assert yi(Decimal("1500000000")) == "15.00"
        assert amount(Decimal("320000000")) == "3.20 亿元"
        assert amount(Decimal("12345")) == "1.23 万元"
        assert yuan(None) == "面议"
        assert yuan("1200000.5") == "1,200,000.50 元"


@pytest.mark.parametrize(
    ("yuan_amount", "shown"),
    [
        ("99999999.99", "1.00 亿元"),  # rounds to 10,000.00 万元, which is 1 亿元
        ("99994999.99", "9,999.50 万元"),
        ("100000000", "1.00 亿元"),
        ("-150000000", "-1.50 亿元"),
        ("10050", "1.01 万元"),  # half-up: 1.005 → 1.01
    ],
)
def test_yi_from_one_hundred_million_after_rounding(yuan_amount, shown):
    with translation.override("zh-hans"):
        assert money.format_amount(Decimal(yuan_amount)) == shown


@pytest.mark.parametrize(
    ("price", "shown"),
    [(None, "面议"), ("800", "800.00 元"), ("10050", "1.01 万元"), ("800000", "80.00 万元")],
)
def test_a_price_reads_like_every_other_amount(price, shown):
    with translation.override("zh-hans"):
        assert money.format_price(price) == shown


def test_half_up_rounding_not_bankers():
    assert wan(Decimal("125")) == "0.01"  # 0.0125 万元 → 0.01
    assert wan(Decimal("150")) == "0.02"  # 0.015 → 0.02 (banker's rounding would give 0.02 too)
    assert wan(Decimal("250")) == "0.03"  # 0.025 → 0.03 (banker's would give 0.02)
    assert money.in_wan(Decimal("250")) == Decimal("0.03")


def test_percent_and_undefined_growth():
    assert percent(Decimal("1100.0")) == "+1,100.0%"
    assert percent(Decimal("-12.34")) == "-12.3%"
    assert percent(None) == "—"
    assert wan(None) == "—" and wan("not a number") == "—" and wan("NaN") == "—"


def test_the_filters_are_the_functions():
    with translation.override("zh-hans"):
        html = Template("{% load money %}{{ a|amount }} {{ p|price }}").render(
            Context({"a": Decimal("99999999.99"), "p": None})
        )
    assert html == "1.00 亿元 面议"
