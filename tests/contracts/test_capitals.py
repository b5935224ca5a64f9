from decimal import Decimal

import pytest

from contracts.capitals import yuan_in_capitals


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("101", "壹佰零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("1001.01", "壹仟零壹元零壹分"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("105000", "壹拾万伍仟元整"),
        ("1000000", "壹佰万元整"),
        ("1200000.00", "壹佰贰拾万元整"),
        ("6000000.50", "陆佰万元伍角"),
        ("10000010", "壹仟万零壹拾元整"),
        ("100000001", "壹亿零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("325000010.08", "叁亿贰仟伍佰万零壹拾元零捌分"),
        ("1500000000", "壹拾伍亿元整"),
        ("0.005", "壹分"),  # half-up to the 分
    ],
)
def test_known_amounts(amount, words):
    assert yuan_in_capitals(Decimal(amount)) == words


@pytest.mark.parametrize("amount", ["-1", "10000000000000000"])
def test_out_of_range(amount):
    with pytest.raises(ValueError):
        yuan_in_capitals(Decimal(amount))
