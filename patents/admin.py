"""Reviewer screens: patents, catalogues with their entries, and the import flow
(upload → preview of every row with its errors → confirm). Nothing is imported before the
confirmation, and the confirmation checks the stored file again through the same service.
"""

import contextlib
import secrets
import time
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin import ShowOnlyInline, SuperuserDeletesAdmin
from common.spreadsheets import EXTENSIONS
from patents.models import (
    Catalogue,
    CatalogueEntry,
    CatalogueImport,
    CooperationMode,
    HighValueKind,
    Patent,
)
from patents.services import CatalogueImportError, catalogue_check, catalogue_import
from patents.validators import (
    CATALOGUE_COLUMNS,
    is_invention_number,
    normalize_patent_number,
    parse_ipc_list,
    split_list,
)

IMPORT_DIR = "imports"
IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_AGE = 24 * 3600  # uploads never confirmed are removed after a day
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
        fields = (
            "application_number",
            "title",
            "patentee",
            "inventors",
            "application_date",
            "grant_date",
            "ipc",
            "high_value_kinds",
            "abstract",
        )

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
        fields = ("patent", "sector", "cooperation_modes", "price", "contact_name", "contact_phone")


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
        _remove_stale_uploads()
        upload = form.cleaned_data["file"]
        data = upload.read()
        check = catalogue_check(data=data, filename=upload.name)
        context = {"form": form, "check": check, "year": form.cleaned_data["year"]}
        if not check.ok:
            return self._render(request, status=400, **context)
        token = secrets.token_urlsafe(24)
        stored = default_storage.save(
            f"{IMPORT_DIR}/{token}{PurePath(upload.name).suffix.lower()}",
            ContentFile(data),
        )
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = {
            "path": stored,
            "filename": upload.name,
            "year": form.cleaned_data["year"],
            "title": form.cleaned_data["title"],
        }
        request.session[SESSION_KEY] = pending
        return self._render(request, token=token, **context)

    def _import_confirm(self, request):
        pending = request.session.get(SESSION_KEY, {})
        upload = pending.get(request.POST["token"])
        if upload is None or not default_storage.exists(upload["path"]):
            self.message_user(
                request, gettext("上传的文件已失效，请重新上传。"), level=messages.ERROR
            )
            return redirect("admin:patents_catalogue_import")
        if "cancel" in request.POST:
            _forget(request, request.POST["token"], upload)
            self.message_user(request, gettext("已取消导入，未做任何更改。"))
            return redirect("admin:patents_catalogue_import")
        with default_storage.open(upload["path"], "rb") as stored:
            data = stored.read()
        try:
            outcome = catalogue_import(
                year=upload["year"],
                data=data,
                filename=upload["filename"],
                title=upload["title"],
                by=request.user,
            )
        except CatalogueImportError as exc:
            _forget(request, request.POST["token"], upload)
            form = ImportUploadForm(initial={"year": upload["year"], "title": upload["title"]})
            return self._render(
                request, status=400, form=form, check=exc.check, year=upload["year"]
            )
        _forget(request, request.POST["token"], upload)
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


def _forget(request, token: str, upload: dict) -> None:
    default_storage.delete(upload["path"])
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _remove_stale_uploads() -> None:
    if not default_storage.exists(IMPORT_DIR):
        return
    _dirs, files = default_storage.listdir(IMPORT_DIR)
    for name in files:
        stored = f"{IMPORT_DIR}/{name}"
        modified = default_storage.get_modified_time(stored).timestamp()
        if time.time() - modified > IMPORT_MAX_AGE:
            default_storage.delete(stored)
