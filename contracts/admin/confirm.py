"""The confirmation step before registering (确认登记): what will be registered — the
number it should take, the parties, both amounts as corrected — shown before the
reviewer's second click. One page serves the decision form of a contract and the bulk
action on the queue."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import money
from contracts import numbering
from contracts.choices import ContractType, Status


def _row(contract, number: str, corrections: dict) -> dict:
    technology_amount = corrections.get("technology_amount") or contract.technology_amount
    contract_type = corrections.get("contract_type") or contract.contract_type
    return {
        "contract": contract,
        "number": number,
        "seller": f"{contract.seller_name}（{contract.seller_uscc}）",
        "buyer": f"{contract.buyer_name}（{contract.buyer_uscc}）"
        if contract.buyer_uscc
        else contract.buyer_name,
        "contract_type": ContractType(contract_type).label if contract_type else "—",
        "contract_amount": money.format_yuan(contract.contract_amount, empty="—"),
        "technology_amount": money.format_yuan(technology_amount, empty="—"),
        "corrected": bool(corrections.get("technology_amount"))
        and corrections["technology_amount"] != contract.technology_amount,
        "needs_experts": contract.needs_expert_review,
    }


def registration_confirmation(
    model_admin, request, contracts, *, corrections=None, hidden=None, action=None
):
    """The page; `hidden` are the decision form's values posted again with `confirmed`,
    `action` the bulk action's name (its rows posted again with `apply`)."""
    waiting = [c for c in contracts if c.status == Status.SUBMITTED]
    numbers = numbering.peek_numbers(year=timezone.localdate().year, count=len(waiting))
    rows = [_row(c, n, corrections or {}) for c, n in zip(waiting, numbers, strict=False)]
    back = (
        reverse("admin:contracts_contract_change", args=[contracts[0].pk])
        if action is None
        else request.get_full_path()
    )
    return TemplateResponse(
        request,
        "admin/contracts/contract/confirm_registration.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("确认登记"),
            "rows": rows,
            "skipped": [c for c in contracts if c.status != Status.SUBMITTED],
            "hidden": hidden or {},
            "action": action,
            "back_url": back,
            "opts": model_admin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
