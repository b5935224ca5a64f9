from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("技术合同登记")
    reviewer_permissions = (
        "contracts.view_contract",
        "contracts.change_contract",
        "contracts.review_contract",
        "contracts.view_contractevent",
        "contracts.view_contractattachment",
        "contracts.view_monthlystat",
        "contracts.view_monthlybreakdown",
        "contracts.view_annualtarget",
        "contracts.add_annualtarget",
        "contracts.change_annualtarget",
        "contracts.view_expertreview",
        "contracts.view_changerequest",
        "contracts.view_changerequestattachment",
        "contracts.view_registrationversion",
        "contracts.view_objection",
        "contracts.view_incomeverification",
    )
