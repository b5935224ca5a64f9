"""Reading catalogue spreadsheets (.xlsx, .csv) into rows, and writing the XLSX export.

Reading only turns cells into text (dates and numbers from Excel included) and checks the
file and its header; the rows themselves are checked by `validators.clean_catalogue_row`.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from patents.validators import CATALOGUE_COLUMNS

EXTENSIONS = (".xlsx", ".csv")
MAX_ROWS = 50_000


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ValidationError(
            _("无法读取该 .xlsx 文件：文件已损坏或不是 Excel 工作簿。"), code="unreadable"
        ) from None
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新上传。"),
            code="encoding",
        ) from None
    try:
        yield from ([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ValidationError(
            _("CSV 文件格式不正确：%(reason)s") % {"reason": exc}, code="unreadable"
        ) from None


def read_catalogue_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    return read_rows(data, filename, CATALOGUE_COLUMNS)


def read_rows(
    data: bytes, filename: str, columns: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """(row number as shown in Excel, {column: text}) for every non-empty data row of a
    sheet whose header row names exactly `columns` (in any order)."""
    extension = PurePath(filename or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("只支持 .xlsx 或 .csv 文件：%(name)s") % {"name": filename}, code="extension"
        )
    rows = iter(_xlsx_rows(data) if extension == ".xlsx" else _csv_rows(data))
    header = [cell.strip().lstrip("\ufeff") for cell in next(rows, [])]
    while header and not header[-1]:
        header.pop()
    missing = [column for column in columns if column not in header]
    unknown = [column for column in header if column not in columns]
    repeated = sorted({column for column in header if header.count(column) > 1})
    problems = []
    if missing:
        problems.append(_("表头缺少列：%(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("表头有未知列：%(columns)s") % {"columns": ", ".join(unknown)})
    if repeated:
        problems.append(_("表头有重复列：%(columns)s") % {"columns": ", ".join(repeated)})
    if problems:
        problems.append(_("第 1 行应为表头：%(columns)s") % {"columns": ",".join(columns)})
        raise ValidationError(problems, code="header")
    result = []
    for number, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        if len(result) >= MAX_ROWS:
            raise ValidationError(
                _("文件超过 %(max)s 行，请拆分后分别导入。") % {"max": MAX_ROWS}, code="too_big"
            )
        values = dict.fromkeys(columns, "")
        extra = cells[len(header) :]
        values.update(zip(header, cells, strict=False))
        if any(extra):
            values["__extra__"] = _("单元格多于表头列数。")
        result.append((number, values))
    return result


# ---- export ---------------------------------------------------------------------------


def write_catalogue_xlsx(entries, out) -> None:
    """The entries as an .xlsx sheet with Chinese headers; a price is a number, 面议 is text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("高价值发明专利目录"))
    sheet.append([str(header) for header in _export_headers()])
    for entry in entries:
        patent = entry.patent
        sheet.append(
            [
                entry.catalogue.year,
                patent.application_number,
                patent.title,
                patent.patentee,
                "；".join(patent.inventors),
                patent.application_date,
                patent.grant_date,
                "; ".join(patent.ipc),
                entry.get_sector_display(),
                "；".join(patent.get_high_value_kinds_display()),
                "；".join(entry.get_cooperation_modes_display()),
                entry.price if isinstance(entry.price, Decimal) else _("面议"),
                entry.contact_name,
                entry.contact_phone,
                patent.abstract,
            ]
        )
    workbook.save(out)


def _export_headers():
    # Translated at export time (the module-level tuple is evaluated once, in Chinese).
    return [
        _("年度"),
        _("申请号"),
        _("专利名称"),
        _("专利权人"),
        _("发明人"),
        _("申请日"),
        _("授权公告日"),
        _("IPC 分类号"),
        _("行业"),
        _("高价值类别"),
        _("合作方式"),
        _("价格（元）"),
        _("联系人"),
        _("联系电话"),
        _("摘要"),
    ]
