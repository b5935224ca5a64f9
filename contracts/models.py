"""Technology contracts (技术合同), their attachments, audit trail and registration counters.

Writes go through `contracts.services`; this module holds the data and what belongs to
one row (derived values such as the tax-relief flags). The codes are `contracts.choices`.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import EntityNature, Organization
from contracts.choices import (
    DOMESTIC_COUNTRY_CODE,
    EDITABLE_STATUSES,
    ContractType,
    RegistrationState,
    StatDimension,
    Status,
    Subtype,
)
from contracts.deadlines import needs_expert_review
from contracts.tax_relief import tax_relief
from patents.models import IpType, TechnicalField

# The codes live in `contracts.choices`; they are importable from here as well.
__all__ = [
    "BUYER_FIELDS",
    "EDITABLE_FIELDS",
    "EDITABLE_STATUSES",
    "IMPORT_FIELDS",
    "REGISTRATION_FIELDS",
    "SELLER_FIELDS",
    "SUBJECT_FIELDS",
    "TERMS_FIELDS",
    "AbsorbedContract",
    "AnnualTarget",
    "ChangeRequest",
    "ChangeRequestAttachment",
    "Contract",
    "ContractAttachment",
    "ContractEvent",
    "ContractType",
    "ExpertReview",
    "IncomeStatus",
    "IncomeVerification",
    "IpType",
    "MonthlyBreakdown",
    "MonthlyStat",
    "Objection",
    "RegistrationCounter",
    "RegistrationState",
    "RegistrationVersion",
    "StatDimension",
    "StatsDirtyMonth",
    "StatsRevision",
    "Status",
    "Subtype",
    "TechnicalField",
    "field_label",
]


class ContractQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status=Status.REGISTERED)

    def awaiting_review(self):
        return self.filter(status=Status.SUBMITTED)

    def overdue(self, today=None):
        return self.awaiting_review().filter(review_due_on__lt=today or timezone.localdate())


def _money(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, null=True, blank=True, **kwargs
    )


class Contract(models.Model):
    title = models.CharField(_("项目名称"), max_length=200)
    contract_type = models.CharField(
        _("合同类型"), max_length=20, choices=ContractType.choices, blank=True
    )
    subtype = models.CharField(_("合同子类"), max_length=30, choices=Subtype.choices, blank=True)

    # The seller registers (卖方登记). Historical registrations made before the portal
    # may have no portal organisation, so the registration form's seller data is kept
    # as a snapshot, filled at submission and again at registration.
    seller = models.ForeignKey(
        Organization,
        verbose_name=_("卖方（登记单位）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    seller_name = models.CharField(_("卖方名称"), max_length=200, blank=True)
    seller_uscc = models.CharField(_("卖方统一社会信用代码"), max_length=18, blank=True)
    seller_entity_nature = models.CharField(
        _("卖方法人性质"), max_length=3, choices=EntityNature.choices, blank=True
    )
    # A seller abroad makes a technology import (技术进口), registered by the domestic buyer.
    seller_country_code = models.CharField(
        _("卖方国别代码"), max_length=3, default=DOMESTIC_COUNTRY_CODE
    )

    buyer_name = models.CharField(_("买方名称"), max_length=200, blank=True)
    buyer_uscc = models.CharField(_("买方统一社会信用代码"), max_length=18, blank=True)
    buyer_country_code = models.CharField(_("买方国别代码"), max_length=3, default="156")
    buyer_region_code = models.CharField(_("买方行政区划代码"), max_length=6, blank=True)
    buyer_entity_nature = models.CharField(
        _("买方法人性质"), max_length=3, choices=EntityNature.choices, blank=True
    )

    contract_amount = _money(_("合同成交额（元）"))
    technology_amount = _money(_("技术交易额（元）"))
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期止"), null=True, blank=True)
    technical_field = models.CharField(
        _("技术领域"), max_length=30, choices=TechnicalField.choices, blank=True
    )
    ip_type = models.CharField(_("知识产权类型"), max_length=30, choices=IpType.choices, blank=True)
    patent_numbers = models.JSONField(_("专利号"), default=list, blank=True)
    # JJ-001, for technology transfers: what the buyer expects to invest and produce.
    expected_investment = _money(_("预计新增投入（元）"))
    expected_output = _money(_("预计新增产值（元）"))

    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_number = models.CharField(
        _("登记编号"), max_length=16, unique=True, null=True, blank=True
    )
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    # A registration in force is `active`; an approved change makes a new version of it
    # (same number); cancellation and revocation end it without deleting anything.
    # NULL, not "", before registration: the API names it null (SPEC, wave 2).
    registration_state = models.CharField(  # noqa: DJ001
        _("登记状态"), max_length=10, choices=RegistrationState.choices, null=True, blank=True
    )
    version = models.PositiveSmallIntegerField(_("登记版本"), default=1)
    # Printed on the certificate with the number; both are needed to verify it publicly.
    verification_code = models.CharField(_("验证码"), max_length=8, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_due_on = models.DateField(_("审核期限"), null=True, blank=True)
    reviewer_note = models.TextField(_("登记员意见"), blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("变更的原登记"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    # A reviewer may mark a contract disputed (有争议): it then needs expert review too.
    is_disputed = models.BooleanField(_("有争议"), default=False)
    dispute_note = models.TextField(_("争议说明"), blank=True)
    # The day the registration last changed state after it was made (变更、注销、撤销).
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_contract", _("可以审核技术合同（登记、退回、不予登记）"))]
        indexes = [
            models.Index(fields=["status", "review_due_on"], name="contract_queue_idx"),
            models.Index(fields=["registered_on"], name="contract_registered_on_idx"),
            models.Index(fields=["seller", "-created_at"], name="contract_seller_idx"),
            models.Index(fields=["status", "registered_on"], name="contract_status_reg_idx"),
            # The lists' default order (newest filing first): a page is an index scan.
            models.Index(fields=["-created_at", "-id"], name="contract_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(technology_amount__isnull=True)
                | Q(contract_amount__isnull=True)
                | Q(technology_amount__lte=models.F("contract_amount")),
                name="contract_technology_within_contract_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status="registered")
                | (Q(registration_number__isnull=False) & Q(registered_on__isnull=False)),
                name="contract_registered_has_number_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number or self.title

    @property
    def is_import(self) -> bool:
        """A technology import: the seller is abroad."""
        return self.seller_country_code != DOMESTIC_COUNTRY_CODE

    @property
    def needs_expert_review(self) -> bool:
        """Large (技术交易额 ≥ 5,000,000 yuan) or disputed: experts give opinions first."""
        return needs_expert_review(self.technology_amount, self.is_disputed)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.status == Status.SUBMITTED
            and self.review_due_on
            and self.review_due_on < timezone.localdate()
        )

    @property
    def tax_relief(self) -> dict[str, bool]:
        return tax_relief(
            registered=self.status == Status.REGISTERED,
            contract_type=self.contract_type,
            subtype=self.subtype,
            ip_type=self.ip_type,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )


# The contract's fields in the groups the screens show them in. The form, the API
# serializer, the admin and the services all take their field lists from here.
SUBJECT_FIELDS = ("title", "contract_type", "subtype")
# A technology import (技术进口): the seller is abroad and the domestic buyer registers.
# The filing organisation stays `seller` (the FK: who registers and may see the filing);
# for an import it is the buyer, its data go to the buyer fields, and the foreign seller
# is named here. `is_import` tells the two apart; existing rows are all domestic.
IMPORT_FIELDS = ("seller_country_code", "seller_name")
BUYER_FIELDS = (
    "buyer_name",
    "buyer_uscc",
    "buyer_country_code",
    "buyer_region_code",
    "buyer_entity_nature",
)
TERMS_FIELDS = (
    "contract_amount",
    "technology_amount",
    "signed_on",
    "valid_from",
    "valid_until",
    "technical_field",
    "ip_type",
    "patent_numbers",
    "expected_investment",
    "expected_output",
)
# What the enterprise may set; everything else is the portal's or the reviewer's.
EDITABLE_FIELDS = SUBJECT_FIELDS + IMPORT_FIELDS + BUYER_FIELDS + TERMS_FIELDS
SELLER_FIELDS = ("seller", "seller_name", "seller_uscc", "seller_entity_nature")
# Set by the registration itself, never by the enterprise.
REGISTRATION_FIELDS = (
    "status",
    "registration_number",
    "registered_on",
    "submitted_at",
    "review_due_on",
    "reviewer_note",
    "amends",
    "registration_state",
    "version",
)
# Messages name the amounts without the unit that their column headings carry.
_SHORT_LABELS = {"contract_amount": _("合同成交额"), "technology_amount": _("技术交易额")}


def field_label(name: str) -> str:
    """The name of a contract field in messages: the model's verbose name."""
    if name in _SHORT_LABELS:
        return _SHORT_LABELS[name]
    try:
        return Contract._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


def attachment_path(instance, filename: str) -> str:
    # The client's file name is kept in `original_name`; on disk only safe characters.
    return (
        f"contracts/{instance.contract_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.sha256[:12]}.pdf"
    )


class ContractAttachment(models.Model):
    """The signed contract, PDF only; files are served through an access check, never public."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("合同")
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("合同文本")
        verbose_name_plural = _("合同文本")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ContractEvent(models.Model):
    """One row per state change: who, when, from, to, note. Never edited or deleted."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="events", verbose_name=_("合同")
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class RegistrationCounter(models.Model):
    """Last sequence number used per (year, registration point); locked while numbering."""

    year = models.PositiveSmallIntegerField()
    point_code = models.CharField(max_length=6)
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("登记编号计数器")
        verbose_name_plural = _("登记编号计数器")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "point_code"], name="one_counter_per_point_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.point_code}: {self.last_sequence}"


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
    technology_amount = _money(_("建议技术交易额（元）"))
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
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
    confirmed_amount = _money(_("核定技术性收入（元）"))
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
