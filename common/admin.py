"""Admin plumbing the reviewer screens share: a list filter that opens on what is waiting,
and the permission sets of screens that only show (records written by services); and the
screen of common's own outbox."""

from django.contrib import admin, messages
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import import_jobs, mail
from common.models import ImportJob, OutboundMessage, OutboundStatus

ALL = "all"


class OpensOnFilter(admin.SimpleListFilter):
    """A list filter that opens on `default` (the queue a reviewer needs first) rather than
    on everything. Subclasses give `choices_offered` as (value, label) pairs, ending with
    ALL for the whole list, and `narrow(queryset, value)` for the other values."""

    default: str
    choices_offered: tuple = ()

    def lookups(self, request, model_admin):
        return list(self.choices_offered)

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        # Django's own first entry, "All" with no parameter, would bring back the default.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == ALL else self.narrow(queryset, value)

    def narrow(self, queryset, value):
        raise NotImplementedError


ALL_CHOICE = (ALL, _("全部"))

# What a date_hierarchy drill-down may ask for. Django turns these into a datetime and the
# period after it: a year of twenty digits (OverflowError) or 9999-12 (no month after it)
# would be a 500 rather than its "incorrect lookup" page. common.middleware applies this
# to every admin list, the portal's and the installed apps' (axes) alike.
DATE_PARTS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def date_hierarchy_is_sound(params, field: str) -> bool:
    for part, (low, high) in DATE_PARTS.items():
        value = params.get(f"{field}__{part}")
        if value is None:
            continue
        if not (value.isascii() and value.isdigit() and len(value) <= 4):
            return False
        if not low <= int(value) <= high:
            return False
    return True


class ShowOnlyAdmin(admin.ModelAdmin):
    """A screen over records that only services write: reviewers read, nobody edits here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SuperuserDeletesAdmin(admin.ModelAdmin):
    """Reviewers may change but never delete; a superuser may (to undo a mistake)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class ShowOnlyInline(admin.TabularInline):
    """An inline of history or members: shown, never added from the parent's page."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# ---- the mail outbox --------------------------------------------------------------------


class OutboxStatusFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return OutboundStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ShowOnlyAdmin):
    """What was sent, what waits and why; reviewers read it, superusers re-send."""

    list_display = ("subject", "recipients", "status", "attempts", "created_at", "sent_at")
    list_filter = (OutboxStatusFilter,)
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    fields = (
        "subject",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "body",
    )
    readonly_fields = fields
    actions = ["resend_selected"]

    @admin.display(description=_("收件人"))
    def recipients(self, obj) -> str:
        return ", ".join(obj.to)

    @admin.action(description=_("重新发送所选邮件"), permissions=["resend"])
    def resend_selected(self, request, queryset):
        count = sum(mail.outbox_resend(message=row) for row in queryset)
        self.message_user(
            request,
            ngettext("已重新排队 %(n)d 封邮件。", "已重新排队 %(n)d 封邮件。", count)
            % {"n": count},
            messages.SUCCESS,
        )

    def has_resend_permission(self, request) -> bool:
        return request.user.is_superuser


# ---- imports run by the worker ----------------------------------------------------------


@admin.register(ImportJob)
class ImportJobAdmin(ShowOnlyAdmin):
    """The list is for superusers; each uploader follows their own job on its progress
    page (linked from where they uploaded it)."""

    list_display = ("created_at", "kind", "filename", "rows", "status", "created_by")
    list_filter = ("status", "kind")

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<uuid:pk>/progress/", view(self.progress_view), name="common_importjob_progress"),
            path(
                "<uuid:pk>/progress.json",
                view(self.progress_json_view),
                name="common_importjob_progress_json",
            ),
            *super().get_urls(),
        ]

    def _job(self, request, pk):
        job = import_jobs.job_for_user(request.user, pk)
        if job is None:
            raise Http404(_("没有这个导入任务。"))
        return job

    def progress_view(self, request, pk):
        job = self._job(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入进度：%(name)s") % {"name": job.filename},
            "job": job,
            "state": import_jobs.job_state(job),
        }
        return TemplateResponse(request, "admin/common/importjob/progress.html", context)

    def progress_json_view(self, request, pk):
        return JsonResponse(import_jobs.job_state(self._job(request, pk)))
