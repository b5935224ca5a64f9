"""技术性收入核定 for reviewers: the filings waiting, confirmation and correction."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.admin import ALL_CHOICE, GroupedAmountsMixin, OpensOnFilter, ShowOnlyAdmin
from contracts import services
from contracts.models import (
    IncomeStatus,
    IncomeVerification,
)

# ---- 技术性收入核定 --------------------------------------------------------------------------


class IncomeStatusFilter(OpensOnFilter):
    """Opens on the filings waiting for confirmation."""

    title = gettext_lazy("状态")
    parameter_name = "status"
    default = IncomeStatus.FILED
    choices_offered = (*IncomeStatus.choices, ALL_CHOICE)

    def narrow(self, queryset, value):
        return queryset.filter(status=value) if value in IncomeStatus.values else queryset


@admin.register(IncomeVerification)
class IncomeVerificationAdmin(GroupedAmountsMixin, ShowOnlyAdmin):
    list_display = (
        "contract",
        "year",
        "amount",
        "confirmed_amount",
        "status",
        "filed_at",
        "evidence_link",
        "sheet_link",
    )
    list_filter = (IncomeStatusFilter, "year")
    search_fields = ("contract__registration_number", "contract__seller_name")
    list_select_related = ("contract",)
    actions = ["confirm_selected"]
    fields = (
        "contract",
        "year",
        "amount",
        "evidence_link",
        "status",
        "confirmed_amount",
        "note",
        "filed_by",
        "filed_at",
        "confirmed_by",
        "confirmed_at",
        "sheet_link",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("收入凭证"))
    def evidence_link(self, filing):
        url = reverse("contracts:income-evidence", args=[filing.contract_id, filing.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, filing.evidence_name)

    @admin.display(description=gettext_lazy("核定表"))
    def sheet_link(self, filing):
        if filing.status != IncomeStatus.CONFIRMED:
            return "—"
        url = reverse("contracts:income-sheet", args=[filing.contract_id, filing.pk])
        return format_html('<a href="{}">{}</a>', url, _("下载 PDF"))

    @admin.action(description=gettext_lazy("按申报金额核定所选申报"), permissions=["review"])
    def confirm_selected(self, request, queryset):
        done = 0
        for filing in queryset:
            try:
                services.income_confirm(verification=filing, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{filing}：{'；'.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("已核定 %(n)d 项申报。") % {"n": done}, messages.SUCCESS)

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("contracts.review_contract")
