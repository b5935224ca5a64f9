"""Every write that matters for institutions, results and enquiries.

Each status change of a result is a conditional UPDATE (… WHERE status = old) checked by
its row count, plus a ResultEvent row; mail goes out through a Celery task enqueued on
commit, so a rolled-back enquiry sends nothing.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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

RESULT_FIELDS = (
    "title",
    "summary",
    "description",
    "technical_field",
    "trl",
    "ip_type",
    "patent_numbers",
    "cooperation_modes",
    "price",
    "contact_name",
    "contact_phone",
)
INSTITUTION_MEMBER_FIELDS = (
    "short_name",
    "province",
    "city",
    "office",
    "fields",
    "introduction",
    "website",
    "contact_name",
    "contact_phone",
    "contact_email",
)


# ---- institutions ---------------------------------------------------------------------


@transaction.atomic
def institution_update(*, institution: Institution, data: dict, logo=None, by) -> Institution:
    """A member edits its profile. Name, kind and residence are kept by the bureau."""
    if selectors.institution_of(by) != institution:
        raise PermissionDenied
    unknown = set(data) - set(INSTITUTION_MEMBER_FIELDS)
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


# ---- results --------------------------------------------------------------------------


def _record(result: Result, *, by, from_status: str, to_status: str, note: str = "") -> None:
    ResultEvent.objects.create(
        result=result,
        by=by if by is not None and by.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(RESULT_FIELDS)
    if unknown:
        raise ValidationError({field: [_("该字段不能在此修改。")] for field in sorted(unknown)})


@transaction.atomic
def result_create(*, institution: Institution, data: dict, by) -> Result:
    """A draft; it needs only a title, but every value given is checked at once."""
    if by is not None and selectors.institution_of(by) != institution:
        raise PermissionDenied
    _check_fields(data)
    result = Result(institution=institution, created_by=by, **data)
    result.full_clean()
    result.save()
    _record(result, by=by, from_status="", to_status=ResultStatus.DRAFT)
    return result


@transaction.atomic
def result_update(*, result: Result, data: dict, by) -> Result:
    """Edit a result in any status; a published one must stay complete."""
    if by is not None and selectors.institution_of(by) != result.institution:
        raise PermissionDenied
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
    """Draft or withdrawn → published, by a member of the owner, once it is complete."""
    if by is not None and selectors.institution_of(by) != result.institution:
        raise PermissionDenied
    if by is not None and not (by.organization and by.organization.is_verified):
        raise ValidationError(_("您的单位尚未通过交易中心认证，认证后才能发布成果。"))
    fresh = Result.objects.get(pk=result.pk)
    takedown = moderation_takedown(fresh)
    if by is not None and takedown is not None:
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
    if selectors.institution_of(by) != result.institution:
        raise PermissionDenied
    return _transition(
        result,
        allowed_from=(ResultStatus.PUBLISHED,),
        to_status=ResultStatus.WITHDRAWN,
        by=by,
        note=note.strip(),
    )


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
    if last and last.by and selectors.institution_of(last.by) != result.institution:
        return last if last.by.is_reviewer else None
    return None


@transaction.atomic
def result_reinstate(*, result: Result, by, note: str = "") -> Result:
    """A reviewer puts a result taken down by moderation back on the site after review."""
    if not (by and by.is_authenticated and by.is_reviewer):
        raise PermissionDenied
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
    if not (by and by.is_authenticated and by.is_reviewer):
        raise PermissionDenied
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
    """Anyone asks about a published result or a catalogue patent; the owner is e-mailed."""
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
    enquiry.save()
    from institutions import tasks  # tasks import this module

    transaction.on_commit(lambda: tasks.send_enquiry_notice.delay(enquiry.pk), robust=True)
    return enquiry


def enquiry_send_notice(*, enquiry_id: int) -> bool:
    """Mail the enquiry to whoever must answer it; False if gone or already sent."""
    enquiry = (
        Enquiry.objects.select_related("result", "patent", "institution")
        .filter(pk=enquiry_id, notified_at__isnull=True)
        .first()
    )
    if enquiry is None:
        return False
    recipients = selectors.enquiry_recipients(enquiry)
    if recipients:
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
        send_mail(
            _("【北疆技术交易中心】新的意向洽谈：%(target)s") % {"target": enquiry.target_title},
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    Enquiry.objects.filter(pk=enquiry.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    return True


def enquiry_mark_answered(*, enquiry: Enquiry, by) -> bool:
    """New → answered by a member of the institution; False if it already was."""
    if (
        selectors.institution_of(by) is None
        or selectors.institution_of(by).pk != enquiry.institution_id
    ):
        raise PermissionDenied
    changed = Enquiry.objects.filter(pk=enquiry.pk, status=EnquiryStatus.NEW).update(
        status=EnquiryStatus.ANSWERED, answered_at=timezone.now(), answered_by=by
    )
    enquiry.refresh_from_db()
    return bool(changed)
