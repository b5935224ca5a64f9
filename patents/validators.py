"""Chinese patent application numbers and IPC symbols.

Application numbers since October 2003: year (4) + type (1) + serial (7) + "." + check
character; the check is Σ digit × (2,3,4,5,6,7,8,9,2,3,4,5) mod 11, with 10 written "X".
Before 2004: 8 digits + "." + check, weights 2–9. Inputs may carry a `CN` (application)
or `ZL` (granted patent) prefix, spaces, or no dot; all normalise to `202110344405.7`.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS_NEW = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_WEIGHTS_OLD = (2, 3, 4, 5, 6, 7, 8, 9)
PATENT_TYPES = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "pct_invention",
    "9": "pct_utility_model",
}
_SHAPE = re.compile(r"^(?:CN|ZL)?(\d{12}|\d{8})\.?([0-9X])$")
IPC_PATTERN = re.compile(r"^([A-H])(\d{2})([A-Z])\s*(\d{1,4})/(\d{2,6})$")
IPC_PREFIX_PATTERN = re.compile(
    r"^([A-H])(?:(\d{2})(?:([A-Z])(?:\s*(\d{1,4})(?:/(\d{1,6}))?)?)?)?$"
)


def patent_check_character(digits: str) -> str:
    weights = _WEIGHTS_NEW if len(digits) == 12 else _WEIGHTS_OLD
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").strip().upper())


def patent_number_problem(value: str) -> str | None:
    """Why `value` is not a valid application number, or None."""
    compact = _compact(value)
    if not compact.isascii():
        return _("专利号只能使用半角数字和字母（不能使用全角字符）：%(value)s") % {"value": value}
    match = _SHAPE.match(compact)
    if not match:
        return _(
            "专利号格式不正确：%(value)s。应为 12 位数字加校验位，如 202110344405.7（可带 CN 或 ZL 前缀）。"
        ) % {"value": value}
    digits, check = match.groups()
    if len(digits) == 12 and digits[4] not in PATENT_TYPES:
        return _("专利号第 5 位（专利类型）应为 1、2、3、8 或 9：%(value)s") % {"value": value}
    expected = patent_check_character(digits)
    if check != expected:
        return _("专利号校验位错误：%(value)s 的校验位应为 %(expected)s。") % {
            "value": value,
            "expected": expected,
        }
    return None


def normalize_patent_number(value: str) -> str:
    """`ZL 2021 1034 4405.7` → `202110344405.7`; raises ValidationError when invalid."""
    problem = patent_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_patent_number")
    digits, check = _SHAPE.match(_compact(value)).groups()
    return f"{digits}.{check}"


def validate_patent_number(value: str) -> None:
    normalize_patent_number(value)


def normalize_ipc(value: str) -> str:
    """`e21b43/16` → `E21B 43/16`; raises ValidationError when it is not an IPC symbol."""
    match = IPC_PATTERN.match((value or "").strip().upper())
    if not match:
        raise ValidationError(
            _("IPC 分类号格式不正确：%(value)s，应如 E21B 43/16。") % {"value": value},
            code="invalid_ipc",
        )
    section, klass, subclass, group, subgroup = match.groups()
    return f"{section}{klass}{subclass} {int(group)}/{subgroup}"


def normalize_ipc_prefix(value: str) -> str | None:
    """A search prefix such as `e21b`, `E21B 43` or `E21B43/1` in canonical spacing, or None."""
    match = IPC_PREFIX_PATTERN.match((value or "").strip().upper())
    if not match:
        return None
    section, klass, subclass, group, subgroup = match.groups()
    prefix = section + (klass or "") + (subclass or "")
    if group is not None:
        prefix += f" {int(group)}"
        if subgroup is not None:
            prefix += f"/{subgroup}"
    return prefix
