from decimal import Decimal

from django.utils import translation

from portal.templatetags.money import amount, percent, wan, yi, yuan


def test_amounts_in_wan_and_yi():
    with translation.override("zh-hans"):
        assert wan(Decimal("320000000.00")) == "32,000.00"
        assert yi("320000000") == "3.20"
        assert yi(Decimal("1500000000")) == "15.00"
        assert amount(Decimal("320000000")) == "3.20 亿元"
        assert amount(Decimal("99999999.99")) == "10,000.00 万元"
        assert amount(Decimal("12345")) == "1.23 万元"
        assert yuan(None) == "面议"
        assert yuan("1200000.5") == "1,200,000.50 元"


def test_half_up_rounding_not_bankers():
    assert wan(Decimal("125")) == "0.01"  # 0.0125 万元 → 0.01
    assert wan(Decimal("150")) == "0.02"  # 0.015 → 0.02 (banker's rounding would give 0.02 too)
    assert wan(Decimal("250")) == "0.03"  # 0.025 → 0.03 (banker's would give 0.02)


def test_percent_and_undefined_growth():
    assert percent(Decimal("1100.0")) == "+1,100.0%"
    assert percent(Decimal("-12.34")) == "-12.3%"
    assert percent(None) == "—"
    assert wan(None) == "—" and wan("not a number") == "—"
