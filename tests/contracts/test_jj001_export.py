"""The reviewers' JJ-001 export for the national system (API and admin)."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from contracts.exports import JJ001_COLUMNS
from contracts.models import Contract
from tests.conftest import api_as
from tests.contracts.conftest import make_registered, make_submitted

pytestmark = pytest.mark.django_db
URL = "/api/v1/contracts/export.xlsx"


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_reviewers_get_the_period_in_the_form_order(reviewer, enterprise_user):
    inside = make_registered(enterprise_user, reviewer, title='=HYPERLINK("x")注汽技术')
    before = make_registered(enterprise_user, reviewer, title="早先的登记")
    Contract.objects.filter(pk=before.pk).update(registered_on=datetime.date(2025, 12, 31))
    make_submitted(enterprise_user, title="未登记的合同")
    today = inside.registered_on
    response = api_as(reviewer).get(
        URL, {"registered_from": today.isoformat(), "registered_to": today.isoformat()}
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    rows = _rows(response)
    header = rows[0]
    assert header == [str(column.header) for column in JJ001_COLUMNS]
    assert header[:4] == ["登记编号", "登记版本", "登记状态", "项目名称"]
    assert header.index("卖方名称") < header.index("买方名称") < header.index("合同成交额（元）")
    assert len(rows) == 2  # only the registration of the period
    row = dict(zip(header, rows[1], strict=True))
    assert row["登记编号"] == inside.registration_number
    assert row["项目名称"] == '=HYPERLINK("x")注汽技术'  # text, never a formula
    assert row["卖方国别代码"] == "156"
    assert row["卖方行政区划代码"] == enterprise_user.organization.region_code
    assert row["买方行政区划代码"] == "650204"
    assert row["买方法人性质代码"] == "110"
    assert row["合同成交额（元）"] == 1200000
    assert row["技术交易额（元）"] == 1000000
    assert row["技术进口"] == "否"
    assert row["登记状态"] == "有效"

    everything = _rows(api_as(reviewer).get(URL))
    assert len(everything) == 3


@pytest.mark.parametrize("role", ["seller", "outsider"])
def test_only_reviewers_may_export(role, enterprise_user, outsider, registered):
    user = {"seller": enterprise_user, "outsider": outsider}[role]
    assert api_as(user).get(URL).status_code == 403


def test_anonymous_must_sign_in(api, registered):
    assert api.get(URL).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"registered_from": "2026-13-01"}, "registered_from"),
        ({"registered_to": "yesterday"}, "registered_to"),
        ({"registered_from": "2026-03-02", "registered_to": "2026-03-01"}, "registered_to"),
    ],
)
def test_a_bad_period_names_the_field(reviewer, query, field):
    response = api_as(reviewer).get(URL, query)
    assert response.status_code == 400
    assert field in response.json()
    assert "登记日期" in response.json()[field][0]


def test_the_admin_exports_the_registrations_of_the_list(client, reviewer, registered, submitted):
    client.force_login(reviewer)
    response = client.get("/admin/contracts/contract/export-jj001/?status=registered")
    assert response.status_code == 200
    rows = _rows(response)
    assert [r[0] for r in rows[1:]] == [registered.registration_number]
    listing = client.get("/admin/contracts/contract/")
    assert "export-jj001/" in listing.content.decode()
    action = client.post(
        "/admin/contracts/contract/?status=registered",
        {
            "action": "export_jj001_selected",
            "_selected_action": [registered.pk, submitted.pk],
        },
    )
    assert action.status_code == 200
    assert [r[0] for r in _rows(action)[1:]] == [registered.registration_number]
