"""Screening demands: the submitted ones first; publish, return with a note, refuse, or
turn a published demand into a challenge. Every action calls a service."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from common.admin import (
    ALL_CHOICE,
    GroupedAmountsMixin,
    OpensOnFilter,
    ShowOnlyAdmin,
    ShowOnlyInline,
)
from demands.admin.common import NoteActionForm, each_row
from demands.choices import (
    DemandStatus,
)
from demands.models import (
    Demand,
    DemandEvent,
)
from demands.services import challenges as challenge_services
from demands.services import demands as demand_services


class DemandStatusFilter(OpensOnFilter):
    title = _("状态")
    parameter_name = "queue"
    default = DemandStatus.SUBMITTED
    choices_offered = (
        *[(s.value, s.label) for s in DemandStatus if s != DemandStatus.DRAFT],
        ALL_CHOICE,
    )

    def narrow(self, queryset, value):
        return queryset.filter(status=value)


class DemandEventInline(ShowOnlyInline):
    model = DemandEvent
    fields = ("at", "by", "from_status", "to_status", "note")


@admin.register(Demand)
class DemandAdmin(GroupedAmountsMixin, ShowOnlyAdmin):
    list_display = ("title", "organization", "technical_field", "status", "submitted_at")
    list_filter = (DemandStatusFilter, "technical_field")
    search_fields = ("title", "summary", "organization__name")
    inlines = [DemandEventInline]
    action_form = NoteActionForm
    actions = ["publish", "return_demand", "refuse", "make_challenge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=DemandStatus.DRAFT)
            .select_related("organization")
        )

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_reviewer

    @admin.action(description=_("发布所选需求"))
    def publish(self, request, queryset):
        each_row(
            self,
            request,
            queryset,
            lambda d, note: demand_services.demand_publish(demand=d, by=request.user, note=note),
            _("已发布 %(count)d 项需求。"),
        )

    @admin.action(description=_("退回修改（填写说明）"))
    def return_demand(self, request, queryset):
        each_row(
            self,
            request,
            queryset,
            lambda d, note: demand_services.demand_return(demand=d, by=request.user, note=note),
            _("已退回 %(count)d 项需求。"),
        )

    @admin.action(description=_("不予发布（填写说明）"))
    def refuse(self, request, queryset):
        each_row(
            self,
            request,
            queryset,
            lambda d, note: demand_services.demand_refuse(demand=d, by=request.user, note=note),
            _("已拒绝 %(count)d 项需求。"),
        )

    @admin.action(description=_("转为揭榜挂帅榜单（草稿）"))
    def make_challenge(self, request, queryset):
        made = []
        for demand in queryset:
            try:
                made.append(
                    challenge_services.challenge_create(by=request.user, data={}, demand=demand)
                )
            except ValidationError as exc:
                self.message_user(request, f"{demand}: {'；'.join(exc.messages)}", messages.ERROR)
        if len(made) == 1:
            return redirect("admin:demands_challenge_change", made[0].pk)
        return None
