"""The official tables: breakdowns, imports, flows, revisions and the report workbook,
each against a recount of the rows the test made."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from contracts.models import Contract
from contracts.services import compute_stats, stats_month_changed
from tests.conftest import api_as
from tests.stats.history import history_row, import_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025():
    """Thirty registrations in 2025 and ten in 2024 with known places and parties."""
    rng = random.Random(11)
    rows = [
        history_row(n, datetime.date(2025, 1 + n % 6, 1 + n % 27), Decimal(100_000 * n), rng)
        for n in range(1, 31)
    ] + [
        history_row(100 + n, datetime.date(2024, 1 + n % 6, 3), Decimal(50_000 * n), rng)
        for n in range(1, 11)
    ]
    import_history(rows)
    contracts = list(Contract.objects.filter(registered_on__year=2025).order_by("pk"))
    places = ["650203", "650102", "510107", "110108", "653101"]
    for i, c in enumerate(contracts):
        c.buyer_region_code = places[i % len(places)]
        if i % 7 == 0:
            c.buyer_country_code, c.buyer_region_code = "398", ""
        if i % 9 == 0:
            c.seller_country_code = "276"  # a technology import
        c.save()
    compute_stats()
    return contracts


def _sum(contracts, test=lambda c: True):
    chosen = [c for c in contracts if test(c)]
    return len(chosen), sum((c.contract_amount for c in chosen), Decimal(0))


def test_summary_breakdowns_equal_a_recount(client, year_2025):
    body = client.get("/api/v1/stats/summary/", {"year": 2025, "through_month": 6}).json()
    n, amount = _sum(year_2025)
    assert body["contracts"] == n and Decimal(body["contract_amount"]) == amount
    tech = sum(c.technology_amount for c in year_2025)
    assert Decimal(body["technology_share_pct"]) == (tech * 100 / amount).quantize(Decimal("0.1"))
    assert Decimal(body["average_contract_amount"]) == (amount / n).quantize(Decimal("0.01"))
    by_subtype = {r["code"]: r for r in body["by_subtype"]}
    for c in year_2025:
        assert f"{c.contract_type}.{c.subtype}" in by_subtype
    licences = [r for r in body["by_subtype"] if r["code"].startswith("license.")]
    assert all(r["label"].startswith("技术许可") for r in licences)
    assert sum(r["contracts"] for r in body["by_buyer_nature"]) == n
    imports = body["imports"]
    assert (imports["contracts"], Decimal(imports["contract_amount"])) == _sum(
        year_2025, lambda c: c.seller_country_code != "156"
    )
    assert [r["code"] for r in imports["by_country"]] == ["276"]
    assert imports["by_country"][0]["label"] == "德国"
    june = _sum(year_2025, lambda c: c.registered_on.month == 6)
    assert sum(r["month_contracts"] for r in body["by_type"]) == june[0]
    assert sum(r["prior_contracts"] for r in body["by_type"]) == 10


def test_flows_split_output_by_the_buyers_place(client, year_2025):
    body = client.get("/api/v1/stats/flows/", {"year": 2025, "through_month": 12}).json()
    abroad = lambda c: c.buyer_country_code != "156"  # noqa: E731
    city = _sum(year_2025, lambda c: not abroad(c) and c.buyer_region_code.startswith("6502"))
    assert (body["city"]["contracts"], Decimal(body["city"]["contract_amount"])) == city
    region = _sum(
        year_2025,
        lambda c: not abroad(c) and c.buyer_region_code[:2] == "65"
        and not c.buyer_region_code.startswith("6502"),
    )  # fmt: skip
    assert (
        body["rest_of_region"]["contracts"],
        Decimal(body["rest_of_region"]["contract_amount"]),
    ) == region
    provinces = {p["code"]: p for p in body["provinces"] if p["contracts"]}
    assert set(provinces) == {"51", "11"} and provinces["51"]["name"] == "四川省"
    assert (
        provinces["11"]["contracts"]
        == _sum(year_2025, lambda c: not abroad(c) and c.buyer_region_code.startswith("11"))[0]
    )
    assert [a["country"] for a in body["abroad"]] == ["398"]
    assert body["abroad"][0]["contracts"] == _sum(year_2025, abroad)[0]
    assert body["total"]["contracts"] == len(year_2025)
    assert body["absorbed"]["total"]["contracts"] == 0


def test_a_cancellation_of_a_published_month_is_a_revision(client, year_2025):
    contract = year_2025[0]
    month = contract.registered_on.month
    contract.registration_state = "cancelled"
    contract.save()
    stats_month_changed(contract.registered_on, reason="注销登记：双方解除合同")
    body = client.get("/api/v1/stats/revisions/", {"year": 2025}).json()
    fields = {r["field"]: r for r in body["results"]}
    assert set(fields) == {"contracts", "contract_amount", "technology_amount"}
    assert (
        Decimal(fields["contract_amount"]["old"]) - Decimal(fields["contract_amount"]["new"])
        == contract.contract_amount
    )
    assert all(
        r["month"] == month and r["reason"] == "注销登记：双方解除合同" for r in body["results"]
    )
    html = client.get("/stats/", {"year": 2025}).content.decode()
    assert f"{month} 月数据于 " in html and " 修订" in html
    # Recomputing again revises nothing more.
    compute_stats()
    assert client.get("/api/v1/stats/revisions/", {"year": 2025}).json()["count"] == 3


def test_a_month_not_yet_over_when_computed_is_not_revised():
    """The running month moves every day: only a month computed after its end counts."""
    from django.utils import timezone

    from contracts.models import StatsRevision

    today = timezone.localdate()
    rng = random.Random(5)
    import_history([history_row(1, today.replace(day=1), Decimal("100000.00"), rng)])
    contract = Contract.objects.get()
    contract.registration_state = "revoked"
    contract.save()
    stats_month_changed(contract.registered_on, reason="撤销登记")
    assert not StatsRevision.objects.exists()


def test_the_report_workbook_has_one_sheet_per_table_in_wan(year_2025, reviewer, enterprise_user):
    response = api_as(reviewer).get("/api/v1/stats/report.xlsx", {"year": 2025, "quarter": 2})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "汇总", "月度", "合同类别", "合同子类", "技术领域", "卖方法人性质", "买方法人性质",
        "知识产权类型", "技术进口", "输出流向", "吸纳",
    ]  # fmt: skip
    monthly = list(book["月度"].iter_rows(values_only=True))
    assert monthly[0][:3] == ("月份", "合同数", "成交额（万元）")
    assert len(monthly) == 1 + 6
    wan = sum(Decimal(str(r[2])) for r in monthly[1:])
    _n, amount = _sum(year_2025)
    assert abs(wan - amount / 10_000) < Decimal("0.01") * 6
    types = list(book["合同类别"].iter_rows(values_only=True))
    assert all(isinstance(r[2], float | int) for r in types[1:])
    assert api_as(enterprise_user).get("/api/v1/stats/report.xlsx").status_code == 403


@pytest.mark.parametrize(
    ("params", "field"),
    [({"quarter": "5"}, "quarter"), ({"quarter": "x"}, "quarter"), ({"year": "20x5"}, "year")],
)
def test_report_parameters_are_checked(reviewer, params, field):
    response = api_as(reviewer).get("/api/v1/stats/report.xlsx", params)
    assert response.status_code == 400 and field in response.json()


def test_a_quarter_not_over_is_refused(reviewer):
    year = datetime.date.today().year + 1
    response = api_as(reviewer).get("/api/v1/stats/report.xlsx", {"year": year, "quarter": 1})
    assert response.status_code == 400 and "尚未结束" in response.json()["quarter"][0]


def test_the_target_pace_and_the_cumulative_title(client, year_2025):
    from contracts.models import AnnualTarget
    from contracts.selectors import summary

    html = client.get("/stats/", {"year": 2025}).content.decode()
    assert (
        "<title>累计成交额（亿元）</title>" in html
        and "年度目标" not in html.split("<title>累计")[1][:20]
    )
    AnnualTarget.objects.create(year=2025, contract_amount=Decimal("100000000.00"))
    s = summary(2025, 6)
    remaining = Decimal("100000000.00") - s["contract_amount"]
    assert s["target_remaining_amount"] == remaining
    assert s["target_needed_per_month"] == (remaining / 6).quantize(Decimal("0.01"))
    html = client.get("/stats/", {"year": 2025}).content.decode()
    assert "<title>累计成交额与年度目标（亿元）</title>" in html
    assert "其余各月平均需" not in html  # 2025 is over: no month remains
    AnnualTarget.objects.filter(year=2025).update(contract_amount=Decimal("1000.00"))
    assert summary(2025, 6)["target_remaining_amount"] == 0


def test_the_summary_pdf_has_the_figures_and_charts(year_2025, reviewer, enterprise_user):
    from pypdf import PdfReader

    response = api_as(reviewer).get("/api/v1/stats/report.pdf", {"year": 2025, "quarter": 2})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "2025 年 1–6 月技术市场统计" in text
    assert "各月成交额" in text and "成交额同比增长" in text and "按技术领域" in text
    assert str(len(year_2025)) in text
    assert api_as(enterprise_user).get("/api/v1/stats/report.pdf").status_code == 403
    assert api_as(reviewer).get("/api/v1/stats/report.pdf", {"quarter": "9"}).status_code == 400
