"""The three roles as groups. Each app lists what reviewers may do in its AppConfig's
`reviewer_permissions` ("app_label.codename"); this keeps the reviewer group in step."""

from django.apps import apps as global_apps

from accounts.models import Role

ROLES = (Role.ENTERPRISE_MEMBER, Role.INSTITUTE_MEMBER, Role.REVIEWER)


def reviewer_permission_names() -> list[str]:
    names: list[str] = []
    for app_config in global_apps.get_app_configs():
        names += getattr(app_config, "reviewer_permissions", ())
    return names


def ensure_roles(sender=None, apps=global_apps, using="default", **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.using(using).get_or_create(name=name)
    reviewer = Group.objects.using(using).get(name=Role.REVIEWER)
    for name in reviewer_permission_names():
        app_label, codename = name.split(".")
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:  # created by its own app's post_migrate handler
            reviewer.permissions.add(permission)
