from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Plumbing every app shares and no app owns; it imports none of them."""

    name = "common"
    verbose_name = _("邮件与系统")
    default_auto_field = "django.db.models.BigAutoField"
    # Reviewers see the outbox (what was sent, what waits, why); only superusers re-send.
    reviewer_permissions = ("common.view_outboundmessage",)

    def ready(self):
        from common import requestlog  # noqa: F401 - connects the Celery signals
