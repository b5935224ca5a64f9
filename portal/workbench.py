"""The reviewer's workbench (登记员工作台) at `/admin/`: every queue a reviewer works
through, each with its count and a link to the admin list filtered to exactly those rows,
above Django's app list.

Each queue's rows come from the same QuerySet method or selector as the list filter it
links to, so the count is the number of rows the link opens. The page costs one count
query a queue (plus one for the next deadlines), whatever the numbers."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from contracts.models import (
    ChangeRequest,
    Contract,
    IncomeStatus,
    IncomeVerification,
    Objection,
    ObjectionStatus,
    RequestStatus,
)
from demands.choices import ChallengeStatus, DemandStatus
from demands.choices import ObjectionStatus as ChallengeObjectionStatus
from demands.models import Challenge, ChallengeObjection, Demand
from institutions import selectors as institution_selectors
from institutions.models import OPEN_ENQUIRY_STATUSES, Enquiry
from instruments.models import Booking, BookingStatus
from managers.models import Manager, ManagerStatus
from patents.models import Catalogue, CatalogueStatus


@dataclass(frozen=True)
class QueueSpec:
    key: str
    label: str
    model: type
    params: dict
    rows: object  # () -> QuerySet
    urgent: bool = False  # shown in red while not empty


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    count: int
    url: str
    urgent: bool


def _specs() -> list[QueueSpec]:
    return [
        QueueSpec(
            "submitted",
            _("待审核合同（按审核期限）"),
            Contract,
            {"status": "submitted"},
            lambda: Contract.objects.awaiting_review(),
        ),
        QueueSpec(
            "overdue",
            _("已超期"),
            Contract,
            {"status": "overdue"},
            lambda: Contract.objects.overdue(),
            urgent=True,
        ),
        QueueSpec(
            "experts",
            _("待专家意见"),
            Contract,
            {"status": "experts"},
            lambda: Contract.objects.awaiting_expert_opinion(),
        ),
        QueueSpec(
            "organizations",
            _("待认证单位"),
            Organization,
            {"verified": "no"},
            lambda: Organization.objects.awaiting_verification(),
        ),
        QueueSpec(
            "objections",
            _("待复核异议"),
            Objection,
            {"status": ObjectionStatus.OPEN},
            lambda: Objection.objects.filter(status=ObjectionStatus.OPEN),
            urgent=True,
        ),
        QueueSpec(
            "changes",
            _("变更/注销申请"),
            ChangeRequest,
            {"status": RequestStatus.OPEN},
            lambda: ChangeRequest.objects.filter(status=RequestStatus.OPEN),
        ),
        QueueSpec(
            "income",
            _("待核定技术性收入"),
            IncomeVerification,
            {"status": IncomeStatus.FILED},
            lambda: IncomeVerification.objects.filter(status=IncomeStatus.FILED),
        ),
        QueueSpec(
            "desk",
            _("服务台洽谈"),
            Enquiry,
            {"status": "open", "at_desk__exact": "1"},
            lambda: Enquiry.objects.filter(at_desk=True, status__in=OPEN_ENQUIRY_STATUSES),
        ),
        QueueSpec(
            "enquiries_overdue",
            _("超过 5 个工作日未回复的洽谈"),
            Enquiry,
            {"status": "overdue"},
            institution_selectors.overdue_enquiries,
            urgent=True,
        ),
        QueueSpec(
            "catalogue_drafts",
            _("未发布的专利目录"),
            Catalogue,
            {"status__exact": CatalogueStatus.DRAFT},
            lambda: Catalogue.objects.filter(status=CatalogueStatus.DRAFT),
        ),
        QueueSpec(
            "demands",
            _("待审核技术需求"),
            Demand,
            {"queue": DemandStatus.SUBMITTED},
            lambda: Demand.objects.awaiting_screening(),
        ),
        QueueSpec(
            "challenge_objections",
            _("揭榜挂帅公示异议"),
            ChallengeObjection,
            {"queue": ChallengeObjectionStatus.OPEN},
            lambda: ChallengeObjection.objects.unresolved(),
            urgent=True,
        ),
        # No evaluation deadline is stored: a challenge past its closing day is in
        # evaluation until a winner is proposed (or none is awarded).
        QueueSpec(
            "challenges_evaluating",
            _("评审中的揭榜挂帅榜单"),
            Challenge,
            {"queue": ChallengeStatus.EVALUATING},
            lambda: Challenge.objects.in_evaluation(),
        ),
        QueueSpec(
            "managers",
            _("待审核技术经理人"),
            Manager,
            {"status": ManagerStatus.APPLIED},
            lambda: Manager.objects.awaiting_review(),
        ),
        QueueSpec(
            "bookings",
            _("待确认仪器预约"),
            Booking,
            {"queue": BookingStatus.PENDING},
            lambda: Booking.objects.awaiting_confirmation(),
        ),
    ]


def _changelist(model, params: dict) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}"


def queues_for(user) -> list[Queue]:
    """The queues `user` may open (view permission on the list), in working order."""
    shown = []
    for spec in _specs():
        opts = spec.model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        rows: QuerySet = spec.rows()
        shown.append(
            Queue(
                key=spec.key,
                label=str(spec.label),
                count=rows.count(),
                url=_changelist(spec.model, spec.params),
                urgent=spec.urgent,
            )
        )
    return shown


def next_deadlines(user, limit: int = 5) -> list[Contract]:
    """The submitted contracts due first: what the reviewer opens next."""
    if not user.has_perm("contracts.view_contract"):
        return []
    return list(
        Contract.objects.awaiting_review()
        .order_by("review_due_on", "submitted_at", "pk")
        .only("pk", "title", "seller_name", "review_due_on")[:limit]
    )


def index(request):
    """`/admin/`: the workbench for reviewers above Django's own index (the app list)."""
    response = admin.site.index(request)
    if not getattr(request.user, "is_reviewer", False):
        return response
    response.template_name = "admin/workbench_index.html"
    response.context_data.update(
        {
            "queues": queues_for(request.user),
            "next_deadlines": next_deadlines(request.user),
            "today": timezone.localdate(),
        }
    )
    return response
