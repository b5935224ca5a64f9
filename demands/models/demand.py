"""A technology demand (技术需求) of an enterprise: a public summary for everyone, details
for the verified organisations its owner admits, and the responses it gets."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from common.labels import status_change
from demands.choices import (
    PUBLIC_DEMAND_STATUSES,
    AccessStatus,
    DeclineReason,
    DemandStatus,
    ResponseStatus,
)
from patents.models import TechnicalField


class DemandQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_DEMAND_STATUSES)

    def awaiting_screening(self):
        """Submitted and not yet published, returned or refused: the reviewers' queue."""
        return self.filter(status=DemandStatus.SUBMITTED)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(title__icontains=text)
            | models.Q(summary__icontains=text)
            | models.Q(targets__icontains=text)
        )


class Demand(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="demands", verbose_name=_("需求单位")
    )
    title = models.CharField(_("需求名称"), max_length=200)
    summary = models.TextField(_("公开摘要"), blank=True)
    details = models.TextField(_("详细说明（限已准许单位查看）"), blank=True)
    targets = models.TextField(_("现有做法与技术指标"), blank=True)
    technical_field = models.CharField(
        _("技术领域"), max_length=40, choices=TechnicalField.choices, blank=True
    )
    tags = models.JSONField(_("行业标签"), default=list, blank=True)
    budget = models.DecimalField(
        _("预算（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cooperation_modes = models.JSONField(_("合作方式"), default=list, blank=True)
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=DemandStatus.choices, default=DemandStatus.DRAFT
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    # Claimed by a conditional UPDATE before the "deadline near" reminder goes out: once.
    deadline_reminded_at = models.DateTimeField(_("截止提醒时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="demand_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/demands/{self.pk}/"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_DEMAND_STATUSES


class DemandEvent(models.Model):
    demand = models.ForeignKey(
        Demand,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=pgettext_lazy("one demand", "技术需求"),
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
        _("原状态"), max_length=20, blank=True, choices=DemandStatus.choices
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=DemandStatus.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("需求记录")
        verbose_name_plural = _("需求记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return status_change(self)


class DemandAccess(models.Model):
    """A verified organisation asking to read a demand's details, and the owner's answer."""

    demand = models.ForeignKey(
        Demand,
        on_delete=models.CASCADE,
        related_name="accesses",
        verbose_name=pgettext_lazy("one demand", "技术需求"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("申请单位")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("申请人"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=AccessStatus.choices, default=AccessStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("详情查看申请")
        verbose_name_plural = _("详情查看申请")
        constraints = [
            models.UniqueConstraint(fields=["demand", "organization"], name="demand_access_once")
        ]

    def __str__(self) -> str:
        return f"{self.demand_id}:{self.organization_id}"


def response_path(instance, filename: str) -> str:
    return f"demands/responses/{instance.demand_id}/{instance.organization_id}.pdf"


class DemandResponse(models.Model):
    demand = models.ForeignKey(
        Demand,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=pgettext_lazy("one demand", "技术需求"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("响应单位")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    message = models.TextField(_("方案简介"))
    attachment = models.FileField(_("方案 PDF"), upload_to=response_path, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.SUBMITTED
    )
    decline_reason = models.CharField(
        _("未采纳原因"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("需求响应")
        verbose_name_plural = _("需求响应")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "organization"], name="demand_response_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.demand}"
