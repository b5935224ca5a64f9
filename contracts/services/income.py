"""技术性收入核定: after performance the seller files, per year, the technology income it
actually received under a registered contract, with evidence (PDF); a reviewer confirms
the figure or corrects it. The confirmed figure is what the 技术性收入核定表 states.

Each write locks its row, checks where it is, records who and when on the row itself
(the filing is its own audit trail: filed_by/at, confirmed_by/at, note) and tells the
other side after commit. Nothing here deletes.
"""

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import reviewers
from common import money
from contracts import validators
from contracts.choices import STANDING_STATES, Status
from contracts.models import Contract, IncomeStatus, IncomeVerification
from notifications.services import notify

NOTIFY_KIND = "income_verification"


def _year_problem(contract: Contract, year: int) -> str | None:
    first = (contract.signed_on or contract.registered_on or timezone.localdate()).year
    this_year = timezone.localdate().year
    if year < first or year > this_year:
        return _("年度应在 %(first)s 至 %(last)s 之间（自合同签订之年至今年）。") % {
            "first": first,
            "last": this_year,
        }
    return None


def _amount_problem(contract: Contract, amount: Decimal, label: str) -> str | None:
    if amount is None or amount <= 0:
        return _("%(label)s必须大于 0 元。") % {"label": label}
    if contract.contract_amount is not None and amount > contract.contract_amount:
        return _("%(label)s不能大于合同成交额（%(amount)s 元）。") % {
            "label": label,
            "amount": money.grouped(contract.contract_amount),
        }
    return None


@transaction.atomic
def income_file(
    *, contract: Contract, year: int, amount: Decimal, evidence, by: User
) -> IncomeVerification:
    """The seller's filing for one year of a registered contract in force."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.status != Status.REGISTERED or locked.registration_state not in STANDING_STATES:
        raise ValidationError({"contract": _("只有已登记且登记有效的合同可以申报技术性收入核定。")})
    problems: dict[str, list[str]] = {}
    problem = _year_problem(locked, year)
    if problem:
        problems["year"] = [problem]
    problem = _amount_problem(locked, amount, _("技术性收入"))
    if problem:
        problems["amount"] = [problem]
    if evidence is None:
        problems["file"] = [_("请上传收入凭证（PDF），如发票、银行回单。")]
    else:
        name = (getattr(evidence, "name", "") or "evidence.pdf").rsplit("/", 1)[-1][:200]
        evidence.seek(0)
        head = evidence.read(len(validators.PDF_MAGIC))
        problem = validators.attachment_problem(name, evidence.size, head)
        if problem:
            problems["file"] = [problem]
    if not problems and locked.income_verifications.filter(year=year).exists():
        problems["year"] = [_("%(year)s 年度已经申报过，不能重复申报。") % {"year": year}]
    if problems:
        raise ValidationError(problems)
    evidence.seek(0)
    content = evidence.read()
    filing = IncomeVerification(
        contract=locked,
        year=year,
        amount=amount,
        evidence_name=name,
        evidence_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        filed_by=by,
    )
    filing.evidence.save("evidence.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            filing.save()
    except IntegrityError:  # a filing for the same year committed meanwhile
        raise ValidationError(
            {"year": _("%(year)s 年度已经申报过，不能重复申报。") % {"year": year}}
        ) from None
    # The notices are rows of this transaction; their e-mails leave after commit.
    notify(
        recipients=reviewers(),
        kind=NOTIFY_KIND,
        title=_("技术性收入核定申报：%(number)s（%(year)s 年度）")
        % {"number": locked.registration_number, "year": year},
        body=_("%(seller)s 申报技术性收入 %(amount)s 元，请核定。")
        % {"seller": locked.seller_name, "amount": money.grouped(amount)},
        url=reverse("admin:contracts_incomeverification_change", args=[filing.pk]),
    )
    return filing


@transaction.atomic
def income_confirm(
    *,
    verification: IncomeVerification,
    by: User,
    amount: Decimal | None = None,
    note: str = "",
) -> IncomeVerification:
    """filed → confirmed, at the filed figure or the reviewer's correction (a note is
    then required, so that the seller sees why)."""
    locked = IncomeVerification.objects.select_for_update().get(pk=verification.pk)
    if locked.status != IncomeStatus.FILED:
        raise ValidationError({"status": _("该申报已经核定，不能再次核定。")})
    contract = locked.contract
    if amount is not None:
        problem = _amount_problem(contract, amount, _("核定技术性收入"))
        if problem:
            raise ValidationError({"amount": problem})
        if amount != locked.amount and not note.strip():
            raise ValidationError({"note": _("核定金额与申报金额不同，请填写核定说明。")})
    locked.confirmed_amount = locked.amount if amount is None else amount
    locked.status = IncomeStatus.CONFIRMED
    locked.confirmed_by = by
    locked.confirmed_at = timezone.now()
    locked.note = note.strip()
    locked.save(
        update_fields=["confirmed_amount", "status", "confirmed_by", "confirmed_at", "note"]
    )
    members = list(contract.seller.members.all()) if contract.seller_id else []
    if contract.created_by:
        members.append(contract.created_by)
    notify(
        recipients=members,
        kind=NOTIFY_KIND,
        title=_("技术性收入已核定：%(number)s（%(year)s 年度）")
        % {"number": contract.registration_number, "year": locked.year},
        body=_("核定技术性收入 %(amount)s 元。%(note)s")
        % {"amount": money.grouped(locked.confirmed_amount), "note": locked.note},
        url=reverse("contracts:detail", args=[contract.pk]),
    )
    return locked


def income_years(contract: Contract) -> list[int]:
    """The years a filing may be made for, latest first (for the web form)."""
    first = (contract.signed_on or contract.registered_on or timezone.localdate()).year
    last = timezone.localdate().year
    return list(range(last, max(first, last - 20) - 1, -1)) if first <= last else []


__all__ = ["income_confirm", "income_file", "income_years"]
