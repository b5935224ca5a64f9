import io

import pytest
from django.http import QueryDict
from openpyxl import load_workbook

from patents.models import Patent
from tests.patents.conftest import many_rows, number, publish, row

pytestmark = pytest.mark.django_db

HEAVY_OIL = number("202110000101")
BATTERY = number("202210000102")
DRILLING = number("202010000103")


@pytest.fixture
def catalogue():
    """Two years; 2025 holds three patents from different sectors and IPC sections."""
    publish([row(application_number=HEAVY_OIL, title="一种旧目录中的稠油开采方法")], year=2024)
    publish(
        [
            row(
                application_number=HEAVY_OIL,
                title="一种超稠油水平井多元热流体吞吐开采方法",
                sector="oil_gas",
                ipc="E21B 43/24",
                high_value_kinds="strategic_emerging;award",
                cooperation_modes="license",
                price="2600000",
            ),
            row(
                application_number=BATTERY,
                title="一种磷酸铁锂电池正极材料的低温改性方法",
                application_date="2022-02-01",
                sector="new_energy_materials",
                ipc="H01M 4/58;H01M 10/0525",
                high_value_kinds="strategic_emerging",
                cooperation_modes="transfer;equity",
                price="",
                abstract="使电池在零下20℃的放电容量保持率提高。",
            ),
            row(
                application_number=DRILLING,
                title="一种旋转导向钻井工具的井下闭环控制方法",
                patentee="示范钻井装备有限公司",
                application_date="2020-06-01",
                sector="equipment",
                ipc="E21B 7/06",
                high_value_kinds="overseas_family",
                cooperation_modes="transfer",
                price="8600000",
            ),
        ],
        year=2025,
    )


def numbers_on(response) -> set[str]:
    return {entry.patent.application_number for entry in response.context["page"]}


def test_the_catalogue_shows_the_latest_year_by_default(client, catalogue):
    response = client.get("/patents/")
    assert response.status_code == 200
    assert response.context["catalogue"].year == 2025
    assert numbers_on(response) == {HEAVY_OIL, BATTERY, DRILLING}
    html = response.content.decode()
    assert "超稠油水平井" in html and "旧目录中的" not in html
    assert "面议" in html and "2,600,000.00" in html


def test_the_year_switch_shows_another_year(client, catalogue):
    html = client.get("/patents/").content.decode()
    assert "?year=2024" in html
    response = client.get("/patents/?year=2024")
    assert numbers_on(response) == {HEAVY_OIL}
    assert '<a href="?year=2024" aria-current="page">2024</a>' in response.content.decode()
    # Each year shows what it published: 2025's import did not rename the 2024 entry.
    assert "旧目录中的稠油开采方法" in response.content.decode()
    assert "超稠油水平井" not in response.content.decode()
    assert client.get("/patents/?year=2019").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=热流", {HEAVY_OIL}),  # two characters from inside a title
        ("q=零下", {BATTERY}),  # from inside an abstract
        ("q=示范钻井", {DRILLING}),  # the patentee
        ("q=ZL" + BATTERY.replace(".", ""), {BATTERY}),  # a number in any accepted form
        ("q=2020100", {DRILLING}),  # part of a number
        ("q=不存在的词", set()),
        ("sector=equipment", {DRILLING}),
        ("high_value_kind=strategic_emerging", {HEAVY_OIL, BATTERY}),
        ("ipc_section=H", {BATTERY}),
        ("ipc=E21B", {HEAVY_OIL, DRILLING}),
        ("ipc=e21b43", {HEAVY_OIL}),
        ("ipc=E21B 43", {HEAVY_OIL}),  # a main group
        ("ipc=E21B 4", set()),  # group 4, not "every group starting with 4"
        ("ipc=H01M 10/05", {BATTERY}),  # the start of a subgroup
        ("cooperation_mode=transfer", {BATTERY, DRILLING}),
        ("cooperation_mode=transfer&sector=equipment", {DRILLING}),
    ],
)
def test_search_and_filters(client, catalogue, query, expected):
    response = client.get("/patents/", QueryDict(query))
    assert response.status_code == 200
    assert numbers_on(response) == expected


def test_facets_count_each_value_under_the_other_filters(client, catalogue):
    facets = client.get("/patents/?sector=oil_gas").context["facets"]
    sectors = {item["value"]: item["count"] for item in facets["sector"]}
    # The sector facet ignores its own selection, so the other sectors stay reachable.
    assert sectors == {
        "oil_gas": 1,
        "equipment": 1,
        "new_energy_materials": 1,
        "digital": 0,
        "other": 0,
    }
    kinds = {item["value"]: item["count"] for item in facets["high_value_kind"]}
    assert kinds["award"] == 1 and kinds["overseas_family"] == 0
    sections = {item["value"]: item["count"] for item in facets["ipc_section"]}
    assert sections["E"] == 1 and sections["H"] == 0
    selected = next(item for item in facets["sector"] if item["selected"])
    assert selected["value"] == "oil_gas" and "oil_gas" not in selected["url"]  # a toggle
    other = next(item for item in facets["sector"] if item["value"] == "equipment")
    assert "sector=equipment" in other["url"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("sector=petrol", "sector"), ("ipc=XYZ", "ipc"), ("year=abc", "year")],
)
def test_a_bad_filter_is_a_400_naming_it(client, catalogue, query, field):
    response = client.get(f"/patents/?{query}")
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["page"] is None


def test_pagination(client):
    publish(many_rows(45))
    first = client.get("/patents/")
    assert len(first.context["page"]) == 20 and first.context["page"].paginator.num_pages == 3
    third = client.get("/patents/?page=3")
    assert len(third.context["page"]) == 5
    assert "page=2" in third.content.decode()


def test_an_empty_site_says_no_catalogue_yet(client):
    response = client.get("/patents/")
    assert response.status_code == 200 and "目录尚未发布" in response.content.decode()


@pytest.mark.parametrize("size", [5, 40])
def test_the_catalogue_page_costs_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, size
):
    publish(many_rows(size))
    # catalogues, count, page, four facets; the layout's 演示数据 marker
    with django_assert_num_queries(8):
        response = client.get("/patents/", {"q": "油藏", "cooperation_mode": "license"})
    assert response.status_code == 200


def test_the_detail_page_shows_every_catalogue_entry_and_the_enquiry_button(client, catalogue):
    response = client.get(f"/patents/{HEAVY_OIL}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "超稠油水平井多元热流体吞吐开采方法" in html
    assert [e.catalogue.year for e in response.context["patent"].catalogue_entries.all()] == [
        2025,
        2024,
    ]
    assert f'href="/enquiries/new/?target_type=patent&amp;target_id={HEAVY_OIL}"' in html
    assert "我有意向 / 发起洽谈" in html


@pytest.mark.parametrize(
    "form",
    [
        f"ZL{HEAVY_OIL}",
        f"CN{HEAVY_OIL}",
        HEAVY_OIL.replace(".", ""),
        f"zl{HEAVY_OIL}",
        f"ZL {HEAVY_OIL}",
    ],
)
def test_other_forms_of_the_number_redirect_to_the_canonical_page(client, catalogue, form):
    response = client.get(f"/patents/{form}/")
    assert response.status_code == 301
    assert response["Location"] == f"/patents/{HEAVY_OIL}/"


@pytest.mark.parametrize(
    "bad",
    [number("202110009999"), "ZL202010123456.7", "not-a-number", HEAVY_OIL[:-1] + "0"],
)
def test_unknown_or_invalid_numbers_are_404(client, catalogue, bad):
    assert client.get(f"/patents/{bad}/").status_code == 404


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_the_export_has_chinese_headers_and_numeric_prices(client, catalogue):
    rows = _sheet(client.get("/patents/export.xlsx"))
    header = rows[0]
    assert header == (
        "年度",
        "申请号",
        "专利名称",
        "专利权人",
        "发明人",
        "申请日",
        "授权日",
        "IPC分类号",
        "摘要",
        "高价值类型",
        "产业领域",
        "合作方式",
        "参考价格",
        "联系人",
        "联系电话",
    )
    price = header.index("参考价格")
    by_number = {r[1]: r for r in rows[1:]}
    assert set(by_number) == {HEAVY_OIL, BATTERY, DRILLING}
    assert by_number[HEAVY_OIL][price] == 2600000
    assert isinstance(by_number[HEAVY_OIL][price], int | float)
    assert by_number[BATTERY][price] == "面议"
    assert by_number[BATTERY][header.index("产业领域")] == "新能源新材料"


def test_the_export_follows_the_filters(client, catalogue):
    rows = _sheet(client.get("/patents/export.xlsx", {"year": 2025, "ipc": "E21B", "q": "钻井"}))
    assert [r[1] for r in rows[1:]] == [DRILLING]
    assert client.get("/patents/export.xlsx?sector=petrol").status_code == 400


def test_the_page_links_to_the_export_with_its_filters(client, catalogue):
    html = client.get("/patents/?sector=equipment").content.decode()
    assert "/patents/export.xlsx?" in html and "sector=equipment" in html


def test_patents_are_stored_once_per_number(catalogue):
    assert Patent.objects.filter(application_number=HEAVY_OIL).count() == 1


def test_the_catalogue_speaks_english_on_request(client, catalogue):
    client.cookies["django_language"] = "en"
    html = client.get("/patents/").content.decode()
    assert "High-value invention patent catalogue" in html and "Export to Excel" in html
    assert "Oil &amp; gas field development" in html
    html = client.get(f"/patents/{BATTERY}/").content.decode()
    assert "I am interested / start a negotiation" in html and "Negotiable" in html
