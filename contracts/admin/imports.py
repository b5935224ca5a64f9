"""The reviewer's import of registrations kept before the portal (what
`manage.py import_contracts` does): upload, and either the result at once or, for a file
above IMPORT_TASK_ROWS rows, the worker's progress page. All or nothing either way."""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import import_jobs
from common.importing import ImportRejected
from common.spreadsheets import EXTENSIONS
from contracts.importing import (
    COLUMNS,
    HISTORY_JOB,
    import_absorbed,
    import_contracts,
    import_summary,
)

IMPORT_MAX_BYTES = 20 * 1024 * 1024


class HistoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("表格文件"),
        help_text=_("Excel（.xlsx）或 UTF-8 编码的 CSV；第 1 行为列名，见下方说明。"),
    )
    absorbed = forms.BooleanField(
        label=_("外地登记、买方在本市的合同（吸纳）"),
        required=False,
        help_text=_("另加 registering_office 列；只计入吸纳统计，不计入本中心登记。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
            raise ValidationError(_("只支持 .xlsx 或 .csv 文件。"))
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("文件不能超过 20 MB。"))
        return upload


class HistoryImportAdminMixin:
    """The import screen of ContractAdmin, for whoever may register contracts."""

    def history_import_urls(self):
        view = self.admin_site.admin_view(self.history_import_view)
        return [path("import-history/", view, name="contracts_contract_import_history")]

    def history_import_view(self, request):
        if not request.user.has_perm("contracts.review_contract"):
            raise PermissionDenied
        form = HistoryImportForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                upload, absorbed = form.cleaned_data["file"], form.cleaned_data["absorbed"]
                data = upload.read()
                if import_jobs.runs_as_task(data, upload.name):
                    return self._history_as_task(request, upload.name, data, absorbed)
                load = import_absorbed if absorbed else import_contracts
                try:
                    result = load(data, upload.name)
                except ImportRejected as exc:
                    context["errors"] = exc.errors
                else:
                    self.message_user(
                        request, import_summary(result, absorbed=absorbed), messages.SUCCESS
                    )
                    return redirect(
                        "admin:contracts_absorbedcontract_changelist"
                        if absorbed
                        else "admin:contracts_contract_changelist"
                    )
        context.update(
            self.admin_site.each_context(request),
            opts=self.model._meta,
            title=gettext("导入历史登记"),
            columns=", ".join(COLUMNS),
        )
        return TemplateResponse(
            request, "admin/contracts/contract/import_history.html", context, status=status
        )

    def _history_as_task(self, request, filename, data, absorbed):
        job = import_jobs.import_job_create(
            kind=HISTORY_JOB,
            data=data,
            filename=filename,
            params={"absorbed": absorbed},
            by=request.user,
            task="contracts.run_history_import",
        )
        self.message_user(
            request, gettext("文件有 %(rows)s 行，已交由后台任务检查并导入。") % {"rows": job.rows}
        )
        return redirect("admin:common_importjob_progress", job.pk)
