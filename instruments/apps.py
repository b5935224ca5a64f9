from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("大型仪器共享")
    # Kept in the reviewer group by accounts.roles: reviewers look, owners act.
    reviewer_permissions = (
        "instruments.view_instrument",
        "instruments.view_instrumentphoto",
        "instruments.view_training",
        "instruments.view_booking",
        "instruments.view_bookingevent",
    )
