"""The codes of technology contracts (SPEC.md): types, sub-types, states, statistics
dimensions. Each label is written here once; forms, exports, the certificate and the
messages read it from these classes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContractType(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENSE = "license", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", pgettext_lazy("contract type", "技术服务")


class Subtype(models.TextChoices):
    """Every sub-type code; which belong to which type is `SUBTYPES`."""

    COMMISSIONED = "commissioned", _("委托开发")
    COOPERATIVE = "cooperative", pgettext_lazy("contract type", "合作开发")
    PATENT_RIGHT = "patent_right", _("专利权转让")
    PATENT_APPLICATION_RIGHT = "patent_application_right", _("专利申请权转让")
    TECHNICAL_SECRET = "technical_secret", _("技术秘密转让／使用许可")
    OTHER_IP = "other_ip", _("其他知识产权")
    PATENT_EXCLUSIVE = "patent_exclusive", _("专利实施独占许可")
    PATENT_SOLE = "patent_sole", _("专利实施排他许可")
    PATENT_NONEXCLUSIVE = "patent_nonexclusive", _("专利实施普通许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", pgettext_lazy("contract type", "技术服务")
    TRAINING = "training", _("技术培训")
    INTERMEDIARY = "intermediary", _("技术中介")


# The sub-types allowed under each type, in the order the registration form lists them.
SUBTYPES: dict[str, tuple[Subtype, ...]] = {
    ContractType.DEVELOPMENT: (Subtype.COMMISSIONED, Subtype.COOPERATIVE),
    ContractType.TRANSFER: (
        Subtype.PATENT_RIGHT,
        Subtype.PATENT_APPLICATION_RIGHT,
        Subtype.TECHNICAL_SECRET,
        Subtype.OTHER_IP,
    ),
    ContractType.LICENSE: (
        Subtype.PATENT_EXCLUSIVE,
        Subtype.PATENT_SOLE,
        Subtype.PATENT_NONEXCLUSIVE,
        Subtype.TECHNICAL_SECRET,
        Subtype.OTHER_IP,
    ),
    ContractType.CONSULTING: (Subtype.CONSULTING,),
    ContractType.SERVICE: (Subtype.SERVICE, Subtype.TRAINING, Subtype.INTERMEDIARY),
}

PATENT_SUBTYPES = frozenset(
    {
        Subtype.PATENT_RIGHT,
        Subtype.PATENT_APPLICATION_RIGHT,
        Subtype.PATENT_EXCLUSIVE,
        Subtype.PATENT_SOLE,
        Subtype.PATENT_NONEXCLUSIVE,
    }
)


class OriginKind(models.TextChoices):
    """Where a draft came from when another part of the portal made it. The other app
    passes a title and its page's address; contracts keep them as plain text (they never
    import the app that made the draft)."""

    CHALLENGE = "challenge", _("源自揭榜挂帅榜单")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回补正")
    REGISTERED = "registered", _("已登记")
    REJECTED = "rejected", _("不予登记")


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class RegistrationState(models.TextChoices):
    """What became of a registration after it was made (管理办法 arts. 16–17); empty
    before registration."""

    ACTIVE = "active", _("有效")
    CHANGED = "changed", _("已变更")
    CANCELLED = "cancelled", _("已注销")
    REVOKED = "revoked", pgettext_lazy("registration state", "已撤销")


# The registrations that count: in force, as first made or as changed.
STANDING_STATES = (RegistrationState.ACTIVE, RegistrationState.CHANGED)
DOMESTIC_COUNTRY_CODE = "156"


class StatDimension(models.TextChoices):
    CONTRACT_TYPE = "contract_type", _("合同类型")
    TECHNICAL_FIELD = "technical_field", _("技术领域")
    SELLER_ENTITY_NATURE = "seller_entity_nature", _("卖方法人性质")
    IP_TYPE = "ip_type", _("知识产权类型")
    # Wave 2 (issue 11): the official breakdowns and the flows. Keys: `subtype` is
    # "<contract_type>.<subtype>" (two types share sub-type codes); `buyer_location` and
    # `absorbed_location` are "city", "region", "province:<2 digits>" or "abroad:<country code>";
    # `registered_day` is the day of the month ("01".."31"), for the same days a year ago.
    SUBTYPE = "subtype", _("合同子类")
    BUYER_ENTITY_NATURE = "buyer_entity_nature", _("买方法人性质")
    SELLER_COUNTRY = "seller_country", _("卖方国别")
    BUYER_LOCATION = "buyer_location", _("买方所在地（输出流向）")
    REGISTERED_DAY = "registered_day", _("登记日")
    ABSORBED_LOCATION = "absorbed_location", _("卖方所在地（外地登记的吸纳）")
    # Issue 17: "with" a technology manager who confirmed brokering the deal, or "without".
    BROKER = "broker", _("技术经理人参与")
