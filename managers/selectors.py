"""Reads of the managers app: who sees which manager, the public directory, a manager's
deals (computed from the registrations), the filings due and the help inbox."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from contracts.choices import STANDING_STATES, Status
from contracts.models import Contract
from contracts.selectors.statistics import total_of
from managers.models import Filing, HelpRequest, Manager, ManagerStatus


def manager_of(user) -> Manager | None:
    """The user's own registration as a manager, in whatever state, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Manager.objects.filter(user=user).first()


def is_reviewer(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_reviewer)


def visible_managers(user):
    """Reviewers see every registration; others the approved ones and their own."""
    if is_reviewer(user):
        return Manager.objects.all()
    rows = Q(status=ManagerStatus.APPROVED)
    if user is not None and user.is_authenticated:
        rows |= Q(user=user)
    return Manager.objects.filter(rows)


def manager_for_user(user, pk, *, write: bool = False) -> Manager:
    """The one access rule for a manager: 404 to whoever may not see it, 403 to a reader
    asking to write (only the manager themself writes their registration)."""
    try:
        manager = visible_managers(user).get(pk=pk)
    except (Manager.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and manager.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    return manager


def can_see_contact(user) -> bool:
    """Phone and e-mail are for signed-in users only (page and API)."""
    return bool(user is not None and user.is_authenticated)


def directory(*, q: str = "", field: str = ""):
    rows = Manager.objects.approved().search(q)
    return rows.with_field(field) if field else rows


# ---- deals -----------------------------------------------------------------------------


def brokered_contracts(manager: Manager):
    """The registrations the manager confirmed brokering, still standing (a cancelled or
    revoked registration drops out, as in the statistics)."""
    return Contract.objects.filter(
        broker=manager,
        broker_confirmed_at__isnull=False,
        status=Status.REGISTERED,
        registration_state__in=STANDING_STATES,
    )


def deals_by_year(manager: Manager) -> list[dict]:
    """Per registration year, newest first: count, 成交额 and 技术交易额 (one query)."""
    rows = (
        brokered_contracts(manager)
        .annotate(year=ExtractYear("registered_on"))
        .order_by()
        .values("year")
        .annotate(
            contracts=Count("pk"),
            contract_amount=total_of("contract_amount"),
            technology_amount=total_of("technology_amount"),
        )
        .order_by("-year")
    )
    return [dict(r) for r in rows]


def contracts_naming(manager: Manager):
    """Every contract that names the manager (drafts too: the seller chose to show it to
    them, and a link confirmed before submission is what the reviewer then sees)."""
    return (
        Contract.objects.filter(broker=manager)
        .select_related("seller")
        .order_by("broker_confirmed_at", "-created_at", "-pk")
    )


def contracts_to_confirm(manager: Manager):
    return contracts_naming(manager).filter(broker_confirmed_at__isnull=True)


# ---- yearly filings ----------------------------------------------------------------------


def filing_deadline(year: int) -> datetime.date:
    """The day the filing of `year` is due: MANAGER_FILING_DEADLINE (MM-DD) of year + 1
    (29 February falls back to the 28th in a common year)."""
    month, day = (int(part) for part in settings.MANAGER_FILING_DEADLINE.split("-"))
    try:
        return datetime.date(year + 1, month, day)
    except ValueError:
        return datetime.date(year + 1, month, day - 1)


def filing_year_due(today: datetime.date | None = None) -> int:
    """The year whose report is being filed now: last year's."""
    return (today or timezone.localdate()).year - 1


def managers_due_to_file(year: int):
    """Approved managers, approved by the end of `year`, who have not filed for it."""
    year_end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return (
        Manager.objects.approved()
        .filter(approved_at__lt=year_end)
        .exclude(filings__year=year)
        .order_by("name", "pk")
    )


def filings_of(manager: Manager):
    return Filing.objects.filter(manager=manager).order_by("-year")


# ---- help requests -------------------------------------------------------------------------


def help_inbox(manager: Manager):
    return HelpRequest.objects.filter(manager=manager).select_related("requester")


def help_requests_sent(user):
    return HelpRequest.objects.filter(requester=user).select_related("manager")


def help_request_for_user(user, pk) -> HelpRequest:
    """The manager asked and the person asking see a request; nobody else (404)."""
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return HelpRequest.objects.select_related("manager", "requester").get(
            Q(manager__user=user) | Q(requester=user), pk=pk
        )
    except (HelpRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
