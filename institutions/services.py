"""Every write that matters for institutions, results and enquiries.

Each status change of a result is a conditional UPDATE (… WHERE status = old) checked by
its row count, plus a ResultEvent row. Mail goes out the portal's one way (common.mail):
the service builds the message and a retried task sends it once the transaction has
committed, so a rolled-back enquiry sends nothing.

Every write names who does it (`by`). A person is checked against the institution; the
portal itself (demo data, scripts) passes `SYSTEM`, which is never implied: `by=None`
is nobody and is refused like any outsider.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import mail
from institutions import selectors
from institutions.models import (
    Enquiry,
    EnquiryStatus,
    EnquiryTarget,
    Institution,
    Result,
    ResultEvent,
    ResultStatus,
)
from institutions.validators import checked_logo
from patents.models import Patent
from patents.validators import normalize_patent_number


class _System:
    """The portal acting on its own behalf: allowed what a member may do, recorded as
    nobody. Callers name it; no missing argument turns into it."""

    is_authenticated = False
    is_reviewer = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def _require_member(by, institution_id: int) -> None:
    """`by` is a member of that institution (or the portal itself); PermissionDenied
    otherwise, for `None` too."""
    if by is SYSTEM:
        return
    own = selectors.institution_of(by)
    if own is None or own.pk != institution_id:
        raise PermissionDenied


def _require_reviewer(by) -> None:
    if not (by and by.is_authenticated and by.is_reviewer):
        raise PermissionDenied


def _person(by):
    """The user to record as author or actor: None for the portal itself."""
    return by if by is not None and by.is_authenticated else None


# ---- institutions ---------------------------------------------------------------------


@transaction.atomic
def institution_update(*, institution: Institution, data: dict, logo=None, by) -> Institution:
    """A member edits its profile. Name, kind and residence are kept by the bureau."""
    _require_member(by, institution.pk)
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


# ---- results --------------------------------------------------------------------------


def _record(result: Result, *, by, from_status: str, to_status: str, note: str = "") -> None:
    ResultEvent.objects.create(
        result=result,
        by=_person(by),
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(Result.MEMBER_FIELDS)
    if unknown:
        raise ValidationError({field: [_("该字段不能在此修改。")] for field in sorted(unknown)})


@transaction.atomic
def result_create(*, institution: Institution, data: dict, by) -> Result:
    """A draft; it needs only a title, but every value given is checked at once."""
    _require_member(by, institution.pk)
    _check_fields(data)
    result = Result(institution=institution, created_by=_person(by), **data)
    result.full_clean()
    result.save()
    _record(result, by=by, from_status="", to_status=ResultStatus.DRAFT)
    return result


@transaction.atomic
def result_update(*, result: Result, data: dict, by) -> Result:
    """Edit a result in any status; a published one must stay complete."""
    _require_member(by, result.institution_id)
    _check_fields(data)
    locked = Result.objects.select_for_update().get(pk=result.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    locked.full_clean()
    if locked.status == ResultStatus.PUBLISHED:
        problems = locked.publication_problems()
        if problems:
            raise ValidationError(problems)
    locked.save()
    return locked


def _transition(
    result: Result, *, allowed_from: tuple, to_status: str, by, note: str = "", **values
) -> Result:
    current = Result.objects.filter(pk=result.pk).values_list("status", flat=True).first()
    if current not in allowed_from:
        raise ValidationError(
            {
                "status": [
                    _("当前状态为“%(status)s”，不能执行此操作。")
                    % {"status": ResultStatus(current).label}
                ]
            }
        )
    changed = Result.objects.filter(pk=result.pk, status=current).update(
        status=to_status, updated_at=timezone.now(), **values
    )
    if not changed:  # someone else moved it between the read and the update
        raise ValidationError({"status": [_("该成果的状态刚刚被他人修改，请刷新后重试。")]})
    _record(result, by=by, from_status=current, to_status=to_status, note=note)
    result.refresh_from_db()
    return result


@transaction.atomic
def result_publish(*, result: Result, by) -> Result:
    """Draft or withdrawn → published, by a member of the owner, once it is complete.

    A member's organisation must be verified (the portal itself has none); a reviewer's
    take-down is lifted only by a reviewer (`result_reinstate`), whoever asks."""
    _require_member(by, result.institution_id)
    if by is not SYSTEM and not (by.organization and by.organization.is_verified):
        raise ValidationError(_("您的单位尚未通过交易中心认证，认证后才能发布成果。"))
    fresh = Result.objects.get(pk=result.pk)
    takedown = selectors.moderation_takedown(fresh)
    if takedown is not None:
        raise ValidationError(
            {
                "status": [
                    _(
                        "该成果已被交易中心下架（理由：%(note)s），不能自行重新发布。"
                        "请按意见修改后联系交易中心复核。"
                    )
                    % {"note": takedown.note}
                ]
            }
        )
    problems = fresh.publication_problems()
    if problems:
        raise ValidationError(problems)
    return _transition(
        result,
        allowed_from=(ResultStatus.DRAFT, ResultStatus.WITHDRAWN),
        to_status=ResultStatus.PUBLISHED,
        by=by,
        published_at=timezone.now(),
    )


@transaction.atomic
def result_withdraw(*, result: Result, by, note: str = "") -> Result:
    """Published → withdrawn by a member of the owner."""
    _require_member(by, result.institution_id)
    return _transition(
        result,
        allowed_from=(ResultStatus.PUBLISHED,),
        to_status=ResultStatus.WITHDRAWN,
        by=by,
        note=note.strip(),
    )


@transaction.atomic
def result_reinstate(*, result: Result, by, note: str = "") -> Result:
    """A reviewer puts a result taken down by moderation back on the site after review."""
    _require_reviewer(by)
    fresh = Result.objects.get(pk=result.pk)
    problems = fresh.publication_problems()
    if problems:
        raise ValidationError(problems)
    return _transition(
        result,
        allowed_from=(ResultStatus.WITHDRAWN,),
        to_status=ResultStatus.PUBLISHED,
        by=by,
        note=(note or "").strip() or _("交易中心复核后恢复发布"),
        published_at=timezone.now(),
    )


@transaction.atomic
def result_moderate(*, result: Result, by, note: str) -> Result:
    """A reviewer unpublishes any result; the note says why and is kept in the history."""
    _require_reviewer(by)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("下架时请填写说明。")]})
    return _transition(
        result,
        allowed_from=(ResultStatus.PUBLISHED,),
        to_status=ResultStatus.WITHDRAWN,
        by=by,
        note=note,
    )


# ---- enquiries ------------------------------------------------------------------------


def enquiry_target(*, target_type: str, target_id) -> tuple[Result | None, Patent | None]:
    """The published result or the patent an enquiry is about; ValidationError otherwise."""
    if target_type == EnquiryTarget.RESULT:
        try:
            pk = int(str(target_id).strip())
        except (TypeError, ValueError):
            pk = None
        result = (
            Result.objects.published().select_related("institution").filter(pk=pk).first()
            if pk
            else None
        )
        if result is None:
            raise ValidationError({"target_id": [_("未找到该科技成果，或它已下架。")]})
        return result, None
    if target_type == EnquiryTarget.PATENT:
        try:
            number = normalize_patent_number(str(target_id or ""))
        except ValidationError as exc:
            raise ValidationError({"target_id": exc.messages}) from None
        patent = Patent.objects.filter(application_number=number).first()
        if patent is None:
            raise ValidationError(
                {"target_id": [_("专利目录中没有申请号为 %(n)s 的专利。") % {"n": number}]}
            )
        return None, patent
    raise ValidationError(
        {"target_type": [_("洽谈对象只能是科技成果（result）或专利（patent）。")]}
    )


@transaction.atomic
def enquiry_create(
    *,
    target_type: str,
    target_id,
    name: str,
    organization: str,
    phone: str,
    email: str,
    message: str,
    ip_address: str | None = None,
) -> Enquiry:
    """Anyone asks about a published result or a catalogue patent; the owner is e-mailed.

    `notified_at` is when the notice was queued: the mail task sends it once this
    transaction commits (and retries while the mail server is down). It stays empty
    when nobody could be notified.
    """
    errors: dict[str, list[str]] = {}
    result = patent = None
    try:
        result, patent = enquiry_target(target_type=target_type, target_id=target_id)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    enquiry = Enquiry(
        target_type=target_type,
        result=result,
        patent=patent,
        institution=result.institution
        if result
        else (selectors.patent_holder(patent) if patent else None),
        name=(name or "").strip(),
        organization=(organization or "").strip(),
        phone=phone or "",
        email=(email or "").strip(),
        message=(message or "").strip(),
        ip_address=ip_address or None,
    )
    try:
        enquiry.full_clean(exclude=["target_type", "result", "patent", "institution"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    notice = _enquiry_notice(enquiry)
    enquiry.notified_at = timezone.now() if notice.to else None
    enquiry.save()
    mail.send_after_commit(notice)
    return enquiry


def _enquiry_notice(enquiry: Enquiry) -> mail.Message:
    """The mail to whoever must answer the enquiry, in the portal's language (the
    enquirer's browser may be set to another)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【北疆技术交易中心】新的意向洽谈：%(target)s") % {
            "target": enquiry.target_title
        }
        body = _(
            "洽谈对象：%(target)s\n姓名：%(name)s\n单位：%(org)s\n电话：%(phone)s\n"
            "邮箱：%(email)s\n\n%(message)s\n"
        ) % {
            "target": enquiry.target_title,
            "name": enquiry.name,
            "org": enquiry.organization,
            "phone": enquiry.phone,
            "email": enquiry.email,
            "message": enquiry.message,
        }
    return mail.Message.build(subject=subject, body=body, to=selectors.enquiry_recipients(enquiry))


def enquiry_mark_answered(*, enquiry: Enquiry, by) -> bool:
    """New → answered by a member of the institution; False if it already was."""
    if enquiry.institution_id is None:  # a patent nobody holds: the bureau answers it
        raise PermissionDenied
    _require_member(by, enquiry.institution_id)
    changed = Enquiry.objects.filter(pk=enquiry.pk, status=EnquiryStatus.NEW).update(
        status=EnquiryStatus.ANSWERED, answered_at=timezone.now(), answered_by=_person(by)
    )
    enquiry.refresh_from_db()
    return bool(changed)
