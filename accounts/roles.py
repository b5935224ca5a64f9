"""The roles as groups. Each app lists what reviewers may do in its AppConfig's
`reviewer_permissions` ("app_label.codename"); this keeps the reviewer group in step."""

from django.apps import apps as global_apps
from django.db.models import Q

from accounts.models import Role

ROLES = (Role.ENTERPRISE_MEMBER, Role.INSTITUTE_MEMBER, Role.REVIEWER, Role.EXPERT)


def reviewer_permission_names() -> list[str]:
    names: list[str] = []
    for app_config in global_apps.get_app_configs():
        names += getattr(app_config, "reviewer_permissions", ())
    return names


def ensure_roles(sender=None, apps=global_apps, using="default", **kwargs) -> None:
    """Runs after every migrate: the role groups exist, and the reviewer group holds
    exactly the permissions the apps list (one taken off a list is taken away too)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.using(using).get_or_create(name=name)
    reviewer = Group.objects.using(using).get(name=Role.REVIEWER)
    wanted = Q(pk__in=[])
    for name in reviewer_permission_names():
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    # A permission not created yet (its app's post_migrate comes later) is added then.
    reviewer.permissions.set(Permission.objects.using(using).filter(wanted))


def reviewers():
    """The center's reviewers (the service desk): active members of the reviewer group and
    superusers, each once. Every "tell the reviewers" reads this."""
    User = global_apps.get_model("accounts", "User")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=Role.REVIEWER) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )
