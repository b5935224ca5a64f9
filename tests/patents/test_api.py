import pytest

from tests.conftest import api_as
from tests.patents.conftest import many_rows, number, publish, row

pytestmark = pytest.mark.django_db

OIL = number("202110000201")
DIGITAL = number("202310000202")


@pytest.fixture
def catalogues():
    publish([row(application_number=OIL, sector="equipment")], year=2024)
    publish(
        [
            row(
                application_number=OIL,
                title="一种稠油油藏蒸汽辅助重力泄油注采参数优化方法",
                ipc="E21B 43/24",
                sector="oil_gas",
                high_value_kinds="maintained_10y",
                price="3800000",
            ),
            row(
                application_number=DIGITAL,
                title="一种基于多源数据融合的油井产量实时预测方法",
                application_date="2023-01-13",
                grant_date="2024-10-18",
                ipc="G06F 18/25",
                sector="digital",
                high_value_kinds="strategic_emerging",
                cooperation_modes="license;service",
                price="",
            ),
        ],
        year=2025,
    )


def results(api, query="") -> list[str]:
    response = api.get(f"/api/v1/patents/{query}")
    assert response.status_code == 200, response.json()
    return [p["application_number"] for p in response.json()["results"]]


def test_the_patent_list_has_the_fields_of_the_specification(api, catalogues):
    body = api.get("/api/v1/patents/").json()
    assert body["count"] == 2 and {"next", "previous"} <= set(body)
    patent = next(p for p in body["results"] if p["application_number"] == OIL)
    assert list(patent) == [
        "application_number",
        "title",
        "patentee",
        "inventors",
        "application_date",
        "grant_date",
        "ipc",
        "high_value_kinds",
        "abstract",
        "catalogue_entries",
    ]
    assert patent["inventors"] == ["张三", "李四"] and patent["ipc"] == ["E21B 43/24"]
    assert patent["application_date"] == "2021-03-01"
    assert patent["catalogue_entries"] == [
        {
            "year": 2025,
            "sector": "oil_gas",
            "cooperation_modes": ["license", "transfer"],
            "price": "3800000.00",
            "contact_name": "王老师",
            "contact_phone": "0990-6000001",
        },
        {
            "year": 2024,
            "sector": "equipment",
            "cooperation_modes": ["license", "transfer"],
            "price": "1000000.00",
            "contact_name": "王老师",
            "contact_phone": "0990-6000001",
        },
    ]
    digital = next(p for p in body["results"] if p["application_number"] == DIGITAL)
    assert digital["catalogue_entries"][0]["price"] is None  # 面议


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=数据融合", [DIGITAL]),
        ("?q=稠油", [OIL, DIGITAL]),  # DIGITAL's abstract mentions 稠油 too
        (f"?q=CN{OIL}", [OIL]),
        ("?ipc=E21B", [OIL]),
        ("?ipc=g06f%2018", [DIGITAL]),
        ("?sector=digital", [DIGITAL]),
        ("?high_value_kind=maintained_10y", [OIL]),
        ("?catalogue_year=2024", [OIL]),
        ("?catalogue_year=2023", []),
        # Sector and year hold in the same entry: OIL was "equipment" only in 2024.
        ("?catalogue_year=2025&sector=equipment", []),
        ("?catalogue_year=2024&sector=equipment", [OIL]),
    ],
)
def test_filters(api, catalogues, query, expected):
    assert sorted(results(api, query)) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("?ipc=XYZ", "ipc"),
        ("?sector=petrol", "sector"),
        ("?catalogue_year=twenty", "catalogue_year"),
        ("?catalogue_year=99999", "catalogue_year"),
        ("?high_value_kind=famous", "high_value_kind"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, catalogues, query, name):
    response = api.get(f"/api/v1/patents/{query}")
    assert response.status_code == 400
    assert list(response.json()) == [name]


@pytest.mark.parametrize("form", ["{n}", "ZL{n}", "CN{n}", "{bare}", "zl{bare}"])
def test_the_detail_accepts_every_form_of_the_number(api, catalogues, form):
    response = api.get(f"/api/v1/patents/{form.format(n=OIL, bare=OIL.replace('.', ''))}/")
    assert response.status_code == 200
    assert response.json()["application_number"] == OIL


@pytest.mark.parametrize("bad", [number("202110009999"), "ZL202010123456.7", "junk"])
def test_an_unknown_or_invalid_number_is_404(api, catalogues, bad):
    assert api.get(f"/api/v1/patents/{bad}/").status_code == 404


def test_catalogues_list_and_one_year_with_all_its_entries(api, catalogues):
    body = api.get("/api/v1/catalogues/").json()
    assert [(c["year"], c["entry_count"]) for c in body["results"]] == [(2025, 2), (2024, 1)]
    year = api.get("/api/v1/catalogues/2025/").json()
    assert year["year"] == 2025 and year["is_demo"] is False
    assert {e["patent"]["application_number"] for e in year["entries"]} == {OIL, DIGITAL}
    entry = next(e for e in year["entries"] if e["sector"] == "digital")
    assert entry["price"] is None and entry["cooperation_modes"] == ["license", "service"]
    assert api.get("/api/v1/catalogues/2019/").status_code == 404


def test_the_api_is_read_only_for_everyone(api, catalogues, reviewer):
    for client in (api, api_as(reviewer)):
        assert client.post("/api/v1/patents/", {}, format="json").status_code == 405
        assert client.delete(f"/api/v1/patents/{OIL}/").status_code == 405
        assert client.put("/api/v1/catalogues/2025/", {}, format="json").status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_the_patent_list_costs_the_same_queries_whatever_its_length(
    api, django_assert_num_queries, size
):
    publish(many_rows(size), year=2024)
    publish(many_rows(size), year=2025)
    with django_assert_num_queries(3):  # count, page, entries with their catalogues
        response = api.get("/api/v1/patents/?catalogue_year=2025&page_size=100")
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", [3, 30])
def test_a_catalogue_costs_the_same_queries_whatever_its_length(
    api, django_assert_num_queries, size
):
    publish(many_rows(size))
    with django_assert_num_queries(2):  # the catalogue, its entries with their patents
        response = api.get("/api/v1/catalogues/2025/")
    assert len(response.json()["entries"]) == size
    with django_assert_num_queries(2):
        api.get("/api/v1/catalogues/")


def test_the_schema_documents_the_patent_endpoints(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/patents/{application_number}/" in text
    assert "/api/v1/catalogues/{year}/" in text
