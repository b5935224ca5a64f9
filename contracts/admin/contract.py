"""The reviewer's queue: what needs action first, decisions through the services."""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.admin import (
    ALL_CHOICE,
    GroupedAmountsMixin,
    OpensOnFilter,
    PlainActionCheckboxMixin,
    ShowOnlyAdmin,
    ShowOnlyInline,
)
from common.paginators import KeysFirstPaginator
from contracts import exports, selectors, services
from contracts.admin.confirm import registration_confirmation
from contracts.admin.imports import HistoryImportAdminMixin
from contracts.admin.workflow import ContractWorkflowMixin
from contracts.choices import Status
from contracts.forms import NoteForm, ReviewForm
from contracts.models import (
    BUYER_FIELDS,
    SELLER_FIELDS,
    SUBJECT_FIELDS,
    TERMS_FIELDS,
    Contract,
    ContractAttachment,
    ContractEvent,
)


class QueueFilter(OpensOnFilter):
    """Opens on the contracts waiting for a decision."""

    title = gettext_lazy("状态")
    parameter_name = "status"
    default = "submitted"
    choices_offered = (
        ("submitted", gettext_lazy("待审核")),
        ("overdue", gettext_lazy("已超期")),
        ("experts", gettext_lazy("待专家意见")),
        ("returned", gettext_lazy("退回补正")),
        ("registered", gettext_lazy("已登记")),
        ("rejected", gettext_lazy("不予登记")),
        ("draft", gettext_lazy("草稿")),
        ALL_CHOICE,
    )

    def narrow(self, queryset, value):
        if value == "overdue":
            return queryset.overdue()
        if value == "experts":
            return queryset.awaiting_expert_opinion()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class RegisteredMonthFilter(admin.SimpleListFilter):
    """The last 24 months by registration date (no query to build the choices)."""

    title = gettext_lazy("登记月份")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        months, year, month = [], today.year, today.month
        for _i in range(24):
            months.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            first = datetime.date.fromisoformat(f"{value}-01")
            following = (first + datetime.timedelta(days=32)).replace(day=1)
        except (ValueError, OverflowError):  # not a month, or 9999-12 (no month after it)
            return queryset.none()
        return queryset.filter(registered_on__gte=first, registered_on__lt=following)


class QualityFlagFilter(admin.SimpleListFilter):
    """The annual quality check: large, foreign (涉外) and tax-relief (涉税) registrations.
    The list's export (and the export action) downloads what the filter shows."""

    title = gettext_lazy("质量核查")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return (
            ("any", gettext_lazy("需复核（任一）")),
            ("large", gettext_lazy("大额（技术交易额 ≥ 500 万元）")),
            ("foreign", gettext_lazy("涉外")),
            ("tax", gettext_lazy("涉税（享受税收优惠）")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value not in {"any", "large", "foreign", "tax"}:
            return queryset
        return selectors.quality_flagged(queryset, value)


class AttachmentInline(ShowOnlyInline):
    model = ContractAttachment
    fields = ("open_pdf", "size", "uploaded_at", "uploaded_by")
    verbose_name_plural = gettext_lazy("合同文本（PDF）")

    @admin.display(description=gettext_lazy("文件"))
    def open_pdf(self, attachment):
        url = reverse("contracts:attachment", args=[attachment.contract_id, attachment.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, attachment.original_name)


class EventInline(ShowOnlyInline):
    model = ContractEvent
    fields = ("at", "by", "from_status", "to_status", "note")
    ordering = ("at", "pk")
    verbose_name_plural = gettext_lazy("办理记录")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contract)
class ContractAdmin(
    PlainActionCheckboxMixin,
    GroupedAmountsMixin,
    HistoryImportAdminMixin,
    ContractWorkflowMixin,
    ShowOnlyAdmin,
):
    list_display = (
        "title",
        "seller_name",
        "contract_type",
        "technology_amount",
        "status_badge",
        "import_flag",
        "submitted_at",
        "due",
        "registration_number",
        "registration_state",
    )
    list_filter = (
        QueueFilter,
        "contract_type",
        "technical_field",
        RegisteredMonthFilter,
        QualityFlagFilter,
    )
    search_fields = (
        "title",
        "seller_name",
        "=seller_uscc",
        "buyer_name",
        "=buyer_uscc",
        "registration_number",
    )
    list_per_page = 50
    show_full_result_count = False
    # A queue or search of a million rows is counted up to 10,000 only ("10,000+").
    paginator = KeysFirstPaginator
    actions = [
        "register_selected",
        "return_selected",
        "reject_selected",
        "export_selected",
        "export_jj001_selected",
    ]
    inlines = [AttachmentInline, *ContractWorkflowMixin.workflow_inlines, EventInline]
    change_form_template = "admin/contracts/contract/change_form.html"
    change_list_template = "admin/contracts/contract/change_list.html"
    fieldsets = (
        (
            gettext_lazy("登记"),
            {
                "fields": (
                    "status",
                    "review_due_on",
                    "submitted_at",
                    "is_disputed",
                    "dispute_note",
                    "registration_number",
                    "registration_state",
                    "version",
                    "registered_on",
                    "changed_on",
                    "registered_by",
                    "reviewer_note",
                    "tax_relief_display",
                )
            },
        ),
        (
            gettext_lazy("合同"),
            {
                "fields": (
                    "origin_display",
                    *SUBJECT_FIELDS,
                    *TERMS_FIELDS,
                    "amends",
                    "broker",
                    "broker_confirmed_at",
                )
            },
        ),
        (
            gettext_lazy("当事人"),
            {"fields": (*SELLER_FIELDS, "seller_country_code", "import_flag", *BUYER_FIELDS)},
        ),
    )

    # Nobody edits a filing here: decisions and corrections go through the services.
    readonly_fields = flatten_fieldsets(fieldsets)

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("contracts.review_contract")

    def get_search_results(self, request, queryset, search_term):
        # The same search as the API and "my contracts" (and the same indexes serve it).
        if not search_term.strip():
            return queryset, False
        return selectors.search(queryset, search_term), False

    def get_ordering(self, request):
        if request.GET.get("status", QueueFilter.default) in {"submitted", "overdue", "experts"}:
            return ("review_due_on", "submitted_at", "pk")
        return ("-registered_on", "-submitted_at", "-pk")

    @admin.display(description=gettext_lazy("状态"), ordering="status")
    def status_badge(self, contract):
        return contract.get_status_display()

    @admin.display(description=gettext_lazy("技术进口"), boolean=True)
    def import_flag(self, contract) -> bool:
        return contract.is_import

    @admin.display(description=gettext_lazy("审核期限"), ordering="review_due_on")
    def due(self, contract):
        if contract.status != Status.SUBMITTED or not contract.review_due_on:
            return "—"
        # 30 working days instead of 15 when experts review (large or disputed).
        expert = _("（专家评审）") if contract.needs_expert_review else ""
        if contract.is_overdue:
            return format_html(
                '<strong class="overdue">{} {}{}</strong>',
                contract.review_due_on,
                _("已超期"),
                expert,
            )
        return format_html("{}{}", contract.review_due_on, expert)

    @admin.display(description=gettext_lazy("来源"))
    def origin_display(self, contract):
        if not contract.origin_kind:
            return "—"
        return format_html(
            '{}：<a href="{}">{}</a>',
            contract.get_origin_kind_display(),
            contract.origin_url,
            contract.origin_title,
        )

    @admin.display(description=gettext_lazy("税收优惠"))
    def tax_relief_display(self, contract):
        relief = contract.tax_relief
        parts = []
        if relief["vat_exempt"]:
            parts.append(_("免征增值税"))
        if relief["income_tax_relief"]:
            parts.append(_("企业所得税减免"))
        return "、".join(parts) or "—"

    # ---- one by one --------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="contracts_contract_review",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="contracts_contract_export",
            ),
            path(
                "export-jj001/",
                self.admin_site.admin_view(self.export_jj001_view),
                name="contracts_contract_export_jj001",
            ),
        ]
        return own + self.history_import_urls() + self.workflow_urls() + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        contract = self.get_object(request, object_id)
        extra_context.update(self.workflow_context(request, contract))
        if contract is not None:
            # The signed text beside the decision form: the latest upload, others linked.
            attachments = [
                {
                    "name": a.original_name,
                    "url": reverse("contracts:attachment", args=[contract.pk, a.pk]),
                }
                for a in contract.attachments.order_by("-uploaded_at", "-pk")
            ]
            extra_context["attachments"] = attachments
        if contract and contract.status == Status.SUBMITTED and self.has_review_permission(request):
            extra_context["review_form"] = ReviewForm(
                initial={
                    "technology_amount": contract.technology_amount,
                    "contract_type": contract.contract_type,
                    "subtype": contract.subtype,
                }
            )
            extra_context["review_url"] = reverse(
                "admin:contracts_contract_review", args=[contract.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def review_view(self, request, object_id):
        contract = get_object_or_404(Contract, pk=object_id)
        change_url = reverse("admin:contracts_contract_change", args=[contract.pk])
        if request.method != "POST" or not self.has_review_permission(request):
            return HttpResponseRedirect(change_url)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    self.message_user(
                        request,
                        f"{form[field].label if field in form.fields else ''}{error}",
                        messages.ERROR,
                    )
            return HttpResponseRedirect(change_url)
        data = form.cleaned_data
        if data["decision"] == "register" and not request.POST.get("confirmed"):
            # Registering takes a number for good: the reviewer sees what first (unless
            # it cannot be registered at all: then why, at once).
            try:
                services.require_registrable(contract, request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(change_url)
            return registration_confirmation(
                self,
                request,
                [contract],
                corrections=data,
                hidden={
                    name: "" if data[name] is None else data[name]
                    for name in (
                        "decision",
                        "technology_amount",
                        "contract_type",
                        "subtype",
                        "note",
                    )
                },
            )
        try:
            if data["decision"] == "register":
                services.contract_register(
                    contract=contract,
                    by=request.user,
                    technology_amount=data["technology_amount"],
                    contract_type=data["contract_type"] or None,
                    subtype=data["subtype"] or None,
                    note=data["note"],
                )
                done = _("已登记：%(number)s") % {"number": contract.registration_number}
            elif data["decision"] == "return":
                services.contract_return(contract=contract, by=request.user, note=data["note"])
                done = _("已退回补正。")
            else:
                services.contract_reject(contract=contract, by=request.user, note=data["note"])
                done = _("已决定不予登记。")
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, f"{contract.title}：{done}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:contracts_contract_changelist"))

    # ---- in bulk -----------------------------------------------------------------------

    def _each(self, request, queryset, decide) -> None:
        done, failed = 0, []
        for contract in queryset.order_by("review_due_on", "pk"):
            try:
                decide(contract)
            except ValidationError as exc:
                failed.append(f"{contract.title}：{'；'.join(exc.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, _("已处理 %(n)d 份合同。") % {"n": done}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=gettext_lazy("认定登记所选合同"), permissions=["review"])
    def register_selected(self, request, queryset):
        if "apply" not in request.POST:
            return registration_confirmation(
                self,
                request,
                list(queryset.order_by("review_due_on", "pk")),
                action="register_selected",
            )
        self._each(
            request,
            queryset,
            lambda c: services.contract_register(contract=c, by=request.user),
        )

    def _with_note(self, request, queryset, action, title, decide):
        form = NoteForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            note = form.cleaned_data["note"]
            self._each(request, queryset, lambda c: decide(contract=c, by=request.user, note=note))
            return None
        return TemplateResponse(
            request,
            "admin/contracts/contract/note_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "contracts": queryset,
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=gettext_lazy("退回补正所选合同"), permissions=["review"])
    def return_selected(self, request, queryset):
        return self._with_note(
            request, queryset, "return_selected", _("退回补正"), services.contract_return
        )

    @admin.action(description=gettext_lazy("不予登记所选合同"), permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._with_note(
            request, queryset, "reject_selected", _("不予登记"), services.contract_reject
        )

    # ---- export ------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("导出所选合同（Excel）"), permissions=["view"])
    def export_selected(self, request, queryset):
        return self._xlsx(queryset)

    def export_view(self, request):
        """The list as filtered and searched on screen, as an .xlsx file."""
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        changelist = self.get_changelist_instance(request)
        return self._xlsx(changelist.get_queryset(request))

    def _xlsx(self, queryset):
        return exports.contracts_xlsx_response(queryset)

    @admin.action(
        description=gettext_lazy("导出所选登记（JJ-001，报全国系统）"), permissions=["view"]
    )
    def export_jj001_selected(self, request, queryset):
        return exports.jj001_xlsx_response(queryset.filter(status=Status.REGISTERED))

    def export_jj001_view(self, request):
        """The registrations of the list as filtered on screen, in the JJ-001 layout."""
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request).filter(status=Status.REGISTERED)
        return exports.jj001_xlsx_response(queryset)
