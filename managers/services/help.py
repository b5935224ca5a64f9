"""Requests for help: an enterprise asks an approved manager for help with something of
its own (a demand of the demands app). The subject is a generic reference, resolved
through the app registry (`MANAGER_HELP_SUBJECTS`), so this app imports no app beside it.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from managers.models import HelpRequest, HelpRequestStatus, HelpSubject, Manager, ManagerStatus
from notifications.services import notify

# subject_type → (model label, the field naming the organisation that owns it). The
# demands app owns `demands.Demand`; tests may point it at another model.
DEFAULT_SUBJECTS = {HelpSubject.DEMAND: ("demands.Demand", "organization")}


def _subjects() -> dict:
    return getattr(settings, "MANAGER_HELP_SUBJECTS", DEFAULT_SUBJECTS)


def resolve_subject(subject_type: str, subject_id):
    """The subject row, or ValidationError naming what is wrong."""
    target = _subjects().get(subject_type)
    if target is None:
        raise ValidationError({"subject_type": _("不支持的事项类型：%(t)s") % {"t": subject_type}})
    label, _owner = target
    try:
        model = apps.get_model(label)
    except LookupError:
        raise ValidationError(
            {"subject_type": _("本门户尚未开通此类事项：%(t)s") % {"t": subject_type}}
        ) from None
    try:
        return model.objects.get(pk=int(subject_id))
    except (model.DoesNotExist, ValueError, TypeError):
        raise ValidationError(
            {"subject_id": _("编号为 %(id)s 的事项不存在。") % {"id": subject_id}}
        ) from None


def _owner_id(subject_type: str, subject) -> int | None:
    _label, owner = _subjects()[subject_type]
    return getattr(subject, f"{owner}_id", None)


@transaction.atomic
def help_request_create(
    *, manager: Manager, requester, subject_type: str, subject_id, message: str
) -> HelpRequest:
    """A member of the subject's organisation asks an approved manager, once per subject
    while the request is open."""
    if requester is None or not requester.is_authenticated:
        raise PermissionDenied
    if manager.status != ManagerStatus.APPROVED:
        raise ValidationError({"manager": _("只能向已通过审核的技术经理人求助。")})
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("请说明需要技术经理人提供什么帮助。")})
    if len(message) > 2000:
        raise ValidationError({"message": _("最多 %(n)d 个字符。") % {"n": 2000}})
    subject = resolve_subject(subject_type, subject_id)
    own = getattr(requester, "organization_id", None)
    if own is None or _owner_id(subject_type, subject) != own:
        raise PermissionDenied(_("只能为本单位的事项求助。"))
    if manager.user_id == requester.pk:
        raise ValidationError({"manager": _("不能向自己求助。")})
    try:
        with transaction.atomic():
            request = HelpRequest.objects.create(
                manager=manager,
                subject_type=subject_type,
                subject_id=subject.pk,
                subject_title=str(getattr(subject, "title", subject))[:200],
                requester=requester,
                message=message,
            )
    except IntegrityError:
        raise ValidationError(
            {"subject_id": _("您已就此事项向该技术经理人求助，请等待回复。")}
        ) from None
    with translation.override(settings.LANGUAGE_CODE):
        title = _("企业求助：%(subject)s") % {"subject": request.subject_title}
    notify(
        recipients=[manager.user],
        kind="manager.help_requested",
        title=title,
        body=message,
        url=reverse("managers:inbox"),
        also_email=[manager.email],
    )
    return request


@transaction.atomic
def help_request_answer(*, help_request: HelpRequest, by, accept: bool, answer: str):
    """The manager accepts or declines, with a message the requester reads."""
    locked = (
        HelpRequest.objects.select_for_update().select_related("manager").get(pk=help_request.pk)
    )
    if locked.manager.user_id != getattr(by, "pk", None):
        raise PermissionDenied
    if locked.status != HelpRequestStatus.NEW:
        raise ValidationError({"status": _("该请求已回复。")})
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写回复。")})
    locked.status = HelpRequestStatus.ACCEPTED if accept else HelpRequestStatus.DECLINED
    locked.answer = answer[:2000]
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answer", "answered_at"])
    with translation.override(settings.LANGUAGE_CODE):
        title = _("技术经理人%(name)s已回复您的求助：%(subject)s") % {
            "name": locked.manager.name,
            "subject": locked.subject_title,
        }
    notify(
        recipients=[locked.requester],
        kind="manager.help_answered",
        title=title,
        body=locked.answer,
        url=reverse("managers:detail", args=[locked.manager_id]),
    )
    help_request.refresh_from_db()
    return help_request
