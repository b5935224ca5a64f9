"""Spreadsheets in and out, for every import and export of the portal.

Reading turns an .xlsx or .csv file into rows of text keyed by the header (dates and
numbers from Excel included) and checks the file and its header; what the rows mean is
checked by the importing app. Writing produces an .xlsx or .csv download whose text cells
can never run as a formula in the reviewer's Excel (a seller named "=HYPERLINK(…)" stays
text)."""

import csv
import datetime
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from defusedxml.ElementTree import iterparse
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

EXTENSIONS = (".xlsx", ".csv")
MAX_ROWS = 50_000  # data rows (row numbers past MAX_ROWS + 1 are refused too)
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx inflated: beyond this it is refused unread
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
# What Excel and LibreOffice take as the start of a formula in a cell typed by hand.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)

logger = logging.getLogger(__name__)

Row = tuple[int, dict[str, str]]  # (row number as Excel shows it, {column: text})


# ---- reading ----------------------------------------------------------------------------


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


def _unreadable() -> ValidationError:
    return ValidationError(
        _("无法读取该 .xlsx 文件：文件已损坏或不是 Excel 工作簿。"), code="unreadable"
    )


def _check_archive(data: bytes) -> None:
    """Refuse, before any XML is parsed, a zip that is not one or that inflates to more
    than MAX_UNPACKED_BYTES (a few KB can claim gigabytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("该 .xlsx 文件解压后超过 %(max)s MB，请拆分后分别导入。")
            % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)},
            code="too_big",
        )


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _sheet_extent(sheet) -> tuple[int, int]:
    """(last row, last column) the sheet's cells really use, found by streaming its XML
    (not its `<dimension>` claim) and stopping as soon as a cap is passed."""
    last_row = last_column = column = 0
    with sheet._get_source() as source:  # the sheet's XML in the archive (read-only mode)
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "end":
                if tag == "row":
                    element.clear()
            elif tag == "row":
                reference = element.get("r") or ""
                last_row = int(reference) if reference.isdigit() else last_row + 1
                column = 0
                if last_row > MAX_ROWS + 1:
                    raise _too_many_rows()
            elif tag == "c":
                match = _CELL_REF.match(element.get("r") or "")
                column = _column_number(match.group(1)) if match else column + 1
                if column > MAX_COLUMNS:
                    raise _too_wide(last_row)
                last_column = max(last_column, column)
    return max(last_row, 1), max(last_column, 1)


def _sheet_rows(workbook):
    sheet = workbook.worksheets[0]
    last_row, last_column = _sheet_extent(sheet)
    for row in sheet.iter_rows(max_row=last_row, max_col=last_column, values_only=True):
        yield [_cell_text(value) for value in row]


def _xlsx_rows(data: bytes):
    """Rows of the first sheet, no wider and no longer than its cells really reach.

    The sheet's own claims are not believed: its `<dimension>` is ignored (A1:XFD1048576
    would make openpyxl pad a million rows of 16,384 cells) and a first pass over the XML
    stops at the caps, so a hostile row number or column letter costs nothing. The XML is
    parsed by defusedxml (openpyxl uses it too when installed), which refuses entities;
    whatever the parser raises on a broken file is the file's fault: "unreadable"."""
    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        logger.info("unreadable .xlsx upload", exc_info=True)
        raise _unreadable() from None
    try:
        yield from _sheet_rows(workbook)
    except ValidationError:
        raise
    except Exception:
        logger.info("unreadable .xlsx upload", exc_info=True)
        raise _unreadable() from None
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
        for row in csv.reader(io.StringIO(text)):
            yield [cell.strip() for cell in row[: MAX_COLUMNS + 1]]
    except csv.Error as exc:
        raise ValidationError(
            _("CSV 文件格式不正确：%(reason)s") % {"reason": exc}, code="unreadable"
        ) from None


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("文件超过 %(max)s 行，请拆分后分别导入。") % {"max": MAX_ROWS}, code="too_big"
    )


def _too_wide(number: int) -> ValidationError:
    return ValidationError(
        _("第 %(row)s 行超过 %(max)s 列，请删除多余的列后重新上传。")
        % {"row": number, "max": MAX_COLUMNS},
        code="too_wide",
    )


def _check_cells(number: int, header: list[str], cells: list[str]) -> None:
    """Refuse a row wider than MAX_COLUMNS or a cell holding a NUL (no database stores it)."""
    if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
        raise _too_wide(number)
    for index, cell in enumerate(cells):
        if "\x00" in cell:
            column = header[index] if index < len(header) and header[index] else index + 1
            raise ValidationError(
                _("第 %(row)s 行 %(column)s 含有空字符（NUL），请删除后重新上传。")
                % {"row": number, "column": column},
                code="nul",
            )


def check_extension(filename: str) -> str:
    extension = PurePath(filename or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("只支持 .xlsx 或 .csv 文件：%(name)s") % {"name": filename}, code="extension"
        )
    return extension


def count_data_rows(data: bytes, filename: str, *, up_to: int | None = None) -> int:
    """How many non-empty rows follow the header, counting no further than `up_to`; 0 for
    a file that cannot be read (reading it properly says why)."""
    try:
        extension = check_extension(filename)
        rows = iter(_xlsx_rows(data) if extension == ".xlsx" else _csv_rows(data))
        next(rows, None)
        count = 0
        for cells in rows:
            if any(cells):
                count += 1
                if up_to is not None and count >= up_to:
                    break
        return count
    except ValidationError:
        return 0


def read_rows(
    data: bytes, filename: str, columns: tuple[str, ...], *, aliases: dict | None = None
) -> list[Row]:
    """(row number as shown in Excel, {column: text}) for every non-empty data row of a
    sheet whose header row names exactly `columns` (in any order).

    `aliases` maps other header texts to one of `columns` (a Chinese header to its code),
    or to None for a column to leave out (an export's 年度); the first alias of a column
    is how a missing column is named beside its code."""
    aliases = aliases or {}
    extension = check_extension(filename)
    rows = iter(_xlsx_rows(data) if extension == ".xlsx" else _csv_rows(data))
    header = [cell.strip().lstrip("\ufeff") for cell in next(rows, [])]
    _check_cells(1, header, header)
    while header and not header[-1]:
        header.pop()
    skipped = {i for i, cell in enumerate(header) if cell in aliases and aliases[cell] is None}
    named = [aliases.get(cell, cell) for cell in header]
    kept = [column for i, column in enumerate(named) if i not in skipped]
    alias_of = {}
    for text, column in aliases.items():
        alias_of.setdefault(column, text)
    missing = [
        f"{column} / {alias_of[column]}" if column in alias_of else column
        for column in columns
        if column not in kept
    ]
    unknown = [
        cell for i, cell in enumerate(header) if i not in skipped and named[i] not in columns
    ]
    repeated = sorted({column for column in kept if kept.count(column) > 1})
    problems = []
    if missing:
        problems.append(_("表头缺少列：%(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("表头有未知列：%(columns)s") % {"columns": ", ".join(unknown)})
    if repeated:
        problems.append(_("表头有重复列：%(columns)s") % {"columns": ", ".join(repeated)})
    if problems:
        problems.append(_("第 1 行应为表头：%(columns)s") % {"columns": ",".join(columns)})
        if alias_of:
            others = ",".join(alias_of[column] for column in columns if column in alias_of)
            problems.append(_("（也可用表头：%(columns)s）") % {"columns": others})
        raise ValidationError(problems, code="header")
    result = []
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            if any(cells):
                raise _too_many_rows()
            continue
        if not any(cells):
            continue
        if len(result) >= MAX_ROWS:
            raise _too_many_rows()
        _check_cells(number, header, cells)
        values = dict.fromkeys(columns, "")
        extra = cells[len(header) :]
        values.update(
            (column, cell)
            for i, (column, cell) in enumerate(zip(named, cells, strict=False))
            if i not in skipped
        )
        if any(extra):
            values["__extra__"] = _("单元格多于表头列数。")
        result.append((number, values))
    return result


# ---- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (translated when written), how to get the value
    from a row object, and an Excel number format for numbers and dates."""

    header: Any
    value: Callable[[Any], Any]
    number_format: str | None = None


def _plain(value):
    """What a cell holds: numbers and dates as themselves, everything else as text."""
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return str(value)


def write_xlsx(out, *, title: str, columns: Iterable[Column], rows: Iterable) -> None:
    """Stream `rows` into an .xlsx sheet (bold header, frozen first row) written to `out`."""
    columns = list(columns)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])  # Excel's limit on a sheet name
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = _plain(column.value(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif column.number_format and value is not None:
                cell.number_format = column.number_format
            cells.append(cell)
        sheet.append(cells)
    workbook.save(out)


def _csv_safe(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text  # shown as text by Excel; a negative number stays a number
    return text


def _is_number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


def write_csv(out, *, columns: Iterable[Column], rows: Iterable) -> None:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese headers correctly."""
    columns = list(columns)
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        writer.writerow([_csv_safe(column.value(row)) for column in columns])


def xlsx_response(filename: str, *, title: str, columns, rows) -> HttpResponse:
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_xlsx(response, title=title, columns=columns, rows=rows)
    return response


def csv_response(filename: str, *, columns, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, columns=columns, rows=rows)
    return response


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, columns and rows (as `write_xlsx` takes them)."""

    title: Any
    columns: Iterable[Column]
    rows: Iterable


def write_xlsx_sheets(out, sheets: Iterable[Sheet]) -> None:
    """Several sheets in one .xlsx, each written like `write_xlsx` (formula-safe text)."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        columns = list(spec.columns)
        sheet = workbook.create_sheet(str(spec.title)[:31])
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=str(column.header))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            cells = []
            for column in columns:
                value = _plain(column.value(row))
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif column.number_format and value is not None:
                    cell.number_format = column.number_format
                cells.append(cell)
            sheet.append(cells)
    workbook.save(out)
