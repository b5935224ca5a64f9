import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from common import money
from contracts import demo_history, selectors
from contracts.importing import import_contracts
from contracts.models import AnnualTarget

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_history_loaded():
    import_contracts(demo_history.as_csv(), "demo.csv")
    AnnualTarget.objects.create(year=2025, contract_amount=Decimal("1500000000"))


def test_the_demo_matches_the_published_first_quarter_of_2025(client, demo_history_loaded):
    body = client.get("/api/v1/stats/summary/", {"year": 2025, "through_month": 3}).json()
    assert body["contracts"] == 30
    assert Decimal(body["contract_amount"]) > Decimal("320000000")
    assert body["growth_pct"] == "1100.0"  # "增长11倍"
    assert body["prior_contracts"] == 10
    assert body["target_amount"] == "1500000000.00"
    assert {row["code"] for row in body["by_type"]} <= {
        "development", "transfer", "license", "consulting", "service"
    }  # fmt: skip
    assert sum(row["contracts"] for row in body["by_field"]) == 30


def test_monthly_api_gives_twelve_rows_with_the_spec_fields(client, demo_history_loaded):
    rows = client.get("/api/v1/stats/monthly/", {"year": 2025}).json()
    assert [r["month"] for r in rows] == list(range(1, 13))
    assert set(rows[0]) >= {
        "month", "contracts", "contract_amount", "technology_amount", "ytd_contracts",
        "ytd_contract_amount", "ytd_technology_amount", "yoy_contract_amount_pct",
        "ytd_yoy_contract_amount_pct",
    }  # fmt: skip
    assert rows[2]["ytd_contracts"] == 30
    assert rows[2]["ytd_yoy_contract_amount_pct"] == "1100.0"
    assert isinstance(rows[0]["contract_amount"], str)  # decimal strings in yuan


def test_a_year_without_a_base_has_no_growth(client, demo_history_loaded):
    rows = client.get("/api/v1/stats/monthly/", {"year": 2024}).json()
    assert all(r["yoy_contract_amount_pct"] is None for r in rows)
    summary = client.get("/api/v1/stats/summary/", {"year": 2024}).json()
    assert summary["growth_pct"] is None and summary["through_month"] == 12


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "20255"}, "year"),
        ({"through_month": "13"}, "through_month"),
    ],
)
def test_bad_parameters_are_400_naming_them(client, params, field):
    response = client.get("/api/v1/stats/summary/", params)
    assert response.status_code == 400 and field in response.json()


def test_the_dashboard_reads_without_javascript(client, demo_history_loaded):
    html = client.get("/stats/", {"year": 2025}).content.decode()
    assert "2025 年技术市场统计" in html
    assert "13.32 亿元" in html  # the year's turnover in 亿元
    assert "同比增长" in html
    assert html.count("<svg") >= 2 and 'id="monthly-table"' in html
    assert "<script" not in html


def test_the_home_page_shows_headline_figures(client, demo_history_loaded):
    html = client.get("/").content.decode()
    assert "亿元" in html and "查看完整统计" in html


def test_downloads(client, demo_history_loaded):
    response = client.get("/stats/export.csv", {"year": 2025})
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "月份" and len(table) == 13
    assert table[3][4] == "30"  # March: 30 contracts so far this year
    response = client.get("/stats/export.xlsx", {"year": 2025})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["C2"].value == Decimal("86000000.00") or sheet["C2"].value == 86000000
    assert isinstance(sheet["C2"].value, int | float | Decimal)


def test_the_list_of_queries_is_constant(
    client, demo_history_loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/stats/", {"year": 2025})


def test_compute_stats_command_is_idempotent(demo_history_loaded, capsys):
    call_command("compute_stats")
    call_command("compute_stats", year=2025, month=3)
    out = capsys.readouterr().out
    assert out.count("写入 0 行") == 2


def test_compute_stats_command_refuses_a_month_without_a_year():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--year"):
        call_command("compute_stats", month=3)


def test_import_contracts_command_reports_row_errors(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.csv"
    bad.write_text("registration_number,registered_on\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_contracts", str(bad))
    sample = tmp_path / "sample.csv"
    sample.write_bytes(demo_history.as_csv())
    call_command("import_contracts", str(sample))


def test_the_dashboard_reads_in_english_too(client, demo_history_loaded):
    client.post("/i18n/setlang/", {"language": "en", "next": "/stats/"})
    html = client.get("/stats/", {"year": 2025}).content.decode()
    assert "Technology-market statistics 2025" in html
    assert "Month by month" in html and "Download Excel" in html
    assert "1.33 billion yuan" in html and "× 100 M" not in html
    # Tables in the charts' unit, million yuan, each figure from the yuan: no 10k/万 left.
    assert not re.search(r"10 ?k yuan|CNY 10,000|万元", html)
    assert "Turnover (million yuan)</th>" in html  # the monthly table
    assert html.count(">Amounts in million yuan</caption>") >= 8  # the breakdowns and flows
    row = selectors.monthly_rows(2025)[0]
    january = row["contract_amount"]
    cell = f'<th scope="row" class="month">January</th><td class="num">{row["contracts"]}</td>'
    assert cell in html
    with translation.override("en"):
        figure = money.format_table(january)
    assert figure == f"{money.rounded(january / Decimal(1_000_000)):,}"
    assert f'{cell}\n    <td class="num">{figure}</td>' in html
    assert f"Jan {money.in_unit(january, Decimal(1_000_000))}" in html  # the chart's figure


def test_the_home_page_reads_only_the_headline(
    client, demo_history_loaded, django_assert_max_num_queries
):
    # Session-less visitor: the headline totals, the target, the fallback year and the
    # verified-organisation count; the breakdowns are the dashboard's, not the home page's.
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_the_summary_costs_the_same_queries_however_many_categories(
    client, demo_history_loaded, django_assert_num_queries
):
    # Totals of both years, the target, and all four breakdowns in one query; plus one for
    # the extras other apps add (instruments: the month's completed bookings).
    with django_assert_num_queries(4):
        client.get("/api/v1/stats/summary/", {"year": 2025})


def test_the_headline_share_is_unsigned_and_the_growth_reads_once(client, demo_history_loaded):
    html = client.get("/stats/", {"year": 2025}).content.decode()
    summary = client.get("/api/v1/stats/summary/", {"year": 2025}).json()
    share = Decimal(summary["technology_share_pct"]).quantize(Decimal("0.1"))
    assert f"占成交额 {share}%" in html and "占成交额 +" not in html
    growth = Decimal(summary["growth_pct"])
    assert growth >= 100  # the demo's 2025: "增长 1.2 倍" needs its percentage beside it
    assert f"（+{growth}%）" in html


def test_a_growth_below_a_doubling_is_not_repeated(client, demo_history_loaded):
    html = client.get("/stats/", {"year": 2026}).content.decode()
    growth = Decimal(client.get("/api/v1/stats/summary/", {"year": 2026}).json()["growth_pct"])
    assert growth < 100
    assert f"同比增长 {growth}%" in html and f"（+{growth}%）" not in html
