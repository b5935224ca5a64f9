"""The catalogue file's columns: the codes of SPEC "Codes" (application_number, …) and the
Chinese headers of the portal's own export (申请号, …), in the export's order. A file may
use either set (or the export's English headers); 年度 of an export is left out. Problems
name the Chinese header of the column, translated for an English reader.
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from common.importing import FileCheck, Progress, UniqueKey, check_file
from patents.choices import CooperationMode, HighValueKind, Sector
from patents.validators import CATALOGUE_COLUMNS, clean_catalogue_row

# code → the export's (and the import's) Chinese header, in the export's order (msgids:
# a file's header is matched in Chinese and in the reader's language).
HEADERS = {
    "application_number": gettext_noop("申请号"),
    "title": gettext_noop("专利名称"),
    "patentee": gettext_noop("专利权人"),
    "inventors": gettext_noop("发明人"),
    "application_date": gettext_noop("申请日"),
    "grant_date": gettext_noop("授权日"),
    "ipc": gettext_noop("IPC分类号"),
    "abstract": gettext_noop("摘要"),
    "high_value_kinds": gettext_noop("高价值类型"),
    "sector": gettext_noop("产业领域"),
    "cooperation_modes": gettext_noop("合作方式"),
    "price": gettext_noop("参考价格"),
    "contact_name": gettext_noop("联系人"),
    "contact_phone": gettext_noop("联系电话"),
}
YEAR_HEADER = gettext_noop("年度")
assert set(HEADERS) == set(CATALOGUE_COLUMNS)

# What the template's second sheet and the README tell a reviewer about each column.
NOTES = {
    "application_number": _(
        "必填。发明专利申请号，如 202110344405.7（可带 CN/ZL 前缀，可无小数点）"
    ),
    "title": _("必填，最多 300 字"),
    "patentee": _("必填，最多 300 字"),
    "inventors": _("可空；多人用 ; 或 ； 分隔"),
    "application_date": _("必填，YYYY-MM-DD 或 Excel 日期"),
    "grant_date": _("可空，YYYY-MM-DD 或 Excel 日期，不早于申请日"),
    "ipc": _("必填；如 E21B 43/16，多个用 ; 分隔"),
    "abstract": _("可空"),
    "high_value_kinds": _("必填；一项或多项，用 ; 分隔"),
    "sector": _("必填；一项"),
    "cooperation_modes": _("必填；一项或多项，用 ; 分隔"),
    "price": _("以元为单位的数字，最多两位小数；留空或“面议”表示面议"),
    "contact_name": _("可空，最多 50 字"),
    "contact_phone": _("可空，如 0990-6888888"),
}
CHOICES = {
    "high_value_kinds": HighValueKind,
    "sector": Sector,
    "cooperation_modes": CooperationMode,
}


def header(column: str) -> str:
    """The column's Chinese header, in the reader's language."""
    return gettext(HEADERS[column])


def header_aliases() -> dict[str, str | None]:
    """Every accepted header text → its code (None: a column left out)."""
    aliases: dict[str, str | None] = {}
    for column, chinese in HEADERS.items():
        aliases[chinese] = column
    aliases[YEAR_HEADER] = None
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for column, chinese in HEADERS.items():
                aliases.setdefault(gettext(chinese), column)
            aliases.setdefault(gettext(YEAR_HEADER), None)
    for column in CATALOGUE_COLUMNS:
        aliases.pop(column, None)  # a code is a column name of its own
    return aliases


def _clean_row(raw: dict, today: datetime.date):
    clean, errors = clean_catalogue_row(raw, today=today)
    return clean, {header(column): messages for column, messages in errors.items()}


def _duplicate_number(number: str, first_row: int) -> str:
    return gettext("申请号 %(number)s 与第 %(row)s 行重复。") % {
        "number": number,
        "row": first_row,
    }


def catalogue_file_check(
    *, data: bytes, filename: str, today: datetime.date, progress: Progress | None = None
) -> FileCheck:
    return check_file(
        data=data,
        filename=filename,
        columns=CATALOGUE_COLUMNS,
        aliases=header_aliases(),
        clean_row=lambda raw: _clean_row(raw, today),
        unique=UniqueKey(
            of=lambda clean: clean.get("application_number"),
            column=header("application_number"),
            message=_duplicate_number,
        ),
        progress=progress,
    )


def accepted_values(column: str) -> str:
    """`油气田开发（oil_gas）、…` for a column of codes, "" for the others."""
    choices = CHOICES.get(column)
    if choices is None:
        return ""
    return gettext("、").join(
        gettext("%(label)s（%(code)s）") % {"label": label, "code": code}
        for code, label in choices.choices
    )
