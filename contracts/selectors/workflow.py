"""Reads of the 2026 workflow: an expert's assignments, change requests, objections.
Who may see which row is decided here only."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from contracts.models import (
    ChangeRequest,
    ExpertReview,
    Objection,
    ObjectionStatus,
    RegistrationVersion,
    RequestStatus,
)


def expert_reviews_for(user) -> QuerySet[ExpertReview]:
    """An expert's own assignments, newest first; nobody else's."""
    if not user.is_authenticated or not user.is_expert:
        return ExpertReview.objects.none()
    return (
        ExpertReview.objects.filter(expert=user)
        .select_related("contract")
        .prefetch_related("contract__attachments")
        .order_by("-assigned_at", "-pk")
    )


def expert_review_for(user, pk) -> ExpertReview:
    """404 for anything not assigned to `user`."""
    try:
        return get_object_or_404(expert_reviews_for(user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def change_requests_for(user) -> QuerySet[ChangeRequest]:
    """Reviewers see every request; a member its organisation's."""
    if not user.is_authenticated:
        return ChangeRequest.objects.none()
    queryset = ChangeRequest.objects.select_related("contract").prefetch_related("attachments")
    if user.is_reviewer:
        return queryset
    if not user.organization_id:
        return ChangeRequest.objects.none()
    return queryset.filter(contract__seller_id=user.organization_id)


def change_request_for(user, pk) -> ChangeRequest:
    try:
        return get_object_or_404(change_requests_for(user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None


def open_change_request(contract) -> ChangeRequest | None:
    return contract.change_requests.filter(status=RequestStatus.OPEN).first()


def versions_of(contract) -> QuerySet[RegistrationVersion]:
    return contract.versions.order_by("version")


def objections_queue() -> QuerySet[Objection]:
    return Objection.objects.select_related("contract").order_by("-filed_at", "-pk")


def open_objections() -> QuerySet[Objection]:
    return objections_queue().filter(status=ObjectionStatus.OPEN)
