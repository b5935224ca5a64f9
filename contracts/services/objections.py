"""异议 (管理办法 art. 17): whoever holds a certificate's registration number and verification
code — a party, a tax or finance office — objects without an account; a reviewer
re-examines and closes it: the registration stands, or it is revoked (which counts like a
cancellation for the statistics and the certificate)."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from accounts.roles import reviewers
from common import mail
from contracts.choices import STANDING_STATES, RegistrationState, Status
from contracts.models import (
    Contract,
    ContractEvent,
    Objection,
    ObjectionParty,
    ObjectionStatus,
)
from contracts.services.notices import notify_parties
from contracts.services.registration import require_no_conflict
from contracts.services.statistics import stats_month_changed
from notifications.services import notify

# One answer for an unknown number and a wrong code alike.
NOT_FOUND_MESSAGE = _lazy("未找到与该登记编号和验证码相符的登记，请核对登记证明上的编号和验证码。")


class RegistrationNotFound(Exception):
    """No registration with this number and code: the same for a wrong code and an unknown
    number, so that the answer reveals nothing."""


def registration_by_code(registration_number: str, verification_code: str) -> Contract:
    number = (registration_number or "").strip()
    code = (verification_code or "").strip().upper()
    contract = (
        Contract.objects.filter(registration_number=number, status=Status.REGISTERED).first()
        if number
        else None
    )
    # Compared in constant time, and compared even when the number is unknown.
    expected = contract.verification_code if contract else "-" * 8
    if not secrets.compare_digest(expected.encode(), code.encode()) or contract is None:
        raise RegistrationNotFound
    return contract


def _email_of(contact: str) -> str:
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


@transaction.atomic
def objection_file(
    *,
    registration_number: str,
    verification_code: str,
    filed_by: str,
    name: str,
    contact: str,
    grounds: str,
) -> Objection:
    problems: dict[str, list[str]] = {}
    name, contact, grounds = (name or "").strip(), (contact or "").strip(), (grounds or "").strip()
    if filed_by not in ObjectionParty.values:
        problems["filed_by"] = [_("请选择提出方：合同当事人、税务机关、财政部门或其他。")]
    if not name:
        problems["name"] = [_("请填写提出人姓名或单位名称。")]
    if not contact:
        problems["contact"] = [_("请填写联系方式（电话或电子邮箱），以便告知复核结果。")]
    if not grounds:
        problems["grounds"] = [_("请写明异议的事实和理由。")]
    if problems:
        raise ValidationError(problems)
    contract = registration_by_code(registration_number, verification_code)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.registration_state not in STANDING_STATES:
        raise ValidationError(
            {
                "registration_number": _("该登记已%(state)s，不再受理异议。")
                % {"state": contract.get_registration_state_display()}
            }
        )
    objection = Objection.objects.create(
        contract=contract, filed_by=filed_by, name=name, contact=contact, grounds=grounds
    )
    ContractEvent.objects.create(
        contract=contract,
        by=None,
        from_status=contract.status,
        to_status=contract.status,
        note=_("收到异议（%(party)s：%(name)s）")
        % {"party": objection.get_filed_by_display(), "name": name},
    )
    notify(
        recipients=reviewers(),
        kind="contract.objection_filed",
        title=_("【北疆技术交易中心】登记异议：%(number)s")
        % {"number": contract.registration_number},
        body=grounds,
        url=f"/admin/contracts/objection/{objection.pk}/change/",
    )
    mail.send_after_commit(
        mail.Message.build(
            subject=_("【北疆技术交易中心】已收到您对登记 %(number)s 的异议")
            % {"number": contract.registration_number},
            body=_("您提出的异议已登记，登记员复核后将告知结果。"),
            to=[_email_of(contact)],
        )
    )
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, outcome: str, note: str, by: User) -> Objection:
    """Close an objection: the registration stands, or it is revoked (note required)."""
    note = (note or "").strip()
    problems = {}
    if outcome not in (ObjectionStatus.STANDS, ObjectionStatus.REVOKED):
        problems["outcome"] = [_("请选择复核结论：维持登记或撤销登记。")]
    if not note:
        problems["note"] = [_("请填写复核意见，当事人和异议人将看到这段说明。")]
    if problems:
        raise ValidationError(problems)
    contract = Contract.objects.select_for_update().get(pk=objection.contract_id)
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.status != ObjectionStatus.OPEN:
        raise ValidationError(
            {"status": _("该异议已办结（%(status)s）。") % {"status": locked.get_status_display()}}
        )
    require_no_conflict(contract, by)
    if outcome == ObjectionStatus.REVOKED:
        if contract.registration_state not in STANDING_STATES:
            raise ValidationError(
                {
                    "outcome": _("该登记已%(state)s，不能再撤销。")
                    % {"state": contract.get_registration_state_display()}
                }
            )
        contract.registration_state = RegistrationState.REVOKED
        contract.changed_on = timezone.localdate()
        contract.save(update_fields=["registration_state", "changed_on", "updated_at"])
        text = _("异议成立，撤销登记：%(note)s") % {"note": note}
    else:
        text = _("异议不成立，维持登记：%(note)s") % {"note": note}
    locked.status = outcome
    locked.resolved_by, locked.resolved_at, locked.note = by, timezone.now(), note
    locked.save(update_fields=["status", "resolved_by", "resolved_at", "note"])
    ContractEvent.objects.create(
        contract=contract,
        by=by,
        from_status=contract.status,
        to_status=contract.status,
        note=text,
    )
    notify_parties(
        contract,
        kind=f"contract.objection_{outcome}",
        title=_("【北疆技术交易中心】登记异议复核结果：%(number)s")
        % {"number": contract.registration_number},
        body=text,
    )
    mail.send_after_commit(
        mail.Message.build(
            subject=_("【北疆技术交易中心】登记异议复核结果：%(number)s")
            % {"number": contract.registration_number},
            body=text,
            to=[_email_of(locked.contact)],
        )
    )
    if outcome == ObjectionStatus.REVOKED:
        registered_on = contract.registered_on
        transaction.on_commit(lambda: stats_month_changed(registered_on, reason=text), robust=True)
    return locked
