"""Catalogue years: drafts until a reviewer publishes them, and published years that a
later import never rewrites (a reviewer's correction, with a note, is recorded)."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from patents.demo import DEMO_YEAR, seed
from patents.models import Catalogue, CatalogueEntry, CatalogueEvent, Patent
from patents.services import catalogue_import, catalogue_publish
from tests.conftest import api_as
from tests.patents.conftest import csv_bytes, many_rows, number, publish, row

pytestmark = pytest.mark.django_db


def draft(rows, year=2026, **kwargs):
    return catalogue_import(year=year, data=csv_bytes(rows), filename="d.csv", by=None, **kwargs)


def entry_list(client, year: int, page: int = 1) -> str:
    """The rendered entries and facets of a year's page (the year switcher aside)."""
    html = client.get(f"/patents/?year={year}&page={page}").content.decode()
    start = html.index('<div class="patents-layout">')
    return html[start : html.index("</main>")]


def export_rows(client, year: int) -> list[tuple]:
    response = client.get(f"/patents/export.xlsx?year={year}")
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_a_2026_import_leaves_the_published_2025_byte_for_byte_the_same(client, api):
    seed(io.StringIO())  # the demo catalogue, imported and published
    before = {
        "pages": [entry_list(client, DEMO_YEAR, page) for page in (1, 2)],
        "api": api.get(f"/api/v1/catalogues/{DEMO_YEAR}/").content,
        "facets": client.get(f"/patents/?year={DEMO_YEAR}").context["facets"],
        "export": export_rows(client, DEMO_YEAR),
    }
    demo = list(CatalogueEntry.objects.filter(catalogue__year=DEMO_YEAR).select_related("patent"))
    several_kinds = next(e for e in demo if len(e.high_value_kinds) > 1)
    reused = [several_kinds, next(e for e in demo if e.pk != several_kinds.pk)]
    rows_2026 = [
        row(
            application_number=entry.patent.application_number,
            title=entry.title,
            patentee=entry.patentee.replace("（演示）", ""),
            abstract="测试摘要",
            sector="digital",
            high_value_kinds=entry.high_value_kinds[0],
            application_date=entry.application_date.isoformat(),
            grant_date="",
        )
        for entry in reused
    ]
    draft(rows_2026, year=2026)
    # A draft is not public: /patents/ stays on 2025, 2026 is a 404.
    assert client.get("/patents/").context["catalogue"].year == DEMO_YEAR
    assert client.get("/patents/?year=2026").status_code == 404
    catalogue_publish(catalogue=Catalogue.objects.get(year=2026), by=None)

    assert [entry_list(client, DEMO_YEAR, page) for page in (1, 2)] == before["pages"]
    assert api.get(f"/api/v1/catalogues/{DEMO_YEAR}/").content == before["api"]
    assert client.get(f"/patents/?year={DEMO_YEAR}").context["facets"] == before["facets"]
    assert export_rows(client, DEMO_YEAR) == before["export"]
    # 2026 shows its own data, and is now the default year.
    assert client.get("/patents/").context["catalogue"].year == 2026
    body = api.get("/api/v1/catalogues/2026/").json()
    assert {e["patent"]["abstract"] for e in body["entries"]} == {"测试摘要"}
    assert all("（演示）" not in e["patent"]["patentee"] for e in body["entries"])
    # The patent itself now reads as its newest published year.
    assert Patent.objects.get(pk=reused[0].patent_id).abstract == "测试摘要"


def test_drafts_are_hidden_from_the_public_everywhere(client, api):
    publish(many_rows(2), year=2025)
    draft([row(application_number=number("202110000077"), title="草稿中的专利")], year=2026)
    drafted = number("202110000077")
    assert [c["year"] for c in api.get("/api/v1/catalogues/").json()["results"]] == [2025]
    assert api.get("/api/v1/catalogues/2026/").status_code == 404
    assert client.get("/patents/export.xlsx?year=2026").status_code == 404
    assert api.get(f"/api/v1/patents/{drafted}/").status_code == 404
    assert client.get(f"/patents/{drafted}/").status_code == 404
    listed = [p["application_number"] for p in api.get("/api/v1/patents/").json()["results"]]
    assert drafted not in listed and len(listed) == 2
    assert api.get("/api/v1/patents/?catalogue_year=2026").json()["count"] == 0
    html = client.get("/patents/").content.decode()
    assert "?year=2026" not in html and "草稿中的专利" not in html


def test_reviewers_preview_a_draft(client, reviewer):
    publish(many_rows(1), year=2025)
    draft([row(title="草稿中的专利")], year=2026)
    client.force_login(reviewer)
    assert client.get("/patents/").context["catalogue"].year == 2025  # default: published
    page = client.get("/patents/?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "草稿预览" in html
        and "草稿中的专利" in html
        and '2026 <span class="badge warn">草稿</span>' in html
    )
    body = api_as(reviewer).get("/api/v1/catalogues/2026/").json()
    assert body["status"] == "draft" and body["published_at"] is None


def test_publishing_through_the_api(api, reviewer, enterprise_user):
    draft(many_rows(2), year=2026)
    assert api.post("/api/v1/catalogues/2026/publish/").status_code in (401, 403)
    assert api_as(enterprise_user).post("/api/v1/catalogues/2026/publish/").status_code == 403
    assert Catalogue.objects.get(year=2026).status == "draft"
    as_reviewer = api_as(reviewer)
    assert as_reviewer.post("/api/v1/catalogues/2019/publish/").status_code == 404
    response = as_reviewer.post("/api/v1/catalogues/2026/publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published" and response.json()["entry_count"] == 2
    body = api.get("/api/v1/catalogues/2026/").json()
    assert body["status"] == "published" and body["published_at"] and body["revised_at"] is None
    again = as_reviewer.post("/api/v1/catalogues/2026/publish/")
    assert again.status_code == 400 and "已经发布" in again.json()["status"][0]
    event = CatalogueEvent.objects.get()
    assert (event.kind, event.by) == ("published", reviewer)


def test_an_empty_year_cannot_be_published(reviewer):
    catalogue = Catalogue.objects.create(year=2027)
    with pytest.raises(ValidationError, match="没有任何条目"):
        catalogue_publish(catalogue=catalogue, by=reviewer)
    assert Catalogue.objects.get(year=2027).status == "draft"


def test_a_published_year_changes_only_by_a_reviewers_correction_with_a_note(
    client, api, reviewer, enterprise_user
):
    rows = many_rows(3)
    publish(rows, year=2025)
    before = api.get("/api/v1/catalogues/2025/").content
    rows[0]["price"] = "990000"
    rows[1]["abstract"] = "修订后的摘要"
    with pytest.raises(ValidationError, match="修订说明"):
        publish(rows, year=2025, by=reviewer)
    with pytest.raises(ValidationError, match="只有登记员"):
        publish(rows, year=2025, by=enterprise_user, note="改价格")
    assert api.get("/api/v1/catalogues/2025/").content == before
    # The same file again is no change: no note needed, nothing recorded.
    publish(many_rows(3), year=2025)

    outcome = publish(rows, year=2025, by=reviewer, note="专利权人来函更正价格和摘要")
    assert outcome.corrected and outcome.updated == 2
    event = CatalogueEvent.objects.get(kind="corrected")
    assert (event.by, event.note) == (reviewer, "专利权人来函更正价格和摘要")
    assert event.changes == {
        "added": [],
        "removed": [],
        "changed": {
            rows[0]["application_number"]: ["price"],
            rows[1]["application_number"]: ["abstract"],
        },
    }
    body = api.get("/api/v1/catalogues/2025/").json()
    day = Catalogue.objects.get(year=2025).revised_at
    assert body["revised_at"] and day is not None
    assert f"修订于 {day.astimezone().date():%Y-%m-%d}" in client.get("/patents/").content.decode()


def test_the_admin_publishes_and_shows_the_history(client, reviewer):
    draft(many_rows(2), year=2026)
    catalogue = Catalogue.objects.get(year=2026)
    client.force_login(reviewer)
    response = client.post(
        "/admin/patents/catalogue/",
        {"action": "publish_selected", "_selected_action": [catalogue.pk]},
    )
    assert response.status_code == 302
    catalogue.refresh_from_db()
    assert catalogue.is_published and catalogue.published_at is not None
    page = client.get(f"/admin/patents/catalogue/{catalogue.pk}/change/").content.decode()
    assert "发布" in page and reviewer.username in page


def test_the_command_corrects_a_published_year_only_with_a_note(tmp_path):
    from django.core.management import CommandError, call_command

    publish(many_rows(2), year=2025)
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes(many_rows(2, price="5")))
    with pytest.raises(CommandError, match="修订说明"):
        call_command("import_catalogue", str(path), "--year", "2025")
    call_command("import_catalogue", str(path), "--year", "2025", "--note", "价格更正")
    assert CatalogueEvent.objects.filter(kind="corrected", note="价格更正").exists()
    call_command("import_catalogue", str(path), "--year", "2026", "--publish")
    assert Catalogue.objects.get(year=2026).is_published


def test_drafts_corrections_and_the_import_speak_english(client, reviewer):
    publish(many_rows(1), year=2025)
    publish(many_rows(1, price="5"), year=2025, by=reviewer, note="价格更正")
    draft(many_rows(1), year=2026)
    client.force_login(reviewer)
    client.cookies["django_language"] = "en"
    html = client.get("/patents/?year=2026").content.decode()
    assert "Draft preview" in html and "草稿" not in html
    assert "Revised on" in client.get("/patents/?year=2025").content.decode()
    page = client.get("/admin/patents/catalogue/import/").content.decode()
    for words in ("Correction note", "Download the import template", "Sector", "Oil"):
        assert words in page
    assert "修订说明" not in page and "产业领域" not in page
    pk = Catalogue.objects.get(year=2025).pk
    change = client.get(f"/admin/patents/catalogue/{pk}/change/").content.decode()
    assert "Catalogue corrected" in change and "目录修订" not in change
