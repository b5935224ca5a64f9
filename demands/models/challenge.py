"""A 揭榜挂帅 challenge: an open call on a key technical problem with an award, its
questions, its sealed applications, the experts' scores and the objections of 公示."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from common.labels import status_change
from contracts.models import Contract
from demands.choices import (
    MAX_AWARD_AMOUNT,
    PUBLIC_CHALLENGE_STATUSES,
    ApplicationStatus,
    ChallengeStatus,
    ObjectionStatus,
)
from demands.models.demand import Demand


class ChallengeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_CHALLENGE_STATUSES)

    def in_evaluation(self):
        """Past the deadline, applications open: waiting for a proposed winner."""
        return self.filter(status=ChallengeStatus.EVALUATING)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(title__icontains=text) | models.Q(problem__icontains=text))


class Challenge(models.Model):
    demand = models.ForeignKey(
        Demand,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("来源需求"),
    )
    title = models.CharField(_("榜单名称"), max_length=200)
    problem = models.TextField(_("技术难题"), blank=True)
    targets = models.TextField(_("目标指标"), blank=True)
    award_amount = models.DecimalField(
        _("榜额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AWARD_AMOUNT)],
    )
    funder = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="funded_challenges",
        verbose_name=_("发榜单位"),
    )
    questions_close_on = models.DateField(_("答疑截止日"), null=True, blank=True)
    applications_close_on = models.DateField(_("揭榜截止日"), null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    criteria = models.JSONField(_("评审指标及权重"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )
    proposed = models.ForeignKey(
        "ChallengeApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("拟授榜揭榜方"),
    )
    # The day applications were opened for evaluation (the experts' reminder counts from it).
    evaluating_from = models.DateField(_("评审开始"), null=True, blank=True)
    # Why the reviewer proposed an application other than the top of the ranking (公示).
    proposal_reason = models.TextField(_("拟授榜理由"), blank=True)
    publicity_from = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_until = models.DateField(_("公示截止"), null=True, blank=True)
    winner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="won_challenges",
        verbose_name=_("揭榜单位"),
    )
    outcome_note = models.TextField(_("结果说明"), blank=True)
    # The winner's draft 技术开发 contract; the contract reaches back through `challenge`.
    contract = models.OneToOneField(
        Contract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge",
        verbose_name=pgettext_lazy("one contract", "技术合同"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("创建人"),
    )
    opened_at = models.DateTimeField(_("发榜时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("揭榜挂帅榜单")
        verbose_name_plural = _("揭榜挂帅榜单")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/challenges/{self.pk}/"


class ChallengeEvent(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="events", verbose_name=_("榜单")
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    from_status = models.CharField(
        _("原状态"), max_length=20, blank=True, choices=ChallengeStatus.choices
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=ChallengeStatus.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("榜单记录")
        verbose_name_plural = _("榜单记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return status_change(self)


class ChallengeQuestion(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="questions", verbose_name=_("榜单")
    )
    # Kept for the desk; never shown with the published answer.
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提问人"),
    )
    question = models.TextField(_("问题"))
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提问时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("榜单答疑")
        verbose_name_plural = _("榜单答疑")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.question[:40]


def proposal_path(instance, filename: str) -> str:
    return f"challenges/{instance.challenge_id}/{instance.organization_id}.pdf"


class ChallengeApplication(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="applications", verbose_name=_("榜单")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("an applicant", "揭榜单位"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    summary = models.TextField(_("方案摘要"))
    team = models.TextField(_("团队"), blank=True)
    plan = models.TextField(_("实施计划"), blank=True)
    budget = models.DecimalField(
        _("预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    proposal = models.FileField(_("方案 PDF"), upload_to=proposal_path, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(_("揭榜时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # Claimed by a conditional UPDATE before the "deadline near" reminder goes out: once.
    deadline_reminded_at = models.DateTimeField(_("截止提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("揭榜申请")
        verbose_name_plural = _("揭榜申请")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organization"],
                condition=models.Q(status=ApplicationStatus.SUBMITTED),
                name="challenge_application_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.challenge}"


class ChallengeExpert(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="experts", verbose_name=_("榜单")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="challenge_assignments",
        verbose_name=_("评审专家"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("指派人"),
    )
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)
    # Claimed before the "please score" reminder goes out, so that it goes once.
    reminded_at = models.DateTimeField(_("评分提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "expert"], name="challenge_expert_once")
        ]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.challenge}"


class ChallengeScore(models.Model):
    """One expert's scores of one application, or the expert's declared conflict."""

    application = models.ForeignKey(
        ChallengeApplication,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("揭榜申请"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("评审专家"),
    )
    conflict = models.BooleanField(_("利益冲突回避"), default=False)
    scores = models.JSONField(_("各项得分"), default=dict, blank=True)
    total = models.DecimalField(
        _("加权得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("评语"), blank=True)
    created_at = models.DateTimeField(_("评分时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="challenge_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.application_id}"


class ChallengeObjectionQuerySet(models.QuerySet):
    def unresolved(self):
        """Filed during 公示 and not yet found (un)founded: they hold the award back."""
        return self.filter(status=ObjectionStatus.OPEN)


class ChallengeObjection(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="objections", verbose_name=_("榜单")
    )
    name = models.CharField(_("姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    grounds = models.TextField(_("异议理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提出人账户"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    note = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = ChallengeObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.grounds[:40]
