"""Years that existed before drafts were public: they stay published. Each entry gets its
own copy of the patent's data as it stands (until now every year showed the patent row).
On PostgreSQL, the entry columns the catalogue page searches get trigram indexes like the
patent's (see 0003)."""

from django.db import migrations

FIELDS = (
    "title",
    "patentee",
    "inventors",
    "application_date",
    "grant_date",
    "ipc",
    "ipc_index",
    "high_value_kinds",
    "abstract",
)
SEARCHED = ("title", "abstract", "patentee")


def forwards(apps, schema_editor):
    Catalogue = apps.get_model("patents", "Catalogue")
    CatalogueEntry = apps.get_model("patents", "CatalogueEntry")
    Catalogue.objects.filter(status="draft").update(status="published")
    entries = list(CatalogueEntry.objects.select_related("patent"))
    for entry in entries:
        for name in FIELDS:
            setattr(entry, name, getattr(entry.patent, name))
    CatalogueEntry.objects.bulk_update(entries, FIELDS, batch_size=500)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in SEARCHED:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS patents_catalogueentry_{column}_trgm "
                f"ON patents_catalogueentry USING gin (UPPER({column}) gin_trgm_ops)"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in SEARCHED:
            schema_editor.execute(f"DROP INDEX IF EXISTS patents_catalogueentry_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("patents", "0005_catalogue_years_draft_published_and_kept")]

    operations = [migrations.RunPython(forwards, backwards)]
