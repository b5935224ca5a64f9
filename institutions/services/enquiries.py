"""Enquiries that always reach a person: the owner's members and contact or the service
desk, a reference to follow it by, a thread of replies, status with undo, reminders.
Mail leaves once the transaction commits, so a rolled-back enquiry sends nothing."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
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
    Result,
)
from institutions.services.access import person_of
from notifications.services import notify
from patents.models import Patent
from patents.validators import normalize_patent_number

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
        "phone": enquiry.phone_display,
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
        enquiry=enquiry, by=person_of(by), from_status=current, to_status=to_status
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
            answered_by=person_of(by),
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
        values = {"answered_at": timezone.now(), "answered_by": person_of(by)}
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
