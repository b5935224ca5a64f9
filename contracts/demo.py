"""Demonstration contracts in every state, made through the same services users go through.

Two more enterprises besides demo-enterprise; everything is marked 演示 and is_demo.
Idempotent: a contract whose demo title exists is not made again. The content is in
`contracts/demo/` (enterprises.csv, buyers.csv, contracts.csv).
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from accounts.demo import DEMO_PASSWORD, demo_member, demo_uscc
from accounts.models import EntityNature, ExpertProfile, OrganizationKind, Role, User
from common import demodata
from contracts import services
from contracts.models import Contract
from contracts.pdf import certificate_font


def _enterprise(username: str, name: str, body: str, reviewer: User) -> User:
    return demo_member(
        username,
        name=name,
        body=body,
        kind=OrganizationKind.ENTERPRISE,
        nature=EntityNature.LIMITED_LIABILITY,
        contact_name="李会计",
        contact_phone="0990-6000001",
        verified_by=reviewer,
    )


def demo_pdf(title: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(certificate_font(), 14)
    pdf.drawString(72, 760, "技术合同（演示文本）")
    pdf.drawString(72, 730, title)
    pdf.save()
    return SimpleUploadedFile("合同文本（演示）.pdf", buffer.getvalue(), "application/pdf")


def demo_expert() -> User:
    """An expert of the 专家库 (large contracts need an opinion before registration)."""
    expert = User.objects.filter(username="demo-expert").first()
    if expert is None:
        expert = User.objects.create_user(
            username="demo-expert", password=DEMO_PASSWORD, email="demo-expert@example.com"
        )
        expert.groups.add(Group.objects.get(name=Role.EXPERT))
        ExpertProfile.objects.create(
            user=expert,
            name="王工（演示专家）",
            employer="示范高校（演示）",
            title="教授级高级工程师",
            technical_fields="油气开采、先进制造",
        )
    return expert


def _register(contract: Contract, reviewer: User, expert: User) -> None:
    if contract.needs_expert_review:
        (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
        services.expert_review_answer(
            review=review,
            by=expert,
            recommendation="register",
            opinion="技术内容与合同约定一致，技术交易额核定合理。（演示）",
        )
    services.contract_register(contract=contract, by=reviewer)


def seed(out) -> list[tuple[str, str, str]]:
    reviewer = User.objects.get(username="demo-reviewer")
    expert = demo_expert()
    enterprises = demodata.read("contracts", "enterprises.csv")
    buyers = demodata.read("contracts", "buyers.csv")
    users = {"demo-enterprise": User.objects.get(username="demo-enterprise")}
    for row in enterprises:
        users[row["username"]] = _enterprise(
            row["username"], row["name"], row["uscc_body"], reviewer
        )
    made = 0
    for index, row in enumerate(demodata.read("contracts", "contracts.csv")):
        title, kind, state = row["title"], row["contract_type"], row["state"]
        if Contract.objects.filter(is_demo=True, title=title).exists():
            continue
        user = users[row["username"]]
        buyer = buyers[index % len(buyers)]
        signed = datetime.date(2025, 1 + index % 12, 6 + index)
        contract = services.contract_create(
            organization=user.organization,
            by=user,
            data={
                "title": title,
                "contract_type": kind,
                "subtype": row["subtype"],
                "buyer_name": buyer["name"],
                "buyer_uscc": demo_uscc(buyer["uscc_body"]),
                "buyer_country_code": "156",
                "buyer_region_code": buyer["region_code"],
                "buyer_entity_nature": buyer["entity_nature"],
                "contract_amount": Decimal(row["contract_amount"]),
                "technology_amount": (
                    Decimal(row["technology_amount"]) if row["technology_amount"] else None
                ),
                "signed_on": signed,
                "valid_from": signed,
                "valid_until": signed.replace(year=signed.year + (5 if kind == "license" else 1)),
                "technical_field": row["technical_field"],
                "ip_type": row["ip_type"],
                "patent_numbers": row["patent_numbers"].split(),
            },
        )
        Contract.objects.filter(pk=contract.pk).update(is_demo=True)
        made += 1
        if state == "draft":
            continue
        services.contract_attach(contract=contract, upload=demo_pdf(title), by=user)
        services.contract_submit(contract=contract, by=user)
        if state == "registered":
            _register(contract, reviewer, expert)
        elif state == "returned":
            services.contract_return(contract=contract, by=reviewer, note=row["reviewer_note"])
        elif state == "rejected":
            services.contract_reject(contract=contract, by=reviewer, note=row["reviewer_note"])
    out.write(
        f"  {made} demo contracts added ({Contract.objects.filter(is_demo=True).count()} in all)"
    )
    return [
        (row["username"], DEMO_PASSWORD, "企业（已认证，演示合同）enterprise with demo contracts")
        for row in enterprises
    ] + [("demo-expert", DEMO_PASSWORD, "评审专家 an expert of the review panel")]
