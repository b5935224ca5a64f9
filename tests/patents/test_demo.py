import io

import pytest
from django.core.management import call_command

from common import demodata
from patents.demo import DEMO_FILE, DEMO_YEAR, demo_catalogue_csv
from patents.models import Catalogue, CatalogueEntry, Patent
from patents.services import catalogue_check
from patents.validators import patent_number_problem

pytestmark = pytest.mark.django_db

DEMO_ROWS = len(demodata.read("patents", DEMO_FILE))


def test_the_demo_catalogue_passes_the_import_checks():
    check = catalogue_check(data=demo_catalogue_csv(), filename="demo.csv")
    assert check.ok, check.errors
    assert len(check.rows) == DEMO_ROWS >= 30
    for checked in check.rows:
        assert patent_number_problem(checked.clean["application_number"]) is None
        # fictional, and says so where a reader sees it
        assert checked.clean["patentee"].endswith("（演示）")
        assert checked.clean["abstract"].endswith("（演示数据）")
    sectors = {checked.clean["sector"] for checked in check.rows}
    assert {"oil_gas", "equipment", "new_energy_materials", "digital"} <= sectors
    classes = {symbol[:4] for checked in check.rows for symbol in checked.clean["ipc"]}
    assert {"E21B", "C09K", "G06F", "H01M"} <= classes


def test_seed_demo_loads_a_marked_catalogue_once():
    call_command("seed_demo", stdout=io.StringIO())
    catalogue = Catalogue.objects.get(year=DEMO_YEAR)
    assert catalogue.is_demo and "演示" in catalogue.title
    assert catalogue.entries.count() == DEMO_ROWS
    assert catalogue.imports.get().imported_by.username == "demo-reviewer"
    before = (
        list(Patent.objects.values("pk", "updated_at")),
        list(CatalogueEntry.objects.values("pk", "updated_at")),
    )
    call_command("seed_demo", stdout=io.StringIO())
    after = (
        list(Patent.objects.values("pk", "updated_at")),
        list(CatalogueEntry.objects.values("pk", "updated_at")),
    )
    assert before == after and catalogue.imports.count() == 1


def test_seed_demo_leaves_a_real_catalogue_of_that_year_alone(sample_bytes):
    from patents.services import catalogue_import

    catalogue_import(year=DEMO_YEAR, data=sample_bytes, filename="real.csv", by=None)
    call_command("seed_demo", stdout=io.StringIO())
    catalogue = Catalogue.objects.get(year=DEMO_YEAR)
    assert not catalogue.is_demo and catalogue.entries.count() == 8
