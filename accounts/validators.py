"""The unified social credit code check (GB 32100-2015).

18 characters: authority (1) + entity type (1) + region (6) + organisation code (9) +
check character (1), over the 31-symbol alphabet that leaves out I, O, S, V and Z.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {symbol: value for value, symbol in enumerate(USCC_ALPHABET)}


def uscc_check_character(first17: str) -> str:
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _invisible(char: str) -> bool:
    """Spaces of any width (NBSP, the full-width space U+3000), tabs and line breaks, and
    the format characters that copying from a PDF or a web page brings along (zero-width
    space, BOM): a code never contains them, and people cannot see them to delete them."""
    return char.isspace() or unicodedata.category(char) in {"Cf", "Cc", "Zs", "Zl", "Zp"}


def normalize_uscc(value: str) -> str:
    """Drop invisible characters and upper-case. Full-width letters and digits are not
    folded: they are visible, and reported as an error the person can correct."""
    return "".join(char for char in (value or "") if not _invisible(char)).upper()


def uscc_problem(value: str) -> str | None:
    """Return why `value` is not a valid credit code, or None when it is."""
    code = normalize_uscc(value)
    if len(code) != 18:
        return _("统一社会信用代码应为 18 位，当前为 %(n)d 位。") % {"n": len(code)}
    if not code.isascii():
        return _("统一社会信用代码只能包含半角数字和大写字母（不能使用全角字符）。")
    bad = sorted({char for char in code if char not in _VALUES})
    if bad:
        return _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、S、V、Z）。") % {
            "chars": "、".join(bad)
        }
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验位错误：最后一位应为 %(expected)s。") % {"expected": expected}
    return None


def validate_uscc(value: str) -> None:
    problem = uscc_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_uscc")


def validate_region_code(value: str) -> None:
    if not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise ValidationError(_("行政区划代码应为 6 位数字，例如 650203。"), code="invalid_region")
