"""On PostgreSQL, indexes for the contract search (`contracts.selectors.search`).

The search ORs `icontains` on title, seller and buyer names (Django writes
`UPPER(col::text) LIKE UPPER('%词%')`), `startswith` on the registration number and
`iexact` on the two credit codes. Trigram GIN indexes serve the LIKEs and expression
B-tree indexes the exact codes, so PostgreSQL answers with a BitmapOr instead of reading
a million rows. SQLite runs the same query unindexed.
"""

from django.db import migrations

TRIGRAM = {
    "contracts_title_trgm": "UPPER(title) gin_trgm_ops",
    "contracts_seller_name_trgm": "UPPER(seller_name) gin_trgm_ops",
    "contracts_buyer_name_trgm": "UPPER(buyer_name) gin_trgm_ops",
    "contracts_regno_trgm": "registration_number gin_trgm_ops",
}
BTREE = {
    "contracts_seller_uscc_upper": "UPPER(seller_uscc)",
    "contracts_buyer_uscc_upper": "UPPER(buyer_uscc)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON contracts_contract USING gin ({expression})"
        )
    for name, expression in BTREE.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON contracts_contract ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (*TRIGRAM, *BTREE):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_statistics")]

    operations = [migrations.RunPython(create, drop)]
