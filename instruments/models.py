"""Shared instruments (大型仪器共享): an institution's instruments, their photos, who is
trained on them, and bookings with the record of each booking's status changes.

Approved bookings of one instrument never overlap: the booking services check it under a
lock on the instrument row, and on PostgreSQL an exclusion constraint made by the
migration (`NO_OVERLAP_CONSTRAINT`) refuses it as well. The constraint is not declared in
Meta: SQLite cannot hold it, and the table must still migrate there.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contracts.models import Contract
from institutions.models import Institution
from patents.choices import TechnicalField

NO_OVERLAP_CONSTRAINT = "instruments_booking_no_overlap"


class InstrumentCategory(models.TextChoices):
    """The top classes of the national large-instrument sharing platform's catalogue."""

    ANALYTICAL = "analytical", _("分析仪器")
    PHYSICAL = "physical", _("物理性能测试仪器")
    METROLOGY = "metrology", _("计量仪器")
    ELECTRONIC = "electronic", _("电子测量仪器")
    EARTH = "earth", _("地球探测仪器")
    SPECIAL = "special", _("特种检测仪器")
    PROCESS = "process", _("工艺试验仪器")
    COMPUTING = "computing", _("计算机及其配套设备")
    OTHER = "other", _("其他")


class InstrumentStatus(models.TextChoices):
    AVAILABLE = "available", _("可预约")
    MAINTENANCE = "maintenance", _("维护中")
    RETIRED = "retired", _("已停用")


class PriceUnit(models.TextChoices):
    HOUR = "hour", _("每小时")
    SAMPLE = "sample", _("每样品")
    DAY = "day", _("每天")


class InstrumentQuerySet(models.QuerySet):
    def listed(self):
        """What the public catalogue shows: everything not retired."""
        return self.exclude(status=InstrumentStatus.RETIRED)


class Instrument(models.Model):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name = models.CharField(_("仪器名称"), max_length=200)
    model = models.CharField(_("型号"), max_length=100, blank=True)
    category = models.CharField(_("仪器类别"), max_length=20, choices=InstrumentCategory.choices)
    technical_field = models.CharField(
        _("服务领域"), max_length=40, choices=TechnicalField.choices, blank=True
    )
    location = models.CharField(_("存放地点"), max_length=200, blank=True)
    description = models.TextField(_("主要功能与测试项目"), blank=True)
    sample_requirements = models.TextField(_("样品要求"), blank=True)
    price_internal = models.DecimalField(
        _("校内价格（元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    price_external = models.DecimalField(
        _("对外价格（元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    price_unit = models.CharField(
        _("计价单位"), max_length=10, choices=PriceUnit.choices, default=PriceUnit.HOUR
    )
    training_required = models.BooleanField(
        _("须经培训"), default=False, help_text=_("勾选后只接受已培训人员的预约。")
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=InstrumentStatus.choices,
        default=InstrumentStatus.AVAILABLE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = InstrumentQuerySet.as_manager()

    # What the owning institution's members write, in the order forms and the API show it.
    MEMBER_FIELDS = (
        "name",
        "model",
        "category",
        "technical_field",
        "location",
        "description",
        "sample_requirements",
        "price_internal",
        "price_external",
        "price_unit",
        "training_required",
        "status",
    )

    class Meta:
        verbose_name = _("共享仪器")
        verbose_name_plural = _("共享仪器")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.model}）" if self.model else self.name


class InstrumentPhoto(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("仪器"), on_delete=models.CASCADE, related_name="photos"
    )
    # Public like institution logos: portal.views serves this folder.
    image = models.ImageField(_("照片"), upload_to="instruments/photos/")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("仪器照片")
        verbose_name_plural = _("仪器照片")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class Training(models.Model):
    """The owner's record that a user may operate a training-required instrument."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("仪器"), on_delete=models.CASCADE, related_name="trainings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("培训人员"),
        on_delete=models.CASCADE,
        related_name="instrument_trainings",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "user"], name="instruments_trained_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.instrument}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    APPROVED = "approved", pgettext_lazy("booking status", "已确认")
    DECLINED = "declined", pgettext_lazy("booking status", "已拒绝")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到场")
    COMPLETED = "completed", _("已完成")


# The statuses that hold their slot (the exclusion constraint's condition too).
SLOT_HOLDING = (BookingStatus.APPROVED, BookingStatus.COMPLETED)


class BookingQuerySet(models.QuerySet):
    def awaiting_confirmation(self):
        """Requests the owning institution has neither confirmed nor declined."""
        return self.filter(status=BookingStatus.PENDING)


class Booking(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("仪器"), on_delete=models.PROTECT, related_name="bookings"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="instrument_bookings",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("申请单位"),
        on_delete=models.PROTECT,
        related_name="instrument_bookings",
    )
    # Whether the requester belongs to the owning institution (internal price) or not.
    is_external = models.BooleanField(_("校外用户"), default=True)
    starts_at = models.DateTimeField(pgettext_lazy("booking slot", "开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    purpose = models.TextField(_("用途"))
    samples = models.TextField(_("样品说明"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=BookingStatus.choices,
        default=BookingStatus.PENDING,
        db_index=True,
    )
    decision_note = models.CharField(_("处理说明"), max_length=500, blank=True)
    quantity = models.DecimalField(
        _("实际用量"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee = models.DecimalField(
        _("费用（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract = models.OneToOneField(
        Contract,
        verbose_name=_("技术服务合同"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instrument_booking",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("仪器预约")
        verbose_name_plural = _("仪器预约")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["instrument", "starts_at"], name="instr_booking_slot")]

    def __str__(self) -> str:
        return f"{self.instrument} · {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间必须晚于开始时间。")})

    @property
    def hours(self):
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class BookingEvent(models.Model):
    booking = models.ForeignKey(
        Booking, verbose_name=_("预约"), on_delete=models.CASCADE, related_name="events"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_status = models.CharField(
        _("原状态"), max_length=20, blank=True, choices=BookingStatus.choices
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=BookingStatus.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("预约记录")
        verbose_name_plural = _("预约记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
