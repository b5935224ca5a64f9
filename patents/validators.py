"""Chinese patent application numbers and IPC symbols.

Application numbers since October 2003: year (4) + type (1) + serial (7) + "." + check
character; the check is Σ digit × (2,3,4,5,6,7,8,9,2,3,4,5) mod 11, with 10 written "X".
Before 2004: 8 digits + "." + check, weights 2–9. Inputs may carry a `CN` (application)
or `ZL` (granted patent) prefix, spaces, or no dot; all normalise to `202110344405.7`.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from patents.choices import CooperationMode, HighValueKind, Sector

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


def is_invention_number(number: str) -> bool:
    """Whether a normalised application number is an invention (or PCT invention) patent."""
    digits = number.split(".")[0]
    kind = digits[4] if len(digits) == 12 else digits[2]
    return kind in {"1", "8"}


# ---- catalogue spreadsheet rows -------------------------------------------------------

CATALOGUE_COLUMNS = (
    "application_number",
    "title",
    "patentee",
    "inventors",
    "application_date",
    "grant_date",
    "ipc",
    "sector",
    "high_value_kinds",
    "cooperation_modes",
    "price",
    "contact_name",
    "contact_phone",
    "abstract",
)
_LIST_SEPARATOR = re.compile(r"[;；]")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
PRICE_MAX = Decimal("99999999999999.99")
NEGOTIABLE = {"", "面议"}


def split_list(value: str) -> list[str]:
    """`张三; 李四；` → ["张三", "李四"]: `;` (or the full-width `；`) separates items."""
    return [item.strip() for item in _LIST_SEPARATOR.split(value or "") if item.strip()]


def parse_ipc_list(value: str | list[str]) -> list[str]:
    items = split_list(value) if isinstance(value, str) else value
    symbols = [normalize_ipc(item) for item in items]
    return list(dict.fromkeys(symbols))


@functools.cache
def _codes_by_label(choices, language: str) -> dict[str, str]:
    with translation.override(language):
        return {str(label): code for code, label in choices.choices}


def codes_by_label(choices) -> dict[str, str]:
    """Every label of `choices` in every language of the portal (the Chinese first), so
    that a file exported in English imports too."""
    merged: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        for label, code in _codes_by_label(choices, language).items():
            merged.setdefault(label, code)
    return merged


def negotiable_words() -> set[str]:
    """面议 as the export writes it, in every language of the portal."""
    words = set(NEGOTIABLE)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words.add(str(_("面议")))
    return words


def parse_codes(value: str | list[str], choices, *, what: str) -> list[str]:
    """Codes (or their labels) from `choices`, in the order given, without repeats."""
    # (The choice classes live in models.py, which imports this module: hence the argument.)
    items = split_list(value) if isinstance(value, str) else value
    by_label = codes_by_label(choices)
    codes = []
    for item in items:
        code = item if item in choices.values else by_label.get(item)
        if code is None:
            allowed = _("、").join(str(label) for label in choices.labels)
            raise ValidationError(
                _("%(what)s取值不正确：%(value)s。可填：%(allowed)s。")
                % {"what": what, "value": item, "allowed": allowed},
                code="invalid_choice",
            )
        codes.append(code)
    return list(dict.fromkeys(codes))


def parse_price(value) -> Decimal | None:
    """Yuan with at most two decimals; empty or 面议 means negotiable (None)."""
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    if text in NEGOTIABLE or text in negotiable_words():
        return None
    try:
        price = Decimal(text)
    except InvalidOperation:
        price = None
    if price is None or not price.is_finite():
        raise ValidationError(
            _("价格应为以元为单位的数字（如 1200000.50），面议请留空：%(value)s")
            % {"value": value},
            code="invalid_price",
        )
    if price < 0 or price > PRICE_MAX:
        raise ValidationError(
            _("价格超出范围：%(value)s。") % {"value": value}, code="invalid_price"
        )
    if price != price.quantize(Decimal("0.01")):
        raise ValidationError(
            _("价格最多保留两位小数（分）：%(value)s。") % {"value": value}, code="invalid_price"
        )
    return price.quantize(Decimal("0.01"))


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError(text)
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValidationError(
            _("日期格式应为 YYYY-MM-DD：%(value)s") % {"value": value}, code="invalid_date"
        ) from None


def validate_phone(value: str) -> None:
    if value and not _PHONE.match(value):
        raise ValidationError(
            _("联系电话只能包含数字、空格、+、- 和括号，如 0990-6888888：%(value)s")
            % {"value": value},
            code="invalid_phone",
        )


def clean_catalogue_row(raw: dict, *, today: datetime.date) -> tuple[dict, dict[str, list[str]]]:
    """One spreadsheet row → (clean values, errors by column). Pure: touches no database."""
    clean: dict = {}
    errors: dict[str, list[str]] = {}

    def text(column: str) -> str:
        value = raw.get(column)
        return "" if value is None else str(value).strip()

    def check(column: str, parse) -> None:
        try:
            clean[column] = parse()
        except ValidationError as exc:
            errors.setdefault(column, []).extend(exc.messages)

    def required(column: str, label: str, max_length: int) -> str:
        value = text(column)
        if not value:
            raise ValidationError(_("%(label)s不能为空。") % {"label": label})
        if len(value) > max_length:
            raise ValidationError(
                _("%(label)s最多 %(max)s 个字。") % {"label": label, "max": max_length}
            )
        return value

    def number() -> str:
        value = normalize_patent_number(text("application_number"))
        if not is_invention_number(value):
            raise ValidationError(
                _("%(value)s 不是发明专利申请号（第 5 位应为 1 或 8），目录只收录发明专利。")
                % {"value": value}
            )
        return value

    def at_least_one(parse, label):
        def run():
            values = parse()
            if not values:
                raise ValidationError(_("%(label)s至少填写一项。") % {"label": label})
            return values

        return run

    def sector() -> str:
        value = text("sector")
        if not value:
            raise ValidationError(_("产业领域不能为空。"))
        codes = parse_codes([value], Sector, what=_("产业领域"))
        return codes[0]

    def contact(column: str, label: str, max_length: int) -> str:
        value = text(column)
        if len(value) > max_length:
            raise ValidationError(
                _("%(label)s最多 %(max)s 个字。") % {"label": label, "max": max_length}
            )
        return value

    def phone() -> str:
        value = contact("contact_phone", _("联系电话"), 30)
        validate_phone(value)
        return value

    check("application_number", number)
    check("title", lambda: required("title", _("专利名称"), 300))
    check("patentee", lambda: required("patentee", _("专利权人"), 300))
    check("inventors", lambda: split_list(text("inventors")))
    check("application_date", lambda: parse_date(raw.get("application_date")))
    check("grant_date", lambda: parse_date(raw.get("grant_date")))
    check("ipc", at_least_one(lambda: parse_ipc_list(text("ipc")), _("IPC分类号")))
    check("sector", sector)
    check(
        "high_value_kinds",
        at_least_one(
            lambda: parse_codes(text("high_value_kinds"), HighValueKind, what=_("高价值类型")),
            _("高价值类型"),
        ),
    )
    check(
        "cooperation_modes",
        at_least_one(
            lambda: parse_codes(text("cooperation_modes"), CooperationMode, what=_("合作方式")),
            _("合作方式"),
        ),
    )
    check("price", lambda: parse_price(raw.get("price")))
    check("contact_name", lambda: contact("contact_name", _("联系人"), 50))
    check("contact_phone", phone)
    check("abstract", lambda: text("abstract"))

    applied, granted = clean.get("application_date"), clean.get("grant_date")
    if "application_date" in clean and applied is None:
        errors.setdefault("application_date", []).append(_("申请日不能为空。"))
    for column, day in (("application_date", applied), ("grant_date", granted)):
        if day and day > today:
            errors.setdefault(column, []).append(
                _("日期不能晚于今天：%(value)s") % {"value": day.isoformat()}
            )
    if applied and granted and granted < applied:
        errors.setdefault("grant_date", []).append(_("授权日不能早于申请日。"))
    return clean, errors
