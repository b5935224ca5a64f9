"""Demonstration data: resident institutions and their results.

清华大学, 同济大学 and 中国石油大学（北京）克拉玛依校区 are named in the public record as
resident; their profiles here are short and their results invented for the demo. Every
other institution is fictional (名称带“示范”). All are flagged `is_demo` and say 演示.
The demo-institute account's organisation is linked to 示范石油工程研究院（演示）, which
gets a draft besides its published results and one enquiry, so its dashboard has content.
"""

import datetime
from decimal import Decimal

from accounts.models import User
from institutions.models import Enquiry, Institution, InstitutionKind, Result
from institutions.services import SYSTEM, enquiry_create, result_create, result_publish
from patents.validators import patent_check_character

DEMO_NOTE = "（演示数据：以下介绍与成果为演示用途编写，不代表该单位的真实信息。）"


def demo_patent(year: int, serial: int) -> str:
    digits = f"{year}1{serial:07d}"
    return f"{digits}.{patent_check_character(digits)}"


# name, short name, kind, province, city, resident since, office, fields, introduction
INSTITUTIONS = (
    (
        "清华大学",
        "清华",
        InstitutionKind.UNIVERSITY,
        "北京市",
        "",
        datetime.date(2024, 10, 28),
        "交易中心 3 层 301 工位",
        ["new_energy", "electronics_information", "new_materials"],
        "综合性研究型大学，在能源动力、信息技术和材料领域开展成果转化合作。",
    ),
    (
        "同济大学",
        "同济",
        InstitutionKind.UNIVERSITY,
        "上海市",
        "",
        datetime.date(2024, 10, 28),
        "交易中心 3 层 302 工位",
        ["urban_social", "environment_resources", "modern_transport"],
        "以土木、环境、交通见长的研究型大学，关注城市建设与资源综合利用。",
    ),
    (
        "中国石油大学（北京）克拉玛依校区",
        "石大克拉玛依",
        InstitutionKind.UNIVERSITY,
        "新疆维吾尔自治区",
        "克拉玛依市",
        datetime.date(2024, 10, 28),
        "交易中心 2 层 201 室",
        ["advanced_manufacturing", "environment_resources", "new_energy"],
        "立足克拉玛依油田，围绕稠油开采、油气储运与油田环保开展研究和人才培养。",
    ),
    (
        "示范石油工程研究院（演示）",
        "示范石油工程院",
        InstitutionKind.INSTITUTE,
        "新疆维吾尔自治区",
        "克拉玛依市",
        datetime.date(2024, 11, 15),
        "交易中心 2 层 205 室",
        ["advanced_manufacturing", "new_energy", "electronics_information"],
        "虚构的演示单位：从事油藏工程、采油工艺与数字油田技术研究。",
    ),
    (
        "克拉玛依示范研究院",
        "克示研",
        InstitutionKind.INSTITUTE,
        "新疆维吾尔自治区",
        "克拉玛依市",
        datetime.date(2024, 12, 2),
        "交易中心 2 层 206 室",
        ["advanced_manufacturing", "environment_resources"],
        "虚构的演示单位：油田化学剂、压裂与防砂技术。",
    ),
    (
        "新疆示范稠油开采技术研究所",
        "稠油所",
        InstitutionKind.INSTITUTE,
        "新疆维吾尔自治区",
        "乌鲁木齐市",
        datetime.date(2025, 1, 10),
        "交易中心 2 层 207 工位",
        ["advanced_manufacturing", "new_energy"],
        "虚构的演示单位：蒸汽辅助重力泄油、火驱等稠油热采工艺。",
    ),
    (
        "西北示范能源大学",
        "西北能源大",
        InstitutionKind.UNIVERSITY,
        "陕西省",
        "西安市",
        datetime.date(2025, 3, 5),
        "交易中心 3 层 305 工位",
        ["new_energy", "advanced_manufacturing"],
        "虚构的演示单位：油气田开发工程、风光储一体化。",
    ),
    (
        "北疆示范数字油田研究中心",
        "数字油田中心",
        InstitutionKind.OTHER,
        "新疆维吾尔自治区",
        "克拉玛依市",
        datetime.date(2024, 10, 28),
        "交易中心 1 层 数字展厅",
        ["electronics_information"],
        "虚构的演示单位：油田物联网、生产数据治理与智能诊断。",
    ),
    (
        "示范碳中和与CCUS研究院",
        "示范CCUS院",
        InstitutionKind.INSTITUTE,
        "北京市",
        "",
        datetime.date(2025, 4, 18),
        "交易中心 3 层 310 工位",
        ["environment_resources", "new_energy"],
        "虚构的演示单位：二氧化碳捕集、驱油与地质封存。",
    ),
    (
        "华东示范新材料研究院",
        "华东新材院",
        InstitutionKind.INSTITUTE,
        "浙江省",
        "宁波市",
        datetime.date(2025, 5, 20),
        "交易中心 3 层 312 工位",
        ["new_materials"],
        "虚构的演示单位：耐蚀合金、复合材料管道与功能涂层。",
    ),
    (
        "示范化工大学",
        "示范化大",
        InstitutionKind.UNIVERSITY,
        "天津市",
        "",
        None,
        "",
        ["new_materials", "environment_resources"],
        "虚构的演示单位（合作单位，未入驻）：石油化工催化与废水处理。",
    ),
    (
        "准噶尔示范新能源研究所",
        "准噶尔新能源所",
        InstitutionKind.INSTITUTE,
        "新疆维吾尔自治区",
        "克拉玛依市",
        datetime.date(2025, 6, 1),
        "交易中心 2 层 210 工位",
        ["new_energy", "new_materials"],
        "虚构的演示单位：光伏制氢、储能与油田绿电替代。",
    ),
)

T, L, E, J, S = "transfer", "license", "equity", "joint_development", "service"

# institution → [(title, summary, field, trl, ip_type, modes, price in yuan or None, patents)]
RESULTS = {
    "清华大学": [
        (
            "油田伴生气发电余热梯级利用系统",
            "回收伴生气发电机组烟气和缸套水余热，用于原油加热与站场供暖，综合能效提升约 20%。",
            "new_energy",
            7,
            "patent",
            [L, J],
            Decimal("1800000"),
            2,
        ),
        (
            "基于大模型的油田设备故障知识问答平台",
            "整合设备手册、维修记录与工单，为一线班组提供故障诊断问答。",
            "electronics_information",
            6,
            "software_copyright",
            [J, S],
            None,
            0,
        ),
        (
            "高温耐蚀石墨烯改性防腐涂层",
            "适用于注汽管线和换热器，200 ℃ 下耐蚀寿命提高一倍以上。",
            "new_materials",
            6,
            "patent",
            [T, L],
            Decimal("2500000"),
            1,
        ),
    ],
    "同济大学": [
        (
            "油田矿区污染土壤热脱附修复成套技术",
            "针对含油污泥与落地油污染土壤，处理后含油率低于 0.3%。",
            "environment_resources",
            7,
            "patent",
            [L, S],
            Decimal("3200000"),
            1,
        ),
        (
            "戈壁地区装配式低能耗建筑体系",
            "适应大温差与风沙环境的装配式围护结构，供暖能耗降低 40%。",
            "urban_social",
            8,
            "patent",
            [T, J],
            None,
            1,
        ),
    ],
    "中国石油大学（北京）克拉玛依校区": [
        (
            "超稠油油藏 SAGD 循环预热加速技术",
            "通过溶剂辅助与电加热组合缩短 SAGD 循环预热周期 30% 以上。",
            "advanced_manufacturing",
            7,
            "patent",
            [L, J],
            Decimal("4500000"),
            2,
        ),
        (
            "油田采出水高效除油与回注处理工艺",
            "气浮—过滤组合工艺，出水含油 ≤ 5 mg/L，满足低渗油藏回注标准。",
            "environment_resources",
            8,
            "patent",
            [T, L, S],
            Decimal("1200000"),
            1,
        ),
        (
            "抽油机井示功图智能诊断软件",
            "基于示功图的工况识别，准确率 95% 以上，支持边缘部署。",
            "electronics_information",
            8,
            "software_copyright",
            [L, S],
            Decimal("300000"),
            0,
        ),
        (
            "浅层稠油水平井防砂完井一体化工具",
            "防砂筛管与完井管柱一体化下入，减少作业工序。",
            "advanced_manufacturing",
            6,
            "patent",
            [T, E],
            None,
            1,
        ),
    ],
    "示范石油工程研究院（演示）": [
        (
            "稠油蒸汽吞吐井注汽参数智能优化系统",
            "依据油藏与井史数据推荐注汽量、干度与焖井时间，单井增油 8%–15%。",
            "electronics_information",
            7,
            "software_copyright",
            [L, S],
            Decimal("800000"),
            0,
        ),
        (
            "火驱前缘监测与调控技术",
            "利用井下温度与尾气组分反演燃烧前缘位置，指导注气调控。",
            "advanced_manufacturing",
            6,
            "patent",
            [J, L],
            None,
            2,
        ),
        (
            "井口光伏直驱抽油机节能装置",
            "光伏直接驱动抽油机，柔性并网，单井年节电约 1.2 万千瓦时。",
            "new_energy",
            7,
            "patent",
            [T, L, E],
            Decimal("650000"),
            1,
        ),
    ],
    "克拉玛依示范研究院": [
        (
            "耐高温低伤害压裂液体系",
            "180 ℃ 下保持黏度，破胶彻底，储层伤害率低于 10%。",
            "new_materials",
            7,
            "patent",
            [T, L],
            Decimal("1500000"),
            1,
        ),
        (
            "疏松砂岩油藏化学固砂剂",
            "常温固化，固砂后渗透率保留率 80% 以上。",
            "new_materials",
            6,
            "patent",
            [L, S],
            None,
            1,
        ),
    ],
    "新疆示范稠油开采技术研究所": [
        (
            "多介质复合蒸汽驱提高采收率技术",
            "蒸汽中加入氮气与降黏剂，提高波及体积，采收率提高 6–10 个百分点。",
            "advanced_manufacturing",
            7,
            "patent",
            [J, L],
            Decimal("5000000"),
            2,
        ),
        (
            "注汽锅炉燃烧优化与低氮改造",
            "降低 NOx 排放至 50 mg/m³ 以下，热效率提高 2%。",
            "environment_resources",
            8,
            "technical_secret",
            [S, T],
            Decimal("900000"),
            0,
        ),
    ],
    "西北示范能源大学": [
        (
            "油田风光储微电网能量管理系统",
            "协调光伏、风电、储能与抽油机负荷，绿电消纳率提高至 90%。",
            "new_energy",
            6,
            "software_copyright",
            [J, S],
            None,
            0,
        ),
        (
            "致密油水平井体积压裂设计方法",
            "基于地质工程一体化的分段分簇优化，单井产量提高 20%。",
            "advanced_manufacturing",
            5,
            "patent",
            [L, J],
            Decimal("2000000"),
            1,
        ),
    ],
    "北疆示范数字油田研究中心": [
        (
            "油气生产物联网边缘网关",
            "支持多种仪表协议，断网缓存与断点续传，适应 -40 ℃ 环境。",
            "electronics_information",
            8,
            "patent",
            [T, L, S],
            Decimal("450000"),
            1,
        ),
        (
            "数字孪生集输管网泄漏预警平台",
            "基于压力波与流量平衡的泄漏定位，定位误差小于 200 米。",
            "electronics_information",
            6,
            "software_copyright",
            [J, S],
            None,
            0,
        ),
        (
            "油田生产数据质量治理工具集",
            "自动识别缺测、跳变与重复数据，支持规则配置与修复留痕。",
            "electronics_information",
            7,
            "software_copyright",
            [L, S],
            Decimal("200000"),
            0,
        ),
    ],
    "示范碳中和与CCUS研究院": [
        (
            "CO2 驱油与埋存一体化方案设计",
            "评估油藏埋存潜力，优化注采方案，兼顾增油与封存。",
            "environment_resources",
            6,
            "technical_secret",
            [J, S],
            None,
            0,
        ),
        (
            "低分压烟气 CO2 胺法捕集新型吸收剂",
            "再生能耗较 MEA 降低 25%，适用于注汽锅炉烟气。",
            "new_materials",
            5,
            "patent",
            [L, J, E],
            Decimal("6000000"),
            2,
        ),
    ],
    "华东示范新材料研究院": [
        (
            "连续纤维增强热塑性复合管",
            "耐腐蚀、可盘卷，替代碳钢集输管线，施工效率提高 3 倍。",
            "new_materials",
            8,
            "patent",
            [T, L, E],
            Decimal("3500000"),
            2,
        ),
        (
            "抽油杆耐磨自润滑涂层",
            "降低杆管偏磨，检泵周期延长 50% 以上。",
            "new_materials",
            7,
            "patent",
            [L, S],
            Decimal("700000"),
            1,
        ),
    ],
    "示范化工大学": [
        (
            "炼化废水高级氧化深度处理技术",
            "臭氧催化氧化出水 COD ≤ 50 mg/L。",
            "environment_resources",
            6,
            "patent",
            [L, J],
            None,
            1,
        ),
        (
            "重油加氢裂化纳米催化剂",
            "提高轻质油收率 3–5 个百分点。",
            "new_materials",
            5,
            "patent",
            [J, E],
            Decimal("8000000"),
            1,
        ),
    ],
    "准噶尔示范新能源研究所": [
        (
            "油田光伏制氢与掺氢燃烧示范",
            "利用戈壁光伏电解制氢，供注汽锅炉掺烧，减碳约 15%。",
            "new_energy",
            6,
            "patent",
            [J, E],
            None,
            1,
        ),
        (
            "退役动力电池梯次利用储能柜",
            "用于井场储能与削峰填谷，单柜 215 kWh。",
            "new_energy",
            7,
            "patent",
            [T, S],
            Decimal("1200000"),
            1,
        ),
        (
            "风沙环境光伏组件自清洁装置",
            "无水清洁，发电量提升 8% 以上。",
            "new_energy",
            8,
            "patent",
            [T, L],
            Decimal("350000"),
            1,
        ),
    ],
}

DEMO_INSTITUTE_USERNAME = "demo-institute"
DEMO_INSTITUTION = "示范石油工程研究院（演示）"
DEMO_DRAFT = "采油污泥热解资源化装置（草稿）"


def _institution(row) -> Institution:
    name, short, kind, province, city, since, office, fields, intro = row
    institution = Institution.objects.filter(name=name).first()
    if institution is None:
        institution = Institution(
            name=name,
            short_name=short,
            kind=kind,
            province=province,
            city=city,
            resident_since=since,
            office=office,
            fields=fields,
            introduction=f"{intro}\n\n{DEMO_NOTE}",
            contact_name="成果转化办公室",
            contact_phone="0990-6000000",
            is_demo=True,
        )
        institution.full_clean()
        institution.save()
    return institution


def seed(out) -> list[tuple[str, str, str]]:
    member = User.objects.filter(username=DEMO_INSTITUTE_USERNAME).first()
    serial = 1000
    for row in INSTITUTIONS:
        institution = _institution(row)
        if (
            institution.name == DEMO_INSTITUTION
            and member is not None
            and institution.organization_id is None
            and not Institution.objects.filter(organization=member.organization).exists()
        ):
            institution.organization = member.organization
            institution.save(update_fields=["organization"])
        author = member if institution.name == DEMO_INSTITUTION and member else SYSTEM
        for title, summary, field, trl, ip_type, modes, price, patents in RESULTS[institution.name]:
            numbers = [demo_patent(2021 + (serial + i) % 4, serial + i) for i in range(patents)]
            serial += 10
            if institution.results.filter(title=title).exists():
                continue
            result = result_create(
                institution=institution,
                data={
                    "title": title,
                    "summary": summary,
                    "description": f"{summary}\n\n{DEMO_NOTE}",
                    "technical_field": field,
                    "trl": trl,
                    "ip_type": ip_type,
                    "patent_numbers": numbers,
                    "cooperation_modes": modes,
                    "price": price,
                    "contact_name": "成果转化办公室",
                    "contact_phone": "0990-6000000",
                },
                by=author,
            )
            result_publish(result=result, by=author)

    demo = Institution.objects.filter(name=DEMO_INSTITUTION).first()
    if demo is not None and member is not None and demo.organization_id == member.organization_id:
        if not demo.results.filter(title=DEMO_DRAFT).exists():
            result_create(
                institution=demo,
                data={
                    "title": DEMO_DRAFT,
                    "summary": "含油污泥热解回收油品，残渣含油率低于 0.3%。",
                },
                by=member,
            )
        first = demo.results.published().order_by("id").first()
        if first and not Enquiry.objects.filter(result=first, email="wang@example.com").exists():
            enquiry_create(
                target_type="result",
                target_id=first.pk,
                name="王工（演示）",
                organization="克拉玛依示范油田技术有限公司（演示）",
                phone="13999000000",
                email="wang@example.com",
                message="我公司在百口泉作业区有约 200 口蒸汽吞吐井，希望了解注汽参数优化系统的部署方式和试点费用。",
            )
    out.write(
        f"  {Institution.objects.count()} institutions, {Result.objects.count()} results, "
        f"{Enquiry.objects.count()} enquiries"
    )
    return []
