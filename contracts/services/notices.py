"""Who is told what became of a contract, and in which words: the enterprise of every
decision (registered, returned, refused), the service desk of every submission. The
service that records the decision calls `tell` in its transaction; the inbox lines and
the e-mails (through the outbox) leave once it commits."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import reviewers
from contracts.choices import Status
from contracts.models import ContractEvent
from notifications.services import notify


def recipients(contract) -> list:
    """Whoever filed the contract and the seller's members (people with an inbox)."""
    people = [contract.created_by]
    if contract.seller:
        people += list(contract.seller.members.all())
    return [person for person in people if person is not None]


def contact_addresses(contract) -> list[str]:
    """The seller's contact address, which may belong to nobody with an account."""
    return [contract.seller.contact_email] if contract.seller else []


def tell(event: ContractEvent) -> None:
    """The notifications of `event`, in the portal's language whatever the reviewer's is."""
    contract = event.contract
    with translation.override(settings.LANGUAGE_CODE):
        title, body = _texts(contract, event)
    if event.to_status == Status.SUBMITTED:
        notify(
            recipients=reviewers(),
            kind="contract.submitted",
            title=title,
            body=body,
            url=reverse("admin:contracts_contract_change", args=[contract.pk]),
        )
        return
    notify(
        recipients=recipients(contract),
        kind=f"contract.{event.to_status}",
        title=title,
        body=body,
        url=reverse("contracts:detail", args=[contract.pk]),
        also_email=contact_addresses(contract),
    )


def _texts(contract, event: ContractEvent) -> tuple[str, str]:
    if event.to_status == Status.SUBMITTED:
        title = _("技术合同待审核：%(title)s") % {"title": contract.title}
        body = _("%(seller)s 提交了技术合同“%(title)s”，审核期限 %(due)s。") % {
            "seller": contract.seller.name if contract.seller else "—",
            "title": contract.title,
            "due": contract.review_due_on or "—",
        }
    elif event.to_status == Status.REGISTERED:
        title = _("技术合同已登记：%(number)s") % {"number": contract.registration_number}
        body = _(
            "您单位的技术合同“%(title)s”已于 %(date)s 认定登记，登记编号 %(number)s。"
            "请登录门户“我的合同”下载技术合同登记证明。"
        ) % {
            "title": contract.title,
            "date": contract.registered_on,
            "number": contract.registration_number,
        }
    elif event.to_status == Status.RETURNED:
        title = _("技术合同退回补正：%(title)s") % {"title": contract.title}
        body = _(
            "您单位的技术合同“%(title)s”被退回补正。登记员意见：%(note)s\n"
            "请登录门户修改后重新提交，审核期限自重新提交之日起计算。"
        ) % {"title": contract.title, "note": event.note}
    else:
        title = _("技术合同不予登记：%(title)s") % {"title": contract.title}
        body = _("您单位的技术合同“%(title)s”不予登记。理由：%(note)s") % {
            "title": contract.title,
            "note": event.note,
        }
    return title, body


def party_users(contract) -> list:
    """The portal users who hear of a decision on `contract`: whoever filed it and the
    seller's members (the buyer has no account here; its address is in the contract)."""
    users = [contract.created_by] if contract.created_by else []
    if contract.seller:
        users += list(contract.seller.members.filter(is_active=True))
    return users


def notify_parties(contract, *, kind: str, title: str, body: str) -> None:
    """An inbox line and an e-mail to the parties' users about a decision on `contract`."""
    notify(
        recipients=party_users(contract),
        kind=kind,
        title=title,
        body=body,
        url=reverse("contracts:detail", args=[contract.pk]),
    )
