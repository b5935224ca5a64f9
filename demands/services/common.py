"""What every transition of the app shares: the conditional status change with its event
row, the domain error, and the checks on who acts."""

import contextlib
import contextvars

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from common.response_cache import listings_changed


def refuse(field: str, message) -> ValidationError:
    return ValidationError({field: [message]})


def move(instance, *, allowed, to: str, by, note: str = "", event_model, link: str, **fields):
    """`UPDATE … SET status=to WHERE pk=… AND status IN allowed`; no row means another
    request moved it first (or it was never in `allowed`): refused, nothing written."""
    model = type(instance)
    old = instance.status
    changed = model.objects.filter(pk=instance.pk, status__in=list(allowed)).update(
        status=to, **fields
    )
    if not changed:
        instance.refresh_from_db(fields=["status"])
        raise refuse(
            "status",
            _("当前状态为“%(status)s”，不能执行此操作。")
            % {"status": instance.get_status_display()},
        )
    event_model.objects.create(
        **{link: instance}, by=by, from_status=old, to_status=to, note=note or ""
    )
    listings_changed()  # a challenge opened or closed (the home page's), a demand published
    instance.refresh_from_db()
    return instance


def require_verified_member(user, field: str = "organization") -> None:
    organization = getattr(user, "organization", None)
    if organization is None or not organization.is_verified:
        raise refuse(field, _("只有通过认证的单位成员才能办理此事项。"))


def require_note(note: str | None, field: str = "note") -> str:
    note = (note or "").strip()
    if not note:
        raise refuse(field, _("请填写说明。"))
    return note


def members(organization) -> models.QuerySet:
    return organization.members.filter(is_active=True) if organization else []


def check_pdf(upload, field: str) -> None:
    """A proposal is a PDF of at most the size a contract's file may have; the bytes
    decide, not the name (the same limits as the contracts' attachments)."""
    from contracts.validators import MAX_ATTACHMENT_BYTES, PDF_MAGIC

    size = getattr(upload, "size", 0) or 0
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if size == 0:
        raise refuse(field, _("上传的文件是空的。"))
    if size > MAX_ATTACHMENT_BYTES:
        raise refuse(
            field, _("文件不能超过 %(max)d MB。") % {"max": MAX_ATTACHMENT_BYTES // 1024 // 1024}
        )
    if not head.startswith(PDF_MAGIC):
        raise refuse(field, _("只接受 PDF 格式的文件。"))


_as_of: contextvars.ContextVar = contextvars.ContextVar("demands_as_of", default=None)


def today():
    """The local date the rules count from: one place, so that the demo data can replay a
    challenge's past (`as_of`) and tests can move the clock."""
    from django.utils import timezone

    return _as_of.get() or timezone.localdate()


@contextlib.contextmanager
def as_of(day):
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)
