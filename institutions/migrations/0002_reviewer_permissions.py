"""Reviewers keep the institutions' profiles, moderate results and see every enquiry."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_PERMISSIONS = (
    ("institutions", "view_institution"),
    ("institutions", "add_institution"),
    ("institutions", "change_institution"),
    ("institutions", "view_result"),
    ("institutions", "moderate_result"),
    ("institutions", "view_resultevent"),
    ("institutions", "view_enquiry"),
)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make this app's exist now.
    app_config = apps.get_app_config("institutions")
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
                content_type__app_label="institutions",
                codename__in=[codename for _, codename in REVIEWER_PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
