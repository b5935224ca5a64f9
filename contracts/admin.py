from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from contracts.models import AnnualTarget, MonthlyStat
from contracts.statistics import compute_stats
from portal.templatetags.money import yi

# ---- market statistics ------------------------------------------------------------------


@admin.register(AnnualTarget)
class AnnualTargetAdmin(admin.ModelAdmin):
    list_display = ("year", "contract_amount_yi", "note")
    ordering = ("-year",)

    @admin.display(description=_("目标（亿元）"), ordering="contract_amount")
    def contract_amount_yi(self, obj) -> str:
        return yi(obj.contract_amount)


@admin.register(MonthlyStat)
class MonthlyStatAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("重新计算所选月份"), permissions=["view"])
    def recompute(self, request, queryset):
        for year, month in queryset.values_list("year", "month"):
            compute_stats(year, month)
        self.message_user(request, _("已重新计算。"), messages.SUCCESS)
