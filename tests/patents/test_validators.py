import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from patents.validators import (
    clean_catalogue_row,
    is_invention_number,
    normalize_ipc,
    normalize_ipc_prefix,
    normalize_patent_number,
    parse_price,
    patent_check_character,
    patent_number_problem,
    split_list,
)

# Published numbers (DOMAIN.md): they must pass, whatever form they come in.
REAL = {
    "ZL202110344405.7": "202110344405.7",
    "ZL202210702228.X": "202210702228.X",
    "201710601862.3": "201710601862.3",
    "97101765.4": "97101765.4",
    "CN202110344405.7": "202110344405.7",
    "zl 2021 1034 4405.7": "202110344405.7",
    "202210702228X": "202210702228.X",
    " 202210702228.x ": "202210702228.X",
}


@pytest.mark.parametrize(("raw", "normal"), REAL.items())
def test_real_numbers_normalise(raw, normal):
    assert normalize_patent_number(raw) == normal


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("ZL202010123456.7", "校验位"),  # DOMAIN.md's near-miss
        ("202110344405.8", "校验位"),
        ("97101765.5", "校验位"),
        ("202110344405", "格式"),  # no check character
        ("20211034440.57", "格式"),
        ("202150344405.7", "专利类型"),  # type 5 does not exist
        ("ＺＬ202110344405.7", "全角"),
        ("US202110344405.7", "格式"),
        ("", "格式"),
    ],
)
def test_near_misses_are_refused_with_the_reason(raw, words):
    problem = patent_number_problem(raw)
    assert problem is not None and words in problem
    with pytest.raises(ValidationError):
        normalize_patent_number(raw)


def test_check_character_ten_is_x():
    assert patent_check_character("202210702228") == "X"


def test_ipc_symbols():
    assert normalize_ipc("E21B 43/16") == "E21B 43/16"
    assert normalize_ipc("e21b43/16") == "E21B 43/16"
    assert normalize_ipc("C09K 8/588") == "C09K 8/588"
    for bad in ("Z21B 43/16", "E21 43/16", "E21B /16", "E21B 43/1", "G06F"):
        with pytest.raises(ValidationError):
            normalize_ipc(bad)


def test_ipc_prefixes():
    assert normalize_ipc_prefix("e21b") == "E21B"
    assert normalize_ipc_prefix("E21B43") == "E21B 43"
    assert normalize_ipc_prefix("E") == "E"
    assert normalize_ipc_prefix("E21B 43/1") == "E21B 43/1"
    assert normalize_ipc_prefix("XYZ") is None


# ---- catalogue rows -------------------------------------------------------------------

TODAY = datetime.date(2025, 6, 1)


def test_invention_numbers():
    assert is_invention_number("202110344405.7")
    assert is_invention_number("97101765.4")
    assert is_invention_number("202180000001.5")  # a PCT invention
    assert not is_invention_number("202120000006.4")  # a utility model
    assert not is_invention_number("98201234.1")


@pytest.mark.parametrize(
    ("raw", "price"),
    [
        ("", None),
        ("面议", None),
        (" 500000 ", Decimal("500000.00")),
        ("1,200,000.50", Decimal("1200000.50")),
        (1200000.5, Decimal("1200000.50")),
        ("0", Decimal("0.00")),
    ],
)
def test_prices(raw, price):
    assert parse_price(raw) == price


@pytest.mark.parametrize("raw", ["十万", "-1", "1.005", "NaN", "1e30", "Infinity"])
def test_bad_prices_are_refused(raw):
    with pytest.raises(ValidationError):
        parse_price(raw)


def test_lists_split_on_either_semicolon():
    assert split_list("张三; 李四；王五;;") == ["张三", "李四", "王五"]


def _row(**values):
    base = {
        "application_number": "ZL202110344405.7",
        "title": "一种方法",
        "patentee": "某单位",
        "inventors": "张三",
        "application_date": "2021-03-30",
        "grant_date": "2023-01-01",
        "ipc": "E21B 43/16",
        "sector": "oil_gas",
        "high_value_kinds": "award",
        "cooperation_modes": "license",
        "price": "",
        "contact_name": "",
        "contact_phone": "",
        "abstract": "",
    }
    return {**base, **values}


def test_a_good_row_is_cleaned():
    clean, errors = clean_catalogue_row(_row(), today=TODAY)
    assert errors == {}
    assert clean["application_number"] == "202110344405.7"
    assert clean["application_date"] == datetime.date(2021, 3, 30)
    assert clean["price"] is None and clean["ipc"] == ["E21B 43/16"]


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"application_date": ""}, "application_date", "不能为空"),
        ({"application_date": "2021-02-30"}, "application_date", "YYYY-MM-DD"),
        ({"grant_date": "2026-01-01"}, "grant_date", "晚于今天"),
        ({"ipc": ""}, "ipc", "至少"),
        ({"cooperation_modes": "sell"}, "cooperation_modes", "sell"),
        ({"contact_phone": "call me"}, "contact_phone", "联系电话"),
        ({"patentee": "x" * 301}, "patentee", "300"),
        ({"sector": ""}, "sector", "不能为空"),
    ],
)
def test_row_problems_name_their_column(values, column, words):
    _clean, errors = clean_catalogue_row(_row(**values), today=TODAY)
    assert column in errors and words in " ".join(errors[column])
