"""Results offered for transfer: drafts, publication, withdrawal, takedown by a reviewer,
reinstatement and appeal. Each status change is a conditional UPDATE (… WHERE status =
old) checked by its row count, plus a ResultEvent row."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import mail
from common.response_cache import listings_changed
from institutions import selectors
from institutions.models import (
    Institution,
    Result,
    ResultEvent,
    ResultStatus,
)
from institutions.services.access import SYSTEM, person_of, require_member, require_reviewer
from notifications.services import notify

# ---- results --------------------------------------------------------------------------


def _record(result: Result, *, by, from_status: str, to_status: str, note: str = "") -> None:
    listings_changed()  # published or not any more: the public list of results
    ResultEvent.objects.create(
        result=result,
        by=person_of(by),
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
    require_member(by, institution.pk)
    _check_fields(data)
    result = Result(institution=institution, created_by=person_of(by), **data)
    result.full_clean()
    result.save()
    _record(result, by=by, from_status="", to_status=ResultStatus.DRAFT)
    return result


@transaction.atomic
def result_update(*, result: Result, data: dict, by) -> Result:
    """Edit a result in any status; a published one must stay complete."""
    require_member(by, result.institution_id)
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
    if locked.status == ResultStatus.PUBLISHED:
        listings_changed()
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
    require_member(by, result.institution_id)
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
    require_member(by, result.institution_id)
    return _transition(
        result,
        allowed_from=(ResultStatus.PUBLISHED,),
        to_status=ResultStatus.WITHDRAWN,
        by=by,
        note=note.strip(),
    )


@transaction.atomic
def result_reinstate(*, result: Result, by, note: str = "") -> Result:
    """A reviewer puts a result taken down by moderation back on the site after review;
    the institute is told."""
    require_reviewer(by)
    fresh = Result.objects.get(pk=result.pk)
    problems = fresh.publication_problems()
    if problems:
        raise ValidationError(problems)
    note = (note or "").strip() or _("交易中心复核后恢复发布")
    result = _transition(
        result,
        allowed_from=(ResultStatus.WITHDRAWN,),
        to_status=ResultStatus.PUBLISHED,
        by=by,
        note=note,
        published_at=timezone.now(),
        appeal_note="",
        appealed_at=None,
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_institute(
            result,
            kind="result.reinstated",
            title=_("成果已恢复发布：%(title)s") % {"title": result.title},
            body=note,
        )
    return result


@transaction.atomic
def result_moderate(*, result: Result, by, note: str) -> Result:
    """A reviewer takes down any published result; the note says why, is kept in the
    history and is sent to the institute, which cannot republish it itself."""
    require_reviewer(by)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("下架时请填写说明。")]})
    result = _transition(
        result,
        allowed_from=(ResultStatus.PUBLISHED,),
        to_status=ResultStatus.WITHDRAWN,
        by=by,
        note=note,
        appeal_note="",
        appealed_at=None,
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_institute(
            result,
            kind="result.taken_down",
            title=_("成果被交易中心下架：%(title)s") % {"title": result.title},
            body=_("下架理由：%(note)s\n修改后可在成果页面申请复核。") % {"note": note},
        )
    return result


@transaction.atomic
def result_appeal(*, result: Result, by, note: str) -> Result:
    """The owning institute asks the reviewers to look again at a take-down."""
    require_member(by, result.institution_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("申请复核时请说明已作的修改或理由。")]})
    locked = Result.objects.select_for_update().get(pk=result.pk)
    if selectors.moderation_takedown(locked) is None:
        raise ValidationError({"status": [_("只有被交易中心下架的成果可以申请复核。")]})
    locked.appeal_note = note
    locked.appealed_at = timezone.now()
    locked.save(update_fields=["appeal_note", "appealed_at", "updated_at"])
    _record(
        locked,
        by=by,
        from_status=ResultStatus.WITHDRAWN,
        to_status=ResultStatus.WITHDRAWN,
        note=_("申请复核：%(note)s") % {"note": note},
    )
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=selectors.reviewers(),
            kind="result.appeal",
            title=_("成果申请复核：%(title)s") % {"title": locked.title},
            body=f"{locked.institution.name}\n\n{note}",
            url=reverse("admin:institutions_result_change", args=[locked.pk]),
        )
    return locked


def _tell_institute(result: Result, *, kind: str, title, body) -> None:
    """The institute's members (inbox and e-mail) and its contact address."""
    institution = result.institution
    members = list(selectors.owner_members(institution.organization))
    url = reverse("institutions:result", args=[result.pk])
    if members:
        notify(recipients=members, kind=kind, title=str(title), body=str(body), url=url)
    contact = institution.contact_email
    if contact and contact.lower() not in {m.email.lower() for m in members}:
        mail.send_after_commit(
            mail.Message.build(
                subject=_("【北疆技术交易中心】") + str(title), body=str(body), to=[contact]
            )
        )
