"""The outbox: every e-mail the portal sends is first a row here, written in the
transaction of the action it tells about, so that neither a broker nor a mail-server
outage can lose it (see `common.mail`)."""

import uuid

from django.conf import settings
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


# ---- imports run by the worker (common.import_jobs) ------------------------------------


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("未导入")


class ImportJob(models.Model):
    """A large file a reviewer imports: stored, checked and imported by the worker. The
    row holds what was asked and how it ended; the progress while it runs is in the cache
    (the import's own transaction would hide it here until the end)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("导入类型"), max_length=40)
    filename = models.CharField(_("文件名"), max_length=255)
    path = models.CharField(_("存储路径"), max_length=300, blank=True)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.TextField(_("结果"), blank=True)
    result_url = models.CharField(_("结果页面"), max_length=300, blank=True)
    # The Celery task that runs it, and when the broker last took it: a job the broker
    # never took (down) or lost (restarted) is sent again by the sweep (import_jobs_resend).
    task_name = models.CharField(_("后台任务"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("交给后台任务的时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
