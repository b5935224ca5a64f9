"""Resident institutions, the results they offer for transfer, and enquiries about
results or catalogue patents.

List-valued fields (fields of strength, cooperation modes, patent numbers) are JSON
lists; each has a `…_index` column holding `|a|b|` so that "contains code X" is one
`LIKE '%|X|%'` on every database (SQLite has no JSON containment), as in patents.Patent.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from institutions.validators import normalize_phone, unknown_codes
from patents.models import CooperationMode, TechnicalField
from patents.models import IpType as IPType
from patents.validators import normalize_patent_number


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研院所")
    OTHER = "other", _("其他")


# Technology readiness levels, in the common Chinese wording (DOMAIN.md).
TRL_MEANINGS = {
    1: _("基本原理被发现和阐述"),
    2: _("形成技术概念或应用方案"),
    3: _("关键功能实验室验证"),
    4: _("实验室原理样机验证"),
    5: _("完整实验室样机在相关环境中验证"),
    6: _("模拟环境下的系统演示"),
    7: _("真实环境下的系统演示"),
    8: _("定型试验"),
    9: _("运行与评估"),
}
TRL_CHOICES = [(level, f"TRL {level} · {meaning}") for level, meaning in TRL_MEANINGS.items()]


def _index(values) -> str:
    return "|" + "|".join(values) + "|" if values else ""


class InstitutionQuerySet(models.QuerySet):
    def resident(self):
        return self.filter(resident_since__isnull=False)

    def with_field(self, code: str):
        return self.filter(fields_index__contains=f"|{code}|")


class Institution(models.Model):
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("关联单位账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="institution",
        help_text=_("该单位的成员可以编辑本页资料、发布成果、处理洽谈。"),
    )
    name = models.CharField(_("名称"), max_length=200, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=InstitutionKind.choices)
    province = models.CharField(_("所在省份"), max_length=30, blank=True)
    city = models.CharField(_("所在城市"), max_length=30, blank=True)
    resident_since = models.DateField(
        _("入驻日期"), null=True, blank=True, help_text=_("留空表示未入驻交易中心。")
    )
    office = models.CharField(_("中心内工位或办公室"), max_length=100, blank=True)
    fields = models.JSONField(_("优势领域"), default=list, blank=True)
    fields_index = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    introduction = models.TextField(_("简介"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    logo = models.ImageField(_("标志"), upload_to="institutions/logos/", blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InstitutionQuerySet.as_manager()

    # The profile, in the order every form, screen and API answer shows it.
    PROFILE_FIELDS = (
        "name",
        "short_name",
        "kind",
        "province",
        "city",
        "resident_since",
        "office",
        "fields",
        "introduction",
        "website",
        "contact_name",
        "contact_phone",
        "contact_email",
    )
    # The bureau keeps who the institution is and whether it is resident; members write
    # the rest.
    MEMBER_FIELDS = tuple(f for f in PROFILE_FIELDS if f not in {"name", "kind", "resident_since"})

    class Meta:
        verbose_name = _("高校院所")
        verbose_name_plural = _("高校院所")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fields_index = _index(self.fields)
        if kwargs.get("update_fields") is not None and "fields" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "fields_index"}
        super().save(*args, **kwargs)

    @property
    def is_resident(self) -> bool:
        return self.resident_since is not None

    def field_labels(self) -> list[str]:
        return [str(TechnicalField(code).label) for code in self.fields]

    def clean(self) -> None:
        errors = {}
        self.fields = list(dict.fromkeys(self.fields or []))
        bad = unknown_codes(self.fields, TechnicalField.values)
        if bad:
            errors["fields"] = _("未知的技术领域：%(codes)s") % {"codes": "、".join(bad)}
        if self.contact_phone:
            try:
                self.contact_phone = normalize_phone(self.contact_phone)
            except ValidationError as exc:
                errors["contact_phone"] = exc.messages
        if self.resident_since and self.resident_since > timezone.localdate():
            errors["resident_since"] = _("入驻日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已下架")


class ResultQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ResultStatus.PUBLISHED)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text)
        )

    def with_cooperation_mode(self, code: str):
        return self.filter(cooperation_index__contains=f"|{code}|")

    def with_patent(self, application_number: str):
        return self.filter(patent_index__contains=f"|{application_number}|")


class Result(models.Model):
    """A research result (科技成果) offered for transfer; a draft needs only a title."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="results", verbose_name=_("所属单位")
    )
    title = models.CharField(_("成果名称"), max_length=200)
    summary = models.CharField(_("简介"), max_length=500, blank=True)
    description = models.TextField(_("详细介绍"), blank=True)
    technical_field = models.CharField(
        _("技术领域"), max_length=40, choices=TechnicalField.choices, blank=True
    )
    trl = models.PositiveSmallIntegerField(
        _("技术成熟度（TRL）"),
        choices=TRL_CHOICES,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    ip_type = models.CharField(_("知识产权类型"), max_length=30, choices=IPType.choices, blank=True)
    patent_numbers = models.JSONField(_("相关专利申请号"), default=list, blank=True)
    patent_index = models.CharField(max_length=2000, blank=True, editable=False)
    cooperation_modes = models.JSONField(_("合作方式"), default=list, blank=True)
    cooperation_index = models.CharField(max_length=100, blank=True, editable=False)
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("留空表示面议。"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # The institute's request that a reviewer look again at a take-down (cleared when a
    # reviewer reinstates the result or takes it down again).
    appeal_note = models.TextField(_("复核申请"), blank=True)
    appealed_at = models.DateTimeField(_("申请复核时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ResultQuerySet.as_manager()

    # What its institution writes, in form order; status moves only through the services.
    MEMBER_FIELDS = (
        "title",
        "summary",
        "description",
        "technical_field",
        "trl",
        "ip_type",
        "patent_numbers",
        "cooperation_modes",
        "price",
        "contact_name",
        "contact_phone",
    )

    class Meta:
        verbose_name = _("科技成果")
        verbose_name_plural = _("科技成果")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="result_listing")]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9), name="result_trl_1_9"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="result_price_not_negative"
            ),
        ]
        permissions = [("moderate_result", _("可以下架任何科技成果"))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.patent_index = _index(self.patent_numbers)
        self.cooperation_index = _index(self.cooperation_modes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "patent_index", "cooperation_index"}
        super().save(*args, **kwargs)

    @property
    def trl_meaning(self) -> str:
        return str(TRL_MEANINGS.get(self.trl, ""))

    def cooperation_mode_labels(self) -> list[str]:
        return [str(CooperationMode(code).label) for code in self.cooperation_modes]

    def clean(self) -> None:
        """Checks every value given; completeness is checked at publication."""
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        if not self.title:
            errors["title"] = [_("请填写成果名称。")]
        modes = list(dict.fromkeys(self.cooperation_modes or []))
        bad = unknown_codes(modes, CooperationMode.values)
        if bad:
            errors["cooperation_modes"] = [
                _("未知的合作方式：%(codes)s") % {"codes": "、".join(bad)}
            ]
        else:
            self.cooperation_modes = modes
        numbers, problems = [], []
        for raw in self.patent_numbers or []:
            try:
                number = normalize_patent_number(str(raw))
            except ValidationError as exc:
                problems += exc.messages
            else:
                if number not in numbers:
                    numbers.append(number)
        if problems:
            errors["patent_numbers"] = problems
        else:
            self.patent_numbers = numbers
        if self.contact_phone:
            try:
                self.contact_phone = normalize_phone(self.contact_phone)
            except ValidationError as exc:
                errors["contact_phone"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def publication_problems(self) -> dict[str, list[str]]:
        """What is missing before the result can be published, keyed by field."""
        missing = {
            "summary": _("请填写成果简介。"),
            "technical_field": _("请选择技术领域。"),
            "trl": _("请选择技术成熟度（TRL 1–9）。"),
            "ip_type": _("请选择知识产权类型。"),
            "cooperation_modes": _("请至少选择一种合作方式。"),
            "contact_name": _("请填写联系人。"),
            "contact_phone": _("请填写联系电话。"),
        }
        problems = {
            field: [str(message)]
            for field, message in missing.items()
            if getattr(self, field) in (None, "", [])
        }
        if self.ip_type == IPType.PATENT and not self.patent_numbers:
            problems["patent_numbers"] = [str(_("知识产权类型为专利时，请填写专利申请号。"))]
        return problems


class ResultEvent(models.Model):
    """Every status change of a result: who, when, from, to, note."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="events", verbose_name=_("成果")
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
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("成果状态记录")
        verbose_name_plural = _("成果状态记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.from_status or '—'} → {self.to_status}"


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

    def clean(self) -> None:
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
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
    from_status = models.CharField(_("原状态"), max_length=20)
    to_status = models.CharField(_("新状态"), max_length=20)

    class Meta:
        verbose_name = _("洽谈状态记录")
        verbose_name_plural = _("洽谈状态记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.enquiry_id}: {self.from_status} → {self.to_status}"
