"""Technology managers (技术经理人): the brokers of technology transfer, kept on a public
register once a reviewer approves them, each filing a short report every year.

Writes go through `managers.services`; reads that are more than a filter through
`managers.selectors`. A contract names its manager by `contracts.Contract.broker` (a
string reference, so that contracts never imports this app)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from patents.models import TechnicalField


class ManagerStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("manager status", "待审核")
    APPROVED = "approved", _("已通过")
    REFUSED = "refused", _("未通过")
    SUSPENDED = "suspended", _("已暂停")


class ManagerAction(models.TextChoices):
    """What a manager's record notes, besides any change of status."""

    APPLIED = "applied", pgettext_lazy("manager record", "提交申请")
    UPDATED = "updated", pgettext_lazy("manager record", "修改资料")
    APPROVED = "approved", pgettext_lazy("manager record", "审核通过")
    REFUSED = "refused", pgettext_lazy("manager record", "审核未通过")
    SUSPENDED = "suspended", pgettext_lazy("manager record", "暂停")
    REINSTATED = "reinstated", pgettext_lazy("manager record", "恢复")
    CONTRACT_CONFIRMED = "contract_confirmed", pgettext_lazy("manager record", "确认经纪合同")
    FILED = "filed", pgettext_lazy("manager record", "年度备案")
    FILING_REMINDED = "filing_reminded", pgettext_lazy("manager record", "提醒年度备案")


class ManagerQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ManagerStatus.APPROVED)

    def awaiting_review(self):
        """Applications no reviewer has decided yet."""
        return self.filter(status=ManagerStatus.APPLIED)

    def with_field(self, code: str):
        return self.filter(fields_index__contains=f"|{code}|")

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(employer__icontains=text) | Q(bio__icontains=text)
        )


def certificate_path(instance, filename: str) -> str:
    # Private: served only through the access check (never under /media/ publicly).
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"managers/certificates/{instance.user_id}-{timezone.now():%Y%m%d%H%M%S}.{suffix}"


class Manager(models.Model):
    """One person's registration as a technology manager (one per user account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.PROTECT,
        related_name="manager",
    )
    name = models.CharField(_("姓名"), max_length=50)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    technical_fields = models.JSONField(_("技术领域"), default=list, blank=True)
    # "|code|code|" for a portable "has this field" filter (SQLite has no JSON contains).
    fields_index = models.CharField(max_length=400, blank=True, editable=False)
    certificate_number = models.CharField(_("技术经理人证书编号"), max_length=50)
    certificate_file = models.FileField(
        _("证书扫描件"), upload_to=certificate_path, max_length=200, blank=True
    )
    bio = models.TextField(_("从业经历与专长"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ManagerStatus.choices, default=ManagerStatus.APPLIED
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    approved_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = ManagerQuerySet.as_manager()

    # What the applicant writes (the form, the API and the services share this list).
    APPLICANT_FIELDS = (
        "name",
        "employer",
        "technical_fields",
        "certificate_number",
        "bio",
        "phone",
        "email",
    )

    class Meta:
        verbose_name = _("技术经理人")
        verbose_name_plural = _("技术经理人")
        ordering = ["name", "pk"]
        permissions = [("review_manager", _("可以审核技术经理人（通过、不通过、暂停）"))]
        indexes = [models.Index(fields=["status", "name"], name="manager_status_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def field_labels(self) -> list[str]:
        labels = dict(TechnicalField.choices)
        return [str(labels.get(code, code)) for code in self.technical_fields or []]

    @property
    def is_approved(self) -> bool:
        return self.status == ManagerStatus.APPROVED


class ManagerEvent(models.Model):
    """Every change of a manager's registration, and each contract link confirmed."""

    manager = models.ForeignKey(
        Manager, on_delete=models.CASCADE, related_name="events", verbose_name=_("技术经理人")
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
    from_status = models.CharField(
        _("原状态"), max_length=20, blank=True, choices=ManagerStatus.choices
    )
    to_status = models.CharField(
        _("新状态"), max_length=20, blank=True, choices=ManagerStatus.choices
    )
    # What happened besides a status change (applied, a contract confirmed, a filing, ...).
    action = models.CharField(_("事项"), max_length=30, choices=ManagerAction.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("技术经理人记录")
        verbose_name_plural = _("技术经理人记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.manager_id}: {self.action}"


class Filing(models.Model):
    """The yearly filing (年度备案) of a manager's business: one per manager and year."""

    manager = models.ForeignKey(
        Manager, on_delete=models.PROTECT, related_name="filings", verbose_name=_("技术经理人")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    deals = models.PositiveIntegerField(_("促成交易（项）"))
    services = models.PositiveIntegerField(_("提供服务（次）"))
    training_hours = models.DecimalField(_("参加培训（学时）"), max_digits=6, decimal_places=1)
    summary = models.TextField(_("年度工作总结"))
    filed_at = models.DateTimeField(_("备案时间"), default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("填报人"),
    )

    class Meta:
        verbose_name = _("年度备案")
        verbose_name_plural = _("年度备案")
        ordering = ["-year", "manager__name"]
        constraints = [
            models.UniqueConstraint(fields=["manager", "year"], name="one_filing_per_manager_year"),
            models.CheckConstraint(
                condition=Q(training_hours__gte=0), name="filing_training_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} {self.year}"


class HelpSubject(models.TextChoices):
    DEMAND = "demand", pgettext_lazy("subject of a request for help", "技术需求")


class HelpRequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("request for help status", "待回复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已婉拒")


class HelpRequest(models.Model):
    """An enterprise asks a manager for help with something of its own (a demand): a
    generic reference (`subject_type` + `subject_id`), so that this app needs no import
    of the app that owns the subject."""

    manager = models.ForeignKey(
        Manager,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("技术经理人"),
    )
    subject_type = models.CharField(_("事项类型"), max_length=20, choices=HelpSubject.choices)
    subject_id = models.PositiveBigIntegerField(_("事项编号"))
    subject_title = models.CharField(_("事项名称"), max_length=200, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        on_delete=models.PROTECT,
        related_name="manager_help_requests",
    )
    message = models.TextField(_("请求说明"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=HelpRequestStatus.choices,
        default=HelpRequestStatus.NEW,
    )
    answer = models.TextField(pgettext_lazy("answer to a request for help", "回复"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("求助请求")
        verbose_name_plural = _("求助请求")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open request per subject and manager: a second click is not a second ask.
            models.UniqueConstraint(
                fields=["manager", "subject_type", "subject_id"],
                condition=Q(status="new"),
                name="one_open_help_request_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_type_display()} {self.subject_id} → {self.manager}"
