import pytest
from django.core.exceptions import ValidationError

from accounts.validators import uscc_check_character, uscc_problem, validate_uscc

# Published codes of well-known companies (from their business licences).
REAL_CODES = [
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "91350100M000100Y43",  # the example printed in GB 32100-2015
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_accepts_real_codes(code):
    assert uscc_problem(code) is None
    validate_uscc(code)


def test_it_accepts_lower_case_and_surrounding_spaces():
    assert uscc_problem("  9144030071526726xg ") is None


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_refuses_every_wrong_check_character(code):
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if wrong != code[-1]:
            problem = uscc_problem(code[:-1] + wrong)
            assert problem is not None and "校验位" in problem


def test_the_check_character_is_computed_from_the_first_17():
    assert uscc_check_character("91440300192203821") == "6"
    assert uscc_check_character("91440300715267264") != "G"
    assert uscc_check_character("91440300715267260") in "0123456789ABCDEFGHJKLMNPQRTUWXY"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_it_refuses_the_forbidden_letters(letter):
    code = "9133010071610585" + letter + "F"
    problem = uscc_problem(code)
    assert problem is not None and letter in problem and "不允许的字符" in problem


@pytest.mark.parametrize("code", ["91330100716105852", "91330100716105852FF", "", "9133"])
def test_it_refuses_wrong_lengths(code):
    problem = uscc_problem(code)
    assert problem is not None and "18 位" in problem


def test_it_refuses_full_width_digits():
    full_width = "９１３３０１００７１６１０５８５２Ｆ"
    problem = uscc_problem(full_width)
    assert problem is not None and "全角" in problem


def test_validate_uscc_raises_a_validation_error_with_a_code():
    with pytest.raises(ValidationError) as info:
        validate_uscc("91330100716105852A")
    assert info.value.code == "invalid_uscc"
