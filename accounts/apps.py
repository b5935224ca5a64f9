from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("账户与单位")
    reviewer_permissions = (
        "accounts.view_organization",
        "accounts.change_organization",
        "accounts.verify_organization",
        "accounts.view_user",
        "accounts.view_expertprofile",
        "accounts.add_expertprofile",
        "accounts.change_expertprofile",
        "accounts.view_organizationevent",
    )

    def ready(self) -> None:
        from accounts.roles import ensure_roles

        # After every migrate (and every test-database flush, which empties auth_group
        # but re-emits post_migrate) the role groups and their permissions are back.
        post_migrate.connect(ensure_roles, dispatch_uid="accounts.ensure_roles")
