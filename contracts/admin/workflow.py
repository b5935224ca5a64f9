"""The reviewers' screens of the 2026 workflow: expert opinions and the expert and dispute
forms on a contract, and the queues of change requests and objections. Every decision
goes through a service; these screens only show and ask."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import money
from common.admin import (
    ALL_CHOICE,
    GroupedAmountsMixin,
    OpensOnFilter,
    ShowOnlyAdmin,
    ShowOnlyInline,
    is_amount,
)
from contracts import services
from contracts.forms import ExpertsForm, NoteForm, ResolveForm
from contracts.models import (
    ChangeRequest,
    ChangeRequestAttachment,
    Contract,
    ExpertReview,
    Objection,
    ObjectionStatus,
    RegistrationVersion,
    RequestStatus,
    field_label,
)


def report(model_admin, request, exc: ValidationError) -> None:
    for message in exc.messages:
        model_admin.message_user(request, message, messages.ERROR)


class ExpertReviewInline(GroupedAmountsMixin, ShowOnlyInline):
    model = ExpertReview
    fields = (
        "expert",
        "status",
        "recommendation",
        "technology_amount",
        "opinion",
        "assigned_at",
        "answered_at",
    )
    verbose_name_plural = gettext_lazy("专家评审意见")


class VersionInline(ShowOnlyInline):
    model = RegistrationVersion
    fields = ("version", "effective_on", "superseded_on", "values")
    verbose_name_plural = gettext_lazy("已被取代的登记版本")


class ChangeRequestInline(ShowOnlyInline):
    model = ChangeRequest
    fields = ("kind", "status", "reason", "filed_at", "decided_at", "note")
    show_change_link = True
    verbose_name_plural = gettext_lazy("变更/注销申请")


class ObjectionInline(ShowOnlyInline):
    model = Objection
    fields = ("filed_by", "name", "status", "filed_at", "resolved_at", "note")
    show_change_link = True
    verbose_name_plural = gettext_lazy("登记异议")


class ContractWorkflowMixin:
    """What ContractAdmin adds for expert review: two forms and their two URLs."""

    workflow_inlines = [ExpertReviewInline, VersionInline, ChangeRequestInline, ObjectionInline]

    def workflow_urls(self):
        return [
            path(
                "<int:object_id>/experts/",
                self.admin_site.admin_view(self.experts_view),
                name="contracts_contract_experts",
            ),
            path(
                "<int:object_id>/dispute/",
                self.admin_site.admin_view(self.dispute_view),
                name="contracts_contract_dispute",
            ),
        ]

    def workflow_context(self, request, contract) -> dict:
        if not (
            contract and contract.status == "submitted" and self.has_review_permission(request)
        ):
            return {}
        context = {
            "needs_expert_review": contract.needs_expert_review,
            "dispute_form": None if contract.is_disputed else NoteForm(),
            "dispute_url": reverse("admin:contracts_contract_dispute", args=[contract.pk]),
        }
        if contract.needs_expert_review:
            context["experts_form"] = ExpertsForm()
            context["experts_url"] = reverse("admin:contracts_contract_experts", args=[contract.pk])
        return context

    def _back(self, contract):
        return HttpResponseRedirect(reverse("admin:contracts_contract_change", args=[contract.pk]))

    def experts_view(self, request, object_id):
        contract = get_object_or_404(Contract, pk=object_id)
        if request.method != "POST" or not self.has_review_permission(request):
            return self._back(contract)
        form = ExpertsForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, f"{_('评审专家')}：{error}", messages.ERROR)
            return self._back(contract)
        try:
            reviews = services.expert_reviews_assign(
                contract=contract, experts=list(form.cleaned_data["experts"]), by=request.user
            )
        except ValidationError as exc:
            report(self, request, exc)
        else:
            self.message_user(
                request, _("已邀请 %(n)d 位专家评审。") % {"n": len(reviews)}, messages.SUCCESS
            )
        return self._back(contract)

    def dispute_view(self, request, object_id):
        contract = get_object_or_404(Contract, pk=object_id)
        if request.method != "POST" or not self.has_review_permission(request):
            return self._back(contract)
        try:
            services.contract_mark_disputed(
                contract=contract, note=request.POST.get("note", ""), by=request.user
            )
        except ValidationError as exc:
            report(self, request, exc)
        else:
            self.message_user(
                request,
                _("已标记为有争议：须经专家评审，审核期限为 30 个工作日。"),
                messages.SUCCESS,
            )
        return self._back(contract)


# ---- change requests --------------------------------------------------------------------


class OpenFilter(OpensOnFilter):
    title = gettext_lazy("状态")
    parameter_name = "status"
    default = "open"

    def narrow(self, queryset, value):
        return queryset.filter(status=value)


class ChangeStatusFilter(OpenFilter):
    choices_offered = (*RequestStatus.choices, ALL_CHOICE)


class ObjectionStatusFilter(OpenFilter):
    choices_offered = (*ObjectionStatus.choices, ALL_CHOICE)


class ChangeAttachmentInline(ShowOnlyInline):
    model = ChangeRequestAttachment
    fields = ("open_pdf", "size", "uploaded_at")
    verbose_name_plural = gettext_lazy("补充协议（PDF）")

    @admin.display(description=gettext_lazy("文件"))
    def open_pdf(self, attachment):
        url = reverse(
            "contracts:change-attachment", args=[attachment.change_request_id, attachment.pk]
        )
        return format_html('<a href="{}" target="_blank">{}</a>', url, attachment.original_name)


class DecisionAdmin(ShowOnlyAdmin):
    """A queue whose rows are decided on their own page through a small form."""

    change_form_template = "admin/contracts/decision_form.html"
    decide_name: str

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("contracts.review_contract")

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name=self.decide_name,
            )
        ]
        return own + super().get_urls()

    def decision_form(self):
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and obj.status == "open" and self.has_review_permission(request):
            extra_context["decision_form"] = self.decision_form()
            extra_context["decision_url"] = reverse(f"admin:{self.decide_name}", args=[obj.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        back = HttpResponseRedirect(
            reverse(f"admin:contracts_{self.model._meta.model_name}_change", args=[obj.pk])
        )
        if request.method != "POST" or not self.has_review_permission(request):
            return back
        try:
            done = self.decide(request, obj)
        except ValidationError as exc:
            report(self, request, exc)
            return back
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:contracts_{self.model._meta.model_name}_changelist")
        )


class ChangeDecisionForm(NoteForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=(("approve", gettext_lazy("批准")), ("refuse", gettext_lazy("不予批准"))),
        widget=forms.RadioSelect,
    )
    field_order = ["decision", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = False
        self.fields["note"].help_text = gettext_lazy("不予批准时必须填写，申请单位会看到。")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(DecisionAdmin):
    list_display = ("contract", "kind", "status", "filed_at", "decided_at")
    list_filter = (ChangeStatusFilter, "kind")
    search_fields = ("contract__registration_number", "contract__title", "contract__seller_name")
    list_select_related = ("contract",)
    inlines = [ChangeAttachmentInline]
    decide_name = "contracts_changerequest_decide"
    fields = ("contract", "kind", "reason", "changes", "status", "filed_by", "filed_at", "note")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("变更内容"))
    def changes(self, change):
        if not change.fields:
            return "—"
        contract = change.contract

        def shown(name, value):
            try:
                field = Contract._meta.get_field(name)
            except FieldDoesNotExist:
                return value
            return money.format_yuan(value, empty="—") if is_amount(field) else value

        return "；".join(
            f"{field_label(name)}：{shown(name, getattr(contract, name))} → {shown(name, value)}"
            if change.status == RequestStatus.OPEN
            else f"{field_label(name)} → {shown(name, value)}"
            for name, value in change.fields.items()
        )

    def decision_form(self):
        return ChangeDecisionForm()

    def decide(self, request, change):
        form = ChangeDecisionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(
                [f"{form[f].label}：{e}" for f, errors in form.errors.items() for e in errors]
            )
        note = form.cleaned_data["note"]
        if form.cleaned_data["decision"] == "approve":
            services.change_request_approve(change_request=change, note=note, by=request.user)
            return _("已批准%(kind)s。") % {"kind": change.get_kind_display()}
        services.change_request_refuse(change_request=change, note=note, by=request.user)
        return _("已不予批准。")


@admin.register(Objection)
class ObjectionAdmin(DecisionAdmin):
    list_display = ("contract", "filed_by", "name", "status", "filed_at", "resolved_at")
    list_filter = (ObjectionStatusFilter, "filed_by")
    search_fields = ("contract__registration_number", "name", "contact")
    list_select_related = ("contract",)
    decide_name = "contracts_objection_decide"
    fields = (
        "contract",
        "filed_by",
        "name",
        "contact",
        "grounds",
        "filed_at",
        "status",
        "resolved_by",
        "note",
    )
    readonly_fields = fields

    def decision_form(self):
        return ResolveForm()

    def decide(self, request, objection):
        form = ResolveForm(request.POST)
        if not form.is_valid():
            raise ValidationError(
                [f"{form[f].label}：{e}" for f, errors in form.errors.items() for e in errors]
            )
        services.objection_resolve(objection=objection, by=request.user, **form.cleaned_data)
        return _("异议已办结：%(outcome)s。") % {
            "outcome": ObjectionStatus(form.cleaned_data["outcome"]).label
        }
