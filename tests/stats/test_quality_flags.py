"""The annual quality check in the reviewers' admin: large, foreign (涉外) and tax-relief
(涉税) registrations, filterable and exportable."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from contracts.models import Contract
from tests.stats.history import history_row, import_history

pytestmark = pytest.mark.django_db
QUEUE = "/admin/contracts/contract/"


@pytest.fixture
def registrations():
    rng = random.Random(4)
    rows = [
        history_row(n, datetime.date(2025, 5, n), Decimal("800000.00"), rng) for n in (1, 2, 3, 4)
    ]
    rows[0].update(contract_amount="6000000.00", technology_amount="5000000.00")  # large
    rows[1].update(contract_amount="6000000.00", technology_amount="4999999.99")  # not large
    for row, kind in zip(rows, ["consulting", "service", "consulting", "development"], strict=True):
        row.update(contract_type=kind, subtype={"development": "commissioned"}.get(kind, kind))
        row["ip_type"] = "none"
    rows[1]["subtype"] = "service"
    import_history(rows)
    by_number = {c.title: c for c in Contract.objects.all()}
    foreign = by_number["历史合同3"]
    foreign.buyer_country_code, foreign.buyer_region_code = "398", ""
    foreign.save()
    return by_number


@pytest.mark.parametrize(
    ("flag", "titles"),
    [
        ("large", {"历史合同1"}),
        ("foreign", {"历史合同3"}),
        ("tax", {"历史合同4"}),
        ("any", {"历史合同1", "历史合同3", "历史合同4"}),
    ],
)
def test_each_flag_lists_and_exports_its_contracts(client, reviewer, registrations, flag, titles):
    client.force_login(reviewer)
    page = client.get(QUEUE, {"status": "all", "flag": flag}).content.decode()
    for title in registrations:
        assert (f">{title}<" in page) == (title in titles), title
    response = client.get(f"{QUEUE}export/", {"status": "all", "flag": flag})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert {r[1] for r in rows[1:]} == titles


def test_the_flags_are_for_reviewers(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(QUEUE, {"flag": "large"}).status_code == 302
