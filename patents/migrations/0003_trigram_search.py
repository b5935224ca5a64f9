"""On PostgreSQL, trigram (pg_trgm) GIN indexes for the catalogue's substring search.

The search is `icontains` over title, abstract, patentee and application number, which
Django writes as `UPPER(column::text) LIKE UPPER('%词%')` on PostgreSQL; a GIN index on
`UPPER(column) gin_trgm_ops` serves exactly that expression, for Chinese too (pg_trgm
counts CJK characters as word characters under a UTF-8 ctype). Queries of three or more
characters narrow through the index; one- and two-character words still give correct
results (PostgreSQL then scans the index fully). SQLite runs the same query unindexed.
"""

from django.db import migrations

COLUMNS = ("title", "abstract", "patentee", "application_number")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS patents_patent_{column}_trgm "
            f"ON patents_patent USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS patents_patent_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("patents", "0002_catalogue_entry_timestamps_imports")]

    operations = [migrations.RunPython(create, drop)]
