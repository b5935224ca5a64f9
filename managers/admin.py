"""Reviewer screens: the applications waiting first, approve / refuse / suspend as actions
(each calling its service), who has not filed last year's report, the filings and the
requests for help (shown only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ALL_CHOICE, OpensOnFilter, ShowOnlyAdmin, ShowOnlyInline
from managers import selectors, services
from managers.models import Filing, HelpRequest, Manager, ManagerEvent, ManagerStatus


class ManagerStatusFilter(OpensOnFilter):
    title = _("状态")
    parameter_name = "status"
    default = ManagerStatus.APPLIED
    choices_offered = (*ManagerStatus.choices, ALL_CHOICE)

    def narrow(self, queryset, value):
        if value == ManagerStatus.APPLIED:
            return queryset.awaiting_review()  # the workbench's queue
        return queryset.filter(status=value)


class FiledFilter(admin.SimpleListFilter):
    """Approved managers who have (not) filed last year's report: the reminder list."""

    title = _("上年度备案")
    parameter_name = "filed"

    def lookups(self, request, model_admin):
        year = selectors.filing_year_due()
        return (
            ("no", _("%(year)d 年度未备案") % {"year": year}),
            ("yes", _("%(year)d 年度已备案") % {"year": year}),
        )

    def queryset(self, request, queryset):
        year = selectors.filing_year_due()
        missing = selectors.managers_due_to_file(year).values("pk")
        if self.value() == "no":
            return queryset.filter(pk__in=missing)
        if self.value() == "yes":
            return queryset.filter(filings__year=year)
        return queryset


class NoteForm(forms.Form):
    note = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}))


class EventInline(ShowOnlyInline):
    model = ManagerEvent
    fields = ("at", "by", "action", "from_status", "to_status", "note")


class FilingInline(ShowOnlyInline):
    model = Filing
    fields = ("year", "deals", "services", "training_hours", "summary", "filed_at")


@admin.register(Manager)
class ManagerAdmin(admin.ModelAdmin):
    list_display = ("name", "employer", "certificate_number", "status", "applied_at", "is_demo")
    list_filter = (ManagerStatusFilter, FiledFilter)
    search_fields = ("name", "employer", "certificate_number", "user__username")
    readonly_fields = (
        "user",
        *Manager.APPLICANT_FIELDS,
        "certificate",
        "status",
        "review_note",
        "applied_at",
        "approved_at",
        "is_demo",
    )
    fields = readonly_fields
    inlines = [FilingInline, EventInline]
    actions = ["approve_selected", "refuse_selected", "suspend_selected", "reinstate_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # decisions are actions; the applicant's data is theirs

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("managers.review_manager")

    @admin.display(description=_("证书扫描件"))
    def certificate(self, manager):
        if not manager.certificate_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("managers:certificate", args=[manager.pk]), _("打开")
        )

    def _each(self, request, queryset, call, done_message):
        done, refused = 0, []
        for manager in queryset:
            try:
                call(manager)
            except ValidationError as exc:
                refused.append(f"{manager.name}：{'；'.join(exc.messages)}")
            else:
                done += 1
        self.message_user(request, done_message % {"n": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("审核通过所选申请"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda m: services.manager_approve(manager=m, by=request.user),
            ngettext("已通过 %(n)d 位。", "已通过 %(n)d 位。", queryset.count()),
        )

    def _with_note(self, request, queryset, *, action, prompt, call, done_message):
        form = NoteForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            note = form.cleaned_data["note"]
            self._each(request, queryset, lambda m: call(m, note), done_message)
            return None
        return render(
            request,
            "admin/managers/manager/note.html",
            {
                **self.admin_site.each_context(request),
                "title": prompt,
                "prompt": prompt,
                "opts": self.model._meta,
                "managers": queryset,
                "form": form,
                "action": action,
            },
        )

    @admin.action(description=_("不予通过所选申请（需填写理由）"), permissions=["review"])
    def refuse_selected(self, request, queryset):
        return self._with_note(
            request,
            queryset,
            action="refuse_selected",
            prompt=_("下列申请将不予通过，申请人会看到理由："),
            call=lambda m, note: services.manager_refuse(manager=m, by=request.user, note=note),
            done_message=_("已不予通过 %(n)d 位。"),
        )

    @admin.action(description=_("暂停所选技术经理人（需填写理由）"), permissions=["review"])
    def suspend_selected(self, request, queryset):
        return self._with_note(
            request,
            queryset,
            action="suspend_selected",
            prompt=_("下列技术经理人将被暂停，不再出现在公开名录中："),
            call=lambda m, note: services.manager_suspend(manager=m, by=request.user, note=note),
            done_message=_("已暂停 %(n)d 位。"),
        )

    @admin.action(description=_("恢复所选技术经理人"), permissions=["review"])
    def reinstate_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda m: services.manager_reinstate(manager=m, by=request.user),
            _("已恢复 %(n)d 位。"),
        )


@admin.register(Filing)
class FilingAdmin(ShowOnlyAdmin):
    list_display = ("manager", "year", "deals", "services", "training_hours", "filed_at")
    list_filter = ("year",)
    search_fields = ("manager__name",)


@admin.register(HelpRequest)
class HelpRequestAdmin(ShowOnlyAdmin):
    list_display = ("manager", "subject_type", "subject_title", "requester", "status", "created_at")
    list_filter = ("status", "subject_type")
    search_fields = ("manager__name", "subject_title")
