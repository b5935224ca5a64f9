from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

# The tokens DRF's authtoken kept in plain text become knox tokens (kept as a hash) that
# still work for the client that holds them, until they expire like any new token; the
# plain-text table is then dropped so that no usable secret is left in the database.
MIGRATED_TOKEN_TTL = timedelta(days=30)


def move_drf_tokens_to_knox(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    expiry = timezone.now() + MIGRATED_TOKEN_TTL
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    AuthToken.objects.bulk_create(
        [
            AuthToken(
                digest=hash_token(key),
                token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
                user_id=user_id,
                expiry=expiry,
            )
            for key, user_id in rows
        ],
        ignore_conflicts=True,
    )
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name('authtoken_token')}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_display_name"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_generation",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="会话代次"
            ),
        ),
        migrations.RunPython(move_drf_tokens_to_knox, migrations.RunPython.noop),
    ]
