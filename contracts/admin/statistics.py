"""The decision log and the market statistics' tables, for reading (targets are edited)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import money
from common.admin import GroupedAmountsMixin, ShowOnlyAdmin
from contracts import services
from contracts.models import (
    AbsorbedContract,
    AnnualTarget,
    ContractEvent,
    MonthlyStat,
    StatsRevision,
)


@admin.register(ContractEvent)
class ContractEventAdmin(ShowOnlyAdmin):
    """The audit log of every decision on every contract (who, when, from, to, why):
    written only by the services, read here; nobody can add, change or delete a row."""

    list_display = ("at", "by", "contract", "from_status", "to_status", "note")
    list_filter = ("to_status",)
    search_fields = ("contract__registration_number", "contract__title", "by__username")
    list_select_related = ("contract", "by")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")


@admin.register(AnnualTarget)
class AnnualTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "contract_amount_yi", "note")
    ordering = ("-year",)

    @admin.display(description=gettext_lazy("目标（亿元）"), ordering="contract_amount")
    def contract_amount_yi(self, obj) -> str:
        return money.format_yi(obj.contract_amount)


@admin.register(MonthlyStat)
class MonthlyStatAdmin(GroupedAmountsMixin, ShowOnlyAdmin):
    """Read-only: the table is computed from registered contracts, never typed in."""

    list_display = (
        "year",
        "month",
        "contracts",
        "contract_amount",
        "technology_amount",
        "local_contracts",
        "computed_at",
    )
    list_filter = ("year",)
    ordering = ("-year", "-month")
    actions = ["recompute"]

    @admin.action(description=gettext_lazy("重新计算所选月份"), permissions=["view"])
    def recompute(self, request, queryset):
        for year, month in queryset.values_list("year", "month"):
            services.compute_stats(year, month)
        self.message_user(request, _("已重新计算。"), messages.SUCCESS)


@admin.register(StatsRevision)
class StatsRevisionAdmin(ShowOnlyAdmin):
    """Read-only: each published figure a recomputation changed, and why."""

    list_display = ("year", "month", "field", "old", "new", "reason", "revised_at")
    list_filter = ("year",)


@admin.register(AbsorbedContract)
class AbsorbedContractAdmin(GroupedAmountsMixin, ShowOnlyAdmin):
    """Read-only: registrations made elsewhere with a local buyer (吸纳), imported with
    `import_contracts --absorbed`."""

    list_display = (
        "registration_number", "registered_on", "title", "seller_name", "registering_office",
        "contract_amount", "technology_amount",
    )  # fmt: skip
    list_filter = ("contract_type", "technical_field")
    search_fields = ("registration_number", "title", "seller_name", "buyer_name")
