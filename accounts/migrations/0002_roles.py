"""The three roles, as groups. Later apps grant their own permissions to `reviewer`."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("enterprise member", "institute member", "reviewer")
REVIEWER_PERMISSIONS = (
    ("accounts", "view_organization"),
    ("accounts", "change_organization"),
    ("accounts", "verify_organization"),
    ("accounts", "view_user"),
)


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make this app's exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    reviewer = Group.objects.get(name="reviewer")
    for app_label, codename in REVIEWER_PERMISSIONS:
        reviewer.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
