from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Plumbing every app shares and no app owns; it imports none of them."""

    name = "common"
    verbose_name = "公共组件"
