from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatentsConfig(AppConfig):
    name = "patents"
    verbose_name = _("高价值专利目录")
    # Kept in the reviewer group by accounts.roles (also after a test flush).
    reviewer_permissions = (
        "patents.view_patent",
        "patents.add_patent",
        "patents.change_patent",
        "patents.view_catalogue",
        "patents.add_catalogue",
        "patents.change_catalogue",
        "patents.import_catalogue",
        "patents.view_catalogueentry",
        "patents.add_catalogueentry",
        "patents.change_catalogueentry",
        "patents.delete_catalogueentry",
        "patents.view_catalogueimport",
        "patents.publish_catalogue",
        "patents.view_catalogueevent",
    )
