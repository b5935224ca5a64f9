"""Reads: who may see or change what, and the lists the pages and the API show.

Access to each kind of object is decided here, once: an object the user may not see is a
404 (Http404); one the user may see but not change is a 403 (PermissionDenied).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Organization
from institutions.models import (
    OPEN_ENQUIRY_STATUSES,
    REFERENCE_LENGTH,
    Enquiry,
    Institution,
    Result,
    ResultStatus,
)
from patents.models import Patent


def institution_of(user) -> Institution | None:
    """The institution whose members include `user` (through its organisation), or None."""
    if not (user and user.is_authenticated and user.organization_id):
        return None
    if not hasattr(user, "_institution_cache"):
        user._institution_cache = Institution.objects.filter(
            organization_id=user.organization_id
        ).first()
    return user._institution_cache


def _is_reviewer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_reviewer)


# ---- institutions ---------------------------------------------------------------------


def institution_list():
    """Public list, each row with the number of its published results (one query)."""
    return Institution.objects.annotate(
        published_results=Count("results", filter=Q(results__status=ResultStatus.PUBLISHED))
    ).order_by(F("resident_since").asc(nulls_last=True), "name")


def _id(pk) -> int:
    """An id from a URL; anything else is simply not found (never a 500)."""
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def institution_for_user(user, pk, *, write=False) -> Institution:
    """Anyone reads a profile; only members of its organisation change it."""
    institution = Institution.objects.filter(pk=_id(pk)).first()
    if institution is None:
        raise Http404
    if write and not (user.is_authenticated and institution_of(user) == institution):
        raise PermissionDenied
    return institution


def institution_patents(institution: Institution):
    """Catalogue patents the institution holds: those whose holder (`patent_holder`) is
    its organisation, or, for a profile without an account, those naming it exactly as
    patentee. A result citing a patent's number does not make it the institution's."""
    names = [n for n in (institution.name, institution.short_name) if n]
    if institution.organization_id:
        held = Q(confirmed_holder_id=institution.organization_id)
        if institution.organization.is_verified:
            held |= Q(
                confirmed_holder__isnull=True,
                patentee__in=[institution.name, institution.organization.name],
            )
    else:
        held = Q(confirmed_holder__isnull=True, patentee__in=names)
    return Patent.objects.filter(held).order_by("application_number")


def patent_holder(patent: Patent) -> Organization | None:
    """The organisation that answers enquiries about `patent`, or None (the service desk).

    The organisation a reviewer confirmed as holder; else the one verified organisation
    named exactly as the catalogue's patentee, by its own name or its institution
    profile's (kept by the bureau); two such: nobody can tell, so the desk. A published result citing the patent's number never makes its
    institution the holder.
    """
    if patent.confirmed_holder_id:
        return patent.confirmed_holder
    patentee = (patent.patentee or "").strip()
    if not patentee:
        return None
    named = list(
        Organization.objects.verified()
        .filter(Q(name=patentee) | Q(institution__name=patentee))
        .distinct()[:2]
    )
    return named[0] if len(named) == 1 else None


# ---- results --------------------------------------------------------------------------


def visible_results(user):
    """Published results for everyone; plus every status of one's own; reviewers see all."""
    rows = Result.objects.select_related("institution").order_by("-published_at", "-id")
    if _is_reviewer(user):
        return rows
    own = institution_of(user)
    if own is not None:
        return rows.filter(Q(status=ResultStatus.PUBLISHED) | Q(institution=own))
    return rows.published()


def result_for_user(user, pk, *, write=False) -> Result:
    """Read: published, or own, or any for reviewers. Write: members of the owner only.

    Not visible → 404; visible but not yours to change → 403.
    """
    result = visible_results(user).filter(pk=_id(pk)).first()
    if result is None:
        raise Http404
    if write and institution_of(user) != result.institution:
        raise PermissionDenied
    return result


def result_history(result: Result):
    return result.events.select_related("by").order_by("at", "id")


def moderation_takedown(result: Result):
    """The reviewer's take-down that keeps a withdrawn result off the site, if any."""
    if result.status != ResultStatus.WITHDRAWN:
        return None
    last = (
        result.events.filter(from_status=ResultStatus.PUBLISHED, to_status=ResultStatus.WITHDRAWN)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )
    if last and last.by and institution_of(last.by) != result.institution:
        return last if last.by.is_reviewer else None
    return None


# ---- enquiries ------------------------------------------------------------------------


# The service desk: the reviewers (accounts.roles).
reviewers = roles.reviewers


def owner_members(organization: Organization | None):
    """Who answers for an organisation: its active members."""
    if organization is None:
        return get_user_model().objects.none()
    return organization.members.filter(is_active=True).order_by("pk")


def enquiry_contact_email(enquiry: Enquiry) -> str:
    """The answering side's contact address: its institution's, else its organisation's."""
    if enquiry.institution_id and enquiry.institution.contact_email:
        return enquiry.institution.contact_email
    if enquiry.owner_id:
        return enquiry.owner.contact_email
    return ""


def _enquiry_rows():
    return Enquiry.objects.select_related("result", "patent", "institution", "owner")


def enquiries_for_user(user):
    """Reviewers (the service desk) see every enquiry; members their organisation's."""
    if _is_reviewer(user):
        return _enquiry_rows()
    if not (user and user.is_authenticated and user.organization_id):
        return Enquiry.objects.none()
    return _enquiry_rows().filter(owner_id=user.organization_id)


def enquiries_for_institution(institution: Institution):
    rows = _enquiry_rows()
    if institution.organization_id:
        rows = rows.filter(Q(institution=institution) | Q(owner_id=institution.organization_id))
    else:
        rows = rows.filter(institution=institution)
    return rows.annotate(reply_count=Count("replies")).order_by("status", "-created_at", "-id")


def can_answer(user, enquiry: Enquiry) -> bool:
    """The owner's members answer; the service desk answers what came to it."""
    if not (user and user.is_authenticated):
        return False
    if enquiry.owner_id and user.organization_id == enquiry.owner_id:
        return True
    return enquiry.at_desk and _is_reviewer(user)


def enquiry_for_user(user, pk, *, write=False) -> Enquiry:
    """Seen by the owner's members and reviewers (404 for everyone else); changed by
    those who answer it (403 for a reviewer on an enquiry its owner handles)."""
    enquiry = enquiries_for_user(user).filter(pk=_id(pk)).first()
    if enquiry is None:
        raise Http404
    if write and not can_answer(user, enquiry):
        raise PermissionDenied
    return enquiry


def replier_name(reply) -> str:
    """Who a reply is from, as the enquirer sees it: the owning organisation, or the
    center's service desk when a reviewer wrote it."""
    enquiry = reply.enquiry
    if enquiry.owner_id and reply.by.organization_id == enquiry.owner_id:
        return enquiry.owner.name
    return str(_("交易中心服务台"))


def enquiry_thread(enquiry: Enquiry):
    return enquiry.replies.select_related("by").order_by("created_at", "id")


def enquiry_history(enquiry: Enquiry):
    return enquiry.events.select_related("by").order_by("at", "id")


def enquiry_last_change(enquiry: Enquiry):
    """The latest status change, which an undo reverses (None if there was none)."""
    return enquiry.events.order_by("-at", "-id").first()


def normalize_reference(text) -> str:
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())


def tracked_enquiry(*, reference, email) -> Enquiry | None:
    """The enquiry with exactly this reference and enquirer e-mail, or None."""
    reference = normalize_reference(reference)
    email = str(email or "").strip()
    if len(reference) != REFERENCE_LENGTH or not email:
        return None
    return (
        Enquiry.objects.select_related("result", "patent")
        .filter(reference=reference, email__iexact=email)
        .first()
    )


def overdue_enquiries():
    """What the service desk must chase: still open after the reminder went out."""
    return (
        _enquiry_rows()
        .filter(status__in=OPEN_ENQUIRY_STATUSES, reminded_at__isnull=False)
        .order_by("created_at", "id")
    )


def institute_dashboard(institution: Institution) -> dict:
    """What an institute's own dashboard shows: its results in every status, each with
    its number of enquiries (and a take-down's reason), and the enquiries it must answer."""
    results = list(
        institution.results.annotate(enquiry_count=Count("enquiries")).order_by(
            "status", "-updated_at", "-id"
        )
    )
    for result in results:
        result.takedown = moderation_takedown(result)
    enquiries = enquiries_for_institution(institution)
    return {
        "institution": institution,
        "results": results,
        "enquiries": enquiries,
        "open_enquiries": sum(1 for e in enquiries if e.status in OPEN_ENQUIRY_STATUSES),
    }
