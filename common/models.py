"""The outbox: every e-mail the portal sends is first a row here, written in the
transaction of the action it tells about, so that neither a broker nor a mail-server
outage can lose it (see `common.mail`)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboundMessageQuerySet(models.QuerySet):
    def due(self, *, at=None):
        """Queued and not being sent now: the ones a sweeper may hand to the worker."""
        return self.filter(status=OutboundStatus.QUEUED, next_attempt_at__lte=at or timezone.now())


class OutboundMessage(models.Model):
    subject = models.CharField(_("主题"), max_length=255)
    body = models.TextField(_("正文"))
    html = models.TextField(_("HTML 正文"), blank=True)
    to = models.JSONField(_("收件人"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    # When it may be tried (again); a worker sending it moves this forward as its lease.
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("外发邮件")
        verbose_name_plural = _("外发邮件")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="queued"),
                name="outbox_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
