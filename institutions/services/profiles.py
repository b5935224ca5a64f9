"""Institution profiles: edits by their members or the bureau, and the profile every
verified university or institute gets."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind
from institutions.models import (
    Institution,
    InstitutionKind,
)
from institutions.services.access import SYSTEM, require_member, require_reviewer
from institutions.validators import checked_logo

# ---- institutions ---------------------------------------------------------------------


@transaction.atomic
def institution_update(*, institution: Institution, data: dict, logo=None, by) -> Institution:
    """A member edits its profile. Name, kind and residence are kept by the bureau."""
    require_member(by, institution.pk)
    unknown = set(data) - set(Institution.MEMBER_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    if logo is False:  # the form's "clear" box
        locked.logo = ""
    elif logo:
        try:
            locked.logo = checked_logo(logo)
        except ValidationError as exc:
            raise ValidationError({"logo": exc.messages}) from None
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def institution_save_by_bureau(*, institution: Institution, by) -> Institution:
    """A reviewer adds an institution or changes any of its details (the admin)."""
    action = "change" if institution.pk else "add"
    if not (by and by.is_authenticated and by.has_perm(f"institutions.{action}_institution")):
        raise PermissionDenied
    institution.full_clean()
    institution.save()
    return institution


INSTITUTION_KIND_FOR_ORGANIZATION = {
    OrganizationKind.UNIVERSITY: InstitutionKind.UNIVERSITY,
    OrganizationKind.INSTITUTE: InstitutionKind.INSTITUTE,
}


@transaction.atomic
def institution_for_organization(*, organization: Organization, by) -> Institution | None:
    """The (non-resident) profile of a verified university or institute, made once: its
    members can then publish results. A profile of the same name that no account holds
    yet (made by hand in the admin) is linked instead. None for other kinds."""
    if by is not SYSTEM:
        require_reviewer(by)
    kind = INSTITUTION_KIND_FOR_ORGANIZATION.get(organization.kind)
    if kind is None or not organization.is_verified:
        return None
    existing = Institution.objects.filter(organization=organization).first()
    if existing is not None:
        return existing
    same_name = Institution.objects.select_for_update().filter(name=organization.name).first()
    if same_name is not None and same_name.organization_id is None:
        same_name.organization = organization
        same_name.save(update_fields=["organization", "updated_at"])
        return same_name
    name = organization.name
    if same_name is not None:  # another account holds that name: keep both apart
        name = f"{organization.name[:178]}（{organization.uscc}）"
    institution = Institution(
        organization=organization,
        name=name,
        kind=kind,
        contact_name=organization.contact_name,
        contact_phone=organization.contact_phone,
        contact_email=organization.contact_email,
    )
    try:
        institution.full_clean()
    except ValidationError:
        institution.contact_phone = ""  # a phone the profile's stricter check refuses
        institution.full_clean()
    institution.save()
    return institution


def profile_on_verification(sender, *, organization, by, **kwargs) -> None:
    """accounts.signals.organization_verified: whoever verified was allowed to; the
    profile follows from it, made by the portal itself."""
    institution_for_organization(organization=organization, by=SYSTEM)
