"""The market statistics' stored tables: monthly totals and breakdowns, the months to
recompute, annual targets, revisions of published months and the registrations made
elsewhere with a local buyer (吸纳). Written only by `contracts.services.statistics`."""

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import EntityNature
from common.cache import cache_version_bump
from contracts.choices import (
    ContractType,
    StatDimension,
    Subtype,
)
from patents.models import IpType, TechnicalField

# The statistics' cache namespace (common.cache.cached_figures, read through
# contracts.selectors.stats_cached): every computation and every change of a target bumps
# its version, so no cached figure outlives them.
STATS_CACHE = "stats"


def stats_figures_changed() -> None:
    """The cached statistics (home, /stats/, the stats API) are stale: bump their version
    now, so that no request reads an old figure any more, and again once the transaction
    commits, so that a figure cached meanwhile from the not-yet-committed tables is not
    read either."""
    cache_version_bump(STATS_CACHE)
    transaction.on_commit(lambda: cache_version_bump(STATS_CACHE))


# ---- market statistics ------------------------------------------------------------------
# Computed from registered contracts by `contracts.services.statistics`; never edited by hand.


def _total(verbose_name):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, default=0)


class MonthlyStat(models.Model):
    """Registered contracts of one month, by registration date."""

    year = models.PositiveSmallIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    contracts = models.PositiveIntegerField(_("合同数"), default=0)
    contract_amount = _total(_("成交额（元）"))
    technology_amount = _total(_("技术交易额（元）"))
    # Absorption (吸纳): contracts whose buyer is in the city's region.
    local_contracts = models.PositiveIntegerField(_("本地吸纳合同数"), default=0)
    local_contract_amount = _total(_("本地吸纳成交额（元）"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("月度统计")
        verbose_name_plural = _("月度统计")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="one_stat_per_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="stat_month_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class MonthlyBreakdown(models.Model):
    year = models.PositiveSmallIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    dimension = models.CharField(_("维度"), max_length=30, choices=StatDimension.choices)
    key = models.CharField(_("分类代码"), max_length=60)
    contracts = models.PositiveIntegerField(_("合同数"), default=0)
    contract_amount = _total(_("成交额（元）"))
    technology_amount = _total(_("技术交易额（元）"))

    class Meta:
        verbose_name = _("月度分类统计")
        verbose_name_plural = _("月度分类统计")
        ordering = ["year", "month", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "dimension", "key"], name="one_breakdown_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.dimension}={self.key}"


class StatsDirtyMonth(models.Model):
    """A month whose totals must be recomputed. The row is the de-duplication: a burst of
    registrations creates it once and enqueues one task; the task claims (deletes) it
    before computing, so a registration during the computation queues another."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField(default=timezone.now)
    # Why the month moves (a change, a cancellation, a late import): kept on the revision
    # of a published figure that the computation makes.
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="one_dirty_mark_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class AnnualTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    contract_amount = models.DecimalField(
        _("成交额目标（元）"),
        max_digits=18,
        decimal_places=2,
        help_text=_("以元为单位，例如 15 亿元填 1500000000。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"

    # Targets are typed in (admin, demo data); the pages show them with cached figures.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        stats_figures_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        stats_figures_changed()
        return result


class StatsRevision(models.Model):
    """A published figure that a recomputation changed: a month computed before, when it
    was already complete, whose total moved (a change, cancellation, revocation or late
    import of a registration of that month). Written only by the statistics services."""

    year = models.PositiveSmallIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    field = models.CharField(_("指标"), max_length=30)
    old = models.DecimalField(_("原值"), max_digits=18, decimal_places=2)
    new = models.DecimalField(_("新值"), max_digits=18, decimal_places=2)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    revised_at = models.DateTimeField(_("修订时间"), default=timezone.now)

    class Meta:
        verbose_name = _("统计修订")
        verbose_name_plural = _("统计修订")
        ordering = ["-revised_at", "-pk"]
        indexes = [models.Index(fields=["year", "month"], name="stats_revision_month_idx")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.field}: {self.old} → {self.new}"


class AbsorbedContract(models.Model):
    """吸纳 from outside: a contract registered by another office (the seller is
    elsewhere) whose buyer is a local organisation, imported with `import_contracts
    --absorbed`. Counted only in the 吸纳 figures, never among the center's registrations."""

    registration_number = models.CharField(_("登记编号"), max_length=16, unique=True)
    registering_office = models.CharField(_("登记机构"), max_length=200)
    registered_on = models.DateField(_("登记日期"))
    title = models.CharField(_("项目名称"), max_length=200)
    contract_type = models.CharField(_("合同类型"), max_length=20, choices=ContractType.choices)
    subtype = models.CharField(_("合同子类"), max_length=30, choices=Subtype.choices)
    seller_name = models.CharField(_("卖方名称"), max_length=200)
    seller_uscc = models.CharField(_("卖方统一社会信用代码"), max_length=18, blank=True)
    seller_entity_nature = models.CharField(
        _("卖方法人性质"), max_length=3, choices=EntityNature.choices
    )
    # Where the seller is: the region code of its credit code, else of the registration
    # number (the seller registers where it is located).
    seller_region_code = models.CharField(_("卖方行政区划代码"), max_length=6, blank=True)
    buyer_name = models.CharField(_("买方名称"), max_length=200)
    buyer_uscc = models.CharField(_("买方统一社会信用代码"), max_length=18, blank=True)
    buyer_region_code = models.CharField(_("买方行政区划代码"), max_length=6)
    buyer_entity_nature = models.CharField(
        _("买方法人性质"), max_length=3, choices=EntityNature.choices
    )
    contract_amount = models.DecimalField(_("合同成交额（元）"), max_digits=16, decimal_places=2)
    technology_amount = models.DecimalField(_("技术交易额（元）"), max_digits=16, decimal_places=2)
    signed_on = models.DateField(_("签订日期"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"))
    technical_field = models.CharField(_("技术领域"), max_length=30, choices=TechnicalField.choices)
    ip_type = models.CharField(_("知识产权类型"), max_length=30, choices=IpType.choices)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("外地登记的吸纳合同")
        verbose_name_plural = _("外地登记的吸纳合同")
        ordering = ["-registered_on", "-pk"]
        indexes = [models.Index(fields=["registered_on"], name="absorbed_registered_on_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(technology_amount__lte=models.F("contract_amount")),
                name="absorbed_technology_within_contract_amount",
            )
        ]

    def __str__(self) -> str:
        return self.registration_number
