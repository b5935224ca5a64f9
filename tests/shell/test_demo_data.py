"""The demo data looks alive (about fifty institutions, each with results) and honest
(invented names say （演示）, every page says 演示数据 while it is loaded)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Institution

pytestmark = pytest.mark.django_db

# Named in the public record as resident (DOMAIN.md); their demo results are invented.
REAL = {"清华大学", "同济大学", "中国石油大学（北京）克拉玛依校区"}
BANNER = "本站当前载有演示数据"


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def test_about_fifty_institutions_each_with_results_and_invented_ones_marked(seeded):
    institutions = list(Institution.objects.all())
    assert 45 <= len(institutions) <= 55
    for institution in institutions:
        assert institution.is_demo
        assert institution.name in REAL or institution.name.endswith("（演示）"), institution.name
        assert institution.results.published().count() >= 2, institution.name
    assert len({i.city for i in institutions if i.city}) >= 8  # Karamay, Xinjiang and beyond


def test_a_second_seed_writes_no_institution_or_result(seeded):
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", stdout=io.StringIO())
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and '"institutions_' in q["sql"]
    ]
    assert not writes, writes[:3]


def test_an_earlier_seed_is_renamed_not_duplicated(seeded):
    Institution.objects.filter(name="克拉玛依示范研究院（演示）").update(name="克拉玛依示范研究院")
    count = Institution.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Institution.objects.count() == count
    assert Institution.objects.filter(name="克拉玛依示范研究院（演示）").exists()


@pytest.mark.parametrize("path", ["/", "/institutions/", "/results/", "/patents/", "/stats/"])
def test_every_page_says_demo_data_while_it_is_loaded(client, seeded, path):
    assert BANNER in client.get(path).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "demonstration data" in client.get(path).content.decode()


def test_no_banner_without_demo_data(client):
    assert BANNER not in client.get("/").content.decode()
