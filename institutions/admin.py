"""Reviewer screens: institutions (kept by the bureau), results (read-only, with a
moderation action that unpublishes with a note) and every enquiry."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import (
    ALL_CHOICE,
    OpensOnFilter,
    ShowOnlyAdmin,
    ShowOnlyInline,
    SuperuserDeletesAdmin,
)
from institutions import services
from institutions.models import (
    OPEN_ENQUIRY_STATUSES,
    Enquiry,
    EnquiryEvent,
    EnquiryReply,
    EnquiryStatus,
    Institution,
    Result,
    ResultEvent,
    TechnicalField,
)
from institutions.validators import checked_logo


class InstitutionAdminForm(forms.ModelForm):
    fields = forms.MultipleChoiceField(
        label=_("优势领域"),
        choices=TechnicalField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ("organization", *Institution.PROFILE_FIELDS, "logo", "is_demo")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo is not self.instance.logo and hasattr(logo, "content_type"):
            return checked_logo(logo)  # the same check and resizing as for members
        return logo


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    form = InstitutionAdminForm
    list_display = (
        "name",
        "short_name",
        "kind",
        "city",
        "resident_since",
        "organization",
        "is_demo",
    )
    list_filter = ("kind", ("resident_since", admin.EmptyFieldListFilter), "is_demo")
    search_fields = ("name", "short_name", "organization__name", "organization__uscc")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        services.institution_save_by_bureau(institution=obj, by=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class ResultEventInline(ShowOnlyInline):
    model = ResultEvent
    fields = ("at", "by", "from_status", "to_status", "note")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ModerationForm(forms.Form):
    note = forms.CharField(
        label=_("下架说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("将记入成果的状态记录，成果单位可以看到。"),
    )


@admin.register(Result)
class ResultAdmin(ShowOnlyAdmin):
    list_display = ("title", "institution", "status", "technical_field", "trl", "published_at")
    list_filter = ("status", "technical_field", "institution__is_demo")
    search_fields = ("title", "summary", "institution__name")
    list_select_related = ("institution",)
    inlines = [ResultEventInline]
    actions = ["unpublish_selected", "reinstate_selected"]
    readonly_fields = (
        "institution",
        *Result.MEMBER_FIELDS,
        "status",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )

    # Results are written by their institutions; reviewers only moderate.
    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("institutions.moderate_result")

    @admin.action(description=_("复核后恢复发布所选成果"), permissions=["moderate"])
    def reinstate_selected(self, request, queryset):
        done = 0
        for result in queryset:
            try:
                services.result_reinstate(result=result, by=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"{result.title}：{'；'.join(exc.messages)}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(
            request,
            ngettext("已恢复发布 %(n)d 项成果。", "已恢复发布 %(n)d 项成果。", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("下架所选成果（需填写说明）"), permissions=["moderate"])
    def unpublish_selected(self, request, queryset):
        form = ModerationForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done, refused = 0, []
            for result in queryset:
                try:
                    services.result_moderate(
                        result=result, by=request.user, note=form.cleaned_data["note"]
                    )
                except ValidationError:
                    refused.append(result.title)
                else:
                    done += 1
            self.message_user(
                request,
                ngettext("已下架 %(n)d 项成果。", "已下架 %(n)d 项成果。", done) % {"n": done},
                messages.SUCCESS,
            )
            if refused:
                self.message_user(
                    request,
                    _("以下成果不是“已发布”状态，未作处理：%(t)s") % {"t": "、".join(refused)},
                    messages.WARNING,
                )
            return None
        return render(
            request,
            "admin/institutions/result/moderate.html",
            {
                **self.admin_site.each_context(request),
                "title": _("下架科技成果"),
                "opts": self.model._meta,
                "results": queryset,
                "form": form,
                "action": "unpublish_selected",
            },
        )


class EnquiryStatusFilter(OpensOnFilter):
    """Opens on the enquiries still waiting for an answer; "overdue" are those open 5
    working days after they were sent (the owner has been reminded)."""

    title = _("状态")
    parameter_name = "status"
    default = "open"
    choices_offered = (
        ("open", _("待处理")),
        ("overdue", _("超过 5 个工作日未回复")),
        *EnquiryStatus.choices,
        ALL_CHOICE,
    )

    def narrow(self, queryset, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_ENQUIRY_STATUSES)
        if value == "overdue":
            return queryset.filter(status__in=OPEN_ENQUIRY_STATUSES, reminded_at__isnull=False)
        return queryset.filter(status=value)


class EnquiryReplyInline(ShowOnlyInline):
    model = EnquiryReply
    fields = ("created_at", "by", "message")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EnquiryEventInline(ShowOnlyInline):
    model = EnquiryEvent
    fields = ("at", "by", "from_status", "to_status")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Enquiry)
class EnquiryAdmin(SuperuserDeletesAdmin):
    list_display = (
        "created_at",
        "reference",
        "target_type",
        "target",
        "institution",
        "owner",
        "at_desk",
        "name",
        "organization",
        "phone",
        "email",
        "status",
    )
    list_filter = (EnquiryStatusFilter, "at_desk", "target_type")
    inlines = [EnquiryReplyInline, EnquiryEventInline]
    search_fields = (
        "reference",
        "name",
        "organization",
        "phone",
        "email",
        "message",
        "result__title",
        "patent__application_number",
        "patent__title",
    )
    list_select_related = ("result", "patent", "institution", "owner")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Enquiry._meta.fields]

    @admin.display(description=_("洽谈对象"))
    def target(self, enquiry) -> str:
        return enquiry.target_title

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
