"""Admin plumbing the reviewer screens share: a list filter that opens on what is waiting,
and the permission sets of screens that only show (records written by services); and the
screen of common's own outbox."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common import import_jobs, labels, mail, money
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


# ---- amounts with thousands separators -----------------------------------------------

GROUPED = "_grouped"


def is_amount(field) -> bool:
    """An amount in yuan: a DecimalField to the fen."""
    return isinstance(field, models.DecimalField) and field.decimal_places == 2


def _grouped_display(field):
    def show(obj):
        return money.format_yuan(getattr(obj, field.name), empty="—")

    show.short_description = field.verbose_name
    show.admin_order_field = field.name
    return show


class GroupedAmountsMixin:
    """Amounts read "5,000,000.00 元", not "5000000.00", in the lists and read-only
    fields of a model admin or inline: each read-only amount (a DecimalField to the fen)
    is shown through `money.format_yuan` under its own label and sort order. Editable
    amounts stay inputs. Put it first among the bases."""

    amount_exclude: tuple = ()  # DecimalFields of two places that are not amounts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._amounts = {
            field.name
            for field in self.model._meta.get_fields()
            if is_amount(field) and field.name not in self.amount_exclude
        }
        for name in self._amounts:
            setattr(self, name + GROUPED, _grouped_display(self.model._meta.get_field(name)))

    def _swap(self, names, only=None):
        def one(name):
            if isinstance(name, (list, tuple)):
                return type(name)(one(n) for n in name)
            if isinstance(name, str) and name in self._amounts and (only is None or name in only):
                return name + GROUPED
            return name

        return [one(name) for name in names]

    def get_list_display(self, request):
        return self._swap(super().get_list_display(request))

    def get_readonly_fields(self, request, obj=None):
        return self._swap(super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Without the change permission every field is shown read-only.
        only = None
        if self.has_change_permission(request, obj):
            only = set(super().get_readonly_fields(request, obj))
        return [
            (legend, {**box, "fields": self._swap(box["fields"], only)})
            for legend, box in fieldsets
        ]


LABELLED = "__labelled"


def _list_fields(model) -> set[str]:
    return {f.name for f in model._meta.get_fields() if isinstance(f, models.JSONField)}


def _labelled(names, lists: set[str]):
    """A fieldset's names with each JSON list replaced by its labelled display."""
    out = []
    for name in names:
        if isinstance(name, list | tuple):
            out.append(type(name)(_labelled(name, lists)))
        else:
            out.append(f"{name}{LABELLED}" if name in lists else name)
    return out


class LabelledListsMixin:
    """Read-only JSON lists (patent numbers, cooperation modes, IPC classes) shown as
    labels joined with 、 — Django's admin would print them as JSON (`["transfer"]`)."""

    def get_fieldsets(self, request, obj=None):
        lists = _list_fields(self.model)
        if not lists:
            return super().get_fieldsets(request, obj)
        return [
            (title, {**box, "fields": _labelled(box["fields"], lists)})
            for title, box in super().get_fieldsets(request, obj)
        ]

    def __getattr__(self, name: str):
        if not name.endswith(LABELLED):
            raise AttributeError(name)
        field_name = name.removesuffix(LABELLED)
        field = self.model._meta.get_field(field_name)

        def display(obj):
            return labels.shown(obj, field_name)

        display.short_description = field.verbose_name
        return display


class PlainActionCheckboxMixin:
    """The change list's action checkbox written out, as Django's widget renders it: a
    widget rendered through the template engine for each of a page's rows was a sixth of
    the contract queue's time."""

    def action_checkbox(self, obj):
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


class ShowOnlyAdmin(LabelledListsMixin, admin.ModelAdmin):
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
