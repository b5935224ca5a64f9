"""A completed, paid, external booking becomes a 技术服务 contract draft, once."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracts.models import Contract
from instruments import services
from tests.instruments.conftest import request_booking

pytestmark = pytest.mark.django_db


def test_the_draft_is_pre_filled_and_linked_both_ways(completed, owner, requester):
    contract = services.booking_contract(booking=completed, by=owner)
    buyer = requester.organization
    assert contract.status == "draft"
    assert contract.seller == owner.organization
    assert (contract.contract_type, contract.subtype) == ("service", "service")
    assert (contract.buyer_name, contract.buyer_uscc) == (buyer.name, buyer.uscc)
    assert contract.buyer_region_code == buyer.region_code
    assert contract.contract_amount == contract.technology_amount == Decimal("900.00")
    assert contract.technical_field == "new_materials"
    assert completed.instrument.name in contract.title
    completed.refresh_from_db()
    assert completed.contract == contract
    assert Contract.objects.get(pk=contract.pk).instrument_booking == completed


def test_only_once(completed, owner):
    services.booking_contract(booking=completed, by=owner)
    with pytest.raises(ValidationError) as exc:
        services.booking_contract(booking=completed, by=owner)
    assert "已生成合同草稿" in " ".join(exc.value.messages)
    assert Contract.objects.count() == 1


def test_only_the_owner(completed, requester):
    with pytest.raises(PermissionDenied):
        services.booking_contract(booking=completed, by=requester)
    assert not Contract.objects.exists()


def test_not_before_completion(approved, owner):
    with pytest.raises(ValidationError):
        services.booking_contract(booking=approved, by=owner)
    assert not Contract.objects.exists()


def test_not_for_free_or_internal_use(instrument, owner, clock):
    internal = services.booking_approve(booking=request_booking(instrument, owner), by=owner)
    clock.past(internal)
    internal = services.booking_complete(booking=internal, by=owner, quantity=1, fee=100)
    with pytest.raises(ValidationError) as exc:
        services.booking_contract(booking=internal, by=owner)
    assert "内部" in " ".join(exc.value.messages)
    assert not Contract.objects.exists()


def test_not_for_an_unpaid_service(approved, owner, clock):
    clock.past(approved)
    free = services.booking_complete(booking=approved, by=owner, quantity=1, fee=0)
    with pytest.raises(ValidationError) as exc:
        services.booking_contract(booking=free, by=owner)
    assert "未收费" in " ".join(exc.value.messages)
