"""Reviewers publish and keep the patent catalogue in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_PERMISSIONS = (
    ("patents", "view_patent"),
    ("patents", "add_patent"),
    ("patents", "change_patent"),
    ("patents", "view_catalogue"),
    ("patents", "add_catalogue"),
    ("patents", "change_catalogue"),
    ("patents", "import_catalogue"),
    ("patents", "view_catalogueentry"),
    ("patents", "add_catalogueentry"),
    ("patents", "change_catalogueentry"),
    ("patents", "delete_catalogueentry"),
    ("patents", "view_catalogueimport"),
)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make this app's exist now.
    app_config = apps.get_app_config("patents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewer, _ = Group.objects.get_or_create(name="reviewer")
    for app_label, codename in REVIEWER_PERMISSIONS:
        reviewer.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewer = Group.objects.filter(name="reviewer").first()
    if reviewer:
        reviewer.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="patents",
                codename__in=[codename for _, codename in REVIEWER_PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("patents", "0003_trigram_search"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
