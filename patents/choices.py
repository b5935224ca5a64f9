"""The codes of patents and the fields of technology (API values and import columns)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# Codes shared by contracts and results (SPEC.md); they live here, at the bottom of the
# apps that use them, so that contracts and institutions import one copy.
class TechnicalField(models.TextChoices):
    ELECTRONICS_INFORMATION = "electronics_information", _("电子信息")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("先进制造")
    URBAN_SOCIAL = "urban_social", _("城市建设与社会发展")
    NEW_ENERGY = "new_energy", _("新能源与高效节能")
    ENVIRONMENT_RESOURCES = "environment_resources", _("环境保护与资源综合利用")
    MODERN_TRANSPORT = "modern_transport", _("现代交通")
    BIOMEDICINE = "biomedicine", _("生物医药和医疗器械")
    NEW_MATERIALS = "new_materials", _("新材料及其应用")
    AGRICULTURE = "agriculture", _("农业")
    AEROSPACE = "aerospace", _("航空航天")
    NUCLEAR = "nuclear", _("核应用")


class IpType(models.TextChoices):
    PATENT = "patent", _("专利")
    TECHNICAL_SECRET = "technical_secret", _("技术秘密")
    SOFTWARE_COPYRIGHT = "software_copyright", _("计算机软件著作权")
    IC_LAYOUT = "ic_layout", _("集成电路布图设计")
    PLANT_VARIETY = "plant_variety", _("植物新品种")
    BIOMEDICAL_VARIETY = "biomedical_variety", _("生物医药新品种")
    NONE = "none", _("未涉及知识产权")


class HighValueKind(models.TextChoices):
    """CNIPA's five kinds of high-value invention patent."""

    STRATEGIC_EMERGING = "strategic_emerging", _("战略性新兴产业")
    OVERSEAS_FAMILY = "overseas_family", _("有海外同族")
    MAINTAINED_10Y = "maintained_10y", _("维持年限超过10年")
    PLEDGE_FINANCING = "pledge_financing", _("质押融资额较高")
    AWARD = "award", _("获国家科学技术奖或中国专利奖")


class Sector(models.TextChoices):
    OIL_GAS = "oil_gas", _("油气田开发")
    EQUIPMENT = "equipment", _("高端装备制造")
    NEW_ENERGY_MATERIALS = "new_energy_materials", _("新能源新材料")
    DIGITAL = "digital", _("数字技术")
    OTHER = "other", _("其他")


class CooperationMode(models.TextChoices):
    TRANSFER = "transfer", _("转让")
    LICENSE = "license", _("许可")
    EQUITY = "equity", _("作价入股")
    JOINT_DEVELOPMENT = "joint_development", _("合作开发")
    SERVICE = "service", _("技术服务")
