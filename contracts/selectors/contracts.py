"""Reads for technology contracts; access to one contract is decided here only."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from contracts import numbering
from contracts.models import Contract, ContractAttachment

LIST_RELATED = ("seller",)


def contracts_for_user(user) -> QuerySet[Contract]:
    """What `user` may see: reviewers everything, members their organisation's filings."""
    if not user.is_authenticated:
        return Contract.objects.none()
    queryset = Contract.objects.select_related(*LIST_RELATED)
    if user.is_reviewer:
        return queryset
    if not user.organization_id:
        return Contract.objects.none()
    return queryset.filter(seller_id=user.organization_id)


def with_attachment_lists(contracts: list[Contract]) -> list[Contract]:
    """A page of contracts with their files read in one query (`Contract.attachment_list`);
    the same as prefetch_related("attachments") without its queryset for every row."""
    files = defaultdict(list)
    for file in ContractAttachment.objects.filter(contract__in=contracts):
        files[file.contract_id].append(file)
    for contract in contracts:
        contract.attachment_list = files[contract.pk]
    return contracts


def contract_for_user(user, pk, *, write: bool = False) -> Contract:
    """One contract: 404 for anyone outside its organisation (and not a reviewer);
    403 when a reviewer asks to write what only the enterprise edits."""
    try:
        contract = get_object_or_404(contracts_for_user(user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None
    if write and contract.seller_id != user.organization_id:
        raise PermissionDenied
    return contract


def search(queryset: QuerySet[Contract], text: str) -> QuerySet[Contract]:
    text = (text or "").strip()
    if not text:
        return queryset
    # A whole identifier finds its row through a unique or exact index, not a text search.
    if numbering.parse_number(text) is not None:
        return queryset.filter(registration_number=text)
    if len(text) == 18 and text.isascii() and text.isalnum() and not text.isdigit():
        code = text.upper()
        return queryset.filter(Q(seller_uscc__iexact=code) | Q(buyer_uscc__iexact=code))
    return queryset.filter(
        Q(title__icontains=text)
        | Q(registration_number__startswith=text)
        | Q(seller_name__icontains=text)
        | Q(seller_uscc__iexact=text)
        | Q(buyer_name__icontains=text)
        | Q(buyer_uscc__iexact=text)
    )


def events_of(contract: Contract):
    return contract.events.select_related("by").order_by("at", "pk")
