"""A research result offered for transfer, and the record of its status changes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common.labels import label_of, status_change
from institutions.models.institution import Institution, list_index
from institutions.validators import normalize_phone, unknown_codes
from patents.models import CooperationMode, TechnicalField
from patents.models import IpType as IPType
from patents.validators import normalize_patent_number

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
TRL_CHOICES = [
    (level, format_lazy(_("技术成熟度 {level} 级 · {meaning}"), level=level, meaning=meaning))
    for level, meaning in TRL_MEANINGS.items()
]


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
        self.patent_index = list_index(self.patent_numbers)
        self.cooperation_index = list_index(self.cooperation_modes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "patent_index", "cooperation_index"}
        super().save(*args, **kwargs)

    @property
    def trl_meaning(self) -> str:
        return str(TRL_MEANINGS.get(self.trl, ""))

    @property
    def trl_level(self) -> str:
        """ "技术成熟度 8 级" ("TRL 8" in English); empty without a level."""
        return str(_("技术成熟度 %(level)s 级") % {"level": self.trl}) if self.trl else ""

    def cooperation_mode_labels(self) -> list[str]:
        return [label_of(code, CooperationMode) for code in self.cooperation_modes or []]

    get_cooperation_modes_display = cooperation_mode_labels

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
    from_status = models.CharField(
        _("原状态"), max_length=20, blank=True, choices=ResultStatus.choices
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=ResultStatus.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("成果状态记录")
        verbose_name_plural = _("成果状态记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return status_change(self)
