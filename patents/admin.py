"""Reviewer screens: patents, catalogues with their entries, and the import flow
(upload → preview of every row with its errors → confirm). Nothing is imported before the
confirmation, and the confirmation checks the stored file again through the same service.
"""

import contextlib
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin import ShowOnlyInline, SuperuserDeletesAdmin
from common.importing import ImportRejected
from common.spreadsheets import EXTENSIONS
from common.uploads import StagedUploads
from patents.models import (
    Catalogue,
    CatalogueEntry,
    CatalogueImport,
    CooperationMode,
    HighValueKind,
    Patent,
)
from patents.services import catalogue_check, catalogue_import
from patents.validators import (
    CATALOGUE_COLUMNS,
    is_invention_number,
    normalize_patent_number,
    parse_ipc_list,
    split_list,
)

IMPORT_DIR = "imports"
IMPORT_MAX_BYTES = 10 * 1024 * 1024
SESSION_KEY = "patent_catalogue_imports"


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

    def get_search_results(self, request, queryset, search_term):
        # A number typed as CN…/ZL… finds the patent stored in its normalised form.
        with contextlib.suppress(ValidationError):
            search_term = normalize_patent_number(search_term)
        return super().get_search_results(request, queryset, search_term)


class EntryForm(forms.ModelForm):
    cooperation_modes = forms.MultipleChoiceField(
        label=_("合作方式"), choices=CooperationMode.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CatalogueEntry
        fields = ("patent", *CatalogueEntry.LISTED_FIELDS)


class EntryInline(admin.TabularInline):
    model = CatalogueEntry
    form = EntryForm
    autocomplete_fields = ("patent",)
    extra = 0


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

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ImportUploadForm(forms.Form):
    year = forms.IntegerField(label=_("目录年度"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("目录标题"),
        max_length=200,
        required=False,
        help_text=_("留空则为“YYYY年克拉玛依市高价值发明专利产业化推广目录清单”。"),
    )
    file = forms.FileField(
        label=_("表格文件"),
        help_text=_("Excel（.xlsx）或 UTF-8 编码的 CSV；第 1 行为表头：%(columns)s")
        % {"columns": ", ".join(CATALOGUE_COLUMNS)},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
            raise ValidationError(_("只支持 .xlsx 或 .csv 文件。"))
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("文件不能超过 10 MB。"))
        return upload


@admin.register(Catalogue)
class CatalogueAdmin(SuperuserDeletesAdmin):
    list_display = ("year", "title", "entry_count", "is_demo", "published_at")
    readonly_fields = ("published_at",)
    fields = ("year", "title", "is_demo", "published_at")
    inlines = [EntryInline, ImportInline]
    change_list_template = "admin/patents/catalogue/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    @admin.display(description=_("条目数"), ordering="entry_total")
    def entry_count(self, catalogue) -> int:
        return catalogue.entry_total

    def save_model(self, request, obj, form, change):
        if obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="patents_catalogue_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": request.user.has_perm("patents.import_catalogue"),
        }
        return super().changelist_view(request, extra_context)

    # ---- import: upload → preview → confirm --------------------------------------------

    def import_view(self, request):
        if not request.user.has_perm("patents.import_catalogue"):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._import_confirm(request)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._import_preview(request, form)
        if request.method != "POST":
            form = ImportUploadForm(initial={"year": timezone.localdate().year})
        return self._render(request, form=form, status=400 if request.method == "POST" else 200)

    def _render(self, request, *, status=200, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("从表格导入专利目录"),
            "columns": CATALOGUE_COLUMNS,
            **context,
        }
        return TemplateResponse(
            request, "admin/patents/catalogue/import.html", context, status=status
        )

    def _import_preview(self, request, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        check = catalogue_check(data=data, filename=upload.name)
        context = {"form": form, "check": check, "year": form.cleaned_data["year"]}
        if not check.ok:
            return self._render(request, status=400, **context)
        token = _staged(request).stage(
            data, upload.name, year=form.cleaned_data["year"], title=form.cleaned_data["title"]
        )
        return self._render(request, token=token, **context)

    def _import_confirm(self, request):
        staged, token = _staged(request), request.POST["token"]
        upload = staged.get(token)
        if upload is None:
            self.message_user(
                request, gettext("上传的文件已失效，请重新上传。"), level=messages.ERROR
            )
            return redirect("admin:patents_catalogue_import")
        if "cancel" in request.POST:
            staged.discard(token)
            self.message_user(request, gettext("已取消导入，未做任何更改。"))
            return redirect("admin:patents_catalogue_import")
        data = staged.read(upload)
        try:
            outcome = catalogue_import(
                year=upload["year"],
                data=data,
                filename=upload["filename"],
                title=upload["title"],
                by=request.user,
            )
        except ImportRejected as exc:
            staged.discard(token)
            form = ImportUploadForm(initial={"year": upload["year"], "title": upload["title"]})
            return self._render(
                request, status=400, form=form, check=exc.check, year=upload["year"]
            )
        staged.discard(token)
        self.message_user(
            request,
            gettext(
                "%(year)s 年目录已导入：%(rows)s 行；条目新增 %(created)s、更新 %(updated)s、"
                "未变 %(unchanged)s、移除 %(removed)s。"
            )
            % {
                "year": outcome.catalogue.year,
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "removed": outcome.removed,
            },
            level=messages.SUCCESS,
        )
        return redirect(reverse("admin:patents_catalogue_change", args=[outcome.catalogue.pk]))


def _staged(request) -> StagedUploads:
    return StagedUploads(request.session, key=SESSION_KEY, folder=IMPORT_DIR)
