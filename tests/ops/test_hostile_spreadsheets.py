"""Spreadsheets built to hurt the reader: a sheet claiming a million rows and 16,384
columns, rows numbered far apart, broken zips, broken or entity-laden XML, a NUL byte in a
CSV cell. Each is refused quickly with a Chinese reason, never a 500 or a tied-up worker."""

import io
import re
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from common import spreadsheets
from common.importing import check_file
from common.spreadsheets import MAX_COLUMNS, MAX_ROWS, read_rows

COLUMNS = ("名称", "数量")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite(data: bytes, member: str, change) -> bytes:
    """The same .xlsx with one archive member's XML text changed by `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content.decode()).encode()
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
GOOD = _xlsx([COLUMNS, ["甲", 1], ["乙", 2]])


def _refused(data, name="目录.xlsx", *words):
    with pytest.raises(ValidationError) as caught:
        read_rows(data, name, COLUMNS)
    text = " ".join(caught.value.messages)
    for word in words:
        assert word in text, text
    return text


def test_a_good_file_still_reads():
    assert read_rows(GOOD, "目录.xlsx", COLUMNS) == [
        (2, {"名称": "甲", "数量": "1"}),
        (3, {"名称": "乙", "数量": "2"}),
    ]


def test_a_dimension_of_the_whole_grid_is_read_in_no_time():
    data = _rewrite(
        GOOD,
        SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml),
    )
    assert len(data) < 10_000
    started = time.monotonic()
    rows = read_rows(data, "目录.xlsx", COLUMNS)
    assert time.monotonic() - started < 2
    assert [number for number, _ in rows] == [2, 3]


def test_a_row_numbered_past_the_cap_is_refused_without_reading_the_gap():
    def far(xml):
        row = f'<row r="{MAX_ROWS * 20}"><c r="A{MAX_ROWS * 20}" t="inlineStr"><is><t>远</t></is></c></row>'
        return xml.replace("</sheetData>", row + "</sheetData>")

    started = time.monotonic()
    _refused(_rewrite(GOOD, SHEET, far), "目录.xlsx", str(MAX_ROWS))
    assert time.monotonic() - started < 2


def test_a_cell_far_to_the_right_is_refused_quickly():
    def wide(xml):
        return xml.replace("</row>", '<c r="XFD2" t="inlineStr"><is><t>右</t></is></c></row>', 2)

    started = time.monotonic()
    _refused(_rewrite(GOOD, SHEET, wide), "目录.xlsx", str(MAX_COLUMNS))
    assert time.monotonic() - started < 2


def test_more_rows_than_the_cap_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    data = _xlsx([COLUMNS, *[[f"单位{n}", n] for n in range(5)]])
    _refused(data, "目录.xlsx", "3")
    csv = ("名称,数量\n" + "".join(f"单位{n},{n}\n" for n in range(5))).encode()
    _refused(csv, "目录.csv", "3")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bad zip", b"PK\x03\x04" + b"\x00" * 200),
        ("not a zip", b"<html>hello</html>"),
        ("truncated", GOOD[: len(GOOD) // 2]),
        (
            "broken sheet xml",
            _rewrite(GOOD, SHEET, lambda xml: xml.replace("</sheetData>", "<row>")),
        ),
        ("broken workbook xml", _rewrite(GOOD, "xl/workbook.xml", lambda xml: xml[:-40])),
        (
            "entity bomb",
            _rewrite(
                GOOD,
                SHEET,
                lambda xml: xml.replace(
                    "<worksheet",
                    '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet',
                    1,
                ).replace("<t>甲</t>", "<t>&c;</t>"),
            ),
        ),
        (
            "external entity",
            _rewrite(
                GOOD,
                "xl/sharedStrings.xml",
                lambda xml: xml.replace(
                    "<sst",
                    '<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst',
                    1,
                ).replace("<t>", "<t>&x;", 1),
            )
            if "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(GOOD)).namelist()
            else _rewrite(
                GOOD,
                SHEET,
                lambda xml: xml.replace(
                    "<worksheet",
                    '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet',
                    1,
                ).replace("<t>甲</t>", "<t>&x;</t>"),
            ),
        ),
    ],
)
def test_a_broken_or_hostile_xlsx_is_refused_with_a_reason(name, data):
    text = _refused(data, "目录.xlsx", ".xlsx")
    assert "root:" not in text


def test_a_zip_that_inflates_beyond_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 50_000)
    padding = "<!-- " + "x" * 200_000 + " -->"
    data = _rewrite(GOOD, SHEET, lambda xml: xml.replace("<sheetData>", padding + "<sheetData>"))
    assert len(data) < 20_000
    _refused(data, "目录.xlsx", ".xlsx")


def test_a_nul_byte_in_a_csv_cell_is_named_not_stored():
    data = "名称,数量\n甲\x00乙,1\n".encode()
    _refused(data, "目录.csv", "第 2 行", "名称")


def test_a_csv_row_wider_than_the_cap_is_refused():
    data = ("名称,数量\n甲,1" + ",x" * (MAX_COLUMNS + 5) + "\n").encode()
    _refused(data, "目录.csv", str(MAX_COLUMNS))


def test_the_import_kernel_reports_a_hostile_file_as_a_problem_of_the_file():
    check = check_file(
        data=b"PK\x03\x04garbage",
        filename="目录.xlsx",
        columns=COLUMNS,
        clean_row=lambda raw: (raw, {}),
    )
    assert not check.ok and check.rows == []
    assert ".xlsx" in check.file_errors[0]


# ---- through the reviewer's import screen --------------------------------------------


def _catalogue_files():
    from tests.patents.conftest import csv_bytes, row, xlsx_bytes

    good_xlsx = xlsx_bytes([row()])
    return [
        ("目录.xlsx", b"PK\x03\x04" + b"\x00" * 64, "无法读取该 .xlsx 文件"),
        (
            "目录.xlsx",
            _rewrite(
                good_xlsx,
                SHEET,
                lambda xml: xml.replace(
                    "<worksheet", '<!DOCTYPE w [<!ENTITY a "b">]><worksheet', 1
                ),
            ),
            "无法读取该 .xlsx 文件",
        ),
        (
            "目录.xlsx",
            _rewrite(
                good_xlsx,
                SHEET,
                lambda xml: re.sub(
                    r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml
                ),
            ),
            None,
        ),
        ("目录.csv", csv_bytes([row(title="一种稠油\x00注采方法")]), "空字符"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("case", range(4))
def test_the_catalogue_import_answers_with_the_reason_never_a_500(
    client, reviewer, case, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # a staged upload lands here, not in the shared folder
    from django.core.files.uploadedfile import SimpleUploadedFile

    from patents.models import CatalogueEntry

    name, data, reason = _catalogue_files()[case]
    client.force_login(reviewer)
    started = time.monotonic()
    response = client.post(
        "/admin/patents/catalogue/import/",
        {"year": 2025, "title": "", "file": SimpleUploadedFile(name, data), "upload": "1"},
    )
    assert time.monotonic() - started < 5
    if reason is None:  # the grid-sized dimension: read as the one row it has
        assert response.status_code == 200
        assert "1" in response.content.decode()
    else:
        assert response.status_code == 400
        assert reason in response.content.decode()
    assert not CatalogueEntry.objects.exists()
