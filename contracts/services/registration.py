"""The registration of a technology contract: the draft, its file, and the state machine
draft/returned → submitted → registered | returned | rejected.

Each transition locks the contract row, checks where it is, changes it, records an event
(who, when, from, to, note) and sends follow-up work on commit. Nothing here deletes.
"""

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.validators import normalize_uscc
from common import uploads
from contracts import brokers, deadlines, numbering, validators
from contracts.choices import (
    EDITABLE_STATUSES,
    SUBTYPES,
    OriginKind,
    RegistrationState,
    Status,
)
from contracts.models import (
    EDITABLE_FIELDS,
    Contract,
    ContractAttachment,
    ContractEvent,
    ExpertReviewStatus,
    field_label,
)
from contracts.services import notices
from contracts.services.statistics import stats_month_changed

# Text columns hold "" rather than NULL when a value is cleared.
TEXT_FIELDS = frozenset(
    name for name in EDITABLE_FIELDS if isinstance(Contract._meta.get_field(name), models.CharField)
)
CORRECTABLE_FIELDS = ("contract_type", "subtype", "technology_amount")


def _values(contract: Contract) -> dict:
    return {field: getattr(contract, field) for field in EDITABLE_FIELDS}


def _clean(data: dict) -> dict:
    """Trim text, normalise codes; unknown keys are a programming error, not user input."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned = {}
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if field == "buyer_uscc":
            value = normalize_uscc(value)
        if field == "patent_numbers":
            numbers, _problems = validators.normalize_patent_numbers(value)
            # Problems are reported by value_problems(); keep the raw list to name them.
            value = numbers if not _problems else value
        if field in ("buyer_country_code", "seller_country_code") and not value:
            value = "156"
        cleaned[field] = value
    return cleaned


_UNSET = object()


def _apply(contract: Contract, data: dict) -> None:
    """Set the given values after checking them all at once, merged onto the row."""
    data = dict(data)
    broker = data.pop("broker", _UNSET)  # a manager or None; not a registration-form field
    cleaned = _clean(data)
    merged = {**_values(contract), **cleaned}
    # A type with a single sub-type (consulting) needs no choice from the clerk.
    subtypes = SUBTYPES.get(merged.get("contract_type") or "", ())
    if len(subtypes) == 1 and not merged.get("subtype"):
        cleaned["subtype"] = merged["subtype"] = subtypes[0].value
    problems = validators.value_problems(merged)
    for field, messages in validators.code_problems(merged, _values(contract)).items():
        problems.setdefault(field, []).extend(messages)
    if broker is not _UNSET:
        problem = brokers.broker_problem(broker, current_id=contract.broker_id)
        if problem:
            problems.setdefault("broker", []).append(problem)
    if problems:
        raise ValidationError(problems)
    if broker is not _UNSET and getattr(broker, "pk", None) != contract.broker_id:
        contract.broker = broker
        contract.broker_confirmed_at = None  # the manager named now has not confirmed yet
    for field, value in cleaned.items():
        if value is None and field in TEXT_FIELDS:
            value = ""
        setattr(contract, field, value)


def _record(
    contract: Contract, *, by, from_status: str, to_status: str, note: str = ""
) -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract, by=by, from_status=from_status, to_status=to_status, note=note
    )


def is_party_member(contract: Contract, user) -> bool:
    """`user` belongs to the seller or to the buyer (by its credit code)."""
    organization = getattr(user, "organization", None)
    if organization is None:
        return False
    if contract.seller_id and organization.pk == contract.seller_id:
        return True
    return bool(contract.buyer_uscc and organization.uscc == contract.buyer_uscc)


def require_no_conflict(contract: Contract, user) -> None:
    """A reviewer never decides on a contract of an organisation they belong to."""
    if is_party_member(contract, user):
        raise ValidationError(
            {
                "non_field_errors": _(
                    "您是该合同当事人（%(name)s）的成员，须回避：请由其他登记员办理。"
                )
                % {"name": user.organization.name}
            }
        )


def require_registrable(contract: Contract, by) -> None:
    """What stops `by` from registering a submitted contract, besides its values: a
    conflict of interest, or an expert opinion still missing. Also asked before the
    confirmation page, so that the reviewer is not asked to confirm what must fail."""
    require_no_conflict(contract, by)
    if (
        contract.needs_expert_review
        and not contract.expert_reviews.filter(status=ExpertReviewStatus.GIVEN).exists()
    ):
        raise ValidationError(
            {
                "expert_reviews": _(
                    "该合同技术交易额达到 500 万元或被标记为有争议，须经专家评审："
                    "至少收到一位专家（未回避）的评审意见后才能登记。"
                )
            }
        )


def _locked(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _refresh(target: Contract, source: Contract) -> Contract:
    """The caller's instance reflects what was saved under the lock."""
    if target is not source:
        target.refresh_from_db()
    return target


def _require_editable(contract: Contract) -> None:
    if contract.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("%(status)s的合同不能修改；只有草稿和退回补正的合同可以修改。")
                % {"status": contract.get_status_display()}
            }
        )


def _origin_values(origin) -> dict:
    """`(kind, title, url)` from the app that makes the draft: a kind of `OriginKind`, a
    title, and a path on this site (never another site's address)."""
    if origin is None:
        return {}
    kind, title, url = origin
    if kind not in OriginKind.values or not str(url).startswith("/") or str(url).startswith("//"):
        raise ValueError(f"bad contract origin {origin!r}")
    return {"origin_kind": kind, "origin_title": str(title)[:200], "origin_url": str(url)[:200]}


@transaction.atomic
def contract_create(*, organization: Organization, data: dict, by: User, origin=None) -> Contract:
    """A new draft of `organization` (the seller); a draft needs only a title. `origin`,
    when another app makes the draft, names where it came from (shown on its pages)."""
    contract = Contract(seller=organization, created_by=by, **_origin_values(origin))
    _apply(contract, data)
    _snapshot_seller(contract)
    contract.save()
    _record(contract, by=by, from_status="", to_status=Status.DRAFT)
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, data: dict, by: User) -> Contract:
    locked = _locked(contract)
    _require_editable(locked)
    was_import = locked.is_import
    _apply(locked, data)
    if locked.is_import != was_import:
        _snapshot_seller(locked)  # the organisation changes sides
    locked.save()
    return _refresh(contract, locked)


@transaction.atomic
def contract_attach(*, contract: Contract, upload, by: User) -> ContractAttachment:
    """Add the signed contract (PDF checked by its bytes, not its name)."""
    locked = _locked(contract)
    _require_editable(locked)
    name, size, content, digest = checked_pdf(upload)
    problem = _quota_problem(locked, size)
    if problem:
        raise ValidationError({"file": problem})
    attachment = ContractAttachment(
        contract=locked, original_name=name, size=size, sha256=digest, uploaded_by=by
    )
    attachment.file.save("contract.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def checked_pdf(upload) -> tuple[str, int, bytes, str]:
    """(name, size, bytes, sha256) of an uploaded PDF, checked by its bytes, not its name."""
    name = (getattr(upload, "name", "") or "contract.pdf").rsplit("/", 1)[-1][:200]
    size = upload.size
    upload.seek(0)
    head = upload.read(len(validators.PDF_MAGIC))
    problem = validators.attachment_problem(name, size, head)
    if problem:
        raise ValidationError({"file": problem})
    upload.seek(0)
    content = upload.read()
    return name, size, content, hashlib.sha256(content).hexdigest()


def _quota_problem(contract: Contract, size: int) -> str | None:
    """The attachment quotas of common.uploads; the seller's row is locked so that two
    uploads to different drafts cannot both take the organisation's last room."""
    seller = Organization.objects.select_for_update().get(pk=contract.seller_id)
    mine = ContractAttachment.objects.filter(contract=contract)
    ours = ContractAttachment.objects.filter(contract__seller=seller)
    totals = {"files": models.Count("pk"), "bytes": models.Sum("size", default=0)}
    return uploads.quota_problem(
        adding=size,
        contract=uploads.Usage(**mine.aggregate(**totals)),
        organization=uploads.Usage(**ours.aggregate(**totals)),
        verified=seller.is_verified,
    )


def submission_problems(contract: Contract) -> dict[str, list[str]]:
    """Everything that stops `contract` from being submitted, keyed by field."""
    values = _values(contract)
    problems = validators.value_problems(values)
    for field, messages in validators.completeness_problems(values).items():
        problems.setdefault(field, []).extend(messages)
    if not contract.attachments.exists():
        problems.setdefault("attachments", []).append(_("请上传双方签章的合同文本（PDF）。"))
    return problems


def _snapshot_seller(contract: Contract) -> None:
    """Copy the filing organisation's data onto the contract: as the seller, or, for a
    technology import (seller abroad), as the buyer, the foreign seller having no code."""
    if not contract.seller_id:
        return
    organization = contract.seller
    if contract.is_import:
        contract.buyer_name = organization.name
        contract.buyer_uscc = organization.uscc
        contract.buyer_entity_nature = organization.entity_nature
        contract.buyer_region_code = organization.region_code
        contract.buyer_country_code = "156"
        contract.seller_uscc = ""
        contract.seller_entity_nature = ""
        return
    contract.seller_name = organization.name
    contract.seller_uscc = organization.uscc
    contract.seller_entity_nature = organization.entity_nature


@transaction.atomic
def contract_submit(*, contract: Contract, by: User) -> Contract:
    """draft/returned → submitted; starts (or restarts) the review clock."""
    locked = _locked(contract)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("该合同当前为“%(status)s”，不能提交。")
                % {"status": locked.get_status_display()}
            }
        )
    if not (locked.seller and locked.seller.is_verified):
        raise ValidationError(
            {
                "non_field_errors": _(
                    "贵单位尚未通过交易中心认证，暂不能提交登记。请携带营业执照副本到交易中心服务窗口"
                    "或致电 0990-6000000 办理认证；认证前可以保存草稿。"
                )
            }
        )
    problems = submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    previous = locked.status
    now = timezone.now()
    locked.status = Status.SUBMITTED
    locked.submitted_at = now
    # Acceptance counts anew from each (re)submission: 补正 restarts the clock.
    locked.review_due_on = deadlines.review_due_on(
        timezone.localdate(now), locked.technology_amount, locked.is_disputed
    )
    locked.reviewer_note = ""
    _snapshot_seller(locked)
    locked.save()
    event = _record(locked, by=by, from_status=previous, to_status=Status.SUBMITTED)
    _notify(event)
    return _refresh(contract, locked)


@transaction.atomic
def contract_register(
    *,
    contract: Contract,
    by: User,
    technology_amount: Decimal | None = None,
    contract_type: str | None = None,
    subtype: str | None = None,
    note: str = "",
) -> Contract:
    """submitted → registered, with the reviewer's optional corrections; numbers it."""
    locked = _locked(contract)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            {
                "status": _("只有待审核的合同可以登记；该合同当前为“%(status)s”。")
                % {"status": locked.get_status_display()}
            }
        )
    require_registrable(locked, by)
    corrections = {
        field: value
        for field, value in (
            ("technology_amount", technology_amount),
            ("contract_type", contract_type),
            ("subtype", subtype),
        )
        if value not in (None, "")
    }
    changes = []
    if corrections:
        old = _values(locked)
        if "contract_type" in corrections and "subtype" not in corrections:
            corrections["subtype"] = ""
        _apply(locked, corrections)
        values = _values(locked)
        problems = validators.completeness_problems(values)
        problems = {k: v for k, v in problems.items() if k in corrections}
        if problems:
            raise ValidationError(problems)
        changes = [
            _("%(field)s：%(old)s → %(new)s")
            % {"field": field_label(f), "old": old[f] or "—", "new": values[f]}
            for f in CORRECTABLE_FIELDS
            if old[f] != values[f]
        ]
    today = timezone.localdate()
    locked.registration_number = numbering.next_number(year=today.year)
    locked.registered_on = today
    locked.registered_by = by
    locked.status = Status.REGISTERED
    locked.registration_state = RegistrationState.ACTIVE
    locked.verification_code = numbering.new_verification_code()
    locked.reviewer_note = note
    _snapshot_seller(locked)
    locked.save()
    full_note = "；".join([*changes, note] if note else changes)
    event = _record(
        locked, by=by, from_status=Status.SUBMITTED, to_status=Status.REGISTERED, note=full_note
    )
    _notify(event)
    registered_on = locked.registered_on
    # robust: a broker outage must not turn a committed registration into an error page;
    # the month stays marked and is recomputed by the next run.
    transaction.on_commit(lambda: stats_month_changed(registered_on), robust=True)
    return _refresh(contract, locked)


def _decide(*, contract: Contract, by: User, note: str, to_status: str) -> Contract:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写理由，企业将看到这段说明。")})
    locked = _locked(contract)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            {
                "status": _("只有待审核的合同可以退回或不予登记；该合同当前为“%(status)s”。")
                % {"status": locked.get_status_display()}
            }
        )
    require_no_conflict(locked, by)
    locked.status = to_status
    locked.reviewer_note = note
    locked.save(update_fields=["status", "reviewer_note", "updated_at"])
    event = _record(locked, by=by, from_status=Status.SUBMITTED, to_status=to_status, note=note)
    _notify(event)
    return _refresh(contract, locked)


@transaction.atomic
def contract_return(*, contract: Contract, by: User, note: str) -> Contract:
    """submitted → returned for correction; the enterprise edits and resubmits."""
    return _decide(contract=contract, by=by, note=note, to_status=Status.RETURNED)


@transaction.atomic
def contract_reject(*, contract: Contract, by: User, note: str) -> Contract:
    """submitted → rejected (不予登记); final."""
    return _decide(contract=contract, by=by, note=note, to_status=Status.REJECTED)


def _notify(event: ContractEvent) -> None:
    """Tell the enterprise of the decision (the reviewers of a submission): inbox lines
    and e-mails, which leave once the transaction has committed."""
    notices.tell(event)


@transaction.atomic
def contract_withdraw(*, contract: Contract, by: User) -> Contract:
    """submitted → draft, by the seller, while nobody has decided or given an opinion."""
    locked = _locked(contract)
    if locked.seller_id is None or locked.seller_id != by.organization_id:
        raise ValidationError({"non_field_errors": _("只有填报单位可以撤回合同。")})
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            {
                "status": _("只有待审核的合同可以撤回；该合同当前为“%(status)s”。")
                % {"status": locked.get_status_display()}
            }
        )
    if locked.expert_reviews.filter(status=ExpertReviewStatus.GIVEN).exists():
        raise ValidationError(
            {"status": _("专家已提交评审意见，合同不能再撤回；如需修改请联系登记员。")}
        )
    # Experts still waiting are released; their rows stay (nothing is deleted).
    locked.expert_reviews.filter(status=ExpertReviewStatus.ASSIGNED).update(
        status=ExpertReviewStatus.CANCELLED
    )
    locked.status = Status.DRAFT
    locked.review_due_on = None
    locked.save(update_fields=["status", "review_due_on", "updated_at"])
    _record(
        locked,
        by=by,
        from_status=Status.SUBMITTED,
        to_status=Status.DRAFT,
        note=_("企业撤回了提交。"),
    )
    return _refresh(contract, locked)
