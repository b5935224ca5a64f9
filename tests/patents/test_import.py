import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from common.importing import ImportRejected
from patents.models import Catalogue, CatalogueEntry, CatalogueImport, Patent
from patents.services import catalogue_check, catalogue_import
from tests.patents.conftest import csv_bytes, many_rows, number, publish, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything an import may touch, to prove that something did not change."""
    return (
        list(Catalogue.objects.order_by("pk").values()),
        list(Patent.objects.order_by("pk").values()),
        list(CatalogueEntry.objects.order_by("pk").values()),
        CatalogueImport.objects.count(),
    )


def test_the_published_sample_imports_cleanly(sample_bytes, reviewer):
    outcome = catalogue_import(
        year=2025, data=sample_bytes, filename="catalogue-2025-sample.csv", by=reviewer
    )
    assert (outcome.rows, outcome.created, outcome.patents_created) == (8, 8, 8)
    catalogue = Catalogue.objects.get(year=2025)
    assert catalogue.title == "2025年克拉玛依市高价值发明专利产业化推广目录清单"
    # An import makes a draft: nobody but reviewers sees it until it is published.
    assert catalogue.status == "draft" and catalogue.published_at is None
    assert not catalogue.is_demo
    patent = Patent.objects.get(application_number="202212864498.3")
    assert patent.inventors == ["张三", "李四"]
    assert patent.ipc == ["E21B 43/16"] and patent.ipc_index == "|E21B 43/16|"
    assert patent.application_date == datetime.date(2022, 1, 13)
    entry = patent.catalogue_entries.get()
    assert entry.price == Decimal("1200000.50") and entry.cooperation_modes == ["equity"]
    assert (
        Patent.objects.get(application_number="202110016906.2").catalogue_entries.get().price
        is None
    )
    event = CatalogueImport.objects.get()
    assert (event.imported_by, event.rows, event.created) == (reviewer, 8, 8)


def test_reimporting_the_same_file_changes_nothing(sample_bytes):
    catalogue_import(year=2025, data=sample_bytes, filename="a.csv", by=None)
    before = snapshot()
    outcome = catalogue_import(year=2025, data=sample_bytes, filename="a.csv", by=None)
    assert not outcome.changed and outcome.unchanged == 8
    assert snapshot() == before


def test_reimporting_the_same_xlsx_changes_nothing():
    rows = many_rows(5, price="1200000.50")
    catalogue_import(year=2025, data=xlsx_bytes(rows), filename="a.xlsx", by=None)
    before = snapshot()
    outcome = catalogue_import(year=2025, data=xlsx_bytes(rows), filename="a.xlsx", by=None)
    assert not outcome.changed
    assert snapshot() == before


def test_a_changed_file_replaces_the_draft_of_that_year_only():
    publish(many_rows(3), year=2024)
    catalogue_import(year=2025, data=csv_bytes(many_rows(3)), filename="a.csv", by=None)
    rows = many_rows(3)
    rows[0]["price"] = ""  # now 面议
    rows[1]["title"] = "一种改进后的油藏压裂监测方法"
    rows.pop(2)
    rows += many_rows(1, start=10)
    outcome = catalogue_import(year=2025, data=csv_bytes(rows), filename="b.csv", by=None)
    assert (outcome.created, outcome.updated, outcome.removed) == (1, 2, 1)
    # The patent keeps the words of its newest published year (2024), not the draft's.
    assert (outcome.patents_created, outcome.patents_updated) == (1, 0)
    assert CatalogueEntry.objects.filter(catalogue__year=2025).count() == 3
    assert CatalogueEntry.objects.filter(catalogue__year=2024).count() == 3
    renamed = CatalogueEntry.objects.get(
        catalogue__year=2025, patent__application_number=rows[1]["application_number"]
    )
    assert renamed.title == "一种改进后的油藏压裂监测方法"
    kept = CatalogueEntry.objects.get(
        catalogue__year=2024, patent__application_number=rows[1]["application_number"]
    )
    assert kept.title == "一种油藏压裂监测方法2" == kept.patent.title
    # A patent in two years' catalogues: one row, two entries.
    patent = Patent.objects.get(application_number=rows[0]["application_number"])
    assert sorted(e.catalogue.year for e in patent.catalogue_entries.all()) == [2024, 2025]


MIXED = [
    row(application_number=number("202110000001")),  # row 2: good
    row(application_number="ZL202010123456.7"),  # row 3: DOMAIN.md's near-miss
    row(application_number=number("202110000003"), sector="petrol", price="十万"),  # row 4
    row(application_number=number("202110000004"), ipc="E21B43", grant_date="2020-01-01"),
    row(application_number="CN" + number("202110000001").replace(".", "")),  # row 6: dup of 2
    row(application_number=number("202120000006")),  # row 7: a utility model
    row(application_number=number("202110000007"), title="", high_value_kinds="famous"),
]


def _assert_every_error_is_listed(errors: list[str]) -> None:
    # Each problem names its row and the column's Chinese header (as in the export).
    text = "\n".join(errors)
    assert "第 3 行 申请号" in text and "校验位" in text
    assert "第 4 行 产业领域" in text and "petrol" in text and "油气田开发" in text
    assert "第 4 行 参考价格" in text
    assert "第 5 行 IPC分类号" in text and "E21B43" in text
    assert "第 5 行 授权日" in text and "授权日不能早于申请日" in text
    assert "第 6 行 申请号" in text and "与第 2 行重复" in text
    assert "第 7 行 申请号" in text and "不是发明专利" in text
    assert "第 8 行 专利名称" in text and "第 8 行 高价值类型" in text
    assert not [line for line in errors if line.startswith("第 2 行")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_bad_row_means_nothing_is_imported_and_every_error_is_listed(kind):
    data = csv_bytes(MIXED) if kind == "csv" else xlsx_bytes(MIXED)
    with pytest.raises(ImportRejected) as caught:
        catalogue_import(year=2025, data=data, filename=f"mixed.{kind}", by=None)
    _assert_every_error_is_listed(caught.value.check.errors)
    assert caught.value.check.bad_rows == 6
    assert snapshot() == ([], [], [], 0)


def test_a_bad_row_in_a_reimport_leaves_the_published_catalogue_as_it_was():
    publish(many_rows(3))
    before = snapshot()
    rows = many_rows(3)
    rows[1]["price"] = "-5"
    rows[0]["title"] = "改了名字"
    with pytest.raises(ImportRejected):
        publish(rows)
    assert snapshot() == before


def test_csv_with_a_utf8_bom_imports():
    outcome = catalogue_import(
        year=2025, data=csv_bytes(many_rows(2), bom=True), filename="bom.csv", by=None
    )
    assert outcome.created == 2


def test_xlsx_with_text_cells_imports_like_typed_cells():
    rows = many_rows(2, price="1200000.50")
    outcome = catalogue_import(
        year=2025, data=xlsx_bytes(rows, typed=False), filename="t.xlsx", by=None
    )
    assert outcome.created == 2
    assert CatalogueEntry.objects.first().price == Decimal("1200000.50")


def test_numbers_are_normalised_and_labels_accepted():
    rows = [
        row(
            application_number="ZL 2021 1000 0001." + number("202110000001")[-1],
            sector="油气田开发",
            cooperation_modes="转让；许可",
            ipc="e21b43/24; C09K 8/58",
            price="1,000,000.5",
        )
    ]
    publish(rows)
    patent = Patent.objects.get()
    assert patent.application_number == number("202110000001")
    assert patent.ipc == ["E21B 43/24", "C09K 8/58"]
    entry = patent.catalogue_entries.get()
    assert (entry.sector, entry.cooperation_modes) == ("oil_gas", ["transfer", "license"])
    assert entry.price == Decimal("1000000.50")


def test_old_eight_digit_numbers_are_accepted():
    publish([row(application_number="97101765.4", application_date="1997-02-03")])
    assert Patent.objects.get().application_number == "97101765.4"


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"application_number,title\n1,2\n", "x.csv", "表头缺少列"),
        (b"", "x.csv", "表头缺少列"),
        ("标题\n".encode("gbk"), "x.csv", "UTF-8"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "无法读取"),
        (b"whatever", "x.xls", "只支持"),
    ],
)
def test_file_problems_are_reported(data, filename, words):
    check = catalogue_check(data=data, filename=filename)
    assert not check.ok and words in " ".join(check.errors)


def test_unknown_and_missing_columns_are_named():
    columns = [c for c in row() if c != "abstract"] + ["remark"]
    check = catalogue_check(data=csv_bytes([row()], columns=columns), filename="x.csv")
    text = " ".join(check.errors)
    assert "abstract" in text and "remark" in text


def test_a_file_with_only_a_header_is_refused():
    check = catalogue_check(data=csv_bytes([]), filename="x.csv")
    assert "没有数据行" in " ".join(check.errors)


def test_a_year_out_of_range_is_refused():
    with pytest.raises(Exception) as caught:
        publish(many_rows(1), year=1800)
    assert "年度" in str(caught.value)
    assert not Catalogue.objects.exists()


def test_progress_is_reported_for_large_files():
    seen = []
    publish(many_rows(1200), progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert ("check", 500, 1200) in seen and ("check", 1200, 1200) in seen
    assert ("entries", 1200, 1200) in seen
    assert CatalogueEntry.objects.count() == 1200


def test_the_command_imports_and_reports(tmp_path, capsys):
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(xlsx_bytes(many_rows(3)))
    call_command("import_catalogue", str(path), "--year", "2025")
    out, err = capsys.readouterr()
    assert "条目新增 3" in out and "检查 3/3" in err
    call_command("import_catalogue", str(path), "--year", "2025")
    out, _err = capsys.readouterr()
    assert "条目新增 0" in out and "未变 3" in out


def test_the_command_lists_every_error_and_imports_nothing(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    path.write_bytes(csv_bytes(MIXED))
    with pytest.raises(CommandError, match="未导入"):
        call_command("import_catalogue", str(path), "--year", "2025")
    _assert_every_error_is_listed(capsys.readouterr().err.splitlines())
    assert not Patent.objects.exists()


def test_the_command_refuses_a_missing_file():
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_catalogue", "/nonexistent.csv", "--year", "2025")
