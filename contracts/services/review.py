"""Expert review (管理办法 art. 14): a large (技术交易额 ≥ 5,000,000 yuan) or disputed contract
gets one to three experts' opinions before a reviewer may register it; the review clock is
then 30 working days. Experts see only what is assigned to them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from contracts import deadlines
from contracts.choices import Status
from contracts.models import (
    Contract,
    ContractEvent,
    ExpertReview,
    ExpertReviewStatus,
    Recommendation,
)
from contracts.services.notices import notify_parties
from contracts.services.registration import is_party_member, require_no_conflict
from notifications.services import notify

MAX_EXPERTS = 3
LIVE = (ExpertReviewStatus.ASSIGNED, ExpertReviewStatus.GIVEN, ExpertReviewStatus.CONFLICT)


def _require_submitted(contract: Contract) -> None:
    if contract.status != Status.SUBMITTED:
        raise ValidationError(
            {
                "status": _("只有待审核的合同可以安排专家评审；该合同当前为“%(status)s”。")
                % {"status": contract.get_status_display()}
            }
        )


def _event(contract: Contract, *, by, note: str) -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract, by=by, from_status=contract.status, to_status=contract.status, note=note
    )


@transaction.atomic
def contract_mark_disputed(*, contract: Contract, note: str, by: User) -> Contract:
    """A reviewer marks a submitted contract disputed: it needs experts, 30 working days."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请说明争议所在。")})
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    _require_submitted(locked)
    require_no_conflict(locked, by)
    locked.is_disputed = True
    locked.dispute_note = note
    if locked.submitted_at:
        locked.review_due_on = deadlines.review_due_on(
            timezone.localdate(locked.submitted_at), locked.technology_amount, True
        )
    locked.save(update_fields=["is_disputed", "dispute_note", "review_due_on", "updated_at"])
    text = _("标记为有争议，须经专家评审：%(note)s") % {"note": note}
    _event(locked, by=by, note=text)
    notify_parties(
        locked,
        kind="contract.disputed",
        title=_("【北疆技术交易中心】技术合同须经专家评审：%(title)s") % {"title": locked.title},
        body=_("%(text)s。审核期限延长为 30 个工作日，至 %(due)s。")
        % {"text": text, "due": locked.review_due_on or "—"},
    )
    return locked


@transaction.atomic
def expert_reviews_assign(*, contract: Contract, experts: list[User], by: User) -> list:
    """Invite one to three experts (none a member of either party) to review `contract`."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    _require_submitted(locked)
    require_no_conflict(locked, by)
    if not locked.needs_expert_review:
        raise ValidationError(
            {
                "experts": _(
                    "该合同技术交易额不足 500 万元且未标记为有争议，不需要专家评审。"
                    "如有争议，请先标记为有争议。"
                )
            }
        )
    unique = list({expert.pk: expert for expert in experts}.values())
    if not unique:
        raise ValidationError({"experts": _("请至少选择一位专家。")})
    problems = []
    for expert in unique:
        if not expert.is_active or not expert.is_expert:
            problems.append(_("%(name)s 不是评审专家。") % {"name": expert.get_username()})
        elif is_party_member(locked, expert):
            problems.append(
                _("%(name)s 是合同当事人的成员，须回避。") % {"name": expert.get_username()}
            )
    if problems:
        raise ValidationError({"experts": problems})
    already = set(locked.expert_reviews.filter(status__in=LIVE).values_list("expert_id", flat=True))
    new = [expert for expert in unique if expert.pk not in already]
    if not new:
        raise ValidationError({"experts": _("所选专家已在评审该合同。")})
    if len(already) + len(new) > MAX_EXPERTS:
        raise ValidationError(
            {
                "experts": _("每份合同最多安排 %(max)d 位专家；已安排 %(n)d 位。")
                % {"max": MAX_EXPERTS, "n": len(already)}
            }
        )
    reviews = [
        ExpertReview.objects.create(contract=locked, expert=expert, assigned_by=by)
        for expert in new
    ]
    names = "、".join(_expert_name(expert) for expert in new)
    _event(locked, by=by, note=_("邀请专家评审：%(names)s") % {"names": names})
    for review in reviews:
        notify(
            recipients=[review.expert],
            kind="contract.expert_assigned",
            title=_("【北疆技术交易中心】请评审技术合同：%(title)s") % {"title": locked.title},
            body=_("登记员邀请您评审技术合同“%(title)s”，审核期限 %(due)s。")
            % {"title": locked.title, "due": locked.review_due_on or "—"},
            url=reverse("contracts:expert-review", args=[review.pk]),
        )
    return reviews


def _expert_name(expert: User) -> str:
    profile = getattr(expert, "expert_profile", None)
    return profile.name if profile else expert.get_username()


@transaction.atomic
def expert_review_answer(
    *,
    review: ExpertReview,
    by: User,
    conflict: bool = False,
    recommendation: str = "",
    technology_amount: Decimal | None = None,
    opinion: str = "",
) -> ExpertReview:
    """The assigned expert gives an opinion, or declares a conflict of interest (回避)."""
    locked = ExpertReview.objects.select_for_update().select_related("contract").get(pk=review.pk)
    if locked.expert_id != by.pk:
        raise ValidationError({"non_field_errors": _("只有受邀专家本人可以提交评审意见。")})
    if locked.status != ExpertReviewStatus.ASSIGNED:
        raise ValidationError(
            {
                "status": _("该评审已是“%(status)s”，不能再次提交。")
                % {"status": locked.get_status_display()}
            }
        )
    contract = Contract.objects.select_for_update().get(pk=locked.contract_id)
    if contract.status != Status.SUBMITTED:
        raise ValidationError(
            {
                "status": _("该合同已不在审核中（%(status)s）。")
                % {"status": contract.get_status_display()}
            }
        )
    opinion = (opinion or "").strip()
    if conflict:
        locked.status = ExpertReviewStatus.CONFLICT
        locked.recommendation = ""
        locked.technology_amount = None
    else:
        problems = {}
        if recommendation not in Recommendation.values:
            problems["recommendation"] = [
                _("请选择评审建议：建议登记、建议退回补正或建议不予登记。")
            ]
        if not opinion:
            problems["opinion"] = [_("请填写评审意见。")]
        if technology_amount is not None:
            if technology_amount <= 0:
                problems["technology_amount"] = [_("建议技术交易额应大于 0。")]
            elif (
                contract.contract_amount is not None
                and technology_amount > contract.contract_amount
            ):
                problems["technology_amount"] = [_("建议技术交易额不能大于合同成交额。")]
        if problems:
            raise ValidationError(problems)
        locked.status = ExpertReviewStatus.GIVEN
        locked.recommendation = recommendation
        locked.technology_amount = technology_amount
    locked.opinion = opinion
    locked.answered_at = timezone.now()
    locked.save()
    if conflict:
        note = _("专家 %(name)s 声明回避（利益冲突）。") % {"name": _expert_name(by)}
    else:
        note = _("专家 %(name)s 提交评审意见：%(rec)s。") % {
            "name": _expert_name(by),
            "rec": locked.get_recommendation_display(),
        }
    _event(contract, by=by, note=note)
    notify(
        recipients=[locked.assigned_by],
        kind="contract.expert_answered",
        title=_("【北疆技术交易中心】专家评审意见：%(title)s") % {"title": contract.title},
        body=note,
        url=reverse("admin:contracts_contract_change", args=[contract.pk]),
    )
    return locked
