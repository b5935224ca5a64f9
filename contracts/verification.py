"""Public verification of a registration certificate (登记证明核验): a registration number
and its verification code, both printed on the certificate, find the registration.

Whatever is wrong (an unknown number, a wrong code, a contract never registered) the
answer is the same `None`, and the code is compared in constant time, so the answer
tells nothing about whether the number exists. Guessing is throttled by the callers
(`VerifyThrottle`, per client address).
"""

import hmac

from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from contracts.choices import Status
from contracts.models import Contract

# Compared against when no registration has the number, so both paths cost the same.
_NO_CODE = "\0" * 8


class VerifyThrottle(SimpleRateThrottle):
    """One budget of look-ups per client address, shared by the page and the API (the
    address as DRF sees it: X-Forwarded-For only as far as settings.NUM_PROXIES says)."""

    scope = "verify"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def registration_for_verification(number: str, code: str) -> Contract | None:
    """The registered contract with this number and code, or None."""
    number = (number or "").strip()
    code = (code or "").strip().upper()
    contract = (
        Contract.objects.filter(registration_number=number, status=Status.REGISTERED).first()
        if number
        else None
    )
    stored = contract.verification_code if contract and contract.verification_code else _NO_CODE
    matches = hmac.compare_digest(stored.encode(), code.encode())
    return contract if matches and contract is not None else None


def last_change_on(contract: Contract):
    """The date of the last change to the registration (an approved 变更, a 注销 or a
    revocation), or None while it stands as first made.

    Every such decision is recorded as an event on the registered contract (from
    `registered`); registration itself comes from `submitted`. Point this at the change
    requests' decision dates if those become the better source.
    """
    event = contract.events.filter(from_status=Status.REGISTERED).order_by("-at", "-pk").first()
    return timezone.localdate(event.at) if event else None


def verification_result(contract: Contract) -> dict:
    """What the public sees of a verified registration (SPEC: GET /api/v1/verify/)."""
    return {
        "registration_number": contract.registration_number,
        "version": contract.version,
        "registration_state": contract.registration_state,
        "seller_name": contract.seller_name,
        "buyer_name": contract.buyer_name,
        "contract_type": contract.contract_type,
        "contract_amount": contract.contract_amount,
        "technology_amount": contract.technology_amount,
        "registered_on": contract.registered_on,
        "changed_on": last_change_on(contract),
    }
