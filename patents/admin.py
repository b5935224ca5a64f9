"""Reviewer screens: patents, catalogues with their entries, publication and history;
the import flow lives in patents.admin_import."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin import ShowOnlyInline, SuperuserDeletesAdmin
from common.response_cache import listings_changed
from patents.admin_import import CatalogueImportAdminMixin
from patents.models import (
    Catalogue,
    CatalogueEntry,
    CatalogueEvent,
    CatalogueImport,
    HighValueKind,
    Patent,
)
from patents.services import catalogue_publish
from patents.validators import (
    is_invention_number,
    normalize_patent_number,
    parse_ipc_list,
    split_list,
)


class SemicolonListField(forms.CharField):
    """A list edited as `a; b; c`."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "; ".join(value)
        return value

    def to_python(self, value):
        return split_list(super().to_python(value))


class PatentAdminForm(forms.ModelForm):
    application_number = forms.CharField(
        label=_("申请号"), max_length=40, help_text=_("可带 CN 或 ZL 前缀，保存为规范形式。")
    )
    inventors = SemicolonListField(label=_("发明人"), required=False, help_text=_("用 ; 分隔"))
    ipc = SemicolonListField(
        label=_("IPC 分类号"), help_text=_("用 ; 分隔，如 E21B 43/16; C09K 8/58")
    )
    high_value_kinds = forms.MultipleChoiceField(
        label=_("高价值类别"),
        choices=HighValueKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Patent
        fields = ("application_number", *Patent.DESCRIBED_FIELDS, "confirmed_holder")

    def clean_application_number(self):
        number = normalize_patent_number(self.cleaned_data["application_number"])
        if not is_invention_number(number):
            raise ValidationError(_("目录只收录发明专利（申请号第 5 位应为 1 或 8）。"))
        return number

    def clean_ipc(self):
        return parse_ipc_list(self.cleaned_data["ipc"])

    def clean(self):
        data = super().clean()
        applied, granted = data.get("application_date"), data.get("grant_date")
        if applied and granted and granted < applied:
            self.add_error("grant_date", _("授权公告日不能早于申请日。"))
        return data


class EntryOfPatentInline(ShowOnlyInline):
    model = CatalogueEntry
    fields = ("catalogue", "sector", "cooperation_modes", "price", "contact_name")
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Patent)
class PatentAdmin(SuperuserDeletesAdmin):
    form = PatentAdminForm
    list_display = ("application_number", "title", "patentee", "application_date", "grant_date")
    search_fields = ("application_number", "title", "patentee")
    list_filter = ("catalogue_entries__catalogue__year", "catalogue_entries__sector")
    readonly_fields = ("created_at", "updated_at")
    autocomplete_fields = ("confirmed_holder",)
    inlines = [EntryOfPatentInline]

    def get_readonly_fields(self, request, obj=None):
        # Once in a catalogue, a patent's data is what its years published: it changes by
        # importing a year (a published year only with a correction note), not here.
        if obj is not None and obj.catalogue_entries.exists():
            return ("application_number", *Patent.DESCRIBED_FIELDS, *self.readonly_fields)
        return self.readonly_fields

    # The public patents API lists every patent: a page cached for anonymous visitors
    # must not outlive an edit here (common.response_cache).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        listings_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        listings_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        listings_changed()

    def get_search_results(self, request, queryset, search_term):
        # A number typed as CN…/ZL… finds the patent stored in its normalised form.
        with contextlib.suppress(ValidationError):
            search_term = normalize_patent_number(search_term)
        return super().get_search_results(request, queryset, search_term)


class EntryInline(ShowOnlyInline):
    """A year's entries come from its spreadsheet (patents.services): shown here, edited by
    importing a corrected file, so that a published year changes only with a note."""

    model = CatalogueEntry
    fields = ("patent", "title", "patentee", "sector", "cooperation_modes", "price", "contact_name")
    show_change_link = False


class ImportInline(ShowOnlyInline):
    model = CatalogueImport
    fields = (
        "imported_at",
        "imported_by",
        "filename",
        "rows",
        "created",
        "updated",
        "removed",
        "patents_created",
        "patents_updated",
    )


class EventInline(ShowOnlyInline):
    model = CatalogueEvent
    fields = ("at", "kind", "by", "note", "changes")


@admin.register(Catalogue)
class CatalogueAdmin(CatalogueImportAdminMixin, SuperuserDeletesAdmin):
    list_display = (
        "year",
        "title",
        "status",
        "entry_count",
        "is_demo",
        "published_at",
        "revised_at",
    )
    list_filter = ("status",)
    fields = ("year", "title", "is_demo", "status", "published_at", "revised_at")
    inlines = [EntryInline, EventInline, ImportInline]
    actions = ["publish_selected"]
    change_list_template = "admin/patents/catalogue/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    def get_readonly_fields(self, request, obj=None):
        fixed = ("status", "published_at", "revised_at")
        if obj is not None and obj.is_published:
            return ("year", "title", "is_demo", *fixed)  # a published year: corrections only
        return fixed

    @admin.display(description=_("条目数"), ordering="entry_total")
    def entry_count(self, catalogue) -> int:
        return catalogue.entry_total

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": request.user.has_perm("patents.import_catalogue"),
        }
        return super().changelist_view(request, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("patents.publish_catalogue"):
            actions.pop("publish_selected", None)
        return actions

    @admin.action(description=_("发布所选目录（公众可见）"))
    def publish_selected(self, request, queryset):
        if not request.user.has_perm("patents.publish_catalogue"):
            raise PermissionDenied
        for catalogue in queryset.order_by("year"):
            try:
                catalogue_publish(catalogue=catalogue, by=request.user)
            except ValidationError as exc:
                self.message_user(request, "；".join(exc.messages), level=messages.WARNING)
            else:
                self.message_user(
                    request,
                    gettext("%(year)s 年目录已发布。") % {"year": catalogue.year},
                    level=messages.SUCCESS,
                )
