from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandsConfig(AppConfig):
    name = "demands"
    verbose_name = _("技术需求与揭榜挂帅")
    # Kept in the reviewer group by accounts.roles (also after a test flush).
    reviewer_permissions = (
        "demands.view_demand",
        "demands.change_demand",
        "demands.view_demandevent",
        "demands.view_challenge",
        "demands.add_challenge",
        "demands.change_challenge",
        "demands.view_challengeevent",
        "demands.view_challengeapplication",
        "demands.view_challengeobjection",
        "demands.view_challengequestion",
        "demands.change_challengequestion",
    )

    def ready(self) -> None:
        # Results, catalogue patents and institutions live in apps that may not call this
        # one; when one is saved or moves (publish, withdraw, a catalogue published: their
        # transitions are conditional updates that record an event row), every demand's
        # stored suggestions are recomputed, once per transaction.
        from django.db.models.signals import post_save

        from demands.services.matching import target_changed
        from institutions.models import Institution, Result, ResultEvent
        from patents.models import CatalogueEntry, CatalogueEvent

        for model in (Result, ResultEvent, Institution, CatalogueEntry, CatalogueEvent):
            post_save.connect(
                target_changed, sender=model, dispatch_uid=f"demands.{model.__name__}"
            )
