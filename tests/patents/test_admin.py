from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from patents.models import Catalogue, CatalogueEntry, CatalogueImport, Patent
from tests.conftest import PASSWORD
from tests.patents.conftest import csv_bytes, many_rows, number, row, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/patents/catalogue/import/"


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def upload(client, data: bytes, name: str, year=2025, title=""):
    return client.post(
        IMPORT_URL,
        {"year": year, "title": title, "file": SimpleUploadedFile(name, data), "upload": "1"},
    )


def stored_uploads() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_reviewers_hold_the_catalogue_permissions(reviewer):
    for codename in (
        "import_catalogue",
        "change_patent",
        "add_catalogue",
        "change_catalogueentry",
        "view_catalogueimport",
    ):
        assert reviewer.has_perm(f"patents.{codename}"), codename
    assert not reviewer.has_perm("patents.delete_catalogue")


def test_the_catalogue_list_offers_the_import(reviewer_client):
    response = reviewer_client.get("/admin/patents/catalogue/")
    assert response.status_code == 200
    assert IMPORT_URL in response.content.decode()


def test_upload_preview_then_confirm_imports(reviewer_client, reviewer):
    page = reviewer_client.get(IMPORT_URL)
    assert page.status_code == 200 and "上传并预览" in page.content.decode()

    preview = upload(reviewer_client, xlsx_bytes(many_rows(3)), "catalogue.xlsx")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "确认导入" in html and "一种油藏压裂监测方法3" in html
    assert not Patent.objects.exists() and not Catalogue.objects.exists()  # nothing yet
    assert len(stored_uploads()) == 1
    token = preview.context["token"]

    confirmed = reviewer_client.post(IMPORT_URL, {"token": token, "confirm": "1"})
    catalogue = Catalogue.objects.get(year=2025)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/admin/patents/catalogue/{catalogue.pk}/change/"
    assert CatalogueEntry.objects.count() == 3
    assert CatalogueImport.objects.get().imported_by == reviewer
    assert stored_uploads() == []
    # The same token cannot be confirmed twice.
    again = reviewer_client.post(IMPORT_URL, {"token": token, "confirm": "1"})
    assert again.status_code == 302 and again["Location"] == IMPORT_URL


def test_a_bad_file_is_previewed_with_every_error_and_cannot_be_confirmed(reviewer_client):
    rows = [
        row(application_number=number("202110000001")),
        row(application_number="ZL202010123456.7", price="abc"),
        row(application_number=number("202110000003"), ipc="E21B43"),
    ]
    preview = upload(reviewer_client, csv_bytes(rows), "bad.csv")
    assert preview.status_code == 400
    html = preview.content.decode()
    assert "第 3 行 申请号" in html and "第 3 行 参考价格" in html
    assert "第 4 行 IPC分类号" in html and "确认导入" not in html
    assert 'id="import-preview"' in html and html.count("✓") == 1  # every row shown
    assert stored_uploads() == [] and not Patent.objects.exists()


def test_the_confirmation_checks_the_stored_file_again(reviewer_client):
    preview = upload(reviewer_client, csv_bytes(many_rows(2)), "catalogue.csv")
    (stored,) = stored_uploads()
    stored.write_bytes(csv_bytes([*many_rows(2), row(application_number="junk")]))
    response = reviewer_client.post(IMPORT_URL, {"token": preview.context["token"]})
    assert response.status_code == 400
    assert "第 4 行 申请号" in response.content.decode()
    assert not Patent.objects.exists()


def test_cancel_removes_the_upload_and_imports_nothing(reviewer_client):
    preview = upload(reviewer_client, csv_bytes(many_rows(2)), "catalogue.csv")
    response = reviewer_client.post(IMPORT_URL, {"token": preview.context["token"], "cancel": "1"})
    assert response.status_code == 302
    assert stored_uploads() == [] and not Patent.objects.exists()


def test_a_forged_token_is_refused(reviewer_client):
    response = reviewer_client.post(IMPORT_URL, {"token": "../../settings"})
    assert response.status_code == 302 and not Patent.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [("catalogue.xls", b"x", "只支持"), ("catalogue.csv", b"", "空文件")],
)
def test_upload_form_errors(reviewer_client, name, data, words):
    response = upload(reviewer_client, data, name)
    assert response.status_code == 400 and words in response.content.decode()


def test_a_bad_year_is_refused(reviewer_client):
    response = upload(reviewer_client, csv_bytes(many_rows(1)), "c.csv", year=1900)
    assert response.status_code == 400 and not Catalogue.objects.exists()


def test_staff_without_the_permission_cannot_import(client):
    clerk = User.objects.create_user(username="clerk", password=PASSWORD, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_catalogue"))
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    assert IMPORT_URL not in client.get("/admin/patents/catalogue/").content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_patent_is_saved_from_the_admin_in_normal_form(reviewer_client):
    response = reviewer_client.post(
        "/admin/patents/patent/add/",
        {
            "application_number": "ZL 2021 1034 4405.7",
            "title": "一种油藏注采方法",
            "patentee": "测试单位",
            "inventors": "张三；李四",
            "application_date": "2021-03-30",
            "grant_date": "2023-01-01",
            "ipc": "e21b43/16",
            "high_value_kinds": ["award"],
            "abstract": "",
            "catalogue_entries-TOTAL_FORMS": "0",
            "catalogue_entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    patent = Patent.objects.get()
    assert patent.application_number == "202110344405.7"
    assert patent.inventors == ["张三", "李四"] and patent.ipc_index == "|E21B 43/16|"


def test_the_admin_refuses_a_bad_number(reviewer_client):
    response = reviewer_client.post(
        "/admin/patents/patent/add/",
        {
            "application_number": "ZL202010123456.7",
            "title": "x",
            "patentee": "y",
            "ipc": "E21B 43/16",
            "high_value_kinds": ["award"],
            "catalogue_entries-TOTAL_FORMS": "0",
            "catalogue_entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "校验位" in str(response.context["adminform"].form.errors["application_number"])


def test_the_catalogue_change_page_shows_its_entries(reviewer_client):
    from tests.patents.conftest import publish

    publish(many_rows(2))
    catalogue = Catalogue.objects.get()
    response = reviewer_client.get(f"/admin/patents/catalogue/{catalogue.pk}/change/")
    assert response.status_code == 200
    assert "一种油藏压裂监测方法2" in response.content.decode()
