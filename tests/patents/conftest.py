"""Catalogue files for the patent tests, built the way reviewers build them."""

import contextlib
import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from patents.services import catalogue_import, catalogue_publish
from patents.validators import CATALOGUE_COLUMNS, patent_check_character

SAMPLE = Path(__file__).with_name("catalogue-2025-sample.csv")


def number(serial12: str) -> str:
    """A valid application number for 12 digits (the check character computed)."""
    return f"{serial12}.{patent_check_character(serial12)}"


def row(**values) -> dict:
    base = {
        "application_number": number("202110000001"),
        "title": "一种稠油油藏蒸汽驱注采方法",
        "patentee": "测试石油科技有限公司",
        "inventors": "张三;李四",
        "application_date": "2021-03-01",
        "grant_date": "2023-05-01",
        "ipc": "E21B 43/24",
        "sector": "oil_gas",
        "high_value_kinds": "strategic_emerging",
        "cooperation_modes": "license;transfer",
        "price": "1000000",
        "contact_name": "王老师",
        "contact_phone": "0990-6000001",
        "abstract": "本发明公开了一种用于稠油油藏的注采方法。",
    }
    base.update(values)
    return base


def many_rows(count: int, start: int = 1, **values) -> list[dict]:
    return [
        row(
            application_number=number(f"2021100{n:05d}"),
            title=f"一种油藏压裂监测方法{n}",
            **values,
        )
        for n in range(start, start + count)
    ]


def csv_bytes(rows: list[dict], *, bom: bool = False, columns=CATALOGUE_COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict], *, columns=CATALOGUE_COLUMNS, typed: bool = True) -> bytes:
    """An .xlsx as Excel would save it: with `typed`, dates and prices are real cells."""
    import datetime
    from decimal import Decimal

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for values in rows:
        cells = []
        for column in columns:
            value = values.get(column, "")
            if typed and column in ("application_date", "grant_date") and value:
                with contextlib.suppress(ValueError):
                    value = datetime.date.fromisoformat(value)
            if typed and column == "price" and value:
                with contextlib.suppress(ArithmeticError):
                    value = float(Decimal(value))
            cells.append(value if value != "" else None)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def publish(rows: list[dict], *, year: int = 2025, by=None, **kwargs):
    """Import `rows` into the year and publish it, as a reviewer does (a year already
    published is corrected: `note` then)."""
    outcome = catalogue_import(
        year=year, data=csv_bytes(rows), filename="catalogue.csv", by=by, **kwargs
    )
    if not outcome.catalogue.is_published:
        catalogue_publish(catalogue=outcome.catalogue, by=by)
    return outcome


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()
