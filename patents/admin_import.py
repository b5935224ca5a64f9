"""The reviewer's catalogue import (upload → preview of every row with its errors and
what it would change → confirm), and the template to fill in. Nothing is imported before
the confirmation, and the confirmation checks the stored file again through the same
service. A published year is corrected only with a note (the service insists)."""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import import_jobs
from common.importing import ImportRejected
from common.spreadsheets import EXTENSIONS, XLSX_TYPE
from common.uploads import StagedUploads
from patents.catalogue_jobs import CATALOGUE_JOB, outcome_message
from patents.columns import HEADERS, NOTES, accepted_values, header
from patents.models import Catalogue, CooperationMode, HighValueKind, Sector
from patents.selectors import catalogue_changes
from patents.services import catalogue_check, catalogue_import
from patents.spreadsheets import write_import_template

IMPORT_DIR = "imports"
IMPORT_MAX_BYTES = 10 * 1024 * 1024
SESSION_KEY = "patent_catalogue_imports"


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
        help_text=_(
            "Excel（.xlsx）或 UTF-8 编码的 CSV；第 1 行为表头，中文表头（如导出文件）或英文列名均可，见下表。"
        ),
    )
    note = forms.CharField(
        label=_("修订说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("导入到已发布的年度即为修订，须说明原因；将记录修订人、时间和改动的字段。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
            raise ValidationError(_("只支持 .xlsx 或 .csv 文件。"))
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("文件不能超过 10 MB。"))
        return upload


def column_table() -> list[dict]:
    return [
        {
            "header": header(column),
            "code": column,
            "note": NOTES[column],
            "values": accepted_values(column),
        }
        for column in HEADERS
    ]


def _labels(codes, choices) -> str:
    return gettext("、").join(str(choices(code).label) for code in codes or [])


def preview_rows(check, changes) -> list[dict]:
    """Each checked row as the reviewer reads it: Chinese labels, not codes."""
    rows = []
    for row in check.rows:
        clean, raw = row.clean, row.raw
        number = clean.get("application_number") or raw.get("application_number")
        sector = clean.get("sector")
        price = clean.get("price", raw.get("price"))
        if changes is None:
            change = ""
        elif number in changes.added:
            change = gettext("新增")
        elif number in changes.changed:
            fields = gettext("、").join(header(c) for c in changes.changed[number])
            change = gettext("更新：") + fields
        else:
            change = gettext("不变")
        rows.append(
            {
                "number": row.number,
                "application_number": number,
                "title": raw.get("title"),
                "patentee": raw.get("patentee"),
                "sector": str(Sector(sector).label) if sector else raw.get("sector"),
                "high_value_kinds": _labels(clean.get("high_value_kinds"), HighValueKind)
                if "high_value_kinds" in clean
                else raw.get("high_value_kinds"),
                "cooperation_modes": _labels(clean.get("cooperation_modes"), CooperationMode)
                if "cooperation_modes" in clean
                else raw.get("cooperation_modes"),
                "price": price if price not in (None, "") else gettext("面议"),
                "change": "" if row.errors else change,
                "errors": row.messages,
            }
        )
    return rows


class CatalogueImportAdminMixin:
    """The import screens of CatalogueAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="patents_catalogue_import"),
            path(
                "import/template.xlsx",
                view(self.import_template_view),
                name="patents_catalogue_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not request.user.has_perm("patents.import_catalogue"):
            raise PermissionDenied
        response = HttpResponse(content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="patent-catalogue-template.xlsx"'
        write_import_template(response)
        return response

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
            "columns": column_table(),
            **context,
        }
        return TemplateResponse(
            request, "admin/patents/catalogue/import.html", context, status=status
        )

    def _import_preview(self, request, form):
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        note = form.cleaned_data["note"].strip()
        data = upload.read()
        if import_jobs.runs_as_task(data, upload.name):
            return self._import_as_task(request, form, data)
        check = catalogue_check(data=data, filename=upload.name)
        catalogue = Catalogue.objects.filter(year=year).first()
        changes = (
            catalogue_changes(catalogue, [row.clean for row in check.rows]) if check.ok else None
        )
        correcting = bool(catalogue and catalogue.is_published and changes)
        context = {
            "form": form,
            "check": check,
            "year": year,
            "catalogue": catalogue,
            "changes": changes,
            "correcting": correcting,
            "preview": preview_rows(check, changes),
        }
        if not check.ok:
            return self._render(request, status=400, **context)
        if correcting and not note:
            form.add_error(
                "note",
                gettext("%(year)s 年目录已发布，此文件会改动已发布的内容，请填写修订说明。")
                % {"year": year},
            )
            return self._render(request, status=400, **context)
        token = _staged(request).stage(
            data, upload.name, year=year, title=form.cleaned_data["title"], note=note
        )
        return self._render(request, token=token, **context)

    def _import_as_task(self, request, form, data):
        """A large file is checked and imported by the worker, with no preview: the
        progress page ends on what was imported, or on every error by row."""
        upload = form.cleaned_data["file"]
        job = import_jobs.import_job_create(
            kind=CATALOGUE_JOB,
            data=data,
            filename=upload.name,
            params={
                "year": form.cleaned_data["year"],
                "title": form.cleaned_data["title"],
                "note": form.cleaned_data["note"].strip(),
            },
            by=request.user,
            task="patents.run_catalogue_import",
        )
        self.message_user(
            request,
            gettext("文件有 %(rows)s 行，已交由后台任务检查并导入。") % {"rows": job.rows},
        )
        return redirect("admin:common_importjob_progress", job.pk)

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
        initial = {"year": upload["year"], "title": upload["title"], "note": upload.get("note")}
        try:
            outcome = catalogue_import(
                year=upload["year"],
                data=data,
                filename=upload["filename"],
                title=upload["title"],
                note=upload.get("note", ""),
                by=request.user,
            )
        except ImportRejected as exc:
            staged.discard(token)
            return self._render(
                request,
                status=400,
                form=ImportUploadForm(initial=initial),
                check=exc.check,
                year=upload["year"],
                preview=preview_rows(exc.check, None),
            )
        except ValidationError as exc:  # a published year changed meanwhile, and no note
            staged.discard(token)
            form = ImportUploadForm(initial=initial)
            self.message_user(request, "；".join(exc.messages), level=messages.ERROR)
            return self._render(request, status=400, form=form)
        staged.discard(token)
        self.message_user(request, outcome_message(outcome), level=messages.SUCCESS)
        if not outcome.catalogue.is_published:
            self.message_user(
                request,
                gettext("该年度目录是草稿，公众尚不可见；核对无误后请“发布”。"),
                level=messages.WARNING,
            )
        return redirect(reverse("admin:patents_catalogue_change", args=[outcome.catalogue.pk]))


def _staged(request) -> StagedUploads:
    return StagedUploads(request.session, key=SESSION_KEY, folder=IMPORT_DIR)
