import pytest
from django.core.exceptions import ValidationError

from patents.validators import (
    normalize_ipc,
    normalize_ipc_prefix,
    normalize_patent_number,
    patent_check_character,
    patent_number_problem,
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
