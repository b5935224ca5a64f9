"""Every write that matters for institutions, results and enquiries.

Each status change of a result is a conditional UPDATE (… WHERE status = old) checked by
its row count, plus a ResultEvent row. Mail goes out the portal's one way (common.mail):
the service builds the message and a retried task sends it once the transaction has
committed, so a rolled-back enquiry sends nothing.

Every write names who does it (`by`). A person is checked against the institution; the
portal itself (demo data, scripts) passes `SYSTEM`, which is never implied: `by=None`
is nobody and is refused like any outsider.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind, User
from common import mail
from institutions import selectors
from institutions.deadlines import add_working_days
from institutions.models import (
    OPEN_ENQUIRY_STATUSES,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Enquiry,
    EnquiryEvent,
    EnquiryReply,
    EnquiryStatus,
    EnquiryTarget,
    Institution,
    InstitutionKind,
    Result,
    ResultEvent,
    ResultStatus,
)
from institutions.validators import checked_logo
from notifications.services import notify
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
        _require_reviewer(by)
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


def _on_organization_verified(sender, *, organization, by, **kwargs) -> None:
    """accounts.signals.organization_verified: whoever verified was allowed to; the
    profile follows from it, made by the portal itself."""
    institution_for_organization(organization=organization, by=SYSTEM)


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
    """A reviewer puts a result taken down by moderation back on the site after review;
    the institute is told."""
    _require_reviewer(by)
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
    _require_reviewer(by)
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
    _require_member(by, result.institution_id)
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


# ---- enquiries ------------------------------------------------------------------------


def enquiry_target(*, target_type: str, target_id) -> tuple[Result | None, Patent | None]:
    """The published result or the patent an enquiry is about; ValidationError otherwise."""
    if target_type == EnquiryTarget.RESULT:
        try:
            pk = int(str(target_id).strip())
        except (TypeError, ValueError):
            pk = None
        result = (
            Result.objects.published()
            .select_related("institution__organization")
            .filter(pk=pk)
            .first()
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


def _new_reference() -> str:
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not Enquiry.objects.filter(reference=reference).exists():
            return reference


def _enquiry_url(enquiry: Enquiry) -> str:
    return reverse("institutions:enquiry", args=[enquiry.pk])


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
    """Anyone asks about a published result or a catalogue patent; it always reaches a
    person.

    The owner's members get an inbox line and an e-mail, its contact address an e-mail;
    when no member account can be told, the service desk (reviewers) gets it instead
    (`at_desk`). `notified_at` is when the notices were queued (they leave once this
    transaction commits); it stays empty only if nothing at all could be sent.
    """
    errors: dict[str, list[str]] = {}
    result = patent = None
    try:
        result, patent = enquiry_target(target_type=target_type, target_id=target_id)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if result is not None:
        institution = result.institution
        owner = institution.organization
    elif patent is not None:
        owner = selectors.patent_holder(patent)
        institution = Institution.objects.filter(organization=owner).first() if owner else None
    else:
        institution = owner = None
    enquiry = Enquiry(
        target_type=target_type,
        result=result,
        patent=patent,
        institution=institution,
        owner=owner,
        name=(name or "").strip(),
        organization=(organization or "").strip(),
        phone=phone or "",
        email=(email or "").strip(),
        message=(message or "").strip(),
        ip_address=ip_address or None,
    )
    try:
        enquiry.full_clean(
            exclude=["target_type", "result", "patent", "institution", "owner", "reference"]
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    enquiry.reference = _new_reference()
    members = list(selectors.owner_members(owner))
    enquiry.at_desk = not members
    enquiry.save()
    sent = _enquiry_notify(enquiry, members)
    if sent:
        Enquiry.objects.filter(pk=enquiry.pk).update(notified_at=timezone.now())
        enquiry.refresh_from_db(fields=["notified_at"])
    return enquiry


def _enquiry_text(enquiry: Enquiry) -> tuple[str, str]:
    subject = _("新的意向洽谈：%(target)s") % {"target": enquiry.target_title}
    body = _(
        "查询编号：%(reference)s\n洽谈对象：%(target)s\n姓名：%(name)s\n单位：%(org)s\n"
        "电话：%(phone)s\n邮箱：%(email)s\n\n%(message)s\n"
    ) % {
        "reference": enquiry.reference,
        "target": enquiry.target_title,
        "name": enquiry.name,
        "org": enquiry.organization,
        "phone": enquiry.phone,
        "email": enquiry.email,
        "message": enquiry.message,
    }
    return subject, body


def _enquiry_notify(enquiry: Enquiry, members: list) -> bool:
    """Tell whoever must answer; True if anything was queued. In the portal's language
    (the enquirer's browser may be set to another)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _enquiry_text(enquiry)
        url = _enquiry_url(enquiry)
        sent = False
        if members:
            sent |= bool(
                notify(
                    recipients=members, kind="enquiry.received", title=subject, body=body, url=url
                )
            )
        contact = selectors.enquiry_contact_email(enquiry)
        if contact and contact.lower() not in {m.email.lower() for m in members}:
            sent |= mail.send_after_commit(
                mail.Message.build(
                    subject=_("【北疆技术交易中心】") + subject, body=body, to=[contact]
                )
            )
        if enquiry.at_desk:
            desk_subject = _("服务台待处理洽谈：%(target)s") % {"target": enquiry.target_title}
            desk_body = _("该洽谈没有可在门户内答复的单位成员，请服务台跟进。") + "\n\n" + body
            desk = list(selectors.reviewers())
            if desk:
                sent |= bool(
                    notify(
                        recipients=desk, kind="enquiry.desk", title=desk_subject,
                        body=desk_body, url=url,
                    )
                )  # fmt: skip
            else:  # no reviewer account yet: the center's own mailbox
                sent |= mail.send_after_commit(
                    mail.Message.build(
                        subject=_("【北疆技术交易中心】") + desk_subject,
                        body=desk_body,
                        to=[settings.DEFAULT_FROM_EMAIL],
                    )
                )
    return sent


def _change_status(enquiry: Enquiry, *, to_status: str, by, **values) -> bool:
    """Conditional UPDATE from the status read; an event row. False if already there."""
    current = Enquiry.objects.filter(pk=enquiry.pk).values_list("status", flat=True).get()
    if current == to_status:
        return False
    changed = Enquiry.objects.filter(pk=enquiry.pk, status=current).update(
        status=to_status, **values
    )
    if not changed:
        raise ValidationError({"status": [_("该洽谈的状态刚刚被他人修改，请刷新后重试。")]})
    EnquiryEvent.objects.create(
        enquiry=enquiry, by=_person(by), from_status=current, to_status=to_status
    )
    return True


def _require_answerer(by, enquiry: Enquiry) -> None:
    if not selectors.can_answer(by, enquiry):
        raise PermissionDenied


@transaction.atomic
def enquiry_reply(*, enquiry: Enquiry, message: str, by) -> EnquiryReply:
    """The owner (or the desk, for what came to it) writes to the enquirer: a line of the
    thread, e-mailed to them; an open enquiry becomes answered."""
    _require_answerer(by, enquiry)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [_("请填写回复内容。")]})
    reply = EnquiryReply(enquiry=enquiry, by=by, message=message)
    reply.full_clean(exclude=["enquiry", "by"])
    reply.save()
    locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if locked.status in OPEN_ENQUIRY_STATUSES:
        _change_status(
            locked,
            to_status=EnquiryStatus.ANSWERED,
            by=by,
            answered_at=timezone.now(),
            answered_by=_person(by),
        )
    with translation.override(settings.LANGUAGE_CODE):
        replier = selectors.replier_name(reply)
        body = _(
            "%(name)s，您好：\n\n%(replier)s 回复了您关于“%(target)s”的洽谈（查询编号 "
            "%(reference)s）：\n\n%(message)s\n\n凭查询编号和您的邮箱可在门户“洽谈查询”页面"
            "查看全部回复：%(url)s\n"
        ) % {
            "name": enquiry.name,
            "replier": replier,
            "target": enquiry.target_title,
            "reference": enquiry.reference,
            "message": message,
            "url": reverse("institutions:enquiry-track"),
        }
        subject = _("您的洽谈有新回复：%(target)s") % {"target": enquiry.target_title}
        mail.send_after_commit(
            mail.Message.build(
                subject=_("【北疆技术交易中心】") + subject, body=body, to=[enquiry.email]
            )
        )
        # An enquirer who has an account here also finds the reply in its inbox.
        accounts = User.objects.filter(email__iexact=enquiry.email, is_active=True)
        notify(
            recipients=accounts,
            kind="enquiry.reply",
            title=subject,
            body=message,
            url=reverse("institutions:enquiry-track") + f"?reference={enquiry.reference}",
            email=False,
        )
    enquiry.refresh_from_db()
    return reply


@transaction.atomic
def enquiry_set_status(*, enquiry: Enquiry, status: str, by) -> Enquiry:
    """Move an enquiry to any status, going back included (an undo is one more move);
    every move is recorded."""
    _require_answerer(by, enquiry)
    if status not in EnquiryStatus.values:
        raise ValidationError({"status": [_("状态只能是 new、in_progress、answered 或 closed。")]})
    values = {}
    if status == EnquiryStatus.ANSWERED and enquiry.answered_at is None:
        values = {"answered_at": timezone.now(), "answered_by": _person(by)}
    _change_status(enquiry, to_status=status, by=by, **values)
    enquiry.refresh_from_db()
    return enquiry


@transaction.atomic
def enquiry_undo(*, enquiry: Enquiry, by) -> Enquiry:
    """Back to the status before the latest change."""
    _require_answerer(by, enquiry)
    last = selectors.enquiry_last_change(enquiry)
    if last is None or last.to_status != enquiry.status:
        raise ValidationError({"status": [_("没有可以撤销的状态变更。")]})
    return enquiry_set_status(enquiry=enquiry, status=last.from_status, by=by)


OVERDUE_WORKING_DAYS = 5


def enquiries_remind_overdue(*, today=None) -> list[Enquiry]:
    """Enquiries still open 5 working days after they were sent: the owner is reminded
    once, and the service desk gets one line listing them. Returns those reminded now."""
    today = today or timezone.localdate()
    candidates = Enquiry.objects.filter(
        status__in=OPEN_ENQUIRY_STATUSES, reminded_at__isnull=True
    ).order_by("created_at", "id")
    reminded = []
    for enquiry in candidates:
        sent_on = timezone.localdate(enquiry.created_at)
        if add_working_days(sent_on, OVERDUE_WORKING_DAYS) >= today:
            continue
        with transaction.atomic():
            claimed = Enquiry.objects.filter(pk=enquiry.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            _remind_owner(enquiry)
        reminded.append(enquiry)
    if reminded:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            lines = "\n".join(
                f"{e.reference} · {e.target_title} · {timezone.localdate(e.created_at)}"
                for e in reminded
            )
            notify(
                recipients=selectors.reviewers(),
                kind="enquiry.desk",
                title=_("%(n)d 条洽谈超过 5 个工作日未回复") % {"n": len(reminded)},
                body=lines,
                url=reverse("institutions:enquiries") + "?overdue=1",
            )
    return reminded


def _remind_owner(enquiry: Enquiry) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("洽谈已超过 5 个工作日未回复：%(target)s") % {"target": enquiry.target_title}
        _subject, body = _enquiry_text(enquiry)
        members = list(selectors.owner_members(enquiry.owner))
        if members:
            notify(
                recipients=members, kind="enquiry.reminder", title=title, body=body,
                url=_enquiry_url(enquiry),
            )  # fmt: skip
        contact = selectors.enquiry_contact_email(enquiry)
        if contact and contact.lower() not in {m.email.lower() for m in members}:
            mail.send_after_commit(
                mail.Message.build(
                    subject=_("【北疆技术交易中心】") + title, body=body, to=[contact]
                )
            )
