"""Every write that matters for accounts: sign-up, verification, API tokens and sessions."""

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from knox.models import AuthToken
from knox.settings import knox_settings

from accounts import signals
from accounts.models import (
    ExpertProfile,
    Organization,
    OrganizationAction,
    OrganizationEvent,
    OrganizationKind,
    Role,
    User,
)
from accounts.validators import normalize_uscc
from common import mail, uploads
from common.response_cache import listings_changed

ROLE_FOR_KIND = {
    OrganizationKind.ENTERPRISE: Role.ENTERPRISE_MEMBER,
    OrganizationKind.UNIVERSITY: Role.INSTITUTE_MEMBER,
    OrganizationKind.INSTITUTE: Role.INSTITUTE_MEMBER,
    OrganizationKind.OTHER: Role.ENTERPRISE_MEMBER,
}


RESERVED_USERNAMES = {"admin", "administrator", "root", "reviewer", "system", "staff", "support"}


def signup_errors(*, username: str, password: str, email: str, organization: dict) -> dict:
    """Every problem with a sign-up, keyed by field (`organization.<field>` for the unit).

    Nothing here says whether an e-mail address has an account (several accounts may share
    one; a reset link goes to each). A login name must be unique, so a taken one is "not
    available", like a reserved one. Only the credit code is said to be registered: the
    applicant must know, and is told whom to call."""
    organization = _normalized(organization)
    errors: dict[str, list[str]] = {}
    if (
        username.lower() in RESERVED_USERNAMES
        or User.objects.filter(username__iexact=username).exists()
    ):
        errors.setdefault("username", []).append(_("该用户名不可用，请另选一个。"))
    probe = User(username=username, email=email)
    try:
        password_validation.validate_password(password, probe)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    org = Organization(**organization)
    try:
        org.full_clean(exclude=["verified_by"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors[f"organization.{field}"] = list(messages)
    if Organization.objects.filter(uscc=org.uscc).exists():
        errors.setdefault("organization.uscc", []).append(
            _(
                "该统一社会信用代码已注册。请联系本单位已注册的同事，"
                "或致电交易中心服务窗口 0990-6000000。"
            )
        )
    return errors


def _normalized(organization: dict) -> dict:
    """The credit code as the validator reads it (invisible characters gone), before any
    length check counts them."""
    return {**organization, "uscc": normalize_uscc(organization.get("uscc") or "")}


@transaction.atomic
def signup(*, username: str, password: str, email: str, organization: dict) -> User:
    """Create a user and its (unverified) organisation; raise ValidationError on any problem,
    also when an identical sign-up won the race between the checks and the insert."""
    details = {"username": username, "password": password, "email": email}
    organization = _normalized(organization)
    errors = signup_errors(**details, organization=organization)
    if errors:
        raise ValidationError(errors)
    org = Organization(**organization)
    # Uniqueness was checked above and is held by the database below (a twin may commit
    # in between): checking it again here would only report it under the wrong name.
    org.full_clean(exclude=["verified_by"], validate_unique=False)
    if not org.contact_email:
        org.contact_email = email
    try:
        with transaction.atomic():
            org.save()
            user = User.objects.create_user(
                username=username, password=password, email=email, organization=org
            )
    except IntegrityError:
        # The unique index waited for the other sign-up to commit: it is there to see now.
        errors = signup_errors(**details, organization=organization) or {
            "non_field_errors": [_("提交冲突：请稍后重试。")]
        }
        raise ValidationError(errors) from None
    user.groups.add(Group.objects.get(name=ROLE_FOR_KIND[org.kind]))
    signals.signup_completed.send(sender=User, user=user, organization=org)
    return user


@transaction.atomic
def organization_verify(*, organization: Organization, by: User) -> bool:
    """Mark an organisation verified (also one refused before: the reviewer may change
    their mind); returns False (and changes nothing) if it already was. Written to the
    verification log; its members are told (inbox and e-mail) by the notifications app."""
    now = timezone.now()
    changed = Organization.objects.filter(pk=organization.pk, verified_at__isnull=True).update(
        verified_at=now, verified_by=by, refused_at=None, refused_by=None
    )
    organization.refresh_from_db(fields=["verified_at", "verified_by", "refused_at", "refused_by"])
    if changed:
        listings_changed()  # the home page's count of verified organisations
        OrganizationEvent.objects.create(
            organization=organization, by=by, action=OrganizationAction.VERIFIED
        )
        signals.organization_verified.send(sender=Organization, organization=organization, by=by)
    return bool(changed)


@transaction.atomic
def organization_refuse(*, organization: Organization, by: User, reason: str) -> Organization:
    """不予认证: the reason is required and shown to the members, who may fix what it names
    and ask again (`organization_resubmit`). Only an organisation waiting for verification
    can be refused; written to the verification log, members told by notifications."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予认证的理由，申请单位会看到这一理由。")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("不予认证的理由最多 1000 个字。")})
    changed = Organization.objects.filter(
        pk=organization.pk, verified_at__isnull=True, refused_at__isnull=True
    ).update(refused_at=timezone.now(), refused_by=by, refusal_reason=reason)
    organization.refresh_from_db(
        fields=["verified_at", "refused_at", "refused_by", "refusal_reason"]
    )
    if not changed:
        if organization.is_verified:
            raise ValidationError(_("该单位已通过认证，不能再不予认证。"))
        raise ValidationError(_("该单位已被不予认证，正在等待其修改后重新申请。"))
    OrganizationEvent.objects.create(
        organization=organization, by=by, action=OrganizationAction.REFUSED, note=reason
    )
    signals.organization_refused.send(
        sender=Organization, organization=organization, by=by, reason=reason
    )
    return organization


def _member_check(organization: Organization, by: User) -> None:
    if by.organization_id != organization.pk:
        raise ValidationError(_("只有本单位的成员可以办理本单位的认证。"))


@transaction.atomic
def organization_resubmit(*, organization: Organization, by: User) -> Organization:
    """A member of a refused organisation asks again, after fixing what the reason named:
    it is back in the reviewers' queue (the earlier reason stays in the log)."""
    _member_check(organization, by)
    changed = Organization.objects.filter(
        pk=organization.pk, verified_at__isnull=True, refused_at__isnull=False
    ).update(refused_at=None, refused_by=None)
    organization.refresh_from_db(fields=["verified_at", "refused_at", "refused_by"])
    if not changed:
        raise ValidationError(_("只有不予认证的单位可以重新申请认证。"))
    OrganizationEvent.objects.create(
        organization=organization, by=by, action=OrganizationAction.RESUBMITTED
    )
    signals.organization_resubmitted.send(sender=Organization, organization=organization, by=by)
    return organization


@transaction.atomic
def organization_licence_upload(*, organization: Organization, by: User, upload) -> Organization:
    """A member uploads the business licence (PDF, JPEG or PNG) for the online
    verification; it replaces an earlier one. Checked by its bytes, not its name."""
    _member_check(organization, by)
    name = (getattr(upload, "name", "") or "licence").rsplit("/", 1)[-1][:200]
    upload.seek(0)
    head = upload.read(uploads.MAGIC_LENGTH)
    problem = uploads.document_problem(name=name, size=upload.size, head=head)
    if problem:
        raise ValidationError({"licence": problem})
    upload.seek(0)
    content = upload.read()
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if locked.is_verified:
        raise ValidationError({"licence": _("本单位已通过认证，无需再上传营业执照。")})
    old = locked.licence.name
    suffix = uploads.document_suffix(head)
    locked.licence.save(f"licence{suffix}", ContentFile(content), save=False)
    locked.licence_name = name
    locked.licence_uploaded_at = timezone.now()
    locked.save(update_fields=["licence", "licence_name", "licence_uploaded_at"])
    if old and old != locked.licence.name:
        transaction.on_commit(lambda: locked.licence.storage.delete(old))
    OrganizationEvent.objects.create(
        organization=locked, by=by, action=OrganizationAction.LICENCE_UPLOADED, note=name
    )
    organization.licence = locked.licence
    organization.licence_name, organization.licence_uploaded_at = name, locked.licence_uploaded_at
    return organization


@transaction.atomic
def expert_invite(
    *,
    username: str,
    email: str,
    name: str,
    technical_fields: str,
    employer: str = "",
    title: str = "",
    phone: str = "",
    site_url: str,
    by: User,
) -> ExpertProfile:
    """A reviewer invites an expert: an account in the expert group without a password and
    an e-mail with a one-time link (Django's password reset) to set one."""
    username, email, name = username.strip(), email.strip(), name.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("请填写用户名。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("该用户名已被使用。")]
    if not email:
        errors["email"] = [_("请填写专家的电子邮箱，邀请链接将发送到该邮箱。")]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("该邮箱已有账户。")]
    if not name:
        errors["name"] = [_("请填写专家姓名。")]
    if not technical_fields.strip():
        errors["technical_fields"] = [_("请填写专家的专业领域。")]
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(username=username, email=email, password=None)
    user.first_name = name[:150]
    user.save(update_fields=["first_name"])
    user.groups.add(Group.objects.get(name=Role.EXPERT))
    profile = ExpertProfile.objects.create(
        user=user,
        name=name,
        employer=employer.strip(),
        title=title.strip(),
        technical_fields=technical_fields.strip(),
        phone=phone.strip(),
        invited_by=by,
    )
    link = site_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    mail.send_after_commit(
        mail.Message.build(
            subject=_("【北疆技术交易中心】技术合同评审专家邀请"),
            body=_(
                "%(name)s：您好！北疆技术交易中心邀请您担任技术合同认定登记评审专家。"
                "您的用户名是 %(username)s。请通过以下链接设置密码后登录门户，"
                "在“专家评审”中查看分配给您的合同：\n%(link)s"
            )
            % {"name": name, "username": username, "link": link},
            to=[email],
        )
    )
    return profile


def user_set_display_name(*, user: User, display_name: str, by: User) -> User:
    """A reviewer names themself as enterprises will see them in contract events."""
    if by.pk != user.pk or not user.is_staff:
        raise ValidationError({"display_name": _("只有登记员本人可以设置显示名称。")})
    display_name = " ".join(display_name.split())
    if len(display_name) > 30:
        raise ValidationError({"display_name": _("显示名称最多 30 个字符。")})
    User.objects.filter(pk=user.pk).update(display_name=display_name)
    user.display_name = display_name
    return user


# ---- API tokens and sessions ---------------------------------------------------------


def token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new API token for `user`: returns the row (kept as a hash) and the only copy of
    the token itself, to be shown once."""
    return AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)


def token_revoke(*, user: User, token_key: str) -> bool:
    """Revoke one of `user`'s own tokens, named by its public prefix."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)


def user_sign_out_everywhere(*, user: User) -> int:
    """Revoke every API token of `user` and end every session, this one included;
    returns the number of tokens revoked."""
    with transaction.atomic():
        revoked, _rows = AuthToken.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    return revoked
