from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Plumbing every app shares and no app owns; it imports none of them."""

    name = "common"
    verbose_name = "公共组件"
    default_auto_field = "django.db.models.BigAutoField"
    # Reviewers see the outbox (what was sent, what waits, why); only superusers re-send.
    reviewer_permissions = ("common.view_outboundmessage",)

    def ready(self):
        from common import requestlog  # noqa: F401 - connects the Celery signals
