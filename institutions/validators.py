"""Pure checks for institutions, results and enquiries: phone numbers, list codes, logos.

Phone numbers: a Chinese mobile (11 digits, `1[3-9]…`, optionally written with `+86`,
spaces or hyphens) or a landline with its area code and a hyphen (`0990-6888888`,
optionally an extension `-123`). Logos: a real PNG, JPEG, GIF or WebP image, at most
2 MB and 4000 × 4000 pixels, re-encoded to fit 400 × 400 (PNG if it has transparency,
JPEG otherwise), so that nothing the uploader sent is served back as it came.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from common.uploads import checked_image

_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$")

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000
LOGO_BOX = (400, 400)


def _phone_problem(raw: str) -> ValidationError:
    return ValidationError(
        _(
            "联系电话格式不正确：%(value)s。请填写 11 位手机号（如 13912345678）"
            "或带区号的固定电话（如 0990-6888888）。"
        )
        % {"value": raw},
        code="invalid_phone",
    )


def normalize_phone(value: str) -> str:
    """`+86 139-9000-0000` → `13990000000`; `0990 - 6888888` → `0990-6888888`.

    Raises ValidationError naming what is wrong.
    """
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("请填写联系电话。"), code="required")
    if not raw.isascii():
        raise ValidationError(
            _("联系电话只能使用半角数字和连字符（不能使用全角字符）：%(value)s") % {"value": raw},
            code="invalid_phone",
        )
    spaced = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", raw))
    mobile = _MOBILE.match(re.sub(r"[\s-]", "", spaced))
    if mobile:
        return mobile.group(1)
    landline = _LANDLINE.match(spaced.replace(" ", ""))
    if landline:
        return "-".join(part for part in landline.groups() if part)
    raise _phone_problem(raw)


def validate_phone(value: str) -> None:
    normalize_phone(value)


def phone_e164(value: str) -> str:
    """An enquirer's phone as people write it, parsed by `phonenumbers` as a Chinese
    number unless it starts with +: "0990 6888888", "0990-6888888", "13912345678",
    "+86 139 1234 5678" → "+869906888888", "+8613912345678" (E.164, what is stored).
    Raises ValidationError naming what is wrong."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("请填写联系电话。"), code="required")
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise _phone_problem(raw) from None
    if number.extension or not phonenumbers.is_valid_number(number):
        raise _phone_problem(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(value: str) -> str:
    """A stored E.164 number as it is written in China: a landline with its area code and
    a hyphen ("0990-6888888"), a mobile in groups ("139 1234 5678"); a foreign number in
    the international form. A value that does not parse (stored before numbers were
    parsed) is shown as it is."""
    try:
        number = phonenumbers.parse(value or "", "CN")
    except phonenumbers.NumberParseException:
        return value or ""
    if not phonenumbers.is_valid_number(number):
        return value or ""
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    digits = phonenumbers.national_significant_number(number)
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        return f"0{digits[:area]}-{digits[area:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def unknown_codes(values, choices) -> list[str]:
    allowed = {str(choice) for choice in choices}
    return [str(v) for v in values if str(v) not in allowed]


def checked_logo(upload) -> ContentFile:
    """The uploaded logo, checked and re-encoded to fit 400 × 400 (transparency kept);
    ValidationError if unfit. The site's one image check (common.uploads), at a logo's size."""
    return checked_image(
        upload,
        max_bytes=LOGO_MAX_BYTES,
        box=LOGO_BOX,
        max_pixels=LOGO_MAX_PIXELS,
        keep_transparency=True,
        name="logo",
    )
