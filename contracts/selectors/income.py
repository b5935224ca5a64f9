"""Reads for 技术性收入核定: reviewers see every filing, members their organisation's."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from contracts.models import IncomeVerification


def income_verifications_for_user(user) -> QuerySet[IncomeVerification]:
    queryset = IncomeVerification.objects.select_related("contract", "filed_by", "confirmed_by")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_reviewer:
        return queryset
    if not user.organization_id:
        return queryset.none()
    return queryset.filter(contract__seller_id=user.organization_id)


def income_verification_for_user(user, pk) -> IncomeVerification:
    """One filing: 404 for anyone outside the filing organisation (and not a reviewer)."""
    try:
        return get_object_or_404(income_verifications_for_user(user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None
