"""The import in the bureau's language: the export's Chinese headers as well as the codes,
Chinese labels for the coded columns, Chinese errors, a template, and export → import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from patents.columns import HEADERS
from patents.models import CatalogueEntry
from patents.services import catalogue_check, catalogue_import
from tests.patents.conftest import csv_bytes, number, publish, row, xlsx_bytes

pytestmark = pytest.mark.django_db

CHINESE = dict(HEADERS)  # code → Chinese header
ENTRY_DATA = (*CatalogueEntry.DESCRIBED_FIELDS, *CatalogueEntry.LISTED_FIELDS)


def in_chinese(values: dict) -> dict:
    return {CHINESE[code]: value for code, value in values.items()}


def chinese_rows():
    return [
        in_chinese(
            row(
                application_number=number("202110000301"),
                sector="油气田开发",
                high_value_kinds="战略性新兴产业；获国家科学技术奖或中国专利奖",
                cooperation_modes="许可；作价入股",
                price="面议",
            )
        ),
        in_chinese(row(application_number=number("202110000302"), sector="digital")),
    ]


def entries(year: int) -> list[tuple]:
    return [
        (entry.patent.application_number, *(getattr(entry, name) for name in ENTRY_DATA))
        for entry in CatalogueEntry.objects.filter(catalogue__year=year)
        .select_related("patent")
        .order_by("patent__application_number")
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_chinese_headers_and_labels_import(kind):
    rows = chinese_rows()
    columns = list(rows[0])
    data = csv_bytes(rows, columns=columns) if kind == "csv" else xlsx_bytes(rows, columns=columns)
    outcome = catalogue_import(year=2025, data=data, filename=f"c.{kind}", by=None)
    assert outcome.created == 2
    first = CatalogueEntry.objects.get(patent__application_number=number("202110000301"))
    assert first.sector == "oil_gas" and first.price is None
    assert first.high_value_kinds == ["strategic_emerging", "award"]
    assert first.cooperation_modes == ["license", "equity"]


def test_an_export_imports_into_a_new_year_with_the_same_entries(client):
    publish(
        [
            row(application_number=number("202110000311"), price="1200000.50", grant_date=""),
            row(
                application_number=number("202210000312"),
                inventors="",
                sector="new_energy_materials",
                ipc="H01M 4/58; H01M 10/0525",
                high_value_kinds="overseas_family;maintained_10y",
                cooperation_modes="joint_development",
                price="",
                contact_phone="",
            ),
        ],
        year=2025,
    )
    for language, year in (("zh-hans", 2030), ("en", 2031)):
        client.cookies["django_language"] = language
        exported = client.get("/patents/export.xlsx?year=2025").content
        check = catalogue_check(data=exported, filename="export.xlsx")
        assert check.ok, check.errors
        catalogue_import(year=year, data=exported, filename="export.xlsx", by=None)
        assert entries(year) == entries(2025), language


def test_a_wrong_label_names_the_row_the_column_and_the_accepted_labels():
    rows = [in_chinese(row(sector="石油", cooperation_modes="赠送"))]
    check = catalogue_check(data=csv_bytes(rows, columns=list(rows[0])), filename="c.csv")
    text = "\n".join(check.errors)
    assert "第 2 行 产业领域：产业领域取值不正确：石油" in text
    assert "油气田开发、高端装备制造、新能源新材料、数字技术、其他" in text
    assert "第 2 行 合作方式" in text and "转让、许可、作价入股、合作开发、技术服务" in text


def test_a_missing_chinese_column_is_named_in_chinese():
    rows = [in_chinese(row())]
    columns = [c for c in rows[0] if c != "联系电话"] + ["备注"]
    text = " ".join(catalogue_check(data=csv_bytes(rows, columns=columns), filename="c.csv").errors)
    assert "表头缺少列：contact_phone / 联系电话" in text and "备注" in text


def test_english_problems_speak_english(settings):
    from django.utils import translation

    rows = [in_chinese(row(sector="petrol"))]
    with translation.override("en"):
        text = " ".join(
            catalogue_check(data=csv_bytes(rows, columns=list(rows[0])), filename="c.csv").errors
        )
    assert "Row 2" in text and "Sector" in text and "Oil & gas field development" in text


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_the_admin_preview_speaks_chinese_and_offers_a_template(reviewer_client):
    page = reviewer_client.get("/admin/patents/catalogue/import/").content.decode()
    assert 'id="import-columns"' in page and "产业领域" in page and "油气田开发（oil_gas）" in page
    template = reviewer_client.get("/admin/patents/catalogue/import/template.xlsx")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content)).active
    header = next(sheet.iter_rows(values_only=True))
    assert header == tuple(HEADERS.values())

    rows = chinese_rows()
    response = reviewer_client.post(
        "/admin/patents/catalogue/import/",
        {
            "year": 2025,
            "file": SimpleUploadedFile("c.xlsx", xlsx_bytes(rows, columns=list(rows[0]))),
            "upload": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<th>产业领域</th>" in html and "<th>application_number</th>" not in html
    assert "<td>油气田开发</td>" in html and "<td>数字技术</td>" in html
    assert "许可、作价入股" in html and "<td>面议</td>" in html
    assert "草稿" in html and "确认导入" in html
    token = response.context["token"]
    reviewer_client.post("/admin/patents/catalogue/import/", {"token": token, "cancel": "1"})


def test_the_admin_asks_for_a_note_to_correct_a_published_year(reviewer_client):
    publish([row()], year=2025)
    changed = csv_bytes([row(price="1")])

    def upload(note=""):
        return reviewer_client.post(
            "/admin/patents/catalogue/import/",
            {
                "year": 2025,
                "note": note,
                "file": SimpleUploadedFile("c.csv", changed),
                "upload": "1",
            },
        )

    refused = upload()
    assert refused.status_code == 400 and "请填写修订说明" in refused.content.decode()
    preview = upload("价格更正")
    assert preview.status_code == 200 and 'id="correction"' in preview.content.decode()
    assert "更新：参考价格" in preview.content.decode()
    reviewer_client.post("/admin/patents/catalogue/import/", {"token": preview.context["token"]})
    assert str(CatalogueEntry.objects.get().price) == "1.00"
