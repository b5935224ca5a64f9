"""技术性收入核定: the seller's technology income actually received, per year, as filed
and as a reviewer confirmed it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.models.contract import Contract, money_field

# ---- 技术性收入核定: the seller's technology income actually received, per year ------------


class IncomeStatus(models.TextChoices):
    FILED = "filed", _("待核定")
    CONFIRMED = "confirmed", _("已核定")


def income_evidence_path(instance, filename: str) -> str:
    return (
        f"contracts/{instance.contract_id}/income/"
        f"{instance.year}-{timezone.now():%Y%m%d%H%M%S}-{instance.sha256[:12]}.pdf"
    )


class IncomeVerification(models.Model):
    """What the seller says it received under a registered contract in one year, with
    the evidence (PDF), and the reviewer's confirmed figure (技术性收入核定表)."""

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="income_verifications",
        verbose_name=_("合同"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("申报技术性收入（元）"), max_digits=16, decimal_places=2)
    confirmed_amount = money_field(_("核定技术性收入（元）"))
    status = models.CharField(
        _("状态"), max_length=10, choices=IncomeStatus.choices, default=IncomeStatus.FILED
    )
    evidence = models.FileField(_("收入凭证（PDF）"), upload_to=income_evidence_path)
    evidence_name = models.CharField(_("文件名"), max_length=200)
    evidence_size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("申报时间"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("核定时间"), null=True, blank=True)
    note = models.TextField(_("核定说明"), blank=True)

    class Meta:
        verbose_name = _("技术性收入核定")
        verbose_name_plural = _("技术性收入核定")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="one_income_filing_per_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="income_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.year}"

    @property
    def final_amount(self):
        return self.confirmed_amount if self.confirmed_amount is not None else self.amount
