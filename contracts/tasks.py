"""Thin tasks: take ids, do one thing, exit cleanly when the row is gone."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@shared_task(
    name="contracts.send_status_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_status_email(event_id: int) -> int:
    """Tell the enterprise that its contract was registered, returned or refused."""
    from contracts.models import ContractEvent, Status

    event = (
        ContractEvent.objects.select_related("contract", "contract__seller", "contract__created_by")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        logger.info("contract event %s is gone; nothing to send", event_id)
        return 0
    contract = event.contract
    recipients = set()
    if contract.created_by and contract.created_by.email:
        recipients.add(contract.created_by.email)
    if contract.seller:
        recipients.update(u.email for u in contract.seller.members.all() if u.email)
        if contract.seller.contact_email:
            recipients.add(contract.seller.contact_email)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(contract, event, Status)
    return send_mail(subject, body, None, sorted(recipients))


def _message(contract, event, Status) -> tuple[str, str]:
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


# ---- market statistics ------------------------------------------------------------------
# A lost database connection is retried with backoff; the computation is idempotent, so a
# duplicate delivery or a retry after a killed worker (acks_late) only repeats the same
# upserts.


def _db_errors() -> tuple[type[BaseException], ...]:
    from django.db.utils import InterfaceError, OperationalError

    return (OperationalError, InterfaceError)


@shared_task(
    name="contracts.compute_month_stats",
    autoretry_for=_db_errors(),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=10,
)
def compute_month_stats(year: int, month: int) -> str:
    """Recompute one month after registrations; exits when another run already did it."""
    from contracts.statistics import stats_compute_marked_month

    result = stats_compute_marked_month(year=year, month=month)
    if result is None:
        logger.info("stats %s-%02d already computed; nothing to do", year, month)
        return "nothing to do"
    return str(result)


@shared_task(
    name="contracts.compute_all_stats",
    autoretry_for=_db_errors(),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def compute_all_stats() -> str:
    """Nightly and at the start of each month: recompute every month from the contracts."""
    from contracts.statistics import stats_compute_all

    return str(stats_compute_all())
