"""Demonstration technology managers in every state, made through the same services
users go through: approved (one with a brokered, registered and confirmed contract and
last year's filing, one who has not filed), applied, refused and suspended. Idempotent:
an account that already has its registration is left alone."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_uscc
from accounts.models import User
from contracts import services as contract_services
from contracts.demo import _register, demo_expert, demo_pdf
from contracts.models import Contract
from managers import services
from managers.models import Manager

DEMO_MANAGERS = (
    # username, name, employer, fields, state
    ("demo-manager", "张明（演示）", "示范技术转移中心（演示）", ["new_energy", "advanced_manufacturing"], "approved"),
    ("demo-manager-2", "李娟（演示）", "", ["electronics_information"], "approved"),
    ("demo-manager-applied", "王强（演示）", "示范大学技术转移办公室（演示）", ["new_materials"], "applied"),
    ("demo-manager-refused", "赵磊（演示）", "", ["agriculture"], "refused"),
    ("demo-manager-suspended", "陈芳（演示）", "示范咨询公司（演示）", ["environment_resources"], "suspended"),
)  # fmt: skip
BROKERED_TITLE = "油田伴生气回收装置技术开发（技术经理人促成，演示）"


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, email=f"{username}@example.com"
        )
    return user


def _brokered_contract(manager: Manager, reviewer: User) -> None:
    if Contract.objects.filter(is_demo=True, title=BROKERED_TITLE).exists():
        return
    enterprise = User.objects.get(username="demo-enterprise")
    signed = timezone.localdate() - datetime.timedelta(days=20)
    contract = contract_services.contract_create(
        organization=enterprise.organization,
        by=enterprise,
        data={
            "title": BROKERED_TITLE,
            "contract_type": "development",
            "subtype": "commissioned",
            "buyer_name": "示范油气开发有限公司（演示）",
            "buyer_uscc": demo_uscc("91650203MA780M001"),
            "buyer_country_code": "156",
            "buyer_region_code": "650203",
            "buyer_entity_nature": "150",
            "contract_amount": Decimal("1800000.00"),
            "technology_amount": Decimal("1500000.00"),
            "signed_on": signed,
            "valid_from": signed,
            "valid_until": signed.replace(year=signed.year + 1),
            "technical_field": "new_energy",
            "ip_type": "technical_secret",
            "patent_numbers": [],
            "broker": manager,
        },
    )
    Contract.objects.filter(pk=contract.pk).update(is_demo=True)
    contract_services.contract_attach(
        contract=contract, upload=demo_pdf(BROKERED_TITLE), by=enterprise
    )
    contract_services.contract_submit(contract=contract, by=enterprise)
    _register(contract, reviewer, demo_expert())
    services.manager_contract_confirm(manager=manager, contract_id=contract.pk, by=manager.user)


def seed(out) -> list[tuple[str, str, str]]:
    reviewer = User.objects.get(username="demo-reviewer")
    made = 0
    for username, name, employer, fields, state in DEMO_MANAGERS:
        user = _user(username)
        if Manager.objects.filter(user=user).exists():
            continue
        manager = services.manager_apply(
            user=user,
            data={
                "name": name,
                "employer": employer,
                "technical_fields": fields,
                "certificate_number": f"JSJLR-2025-{made + 1:04d}",
                "bio": "从事技术转移服务多年，熟悉油气、新能源领域的成果转化与技术合同登记。（演示）",
                "phone": f"1399000{made + 1:04d}",
                "email": f"{username}@example.com",
            },
        )
        Manager.objects.filter(pk=manager.pk).update(is_demo=True)
        made += 1
        if state in ("approved", "suspended"):
            services.manager_approve(manager=manager, by=reviewer)
        if state == "refused":
            services.manager_refuse(manager=manager, by=reviewer, note="证书编号无法核实（演示）")
        if state == "suspended":
            services.manager_suspend(
                manager=manager, by=reviewer, note="未按期提交年度备案（演示）"
            )
        if username == "demo-manager":
            # Approved last year (the demo's filing is for last year).
            last_year = timezone.localdate().year - 1
            Manager.objects.filter(pk=manager.pk).update(
                approved_at=timezone.make_aware(datetime.datetime(last_year, 3, 1))
            )
            manager.refresh_from_db()
            _brokered_contract(manager, reviewer)
            services.filing_submit(
                manager=manager,
                by=user,
                data={
                    "year": last_year,
                    "deals": 3,
                    "services": 12,
                    "training_hours": Decimal("24.0"),
                    "summary": "促成技术开发合同 3 项，组织供需对接 12 次，参加技术经理人培训 24 学时。（演示）",
                },
            )
    out.write(
        f"  {made} demo technology managers added ({Manager.objects.filter(is_demo=True).count()} in all)"
    )
    return [
        ("demo-manager", DEMO_PASSWORD, "技术经理人（已通过）technology manager, approved"),
        ("demo-manager-applied", DEMO_PASSWORD, "技术经理人（待审核）manager, applied"),
    ]
