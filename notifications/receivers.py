"""Who is told of what happens in accounts (which cannot import this app): thin
receivers of accounts.signals that call `notify`."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import signals
from accounts.models import OrganizationKind
from accounts.roles import reviewers
from notifications.services import notify


@receiver(signals.organization_verified, dispatch_uid="notifications.organization_verified")
def organization_verified(sender, *, organization, by, **kwargs) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("单位认证已通过：%(name)s") % {"name": organization.name}
        if organization.kind in (OrganizationKind.UNIVERSITY, OrganizationKind.INSTITUTE):
            body = _(
                "%(name)s 已通过交易中心认证。现在可以在门户发布科技成果、回复洽谈，"
                "并提交技术合同认定登记。"
            )
        else:
            body = _(
                "%(name)s 已通过交易中心认证。现在可以在门户提交技术合同认定登记，"
                "并在“我的合同”中跟进审核进度、下载登记证明。"
            )
        body %= {"name": organization.name}
    notify(
        recipients=organization.members.all(),
        kind="organization.verified",
        title=title,
        body=body,
        url=reverse("profile"),
        also_email=[organization.contact_email],
    )


@receiver(signals.signup_completed, dispatch_uid="notifications.signup_completed")
def signup_completed(sender, *, user, organization, **kwargs) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("新单位注册待认证：%(name)s") % {"name": organization.name}
        body = _(
            "%(name)s（统一社会信用代码 %(uscc)s，%(kind)s）由 %(user)s 注册，等待核对认证。"
        ) % {
            "name": organization.name,
            "uscc": organization.uscc,
            "kind": organization.get_kind_display(),
            "user": user.get_username(),
        }
    notify(
        recipients=reviewers(),
        kind="organization.signup",
        title=title,
        body=body,
        url=reverse("admin:accounts_organization_change", args=[organization.pk]),
    )


@receiver(signals.organization_refused, dispatch_uid="notifications.organization_refused")
def organization_refused(sender, *, organization, by, reason, **kwargs) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("单位认证未通过：%(name)s") % {"name": organization.name}
        body = _(
            "%(name)s 的认证申请未通过，理由：%(reason)s\n"
            "请按理由修改或补充材料（可在“我的账户”页面上传营业执照）后重新申请认证。"
        ) % {"name": organization.name, "reason": reason}
    notify(
        recipients=organization.members.all(),
        kind="organization.refused",
        title=title,
        body=body,
        url=reverse("profile"),
        also_email=[organization.contact_email],
    )


@receiver(signals.organization_resubmitted, dispatch_uid="notifications.organization_resubmitted")
def organization_resubmitted(sender, *, organization, by, **kwargs) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("单位重新申请认证：%(name)s") % {"name": organization.name}
        body = _("%(name)s（统一社会信用代码 %(uscc)s）已按不予认证的理由修改，重新申请认证。") % {
            "name": organization.name,
            "uscc": organization.uscc,
        }
    notify(
        recipients=reviewers(),
        kind="organization.resubmitted",
        title=title,
        body=body,
        url=reverse("admin:accounts_organization_change", args=[organization.pk]),
    )
