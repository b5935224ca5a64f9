"""Demonstration contracts in every state, made through the same services users go through.

Two more enterprises besides demo-enterprise; everything is marked 演示 and is_demo.
Idempotent: a contract whose demo title exists is not made again.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from accounts.demo import DEMO_PASSWORD, demo_uscc
from accounts.models import EntityNature, OrganizationKind, User
from accounts.services import organization_verify, signup
from contracts import services
from contracts.certificate import certificate_font
from contracts.models import Contract

ENTERPRISES = (
    ("demo-drilling", "克拉玛依示范钻采装备有限公司（演示）", "91650203MA7DEM011"),
    ("demo-chemical", "独山子示范石化科技有限公司（演示）", "91650202MA7DEM012"),
)

BUYERS = (
    ("新疆示范油田服务有限公司（演示）", "91650204MA7BUY021", "650204", EntityNature.STATE_OWNED),
    ("乌尔禾示范能源有限公司（演示）", "91650205MA7BUY022", "650205", EntityNature.PRIVATE),
    (
        "上海示范材料研究有限公司（演示）",
        "91310110MA7BUY023",
        "310110",
        EntityNature.LIMITED_LIABILITY,
    ),
)

# username, title, state, type, subtype, ip type, field, contract amount, tech amount, patents
CONTRACTS = (
    (
        "demo-enterprise",
        "稠油热采注汽参数优化技术开发（演示）",
        "registered",
        "development",
        "commissioned",
        "none",
        "new_energy",
        "3200000",
        "2800000",
        [],
    ),
    (
        "demo-enterprise",
        "油田采出水处理专利权转让（演示）",
        "registered",
        "transfer",
        "patent_right",
        "patent",
        "environment_resources",
        "1500000",
        "1500000",
        ["ZL202110344405.7"],
    ),
    (
        "demo-drilling",
        "随钻测量仪器专利实施独占许可（演示）",
        "registered",
        "license",
        "patent_exclusive",
        "patent",
        "advanced_manufacturing",
        "6800000",
        "5600000",
        ["ZL202210702228.X"],
    ),
    (
        "demo-drilling",
        "井下工具失效分析技术咨询（演示）",
        "submitted",
        "consulting",
        "consulting",
        "none",
        "advanced_manufacturing",
        "280000",
        "280000",
        [],
    ),
    (
        "demo-chemical",
        "聚合物驱油剂配方技术秘密转让（演示）",
        "submitted",
        "transfer",
        "technical_secret",
        "technical_secret",
        "new_materials",
        "5200000",
        "5000000",
        [],
    ),
    (
        "demo-enterprise",
        "油气集输数字孪生平台技术服务（演示）",
        "returned",
        "service",
        "service",
        "software_copyright",
        "electronics_information",
        "900000",
        "750000",
        [],
    ),
    (
        "demo-chemical",
        "化工设备采购及安装（演示）",
        "rejected",
        "service",
        "service",
        "none",
        "advanced_manufacturing",
        "2000000",
        "100000",
        [],
    ),
    (
        "demo-enterprise",
        "光伏制氢耦合技术合作开发（演示，草稿）",
        "draft",
        "development",
        "cooperative",
        "none",
        "new_energy",
        "1800000",
        "",
        [],
    ),
)


def _enterprise(username: str, name: str, body: str, reviewer: User) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = signup(
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@example.com",
            organization={
                "name": name,
                "uscc": demo_uscc(body),
                "kind": OrganizationKind.ENTERPRISE,
                "region_code": "650203",
                "entity_nature": EntityNature.LIMITED_LIABILITY,
                "contact_name": "李会计",
                "contact_phone": "0990-6000001",
            },
        )
    organization_verify(organization=user.organization, by=reviewer)
    return user


def demo_pdf(title: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(certificate_font(), 14)
    pdf.drawString(72, 760, "技术合同（演示文本）")
    pdf.drawString(72, 730, title)
    pdf.save()
    return SimpleUploadedFile("合同文本（演示）.pdf", buffer.getvalue(), "application/pdf")


def seed(out) -> list[tuple[str, str, str]]:
    reviewer = User.objects.get(username="demo-reviewer")
    users = {"demo-enterprise": User.objects.get(username="demo-enterprise")}
    for username, name, body in ENTERPRISES:
        users[username] = _enterprise(username, name, body, reviewer)
    made = 0
    for index, row in enumerate(CONTRACTS):
        username, title, state, kind, subtype, ip_type, field, amount, tech, patents = row
        if Contract.objects.filter(is_demo=True, title=title).exists():
            continue
        user = users[username]
        buyer_name, buyer_body, region, nature = BUYERS[index % len(BUYERS)]
        signed = datetime.date(2025, 1 + index % 12, 6 + index)
        contract = services.contract_create(
            organization=user.organization,
            by=user,
            data={
                "title": title,
                "contract_type": kind,
                "subtype": subtype,
                "buyer_name": buyer_name,
                "buyer_uscc": demo_uscc(buyer_body),
                "buyer_country_code": "156",
                "buyer_region_code": region,
                "buyer_entity_nature": nature,
                "contract_amount": Decimal(amount),
                "technology_amount": Decimal(tech) if tech else None,
                "signed_on": signed,
                "valid_from": signed,
                "valid_until": signed.replace(year=signed.year + (5 if kind == "license" else 1)),
                "technical_field": field,
                "ip_type": ip_type,
                "patent_numbers": patents,
            },
        )
        Contract.objects.filter(pk=contract.pk).update(is_demo=True)
        made += 1
        if state == "draft":
            continue
        services.contract_attach(contract=contract, upload=demo_pdf(title), by=user)
        services.contract_submit(contract=contract, by=user)
        if state == "registered":
            services.contract_register(contract=contract, by=reviewer)
        elif state == "returned":
            services.contract_return(
                contract=contract,
                by=reviewer,
                note="合同文本缺少买方盖章页，请补充后重新提交。（演示）",
            )
        elif state == "rejected":
            services.contract_reject(
                contract=contract,
                by=reviewer,
                note="合同主要内容为设备采购，不属于技术合同，不予登记。（演示）",
            )
    out.write(
        f"  {made} demo contracts added ({Contract.objects.filter(is_demo=True).count()} in all)"
    )
    return [
        (username, DEMO_PASSWORD, "企业（已认证，演示合同）enterprise with demo contracts")
        for username, _name, _body in ENTERPRISES
    ]
