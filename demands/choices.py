"""The codes of demands and challenges (API values)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("退回修改")
    REFUSED = "refused", _("不予发布")
    SOLVED = "solved", _("已解决")
    CLOSED = "closed", _("已关闭")


EDITABLE_DEMAND_STATUSES = (DemandStatus.DRAFT, DemandStatus.RETURNED)
PUBLIC_DEMAND_STATUSES = (DemandStatus.PUBLISHED, DemandStatus.SOLVED, DemandStatus.CLOSED)


class IndustryTag(models.TextChoices):
    OIL_GAS = "oil_gas", _("油气开采")
    REFINING = "refining", _("炼化")
    NEW_ENERGY = "new_energy", _("新能源")
    NEW_MATERIALS = "new_materials", _("新材料")
    DIGITAL = "digital", _("数字化")
    EQUIPMENT = "equipment", _("装备制造")
    ENVIRONMENT = "environment", _("节能环保")
    AGRICULTURE = "agriculture", _("现代农业")


class AccessStatus(models.TextChoices):
    REQUESTED = "requested", _("待同意")
    ADMITTED = "admitted", _("已同意")
    REFUSED = "refused", pgettext_lazy("access request status", "已拒绝")


class ResponseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    SHORTLISTED = "shortlisted", _("入围")
    DECLINED = "declined", _("未采纳")


class DeclineReason(models.TextChoices):
    TOO_EARLY = "too_early", _("技术尚不成熟")
    BENEFIT_UNCLEAR = "benefit_unclear", _("效益不明确")
    COST = "cost", _("成本过高")
    OFF_TARGET = "off_target", _("不对题")
    OTHER = "other", _("其他")


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("揭榜中")
    EVALUATING = "evaluating", _("评审中")
    PUBLICITY = "publicity", _("公示中")
    AWARDED = "awarded", _("已授榜")
    NO_AWARD = "no_award", _("不授榜")
    CANCELLED = "cancelled", pgettext_lazy("challenge status", "已撤销")


PUBLIC_CHALLENGE_STATUSES = tuple(s for s in ChallengeStatus if s != ChallengeStatus.DRAFT)
# Applications are sealed until the deadline has passed.
UNSEALED_CHALLENGE_STATUSES = (
    ChallengeStatus.EVALUATING,
    ChallengeStatus.PUBLICITY,
    ChallengeStatus.AWARDED,
    ChallengeStatus.NO_AWARD,
)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已揭榜")
    WITHDRAWN = "withdrawn", _("已撤回")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DISMISSED = "dismissed", _("不成立")
    UPHELD = "upheld", _("成立")


class MatchTarget(models.TextChoices):
    RESULT = "result", _("科技成果")
    PATENT = "patent", pgettext_lazy("match target", "专利")
    INSTITUTION = "institution", pgettext_lazy("match target", "高校院所")


MAX_AWARD_AMOUNT = 10_000_000
