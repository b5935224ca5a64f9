"""The 2026 registration workflow's rows: expert reviews, change and cancellation
requests with their supplements, the versions a change supersedes, and objections."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models.contract import Contract, money_field

# ---- the 2026 workflow: expert review, changes, objections -----------------------------


class ExpertReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待评审")
    GIVEN = "given", _("已提交意见")
    CONFLICT = "conflict", _("回避（利益冲突）")
    # The contract was withdrawn or returned before the expert answered.
    CANCELLED = "cancelled", _("已取消")


class Recommendation(models.TextChoices):
    REGISTER = "register", _("建议登记")
    RETURN = "return", _("建议退回补正")
    REJECT = "reject", _("建议不予登记")


class ExpertReview(models.Model):
    """One expert's assignment to one contract, and the opinion once given."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="expert_reviews", verbose_name=_("合同")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="expert_reviews",
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ExpertReviewStatus.choices,
        default=ExpertReviewStatus.ASSIGNED,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分配人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("分配时间"), default=timezone.now)
    recommendation = models.CharField(
        _("评审建议"), max_length=10, choices=Recommendation.choices, blank=True
    )
    technology_amount = money_field(_("建议技术交易额（元）"))
    opinion = models.TextField(_("评审意见"), blank=True)
    answered_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家评审")
        verbose_name_plural = _("专家评审")
        ordering = ["assigned_at", "pk"]
        constraints = [
            # An expert is assigned once to a contract while the assignment stands.
            models.UniqueConstraint(
                fields=["contract", "expert"],
                condition=~Q(status="cancelled"),
                name="one_live_review_per_expert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.expert}"


class ChangeKind(models.TextChoices):
    CHANGE = "change", _("变更登记")
    CANCEL = "cancel", _("注销登记")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("待审核")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class ChangeRequest(models.Model):
    """The seller asks to change (变更) or cancel (注销) a registration (管理办法 art. 16)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="change_requests", verbose_name=_("合同")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=ChangeKind.choices)
    reason = models.TextField(_("理由"))
    # The changed contract fields and their new values (a change only).
    fields = models.JSONField(_("变更内容"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    filed_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("变更/注销申请")
        verbose_name_plural = _("变更/注销申请")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            # Two requests filed at once: the database lets only one stay open.
            models.UniqueConstraint(
                fields=["contract"], condition=Q(status="open"), name="one_open_change_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.get_kind_display()}"


def change_attachment_path(instance, filename: str) -> str:
    return (
        f"contracts/{instance.change_request.contract_id}/changes/"
        f"{timezone.now():%Y%m%d%H%M%S}-{instance.sha256[:12]}.pdf"
    )


class ChangeRequestAttachment(models.Model):
    """The signed supplement (补充协议) of a change, or the termination agreement; PDF."""

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.PROTECT, related_name="attachments",
        verbose_name=_("申请"),
    )  # fmt: skip
    file = models.FileField(_("文件"), upload_to=change_attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("变更材料")
        verbose_name_plural = _("变更材料")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RegistrationVersion(models.Model):
    """A superseded version of a registration: the values its certificate showed, kept
    when an approved change makes the next version (same registration number)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="versions", verbose_name=_("合同")
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    values = models.JSONField(_("登记内容"))
    effective_on = models.DateField(_("生效日期"))
    superseded_on = models.DateField(_("被取代日期"))
    change_request = models.ForeignKey(
        ChangeRequest, verbose_name=_("变更申请"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("登记版本")
        verbose_name_plural = _("登记版本")
        ordering = ["contract", "version"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "version"], name="one_row_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.version}"


class ObjectionParty(models.TextChoices):
    PARTY = "party", _("合同当事人")
    TAX = "tax", _("税务机关")
    FINANCE = "finance", _("财政部门")
    OTHER = "other", _("其他")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待复核")
    STANDS = "stands", _("维持登记")
    REVOKED = "revoked", _("撤销登记")


class Objection(models.Model):
    """An objection (异议) to a registration (管理办法 art. 17), filed without an account."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="objections", verbose_name=_("合同")
    )
    filed_by = models.CharField(_("提出方"), max_length=10, choices=ObjectionParty.choices)
    name = models.CharField(_("提出人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=200)
    grounds = models.TextField(_("异议理由"))
    filed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("复核人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    note = models.TextField(_("复核意见"), blank=True)

    class Meta:
        verbose_name = _("登记异议")
        verbose_name_plural = _("登记异议")
        ordering = ["-filed_at", "-pk"]
        indexes = [models.Index(fields=["status", "filed_at"], name="objection_queue_idx")]

    def __str__(self) -> str:
        return f"{self.contract} · {self.name}"
