"""Reads: who may see or change what, and the lists the pages and the API show.

Access to each kind of object is decided here, once: an object the user may not see is a
404 (Http404); one the user may see but not change is a 403 (PermissionDenied).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404

from accounts.models import Role
from institutions.models import (
    Enquiry,
    EnquiryStatus,
    EnquiryTarget,
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
    """Catalogue patents the institution holds.

    A patent counts as held when its patentee is exactly the institution's name or short
    name, or when one of the institution's *published* results lists its application
    number (drafts do not count: they are not public claims).
    """
    names = [n for n in (institution.name, institution.short_name) if n]
    numbers = {
        number
        for numbers in institution.results.published().values_list("patent_numbers", flat=True)
        for number in numbers
    }
    return Patent.objects.filter(
        Q(patentee__in=names) | Q(application_number__in=numbers)
    ).order_by("application_number")


def patent_holder(patent: Patent) -> Institution | None:
    """The institution holding `patent` (see `institution_patents`), or None.

    Several holders are possible in principle (a co-owned patent); the one named as
    patentee comes first, then the earliest result that lists it.
    """
    named = (
        Institution.objects.filter(
            Q(name=patent.patentee) | (Q(short_name=patent.patentee) & ~Q(short_name=""))
        )
        .order_by("name")
        .first()
    )
    if named:
        return named
    result = (
        Result.objects.published()
        .with_patent(patent.application_number)
        .select_related("institution")
        .order_by("published_at", "id")
        .first()
    )
    return result.institution if result else None


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
        result.events.filter(to_status=ResultStatus.WITHDRAWN)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )
    if last and last.by and institution_of(last.by) != result.institution:
        return last if last.by.is_reviewer else None
    return None


# ---- enquiries ------------------------------------------------------------------------


def enquiries_for_institution(institution: Institution):
    return (
        Enquiry.objects.filter(institution=institution)
        .select_related("result", "patent")
        .order_by("status", "-created_at", "-id")
    )


def enquiry_for_user(user, pk) -> Enquiry:
    """Only members of the institution that must answer it; everyone else gets a 404."""
    own = institution_of(user)
    enquiry = Enquiry.objects.filter(pk=_id(pk), institution__isnull=False).first()
    if enquiry is None or own is None or enquiry.institution_id != own.pk:
        raise Http404
    return enquiry


def institute_dashboard(institution: Institution) -> dict:
    """What an institute's own dashboard shows: its results in every status, each with
    its number of enquiries, and the enquiries it must answer, grouped by status."""
    results = (
        institution.results.annotate(enquiry_count=Count("enquiries"))
        .order_by("status", "-updated_at", "-id")
        .all()
    )
    enquiries = enquiries_for_institution(institution)
    return {
        "institution": institution,
        "results": results,
        "enquiries": enquiries,
        "new_enquiries": sum(1 for e in enquiries if e.status == EnquiryStatus.NEW),
    }


def enquiry_recipients(enquiry: Enquiry) -> list[str]:
    """Who is e-mailed: the bureau's reviewers for a patent (or the site's own address if
    none has an e-mail), and the answering institution's contact and members."""
    emails: list[str] = []
    if enquiry.target_type == EnquiryTarget.PATENT:
        reviewers = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(groups__name=Role.REVIEWER) | Q(is_superuser=True))
            .exclude(email="")
            .values_list("email", flat=True)
        )
        emails += sorted(set(reviewers)) or [settings.DEFAULT_FROM_EMAIL]
    institution = enquiry.institution
    if institution is not None:
        if institution.contact_email:
            emails.append(institution.contact_email)
        if institution.organization_id:
            emails += (
                institution.organization.members.filter(is_active=True)
                .exclude(email="")
                .order_by("pk")
                .values_list("email", flat=True)
            )
    return list(dict.fromkeys(emails))
