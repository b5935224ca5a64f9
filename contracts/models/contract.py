"""A technology contract (技术合同): the row, its field groups, attachments, audit trail
and the registration counters. Writes go through `contracts.services`; this module holds
the data and what belongs to one row (derived values such as the tax-relief flags)."""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import EntityNature, Organization
from common import labels
from common.labels import status_change
from contracts.choices import (
    DOMESTIC_COUNTRY_CODE,
    EDITABLE_STATUSES,
    ContractType,
    OriginKind,
    RegistrationState,
    Status,
    Subtype,
)
from contracts.deadlines import LARGE_CONTRACT_AMOUNT, needs_expert_review
from contracts.tax_relief import tax_relief
from patents.models import IpType, TechnicalField


class ContractQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status=Status.REGISTERED)

    def awaiting_review(self):
        return self.filter(status=Status.SUBMITTED)

    def overdue(self, today=None):
        return self.awaiting_review().filter(review_due_on__lt=today or timezone.localdate())

    def awaiting_expert_opinion(self):
        """Submitted, needing experts (large or disputed, as `needs_expert_review` says),
        and no opinion given yet: these cannot be registered until one arrives."""
        return (
            self.awaiting_review()
            .filter(
                models.Q(is_disputed=True) | models.Q(technology_amount__gte=LARGE_CONTRACT_AMOUNT)
            )
            .exclude(expert_reviews__status="given")  # ExpertReviewStatus.GIVEN
        )


def money_field(verbose_name, **kwargs):
    """An amount in yuan to the fen, empty until given."""
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, null=True, blank=True, **kwargs
    )


class Contract(labels.QuickDisplay, models.Model):
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

    contract_amount = money_field(_("合同成交额（元）"))
    technology_amount = money_field(_("技术交易额（元）"))
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期止"), null=True, blank=True)
    technical_field = models.CharField(
        _("技术领域"), max_length=30, choices=TechnicalField.choices, blank=True
    )
    ip_type = models.CharField(_("知识产权类型"), max_length=30, choices=IpType.choices, blank=True)
    patent_numbers = models.JSONField(_("专利号"), default=list, blank=True)
    # JJ-001, for technology transfers: what the buyer expects to invest and produce.
    expected_investment = money_field(_("预计新增投入（元）"))
    expected_output = money_field(_("预计新增产值（元）"))

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
    # The technology manager (技术经理人) who brokered the deal, named by the seller and
    # confirmed by the manager (the managers app, reached by a string reference: contracts
    # never imports it; see contracts.brokers).
    broker = models.ForeignKey(
        "managers.Manager",
        verbose_name=_("技术经理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brokered_contracts",
    )
    broker_confirmed_at = models.DateTimeField(_("技术经理人确认时间"), null=True, blank=True)
    # Set by the app that made the draft (a 揭榜挂帅 award): its title and page, as text.
    origin_kind = models.CharField(_("来源"), max_length=20, choices=OriginKind.choices, blank=True)
    origin_title = models.CharField(_("来源名称"), max_length=200, blank=True)
    origin_url = models.CharField(_("来源页面"), max_length=200, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_contract", _("可以审核技术合同（登记、退回、不予登记）"))]
        # Each index, and the plan that shows it is used (bench/explain.py on the bench
        # database, 1,000,000 rows; EXPLAIN (ANALYZE, BUFFERS)):
        indexes = [
            # The admin queue: status = submitted ORDER BY review_due_on (LIMIT 50) is an
            # index scan with an incremental sort, 0.6 ms.
            models.Index(fields=["status", "review_due_on"], name="contract_queue_idx"),
            # Statistics of one month and the admin's month filter: a range scan.
            models.Index(fields=["registered_on"], name="contract_registered_on_idx"),
            # "My contracts": seller = X ORDER BY created_at DESC, 0.4 ms at 1,000 rows.
            models.Index(fields=["seller", "-created_at"], name="contract_seller_idx"),
            # The statistics' GROUP BYs over registered rows, by date.
            models.Index(fields=["status", "registered_on"], name="contract_status_reg_idx"),
            # The lists' order (newest filing first), and what the API filters on carried
            # in the index: the paginator reads a page's keys first (common.paginators),
            # so a filtered page (a quarter of registered_on, a status, a type, a field)
            # is an index-only scan that skips non-matching entries without reading rows:
            # 2025 Q1 went from 395 ms (75,000 rows read from the heap) to ~10 ms. It is
            # also the cursor pagination's position (created_at < …): constant per page.
            # INCLUDE is PostgreSQL's; elsewhere the index is (created_at, id) alone.
            models.Index(
                fields=["-created_at", "-id"],
                include=["registered_on", "status", "contract_type", "technical_field"],
                name="contract_newest_cover_idx",
            ),
            # Search (selectors.search) is served by the trigram GIN indexes on
            # UPPER(title), UPPER(seller_name), UPPER(buyer_name), the registration number
            # and B-trees on UPPER(seller_uscc), UPPER(buyer_uscc): created on PostgreSQL
            # only by migration 0004_search_indexes (a BitmapOr: 氢能储运, 1,000 hits, 34 ms
            # instead of a 1.5 s walk; a credit code 0.7 ms).
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

    @cached_property
    def attachment_list(self) -> list["ContractAttachment"]:
        """The signed contract's files. A list of contracts reads the files of its whole
        page in one query and sets this (`selectors.with_attachment_lists`)."""
        return list(self.attachments.all())

    @property
    def is_import(self) -> bool:
        """A technology import: the seller is abroad."""
        return self.seller_country_code != DOMESTIC_COUNTRY_CODE

    @property
    def needs_expert_review(self) -> bool:
        """Large (技术交易额 ≥ 5,000,000 yuan) or disputed: experts give opinions first."""
        return needs_expert_review(self.technology_amount, self.is_disputed)

    @property
    def type_label(self) -> str:
        """技术开发（委托开发）; a sub-type named like its type (技术服务, 技术咨询) once."""
        kind = self.get_contract_type_display() if self.contract_type else ""
        sub = self.get_subtype_display() if self.subtype else ""
        if not sub or sub == kind:
            return kind or sub
        opening, closing = labels.parentheses()
        return f"{kind}{opening}{sub}{closing}" if kind else sub

    @property
    def shows_review_deadline(self) -> bool:
        """The deadline concerns a contract awaiting a decision, not one decided."""
        return self.status == Status.SUBMITTED and self.review_due_on is not None

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
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
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
        return status_change(self)


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
