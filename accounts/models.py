from functools import cached_property
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.validators import normalize_uscc, uscc_problem, validate_region_code


class OrganizationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研院所")
    OTHER = "other", _("其他")


class EntityNature(models.TextChoices):
    """Legal-entity nature codes of the national registration form (3 digits)."""

    GOVERNMENT = "010", _("机关法人")
    RESEARCH_INSTITUTE = "021", _("科研院所")
    UNIVERSITY = "022", _("高等院校")
    MEDICAL = "023", _("医疗卫生")
    SOCIAL_GROUP = "030", _("社会团体")
    DOMESTIC_ENTERPRISE = "100", _("内资企业")
    STATE_OWNED = "110", _("国有企业")
    LIMITED_LIABILITY = "150", _("有限责任公司")
    JOINT_STOCK = "160", _("股份有限公司")
    PRIVATE = "170", _("私营企业")
    HK_MACAO_TAIWAN = "200", _("港澳台投资企业")
    FOREIGN = "300", _("外商投资企业")
    INDIVIDUAL = "400", _("个人")


class Role:
    """Group names created by migration `0002_roles`."""

    ENTERPRISE_MEMBER = "enterprise member"
    INSTITUTE_MEMBER = "institute member"
    REVIEWER = "reviewer"
    # Invited by reviewers to give opinions on large or disputed contracts (and challenges).
    EXPERT = "expert"


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def unverified(self):
        return self.filter(verified_at__isnull=True)

    def awaiting_verification(self):
        """The reviewers' queue: neither verified nor refused (a refused one that asked
        again is back in it)."""
        return self.unverified().filter(refused_at__isnull=True)

    def refused(self):
        return self.unverified().filter(refused_at__isnull=False)


def licence_path(organization, filename: str) -> str:
    # Never under a public media prefix: served only through the access-checked views.
    return f"organizations/{organization.pk}/licence{PurePath(filename).suffix.lower()}"


class Organization(models.Model):
    name = models.CharField(_("单位名称"), max_length=200)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        help_text=_("18 位，见营业执照或法人登记证书。"),
    )
    uscc_override_note = models.CharField(
        _("校验例外说明"),
        max_length=300,
        blank=True,
        help_text=_("少数真实代码不通过校验；登记员核实后在此记录原因即可保存。"),
    )
    kind = models.CharField(_("单位类型"), max_length=20, choices=OrganizationKind.choices)
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, validators=[validate_region_code], default="650203"
    )
    entity_nature = models.CharField(
        _("法人性质"),
        max_length=3,
        choices=EntityNature.choices,
        default=EntityNature.LIMITED_LIABILITY,
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认证人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 不予认证: the reason is shown to the members, who fix what it names and ask again.
    refused_at = models.DateTimeField(_("不予认证时间"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("不予认证人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("不予认证理由"), blank=True)
    # The business licence (营业执照) uploaded online for the verification.
    licence = models.FileField(_("营业执照"), upload_to=licence_path, blank=True)
    licence_name = models.CharField(_("营业执照文件名"), max_length=200, blank=True)
    licence_uploaded_at = models.DateTimeField(_("营业执照上传时间"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]
        permissions = [("verify_organization", _("可以认证单位"))]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_refused(self) -> bool:
        return self.verified_at is None and self.refused_at is not None

    @property
    def licence_is_pdf(self) -> bool:
        return self.licence.name.lower().endswith(".pdf")

    def clean(self) -> None:
        self.uscc = normalize_uscc(self.uscc)
        problem = uscc_problem(self.uscc)
        if problem and not self.uscc_override_note.strip():
            raise ValidationError({"uscc": problem})


class User(AbstractUser):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    # What enterprises see of a reviewer ("登记员 王芳"); never the login name.
    display_name = models.CharField(
        _("显示名称"),
        max_length=30,
        blank=True,
        help_text=_("登记员办理记录中向企业显示的名称，例如姓氏加职务；不填则只显示“登记员”。"),
    )

    # Raised by "log out everywhere": every session signed before it stops being valid.
    session_generation = models.PositiveIntegerField(_("会话代次"), default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, plus the session generation once it was raised
        (generation 0 keeps the sessions signed before this field existed)."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def save(self, *args, **kwargs):
        # Whatever changed the password (the change and reset pages, the admin,
        # `changepassword`), the API tokens issued under the old one stop working.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.auth_token_set.all().delete()

    # A user signed in through accounts.backends arrives with both answers (annotations).
    @cached_property
    def is_reviewer(self) -> bool:
        if self.is_superuser:
            return True
        if "in_reviewer_group" in self.__dict__:
            return self.in_reviewer_group
        return self.groups.filter(name=Role.REVIEWER).exists()

    @cached_property
    def is_expert(self) -> bool:
        if "in_expert_group" in self.__dict__:
            return self.in_expert_group
        return self.groups.filter(name=Role.EXPERT).exists()

    @property
    def shown_name(self) -> str:
        """How the portal names this user to others: staff as "登记员" and the display name
        they chose, members by their login name (their own colleagues see it)."""
        if self.is_staff:
            return f"{_('登记员')} {self.display_name}".strip()
        return self.get_username()

    def role_names(self) -> list[str]:
        names = list(self.groups.values_list("name", flat=True))
        if self.is_superuser and Role.REVIEWER not in names:
            names.append(Role.REVIEWER)
        return sorted(names)


class ExpertProfile(models.Model):
    """What a reviewer needs to know to invite an expert (专家库): the technical fields and
    where the expert works, so that assignments avoid conflicts of interest."""

    user = models.OneToOneField(
        User, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="expert_profile"
    )
    name = models.CharField(_("姓名"), max_length=50)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    title = models.CharField(_("职称"), max_length=50, blank=True)
    technical_fields = models.CharField(
        _("专业领域"), max_length=300, help_text=_("例如：油气开采、新材料、人工智能。")
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    invited_by = models.ForeignKey(
        User, verbose_name=_("邀请人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.technical_fields}）"


class OrganizationAction(models.TextChoices):
    VERIFIED = "verified", _("认证通过")
    REFUSED = "refused", _("不予认证")
    RESUBMITTED = "resubmitted", _("重新申请认证")
    LICENCE_UPLOADED = "licence_uploaded", _("上传营业执照")


class OrganizationEvent(models.Model):
    """The audit log of verification decisions on an organisation, like ContractEvent is
    for contracts: written only by the services in accounts.services, shown read-only."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        User, verbose_name=_("办理人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("事项"), max_length=20, choices=OrganizationAction.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("单位认证记录")
        verbose_name_plural = _("单位认证记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_action_display()}"


class IdempotencyRecord(models.Model):
    """A create request that must happen once: a one-time form token or an API
    `Idempotency-Key`, with what the first request answered (accounts.idempotency)."""

    scope = models.CharField(max_length=40)
    owner = models.CharField(max_length=100)  # "user:<id>", "anon:<address>" or "" (form tokens)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    target = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "owner", "key"], name="idempotency_once")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.owner} {self.key[:8]}…"
