"""The catalogue search on real PostgreSQL: Chinese substrings, and the trigram indexes."""

import pytest
from django.db import connection, transaction

from patents.models import CatalogueEntry, Patent
from patents.selectors import CatalogueFilters, catalogue_entries, patent_q
from tests.patents.conftest import many_rows, number, publish, row

pytestmark = pytest.mark.postgres

COLUMNS = ("title", "abstract", "patentee", "application_number")


def test_the_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename IN ('patents_patent', 'patents_catalogueentry')"
        )
        indexes = dict(cursor.fetchall())
    expected = [f"patents_patent_{column}_trgm" for column in COLUMNS] + [
        f"patents_catalogueentry_{column}_trgm" for column in ("title", "abstract", "patentee")
    ]
    for name in expected:
        definition = indexes[name]
        assert "gin" in definition and "gin_trgm_ops" in definition and "upper" in definition


def test_chinese_search_uses_the_trigram_index():
    publish(
        [
            *many_rows(50),
            row(application_number=number("202110009001"), title="一种超稠油蒸汽吞吐方法"),
        ]
    )
    entries = catalogue_entries(2025, CatalogueFilters(q="蒸汽吞吐"))
    assert [e.title for e in entries] == ["一种超稠油蒸汽吞吐方法"]
    with transaction.atomic(), connection.cursor() as cursor:
        # On a table this small PostgreSQL prefers a sequential scan; forbid it to see
        # that the index serves Django's `UPPER(col::text) LIKE UPPER(%s)` at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The patent-side condition as patents_filtered writes it (the planner's choice
        # of join order on a table this small says nothing about the index).
        patents = Patent.objects.filter(patent_q(CatalogueFilters(q="蒸汽吞吐"))).query
        sql, params = patents.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
        # A year's entries are few; the entries' own index serves a search across years.
        across_years = CatalogueEntry.objects.filter(title__icontains="蒸汽吞吐")
        sql, params = across_years.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        entry_plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "patents_patent_title_trgm" in plan, plan
    assert "patents_catalogueentry_title_trgm" in entry_plan, entry_plan


def test_two_character_words_and_mixed_case_find_their_rows():
    publish(
        [
            row(application_number=number("202110009002"), title="一种油藏压裂液"),
            row(
                application_number=number("202110009003"),
                title="一种钻井液",
                patentee="Karamay Demo Co.",
            ),
        ]
    )
    found = {e.title for e in catalogue_entries(2025, CatalogueFilters(q="压裂"))}
    assert found == {"一种油藏压裂液"}
    found = {e.title for e in catalogue_entries(2025, CatalogueFilters(q="karamay"))}
    assert found == {"一种钻井液"}
    assert CatalogueEntry.objects.count() == 2


def test_two_years_imported_at_once_share_their_new_patents():
    import threading

    barrier = threading.Barrier(2)
    failures = []

    def publish_year(year: int) -> None:
        try:
            barrier.wait()
            publish(many_rows(300, sector="digital" if year == 2024 else "oil_gas"), year=year)
        except Exception as exc:  # reported below, with its type
            failures.append(repr(exc))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=publish_year, args=(year,)) for year in (2024, 2025)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Patent.objects.count() == 300
    assert CatalogueEntry.objects.filter(catalogue__year=2024, sector="digital").count() == 300
    assert CatalogueEntry.objects.filter(catalogue__year=2025, sector="oil_gas").count() == 300
