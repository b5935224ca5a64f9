"""Role groups and reviewer permissions were written here once. They now have one home:
each app's AppConfig lists `reviewer_permissions`, and accounts.roles.ensure_roles, run
after every migrate, keeps the groups and the reviewer's permissions exactly in step with
those lists. This migration stays (others depend on it) but writes nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("patents", "0003_trigram_search"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
