"""Stored suggestions: computed by a task when a side changes, read as they are."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from demands.choices import MatchTarget
from demands.models.demand import Demand


class Match(models.Model):
    demand = models.ForeignKey(
        Demand,
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name=pgettext_lazy("one demand", "技术需求"),
    )
    target_type = models.CharField(_("对象类型"), max_length=20, choices=MatchTarget.choices)
    target_id = models.PositiveIntegerField(_("对象编号"))
    title = models.CharField(pgettext_lazy("name of a match", "名称"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    score = models.FloatField(_("匹配度"))
    reasons = models.JSONField(_("匹配理由"), default=list)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("匹配推荐")
        verbose_name_plural = _("匹配推荐")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "target_type", "target_id"], name="match_once"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="match_target_idx")]

    def __str__(self) -> str:
        return f"{self.demand_id} → {self.target_type}:{self.target_id}"


class MatchDismissal(models.Model):
    """A suggestion the demand's owner turned away: it is never suggested again."""

    demand = models.ForeignKey(
        Demand,
        on_delete=models.CASCADE,
        related_name="dismissals",
        verbose_name=pgettext_lazy("one demand", "技术需求"),
    )
    target_type = models.CharField(_("对象类型"), max_length=20, choices=MatchTarget.choices)
    target_id = models.PositiveIntegerField(_("对象编号"))
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已忽略的推荐")
        verbose_name_plural = _("已忽略的推荐")
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "target_type", "target_id"], name="match_dismissal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.demand_id} ✕ {self.target_type}:{self.target_id}"
