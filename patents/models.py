from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patents.choices import CooperationMode, HighValueKind, IpType, Sector, TechnicalField
from patents.validators import validate_patent_number

__all__ = [
    "Catalogue",
    "CatalogueEntry",
    "CatalogueEvent",
    "CatalogueImport",
    "CatalogueStatus",
    "CooperationMode",
    "HighValueKind",
    "IpType",
    "Patent",
    "Sector",
    "TechnicalField",
]


class PatentQuerySet(models.QuerySet):
    def listed_in(self, years) -> "PatentQuerySet":
        """Patents with an entry in one of the catalogues of `years` (a queryset of years)."""
        return self.filter(
            models.Exists(
                CatalogueEntry.objects.filter(
                    patent=models.OuterRef("pk"), catalogue__year__in=years
                )
            )
        )

    def published(self) -> "PatentQuerySet":
        """Patents that some published catalogue lists: what the public may see."""
        return self.listed_in(Catalogue.objects.published().values("year"))


class Patent(models.Model):
    """One row per application number, stored normalised (`202110344405.7`).

    The patent is the identity; what each year's catalogue said about it is kept on that
    year's entry. The fields here are the newest published year's words (a patent only in
    drafts carries its draft's), for search across years and for the other apps.
    """

    # What a catalogue row says about the patent itself, beside its number: the import
    # writes these, the admin edits them, the API shows them.
    DESCRIBED_FIELDS = (
        "title",
        "patentee",
        "inventors",
        "application_date",
        "grant_date",
        "ipc",
        "high_value_kinds",
        "abstract",
    )

    application_number = models.CharField(
        _("申请号"), max_length=16, unique=True, validators=[validate_patent_number]
    )
    title = models.CharField(_("名称"), max_length=300)
    patentee = models.CharField(_("专利权人"), max_length=300)
    inventors = models.JSONField(_("发明人"), default=list, blank=True)
    application_date = models.DateField(_("申请日"), null=True, blank=True)
    grant_date = models.DateField(_("授权公告日"), null=True, blank=True)
    # Normalised symbols, e.g. ["E21B 43/16", "C09K 8/58"]; `ipc_index` holds them as
    # "|E21B 43/16|C09K 8/58|" so that a prefix such as "E21B 43" is one indexed LIKE.
    ipc = models.JSONField(_("IPC 分类号"), default=list, blank=True)
    ipc_index = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    high_value_kinds = models.JSONField(_("高价值类别"), default=list, blank=True)
    abstract = models.TextField(_("摘要"), blank=True)
    # Who answers enquiries about the patent, as a reviewer confirmed it (e.g. after an
    # assignment, or when the patentee's name differs from its account's). Empty: the
    # verified organisation named as patentee, or else the center's service desk.
    confirmed_holder = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("确认的专利权人单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_patents",
        help_text=_("由登记员核实后填写；留空时按专利权人名称匹配已认证单位。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PatentQuerySet.as_manager()

    class Meta:
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        ordering = ["-application_date", "application_number"]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"

    def save(self, *args, **kwargs):
        self.ipc_index = self.ipc_index_for(self.ipc)
        super().save(*args, **kwargs)

    @staticmethod
    def ipc_index_for(ipc: list[str]) -> str:
        return "|" + "|".join(ipc) + "|" if ipc else ""

    @property
    def ipc_sections(self) -> list[str]:
        return sorted({symbol[0] for symbol in self.ipc})

    def get_high_value_kinds_display(self) -> list[str]:
        return [
            str(HighValueKind(code).label)
            for code in self.high_value_kinds
            if code in HighValueKind
        ]


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class CatalogueQuerySet(models.QuerySet):
    def published(self) -> "CatalogueQuerySet":
        return self.filter(status=CatalogueStatus.PUBLISHED)

    def visible_to(self, user) -> "CatalogueQuerySet":
        """Reviewers see drafts too (to preview them); everyone else published years only."""
        if getattr(user, "is_authenticated", False) and getattr(user, "is_reviewer", False):
            return self.all()
        return self.published()


class Catalogue(models.Model):
    """《克拉玛依市高价值发明专利产业化推广目录清单》 of one year.

    A year is a draft while imports fill it; a reviewer publishes it; after that it
    changes only by a reviewer's correction with a note (a CatalogueEvent), shown as
    "修订于 …" (`revised_at`).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    revised_at = models.DateTimeField(_("修订时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("专利目录")
        verbose_name_plural = _("专利目录")
        ordering = ["-year"]
        permissions = [
            ("import_catalogue", _("可从表格导入专利目录")),
            ("publish_catalogue", _("可发布专利目录")),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == CatalogueStatus.PUBLISHED


class CatalogueEntry(models.Model):
    """One patent in one year's catalogue, with everything that year's catalogue said
    about it: the patent's own data as published that year (DESCRIBED_FIELDS, so that a
    later year's import never rewrites an earlier year) and the offer (LISTED_FIELDS)."""

    DESCRIBED_FIELDS = Patent.DESCRIBED_FIELDS
    LISTED_FIELDS = ("sector", "cooperation_modes", "price", "contact_name", "contact_phone")

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="entries", verbose_name=_("目录")
    )
    patent = models.ForeignKey(
        Patent, on_delete=models.PROTECT, related_name="catalogue_entries", verbose_name=_("专利")
    )
    title = models.CharField(_("名称"), max_length=300, default="")
    patentee = models.CharField(_("专利权人"), max_length=300, default="")
    inventors = models.JSONField(_("发明人"), default=list, blank=True)
    application_date = models.DateField(_("申请日"), null=True, blank=True)
    grant_date = models.DateField(_("授权公告日"), null=True, blank=True)
    ipc = models.JSONField(_("IPC 分类号"), default=list, blank=True)
    ipc_index = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    high_value_kinds = models.JSONField(_("高价值类别"), default=list, blank=True)
    abstract = models.TextField(_("摘要"), blank=True)
    sector = models.CharField(_("行业"), max_length=30, choices=Sector.choices)
    cooperation_modes = models.JSONField(_("合作方式"), default=list, blank=True)
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("留空表示面议。"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "patent"], name="one_entry_per_patent_and_year"
            )
        ]
        ordering = ["catalogue", "id"]

    def __str__(self) -> str:
        return f"{self.catalogue.year} · {self.patent.application_number}"

    def save(self, *args, **kwargs):
        self.ipc_index = Patent.ipc_index_for(self.ipc)
        super().save(*args, **kwargs)

    @property
    def application_number(self) -> str:
        return self.patent.application_number

    get_high_value_kinds_display = Patent.get_high_value_kinds_display

    def get_cooperation_modes_display(self) -> list[str]:
        return [
            str(CooperationMode(code).label)
            for code in self.cooperation_modes
            if code in CooperationMode
        ]


class CatalogueImport(models.Model):
    """The event row of an import that changed a catalogue: who, when, which file, what."""

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="imports", verbose_name=_("目录")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入人"),
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    rows = models.PositiveIntegerField(_("行数"))
    created = models.PositiveIntegerField(_("新增条目"))
    updated = models.PositiveIntegerField(_("更新条目"))
    removed = models.PositiveIntegerField(_("移除条目"))
    patents_created = models.PositiveIntegerField(_("新增专利"))
    patents_updated = models.PositiveIntegerField(_("更新专利"))

    class Meta:
        verbose_name = _("目录导入记录")
        verbose_name_plural = _("目录导入记录")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.catalogue.year} · {self.filename}"


class CatalogueEvent(models.Model):
    """A catalogue year published, or a published year corrected: who, when, why, what."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("目录发布")
        CORRECTED = "corrected", _("目录修订")

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="events", verbose_name=_("目录")
    )
    kind = models.CharField(_("事件"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)
    # {"added": [number…], "removed": [number…], "changed": {number: [field…]}}
    changes = models.JSONField(_("改动"), default=dict, blank=True)

    class Meta:
        verbose_name = _("目录发布与修订记录")
        verbose_name_plural = _("目录发布与修订记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.catalogue.year} · {self.get_kind_display()}"
