"""Reads of the demands app, and the one place per object kind that decides access:
404 to whoever may not see a thing, 403 to whoever sees it but may not do what they ask."""

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from demands.choices import (
    PUBLIC_DEMAND_STATUSES,
    UNSEALED_CHALLENGE_STATUSES,
    AccessStatus,
    ApplicationStatus,
    ChallengeStatus,
    DemandStatus,
    MatchTarget,
)
from demands.models import (
    Challenge,
    ChallengeApplication,
    ChallengeExpert,
    ChallengeQuestion,
    Demand,
    DemandAccess,
    DemandResponse,
    Match,
)


def _is_reviewer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_reviewer)


def _organization_id(user):
    return (
        getattr(user, "organization_id", None) if getattr(user, "is_authenticated", False) else None
    )


def _pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


# ---- demands -------------------------------------------------------------------------


def demands_for_user(user) -> QuerySet[Demand]:
    """Published ones for everyone; their own in any state for an organisation's members;
    everything but drafts for reviewers."""
    rows = Demand.objects.select_related("organization")
    visible = Q(status__in=PUBLIC_DEMAND_STATUSES)
    if _is_reviewer(user):
        visible |= ~Q(status=DemandStatus.DRAFT)
    organization_id = _organization_id(user)
    if organization_id:
        visible |= Q(organization_id=organization_id)
    return rows.filter(visible)


def demand_for_user(user, pk, *, write: bool = False) -> Demand:
    demand = get_object_or_404(demands_for_user(user), pk=_pk(pk))
    if write and demand.organization_id != _organization_id(user):
        raise PermissionDenied
    return demand


def is_owner(user, demand: Demand) -> bool:
    return bool(_organization_id(user)) and demand.organization_id == _organization_id(user)


def can_see_details(user, demand: Demand) -> bool:
    if is_owner(user, demand) or _is_reviewer(user):
        return True
    organization_id = _organization_id(user)
    return (
        bool(organization_id)
        and DemandAccess.objects.filter(
            demand=demand, organization_id=organization_id, status=AccessStatus.ADMITTED
        ).exists()
    )


def access_for_user(user, demand: Demand) -> DemandAccess | None:
    organization_id = _organization_id(user)
    if not organization_id:
        return None
    return DemandAccess.objects.filter(demand=demand, organization_id=organization_id).first()


def access_requests(demand: Demand) -> QuerySet[DemandAccess]:
    return demand.accesses.select_related("organization").order_by("-requested_at")


def access_for_owner(user, pk) -> DemandAccess:
    access = get_object_or_404(
        DemandAccess.objects.select_related("demand", "organization"), pk=_pk(pk)
    )
    if not is_owner(user, access.demand):
        raise Http404
    return access


def responses_for_user(user, demand: Demand) -> QuerySet[DemandResponse]:
    rows = demand.responses.select_related("organization")
    if is_owner(user, demand) or _is_reviewer(user):
        return rows
    organization_id = _organization_id(user)
    return rows.filter(organization_id=organization_id) if organization_id else rows.none()


def response_for_user(user, pk, *, write: bool = False) -> DemandResponse:
    """The demand's owner decides; the responder reads its own (403 on a decision)."""
    response = get_object_or_404(
        DemandResponse.objects.select_related("demand", "organization"), pk=_pk(pk)
    )
    owner = is_owner(user, response.demand)
    responder = _organization_id(user) and response.organization_id == _organization_id(user)
    if not (owner or responder or _is_reviewer(user)):
        raise Http404
    if write and not owner:
        raise PermissionDenied
    return response


def response_attachment_for_user(user, pk) -> DemandResponse:
    """A response's PDF opens for whoever may read the response (the responder's members,
    the demand's owner, reviewers); 404 to everyone else, and when there is no file."""
    response = response_for_user(user, pk)
    if not response.attachment:
        raise Http404
    return response


# ---- matches -------------------------------------------------------------------------


def matches_for_demand(demand: Demand) -> QuerySet[Match]:
    return demand.matches.order_by("-score", "target_type", "target_id")


def demands_for_result(result_id: int) -> QuerySet[Match]:
    """Stored suggestions pointing at a result, from published demands."""
    return (
        Match.objects.filter(target_type=MatchTarget.RESULT, target_id=result_id)
        .filter(demand__status=DemandStatus.PUBLISHED)
        .select_related("demand")
        .order_by("-score", "demand_id")
    )


# ---- challenges ----------------------------------------------------------------------


def challenges_for_user(user) -> QuerySet[Challenge]:
    rows = Challenge.objects.select_related("funder", "winner")
    return rows if _is_reviewer(user) else rows.public()


def challenge_for_user(user, pk, *, write: bool = False) -> Challenge:
    """Anyone sees a challenge from `open`; drafts only reviewers; reviewers write."""
    challenge = get_object_or_404(challenges_for_user(user), pk=_pk(pk))
    if write and not _is_reviewer(user):
        raise PermissionDenied
    return challenge


def open_challenges(limit: int = 5) -> QuerySet[Challenge]:
    return (
        Challenge.objects.filter(status=ChallengeStatus.OPEN)
        .select_related("funder")
        .order_by("applications_close_on", "pk")[:limit]
    )


def questions_for_user(user, challenge: Challenge) -> QuerySet[ChallengeQuestion]:
    """Answered questions for all; one's own unanswered ones; reviewers see every one."""
    rows = challenge.questions.all()
    if _is_reviewer(user):
        return rows
    mine = Q(asked_by=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    return rows.filter(Q(answered_at__isnull=False) | mine)


def is_assigned_expert(user, challenge: Challenge) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and ChallengeExpert.objects.filter(challenge=challenge, expert=user).exists()
    )


def applications_for_user(user, challenge: Challenge) -> QuerySet[ChallengeApplication]:
    """Sealed until evaluating: before that each applicant sees its own only; after it the
    reviewers and the assigned experts see every active one, the applicant still its own."""
    rows = challenge.applications.select_related("organization")
    organization_id = _organization_id(user)
    own = Q(organization_id=organization_id) if organization_id else Q(pk__in=[])
    if challenge.status in UNSEALED_CHALLENGE_STATUSES and (
        _is_reviewer(user) or is_assigned_expert(user, challenge)
    ):
        return rows.filter(Q(status=ApplicationStatus.SUBMITTED) | own)
    return rows.filter(own)


def application_for_user(user, pk, *, write: bool = False) -> ChallengeApplication:
    application = get_object_or_404(
        ChallengeApplication.objects.select_related("challenge", "organization"), pk=_pk(pk)
    )
    if not applications_for_user(user, application.challenge).filter(pk=application.pk).exists():
        raise Http404
    if write and application.organization_id != _organization_id(user):
        raise PermissionDenied
    return application


def conflicted_applications(user, challenge: Challenge) -> set[int]:
    """The applications this expert has declared a conflict of interest on."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        challenge.applications.filter(scores__expert=user, scores__conflict=True).values_list(
            "pk", flat=True
        )
    )


def proposal_for_user(user, pk) -> ChallengeApplication:
    """A proposal PDF follows the sealing rule of `applications_for_user` (the applicant
    always; reviewers and assigned experts only once unsealed, never the funder), and an
    expert who declared a conflict on the application no longer opens it. 404 to all
    others, and when no PDF was uploaded."""
    application = application_for_user(user, pk)
    own = application.organization_id == _organization_id(user)
    if not (own or _is_reviewer(user)) and application.pk in conflicted_applications(
        user, application.challenge
    ):
        raise Http404
    if not application.proposal:
        raise Http404
    return application


def ranking(challenge: Challenge) -> list[dict]:
    """The active applications by their experts' mean weighted score (conflicts left out)."""
    rows = (
        challenge.applications.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("organization")
        .annotate(
            mean=Avg("scores__total", filter=Q(scores__conflict=False)),
            scored=Count("scores", filter=Q(scores__conflict=False)),
            conflicts=Count("scores", filter=Q(scores__conflict=True)),
        )
    )
    ranked = sorted(rows, key=lambda a: (a.mean is None, -(a.mean or 0), a.pk))
    return [
        {
            "application": a.pk,
            "organization": a.organization.name,
            "score": None if a.mean is None else round(float(a.mean), 2),
            "experts_scored": a.scored,
            "conflicts": a.conflicts,
            "rank": position,
        }
        for position, a in enumerate(ranked, start=1)
    ]


def published_demands(q: str = ""):
    """The public list of demands (published ones), newest first, matching `q`: the list
    page and the site search read the same rows."""
    rows = Demand.objects.filter(status=DemandStatus.PUBLISHED).select_related("organization")
    return rows.search(q).order_by("-published_at", "-pk")


def public_challenges(q: str = ""):
    """Challenges from `open` on, matching `q` (title or problem): the list and the site
    search alike."""
    return challenges_for_user(None).search(q)
