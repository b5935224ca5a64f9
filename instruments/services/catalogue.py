"""The instruments an institution lists: create, edit, add a photo, mark a user trained.
Only the owning institution's members (or the portal itself) write."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common import uploads
from institutions.models import Institution
from institutions.services.access import person_of, require_member
from instruments.models import Instrument, InstrumentPhoto, Training

MAX_PHOTOS = 8


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(Instrument.MEMBER_FIELDS)
    if unknown:
        raise ValidationError({field: [_("该字段不能在此修改。")] for field in sorted(unknown)})


@transaction.atomic
def instrument_create(*, institution: Institution, data: dict, by) -> Instrument:
    require_member(by, institution.pk)
    _check_fields(data)
    instrument = Instrument(institution=institution, created_by=person_of(by), **data)
    instrument.full_clean()
    instrument.save()
    return instrument


@transaction.atomic
def instrument_update(*, instrument: Instrument, data: dict, by) -> Instrument:
    require_member(by, instrument.institution_id)
    _check_fields(data)
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    if instrument is not locked:
        instrument.refresh_from_db()
    return instrument


@transaction.atomic
def instrument_photo_add(*, instrument: Instrument, upload, by) -> InstrumentPhoto:
    """A photo, checked and re-encoded by common.uploads; at most MAX_PHOTOS each."""
    require_member(by, instrument.institution_id)
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if locked.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"photo": _("每台仪器最多 %(count)d 张照片。") % {"count": MAX_PHOTOS}}
        )
    try:
        content = uploads.checked_image(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None
    photo = InstrumentPhoto(instrument=locked)
    photo.image.save(content.name, content, save=False)
    photo.save()
    return photo


@transaction.atomic
def instrument_mark_trained(*, instrument: Instrument, user_id, by) -> Training:
    """The owner records that a user has been trained on the instrument (once)."""
    require_member(by, instrument.institution_id)
    try:
        user = User.objects.get(pk=int(user_id), is_active=True)
    except (TypeError, ValueError, User.DoesNotExist):
        raise ValidationError({"user": _("没有这个用户。")}) from None
    training, _created = Training.objects.get_or_create(
        instrument=instrument, user=user, defaults={"marked_by": person_of(by)}
    )
    return training
