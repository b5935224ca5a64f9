"""Every .xlsx the portal offers has a sheet name Excel accepts (at most 31 characters),
in Chinese and in English, and it is the whole intended name, never one cut short."""

import io

import pytest
from openpyxl import load_workbook

from tests.contracts.conftest import make_registered
from tests.patents.conftest import publish, row

EXPECTED = {
    "zh-hans": {"patents": "高价值发明专利目录", "contracts": "技术合同"},
    "en": {"patents": "High-value patents", "contracts": "Technology contracts"},
}


def _title(response) -> str:
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content), read_only=True).sheetnames[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_export_has_a_whole_sheet_name_excel_accepts(
    client, reviewer, enterprise_user, language
):
    publish([row()], by=reviewer)
    make_registered(enterprise_user, reviewer)
    client.force_login(reviewer)
    client.cookies["django_language"] = language
    titles = {
        "patents": _title(client.get("/patents/export.xlsx")),
        "contracts": _title(client.get("/admin/contracts/contract/export/", {"status": "all"})),
        "stats": _title(client.get("/stats/export.xlsx", {"year": 2026})),
    }
    assert all(len(title) <= 31 for title in titles.values()), titles
    assert titles == {**EXPECTED[language], "stats": "2026"}
