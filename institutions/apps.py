from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("高校院所与科技成果")
    # Kept in the reviewer group by accounts.roles (also after a test flush).
    reviewer_permissions = (
        "institutions.view_institution",
        "institutions.add_institution",
        "institutions.change_institution",
        "institutions.view_result",
        "institutions.moderate_result",
        "institutions.view_resultevent",
        "institutions.view_enquiry",
        "institutions.view_enquiryreply",
        "institutions.view_enquiryevent",
    )

    def ready(self) -> None:
        from accounts.signals import organization_verified
        from institutions.services import profile_on_verification

        organization_verified.connect(
            profile_on_verification, dispatch_uid="institutions.profile_on_verification"
        )
