from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Plumbing every app shares and no app owns; it imports none of them."""

    name = "common"
    verbose_name = "公共组件"

    def ready(self):
        from common import requestlog  # noqa: F401 - connects the Celery signals
