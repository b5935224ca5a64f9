"""吸纳 from outside: `import_contracts --absorbed` loads registrations made by other
offices whose buyer is local; they count only in the 吸纳 figures."""

import csv
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.demo import demo_uscc
from contracts.importing import ABSORBED_COLUMNS, ImportRejected, import_absorbed
from contracts.models import AbsorbedContract, Contract, MonthlyStat
from tests.stats.history import brute_force, history_row, import_history, stored

pytestmark = pytest.mark.django_db


def absorbed_row(n: int, day: datetime.date, amount: str, region: str, rng) -> dict:
    row = history_row(n, day, Decimal(amount), rng)
    row.update(
        registration_number=f"{day.year}{region[:4]}01{n:06d}",
        seller_uscc=demo_uscc(f"91{region}MA7QEL{n % 1000:03d}"),
        seller_name=f"外地卖方{n}",
        buyer_region_code="650203",
        registering_office=f"{region[:4]} 技术合同登记处",
    )
    return row


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ABSORBED_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def rows():
    rng = random.Random(8)
    return [
        absorbed_row(1, datetime.date(2025, 3, 4), "2000000.00", "310110", rng),
        absorbed_row(2, datetime.date(2025, 3, 9), "500000.00", "510107", rng),
        absorbed_row(3, datetime.date(2025, 4, 2), "800000.00", "650102", rng),
    ]


def test_absorbed_imports_count_only_in_the_absorbed_flows(client, rows):
    rng = random.Random(1)
    import_history([history_row(9, datetime.date(2025, 3, 5), Decimal("700000.00"), rng)])
    own = MonthlyStat.objects.get(year=2025, month=3).contract_amount
    result = import_absorbed(as_csv(rows), "absorbed.csv")
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert AbsorbedContract.objects.count() == 3 and Contract.objects.count() == 1
    assert MonthlyStat.objects.get(year=2025, month=3).contract_amount == own
    assert stored() == brute_force()
    body = client.get("/api/v1/stats/flows/", {"year": 2025}).json()
    absorbed = body["absorbed"]
    assert absorbed["total"]["contracts"] == 3
    assert Decimal(absorbed["total"]["contract_amount"]) == Decimal("3300000.00")
    assert {p["code"]: p["name"] for p in absorbed["provinces"]} == {"31": "上海市", "51": "四川省"}
    assert absorbed["rest_of_region"]["contracts"] == 1
    summary = client.get("/api/v1/stats/summary/", {"year": 2025}).json()
    assert summary["contracts"] == 1  # the center's own registrations only
    html = client.get("/stats/", {"year": 2025}).content.decode()
    assert 'id="absorbed-table"' in html and "上海市" in html


def test_reimporting_changes_nothing_and_a_correction_updates(rows):
    import_absorbed(as_csv(rows), "absorbed.csv")
    before = list(AbsorbedContract.objects.order_by("pk").values())
    result = import_absorbed(as_csv(rows), "absorbed.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(AbsorbedContract.objects.order_by("pk").values()) == before
    rows[0]["contract_amount"] = "2500000.00"
    result = import_absorbed(as_csv(rows), "absorbed.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert stored() == brute_force()


def test_bad_rows_are_refused_with_their_numbers_and_nothing_is_stored(rows):
    rows[0]["buyer_region_code"] = "310110"  # not a local buyer
    rows[1]["registering_office"] = ""
    rows[2]["registration_number"] = "2025650201000003"  # the center's own numbering
    with pytest.raises(ImportRejected) as info:
        import_absorbed(as_csv(rows), "absorbed.csv")
    errors = info.value.errors
    assert any(e.startswith("第 2 行") and "不在本市" in e for e in errors)
    assert any(e.startswith("第 3 行") and "登记机构" in e for e in errors)
    assert any(e.startswith("第 4 行") and "本中心" in e for e in errors)
    assert not AbsorbedContract.objects.exists()


def test_the_command_takes_absorbed(tmp_path, rows, capsys):
    path = tmp_path / "absorbed.csv"
    path.write_bytes(as_csv(rows))
    call_command("import_contracts", str(path), "--absorbed")
    assert AbsorbedContract.objects.count() == 3 and not Contract.objects.exists()
    rows[0]["buyer_region_code"] = "110108"
    path.write_bytes(as_csv(rows))
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_contracts", str(path), "--absorbed")
    # Without --absorbed the same file is not the center's history: refused as well.
    with pytest.raises(CommandError):
        call_command("import_contracts", str(path))
