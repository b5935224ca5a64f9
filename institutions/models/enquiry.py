"""Enquiries about a result or a catalogue patent: the request, its replies (a thread)
and the record of its status changes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from common.labels import status_change
from institutions.models.institution import Institution
from institutions.models.result import Result
from institutions.validators import phone_display, phone_e164


class EnquiryTarget(models.TextChoices):
    RESULT = "result", _("科技成果")
    PATENT = "patent", _("专利")


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("新洽谈")
    IN_PROGRESS = "in_progress", _("处理中")
    ANSWERED = "answered", _("已回复")
    CLOSED = "closed", _("已关闭")


# Still waiting for the owner: what the reminders and the service desk's list look at.
OPEN_ENQUIRY_STATUSES = (EnquiryStatus.NEW, EnquiryStatus.IN_PROGRESS)

# A reference the enquirer can read out on the phone: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 10


class Enquiry(models.Model):
    """An enquiry (意向洽谈) about a published result or a catalogue patent.

    `owner` is the organisation whose members answer it: the result's institution's, or
    the patent's holder (see selectors.patent_holder). `at_desk` says the center's
    service desk (the reviewers) took it because no member account could be told.
    `institution` is the result's institution (or the holder's profile, if it has one).
    """

    reference = models.CharField(
        _("查询编号"), max_length=REFERENCE_LENGTH, unique=True, editable=False
    )

    target_type = models.CharField(_("洽谈对象"), max_length=10, choices=EnquiryTarget.choices)
    result = models.ForeignKey(
        Result,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("科技成果"),
    )
    patent = models.ForeignKey(
        "patents.Patent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("专利"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("答复单位"),
    )
    owner = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("负责答复的单位账户"),
    )
    at_desk = models.BooleanField(_("转交服务台"), default=False)
    name = models.CharField(_("姓名"), max_length=50)
    organization = models.CharField(_("单位"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"))
    message = models.TextField(
        _("洽谈内容"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    notified_at = models.DateTimeField(_("通知发送时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("超期提醒时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # What the enquirer types in, in form order; the target comes from the page or the API.
    ASKED_FIELDS = ("name", "organization", "phone", "email", "message")

    class Meta:
        verbose_name = _("意向洽谈")
        verbose_name_plural = _("意向洽谈")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_type="result", result__isnull=False, patent__isnull=True)
                    | Q(target_type="patent", patent__isnull=False, result__isnull=True)
                ),
                name="enquiry_has_exactly_its_target",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="enquiry_open_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.organization}）· {self.target_title}"

    @property
    def target_title(self) -> str:
        if self.target_type == EnquiryTarget.RESULT and self.result_id:
            return self.result.title
        if self.patent_id:
            return f"{self.patent.application_number} {self.patent.title}"
        return ""

    @property
    def phone_display(self) -> str:
        return phone_display(self.phone)

    def clean(self) -> None:
        if self.phone:
            try:
                self.phone = phone_e164(self.phone)
            except ValidationError as exc:
                raise ValidationError({"phone": exc.messages}) from None


class EnquiryReply(models.Model):
    """One message of the owner (or the service desk) to the enquirer; e-mailed to them."""

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="replies", verbose_name=_("意向洽谈")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(
        _("回复内容"), max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    created_at = models.DateTimeField(_("回复时间"), default=timezone.now)

    class Meta:
        verbose_name = _("洽谈回复")
        verbose_name_plural = _("洽谈回复")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.enquiry_id}: {self.message[:30]}"


class EnquiryEvent(models.Model):
    """Every status change of an enquiry, undoing ones included."""

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="events", verbose_name=_("意向洽谈")
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=EnquiryStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=EnquiryStatus.choices)

    class Meta:
        verbose_name = _("洽谈状态记录")
        verbose_name_plural = _("洽谈状态记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return status_change(self)
