"""Reviewers see and review contracts in the admin; they never add or delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_PERMISSIONS = (
    "view_contract",
    "change_contract",
    "review_contract",
    "view_contractevent",
    "view_contractattachment",
)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewer, _created = Group.objects.get_or_create(name="reviewer")
    for codename in REVIEWER_PERMISSIONS:
        reviewer.permissions.add(
            Permission.objects.get(content_type__app_label="contracts", codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewer = Group.objects.filter(name="reviewer").first()
    if reviewer:
        reviewer.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="contracts", codename__in=REVIEWER_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
