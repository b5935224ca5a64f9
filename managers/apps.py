from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagersConfig(AppConfig):
    name = "managers"
    verbose_name = _("技术经理人")
    # Kept in the reviewer group by accounts.roles (also after a test flush).
    reviewer_permissions = (
        "managers.view_manager",
        "managers.review_manager",
        "managers.view_managerevent",
        "managers.view_filing",
        "managers.view_helprequest",
    )
