"""The e-mail that tells an enterprise what became of its contract (registered, returned
or refused), built by the service that records the decision and sent through
`common.mail` once that decision has committed."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from common.mail import Message
from contracts.choices import Status
from contracts.models import ContractEvent


def recipients(contract) -> list[str]:
    """Whoever filed the contract, the seller's members and the seller's contact address."""
    addresses = [contract.created_by.email if contract.created_by else ""]
    if contract.seller:
        addresses += [member.email for member in contract.seller.members.all()]
        addresses.append(contract.seller.contact_email)
    return addresses


def status_message(event: ContractEvent) -> Message:
    """The message for `event`, in the portal's language whatever the reviewer's is."""
    contract = event.contract
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _texts(contract, event)
    return Message.build(subject=subject, body=body, to=recipients(contract))


def _texts(contract, event: ContractEvent) -> tuple[str, str]:
    if event.to_status == Status.REGISTERED:
        subject = _("【北疆技术交易中心】技术合同已登记：%(number)s") % {
            "number": contract.registration_number
        }
        body = _(
            "您单位的技术合同“%(title)s”已于 %(date)s 认定登记，登记编号 %(number)s。"
            "请登录门户“我的合同”下载技术合同登记证明。"
        ) % {
            "title": contract.title,
            "date": contract.registered_on,
            "number": contract.registration_number,
        }
    elif event.to_status == Status.RETURNED:
        subject = _("【北疆技术交易中心】技术合同退回补正：%(title)s") % {"title": contract.title}
        body = _(
            "您单位的技术合同“%(title)s”被退回补正。登记员意见：%(note)s\n"
            "请登录门户修改后重新提交，审核期限自重新提交之日起计算。"
        ) % {"title": contract.title, "note": event.note}
    else:
        subject = _("【北疆技术交易中心】技术合同不予登记：%(title)s") % {"title": contract.title}
        body = _("您单位的技术合同“%(title)s”不予登记。理由：%(note)s") % {
            "title": contract.title,
            "note": event.note,
        }
    return subject, body


def party_users(contract) -> list:
    """The portal users who hear of a decision on `contract`: whoever filed it and the
    seller's members (the buyer has no account here; its address is in the contract)."""
    users = [contract.created_by] if contract.created_by else []
    if contract.seller:
        users += list(contract.seller.members.filter(is_active=True))
    return users


def reviewer_users() -> list:
    from django.db.models import Q

    from accounts.models import Role, User

    return list(
        User.objects.filter(
            Q(groups__name=Role.REVIEWER) | Q(is_superuser=True), is_active=True
        ).distinct()
    )


def notify_parties(contract, *, kind: str, title: str, body: str) -> None:
    """An inbox line and an e-mail to the parties' users about a decision on `contract`."""
    from django.urls import reverse

    from notifications.services import notify

    notify(
        recipients=party_users(contract),
        kind=kind,
        title=title,
        body=body,
        url=reverse("contracts:detail", args=[contract.pk]),
    )
