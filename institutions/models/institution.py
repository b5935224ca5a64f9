"""A university or institute: its public profile and who may publish for it. List-valued
fields are JSON lists with an `…_index` column (`|a|b|`) so that "contains code X" is one
`LIKE '%|X|%'` on every database, as in patents.Patent."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from institutions.validators import normalize_phone, unknown_codes
from patents.models import TechnicalField


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研院所")
    OTHER = "other", _("其他")


def list_index(values) -> str:
    """`|a|b|` for a list, so that "contains a" is one LIKE on every database."""
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
    name = models.CharField(
        pgettext_lazy("name of an organisation", "名称"), max_length=200, unique=True
    )
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
        self.fields_index = list_index(self.fields)
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
