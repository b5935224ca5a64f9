"""Running challenges: stage actions, the sealed applications shown only once the
deadline has passed, the weighted ranking and the proposal desk, answering questions and
resolving objections. Every action calls a service; nothing here writes a row directly."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.admin import (
    ALL_CHOICE,
    GroupedAmountsMixin,
    OpensOnFilter,
    ShowOnlyAdmin,
    ShowOnlyInline,
)
from demands import selectors
from demands.admin.common import NoteActionForm, each_row
from demands.admin.propose import ProposeDeskMixin
from demands.choices import (
    UNSEALED_CHALLENGE_STATUSES,
    ChallengeStatus,
    ObjectionStatus,
)
from demands.forms import CriteriaField, add_service_errors
from demands.models import (
    Challenge,
    ChallengeApplication,
    ChallengeEvent,
    ChallengeObjection,
    ChallengeQuestion,
)
from demands.services import challenges as challenge_services
from demands.services import scoring
from demands.services.challenge_values import CHALLENGE_FIELDS, clean_values


def _proposal_link(application_id: int):
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("demands:application-proposal", args=[application_id]),
        _("方案 PDF"),
    )


class ApplicationInline(GroupedAmountsMixin, ShowOnlyInline):
    model = ChallengeApplication
    fields = (
        "organization",
        "summary",
        "team",
        "plan",
        "budget",
        "proposal_link",
        "status",
        "created_at",
    )

    @admin.display(description=_("方案 PDF"))
    def proposal_link(self, obj):
        # Through the checked view, never the storage's own URL.
        return _proposal_link(obj.pk) if obj.proposal else "—"


class ChallengeEventInline(ShowOnlyInline):
    model = ChallengeEvent
    fields = ("at", "by", "from_status", "to_status", "note")


class ChallengeStatusFilter(OpensOnFilter):
    title = _("状态")
    parameter_name = "queue"
    default = "active"
    choices_offered = (("active", _("进行中")), *ChallengeStatus.choices, ALL_CHOICE)

    def narrow(self, queryset, value):
        if value == "active":
            return queryset.exclude(
                status__in=[
                    ChallengeStatus.AWARDED,
                    ChallengeStatus.NO_AWARD,
                    ChallengeStatus.CANCELLED,
                ]
            )
        return queryset.filter(status=value)


class ChallengeForm(forms.ModelForm):
    criteria = CriteriaField(
        label=_("评审指标及权重"),
        required=False,
        help_text=_("每行一项：指标名称和权重，例如“技术先进性 40”；各项权重之和为 100。"),
    )

    def clean(self):
        # The services' own rules (award ≤ 10,000,000 yuan, weights adding up to 100, …),
        # checked here so that a refusal is an error on its field, not a failed save.
        cleaned = super().clean()
        values = {field: cleaned[field] for field in CHALLENGE_FIELDS if field in cleaned}
        try:
            clean_values(values)
        except ValidationError as exc:
            add_service_errors(self, exc)
        return cleaned

    class Meta:
        model = Challenge
        fields = (
            "title",
            "problem",
            "targets",
            "award_amount",
            "funder",
            "questions_close_on",
            "applications_close_on",
            "publicity_days",
            "criteria",
        )


@admin.register(Challenge)
class ChallengeAdmin(GroupedAmountsMixin, ProposeDeskMixin, admin.ModelAdmin):
    form = ChallengeForm
    change_form_template = "admin/demands/challenge/change_form.html"
    list_display = (
        "title",
        "funder",
        "award_amount",
        "status",
        "applications_close_on",
        "publicity_until",
    )
    list_filter = (ChallengeStatusFilter,)
    search_fields = ("title", "funder__name")
    readonly_fields = (
        "status",
        "demand",
        "evaluating_from",
        "proposed",
        "proposal_reason",
        "publicity_from",
        "publicity_until",
        "winner",
        "outcome_note",
        "contract",
        "ranking_table",
    )
    action_form = NoteActionForm
    actions = [
        "open_challenge",
        "assign_experts",
        "close_applications",
        "propose_top",
        "award",
        "no_award",
        "cancel",
        "make_contract",
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.status == ChallengeStatus.DRAFT
        )

    def get_urls(self):
        return self.propose_urls() + super().get_urls()

    def get_fields(self, request, obj=None):
        # Once opened the challenge is read-only: its criteria in words, not as JSON.
        fields = list(super().get_fields(request, obj))
        if not self.has_change_permission(request, obj):
            fields = ["criteria_shown" if name == "criteria" else name for name in fields]
        return fields

    @admin.display(description=_("评审指标及权重"))
    def criteria_shown(self, obj):
        return (
            format_html_join(
                "",
                "<p>{}　{}%</p>",
                ((c.get("name", ""), c.get("weight", "")) for c in obj.criteria),
            )
            or "—"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        challenge = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self.propose_context(request, challenge)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_inlines(self, request, obj):
        # Sealed until the deadline: the applications appear once the challenge is evaluated.
        if obj is not None and obj.status in UNSEALED_CHALLENGE_STATUSES:
            return [ApplicationInline, ChallengeEventInline]
        return [ChallengeEventInline]

    @admin.display(description=_("加权得分排名"))
    def ranking_table(self, obj):
        if obj.pk is None or obj.status not in UNSEALED_CHALLENGE_STATUSES:
            return "—"
        rows = selectors.ranking(obj)
        with_pdf = set(obj.applications.exclude(proposal="").values_list("pk", flat=True))
        return (
            format_html_join(
                "",
                "<p>{}. {} — {}（{}）{}</p>",
                (
                    (
                        r["rank"],
                        r["organization"],
                        r["score"] if r["score"] is not None else "—",
                        r["application"],
                        _proposal_link(r["application"]) if r["application"] in with_pdf else "",
                    )
                    for r in rows
                ),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        data = (
            {field: form.cleaned_data[field] for field in form.changed_data}
            if change
            else dict(form.cleaned_data)
        )
        try:
            if change:
                saved = challenge_services.challenge_update(
                    challenge=obj, by=request.user, data=data
                )
            else:
                saved = challenge_services.challenge_create(by=request.user, data=data)
        except ValidationError as exc:
            raise ValidationError(exc) from exc
        obj.pk = saved.pk
        obj.refresh_from_db()

    def _stage(self, request, queryset, call, done):
        each_row(self, request, queryset, call, done)

    @admin.action(description=_("发榜"))
    def open_challenge(self, request, queryset):
        self._stage(
            request,
            queryset,
            lambda c, _n: challenge_services.challenge_open(challenge=c, by=request.user),
            _("已发榜 %(count)d 个。"),
        )

    @admin.action(description=_("指派评审专家（在说明中填写专家用户名，用逗号分隔）"))
    def assign_experts(self, request, queryset):
        from accounts.models import User

        def assign(challenge, note):
            names = [n.strip() for n in note.replace("，", ",").split(",") if n.strip()]
            experts = list(User.objects.filter(username__in=names))
            unknown = sorted(set(names) - {e.username for e in experts})
            if not names or unknown:
                raise ValidationError(
                    _("请填写专家用户名：%(names)s") % {"names": "、".join(unknown)}
                )
            scoring.experts_assign(challenge=challenge, experts=experts, by=request.user)

        self._stage(request, queryset, assign, _("已为 %(count)d 个榜单指派专家。"))

    @admin.action(description=_("截止揭榜，进入评审"))
    def close_applications(self, request, queryset):
        self._stage(
            request,
            queryset,
            lambda c, _n: challenge_services.challenge_close_applications(
                challenge=c, by=request.user
            ),
            _("%(count)d 个榜单进入评审。"),
        )

    @admin.action(description=_("按排名第一拟授榜并公示"))
    def propose_top(self, request, queryset):
        def propose(challenge, _note):
            ranking = [r for r in selectors.ranking(challenge) if r["score"] is not None]
            if not ranking:
                raise ValidationError(_("尚无专家评分。"))
            application = challenge.applications.get(pk=ranking[0]["application"])
            challenge_services.challenge_propose(
                challenge=challenge, application=application, by=request.user
            )

        self._stage(request, queryset, propose, _("%(count)d 个榜单开始公示。"))

    @admin.action(description=_("公示期满，授榜"))
    def award(self, request, queryset):
        self._stage(
            request,
            queryset,
            lambda c, _n: challenge_services.challenge_award(challenge=c, by=request.user),
            _("已授榜 %(count)d 个。"),
        )

    @admin.action(description=_("不授榜（填写理由）"))
    def no_award(self, request, queryset):
        self._stage(
            request,
            queryset,
            lambda c, note: challenge_services.challenge_no_award(
                challenge=c, by=request.user, note=note
            ),
            _("%(count)d 个榜单不授榜。"),
        )

    @admin.action(description=_("撤销榜单（填写理由）"))
    def cancel(self, request, queryset):
        self._stage(
            request,
            queryset,
            lambda c, note: challenge_services.challenge_cancel(
                challenge=c, by=request.user, note=note
            ),
            _("已撤销 %(count)d 个。"),
        )

    @admin.action(description=_("生成揭榜方技术合同草稿"))
    def make_contract(self, request, queryset):
        self._stage(
            request,
            queryset,
            lambda c, _n: challenge_services.challenge_contract(challenge=c, by=request.user),
            _("已生成 %(count)d 份合同草稿。"),
        )


class UnansweredFilter(OpensOnFilter):
    title = _("答复")
    parameter_name = "queue"
    default = "open"
    choices_offered = (("open", _("待答复")), ALL_CHOICE)

    def narrow(self, queryset, value):
        return queryset.filter(answered_at__isnull=True)


@admin.register(ChallengeQuestion)
class ChallengeQuestionAdmin(admin.ModelAdmin):
    list_display = ("question", "challenge", "created_at", "answered_at")
    list_filter = (UnansweredFilter,)
    fields = ("challenge", "question", "answer")
    readonly_fields = ("challenge", "question")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        challenge_services.question_answer(
            question=obj, by=request.user, answer=form.cleaned_data["answer"]
        )


class ObjectionFilter(OpensOnFilter):
    title = _("状态")
    parameter_name = "queue"
    default = ObjectionStatus.OPEN
    choices_offered = (*ObjectionStatus.choices, ALL_CHOICE)

    def narrow(self, queryset, value):
        return queryset.filter(status=value)


@admin.register(ChallengeObjection)
class ChallengeObjectionAdmin(ShowOnlyAdmin):
    list_display = ("challenge", "name", "contact", "grounds", "status", "created_at")
    list_filter = (ObjectionFilter,)
    action_form = NoteActionForm
    actions = ["dismiss", "uphold"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_reviewer

    @admin.action(description=_("异议不成立（填写说明）"))
    def dismiss(self, request, queryset):
        each_row(
            self,
            request,
            queryset,
            lambda o, note: challenge_services.objection_resolve(
                objection=o, by=request.user, outcome=ObjectionStatus.DISMISSED, note=note
            ),
            _("已处理 %(count)d 件异议。"),
        )

    @admin.action(description=_("异议成立，重新评审（填写说明）"))
    def uphold(self, request, queryset):
        each_row(
            self,
            request,
            queryset,
            lambda o, note: challenge_services.objection_resolve(
                objection=o, by=request.user, outcome=ObjectionStatus.UPHELD, note=note
            ),
            _("已处理 %(count)d 件异议。"),
        )
