"""Demonstration history: 2024 – October 2026 registrations, loaded through `import_contracts`.

Fictional contracts (names carry 演示) whose January–March 2025 figures match what the
center published: 30 contracts, above 3.2 亿元, growth of 11× (+1100 %) on January–March
2024. The rest of both years is plausible, not published. Generated from a fixed seed, so
loading it again imports nothing new.
"""

import csv
import datetime
import io
import random
from decimal import Decimal

from accounts.validators import uscc_check_character
from contracts import numbering
from contracts.importing import COLUMNS, import_contracts
from contracts.models import AnnualTarget

# (year, month) → (contracts, 成交额 in yuan). Q1 2025 = 324,000,000 = 12 × Q1 2024.
MONTHS = {
    (2024, 1): (3, Decimal("7200000.00")),
    (2024, 2): (2, Decimal("4800000.00")),
    (2024, 3): (5, Decimal("15000000.00")),
    (2024, 4): (6, Decimal("26000000.00")),
    (2024, 5): (7, Decimal("38000000.00")),
    (2024, 6): (8, Decimal("52000000.00")),
    (2024, 7): (6, Decimal("41000000.00")),
    (2024, 8): (7, Decimal("47000000.00")),
    (2024, 9): (9, Decimal("63000000.00")),
    (2024, 10): (10, Decimal("88000000.00")),
    (2024, 11): (11, Decimal("96000000.00")),
    (2024, 12): (14, Decimal("131000000.00")),
    (2025, 1): (9, Decimal("86000000.00")),
    (2025, 2): (8, Decimal("71000000.00")),
    (2025, 3): (13, Decimal("167000000.00")),
    (2025, 4): (10, Decimal("98000000.00")),
    (2025, 5): (11, Decimal("104000000.00")),
    (2025, 6): (12, Decimal("121000000.00")),
    (2025, 7): (9, Decimal("87000000.00")),
    (2025, 8): (10, Decimal("93000000.00")),
    (2025, 9): (12, Decimal("118000000.00")),
    (2025, 10): (11, Decimal("109000000.00")),
    (2025, 11): (13, Decimal("126000000.00")),
    (2025, 12): (16, Decimal("152000000.00")),
    # 2026 up to October, so that the current year has a believable year-to-date.
    (2026, 1): (10, Decimal("97000000.00")),
    (2026, 2): (9, Decimal("83000000.00")),
    (2026, 3): (15, Decimal("188000000.00")),
    (2026, 4): (11, Decimal("112000000.00")),
    (2026, 5): (12, Decimal("119000000.00")),
    (2026, 6): (14, Decimal("139000000.00")),
    (2026, 7): (10, Decimal("101000000.00")),
    (2026, 8): (11, Decimal("108000000.00")),
    (2026, 9): (14, Decimal("135000000.00")),
    (2026, 10): (13, Decimal("126000000.00")),
}
TARGETS = {2025: Decimal("1500000000.00")}

SELLERS = (
    ("克拉玛依演示油田技术服务有限公司", "91650203MA7HX0001", "150"),
    ("新疆演示稠油工程研究院", "12650200MB1HX0002", "021"),
    ("演示石油大学克拉玛依校区", "12650200MB1HX0003", "022"),
    ("独山子演示石化新材料有限公司", "91650202MA7HX0004", "160"),
    ("克拉玛依演示数字油田科技有限公司", "91650203MA7HX0005", "170"),
    ("白碱滩演示新能源装备有限公司", "91650204MA7HX0006", "110"),
)
KINDS = (
    # type, subtype, ip_type, field, title
    (
        "development",
        "commissioned",
        "none",
        "advanced_manufacturing",
        "稠油热采注汽系统优化技术开发",
    ),
    ("development", "cooperative", "none", "new_energy", "油田伴生气光热耦合利用合作开发"),
    (
        "transfer",
        "patent_right",
        "patent",
        "advanced_manufacturing",
        "一种压裂液返排处理装置专利权转让",
    ),
    ("license", "patent_nonexclusive", "patent", "new_materials", "耐高温驱油用聚合物专利实施许可"),
    (
        "license",
        "technical_secret",
        "technical_secret",
        "environment_resources",
        "含油污泥热解处理技术秘密许可",
    ),
    ("consulting", "consulting", "none", "environment_resources", "CCUS 二氧化碳驱油封存方案咨询"),
    ("service", "service", "none", "electronics_information", "数字油田生产数据治理技术服务"),
    ("service", "training", "none", "advanced_manufacturing", "井下作业智能装备操作技术培训"),
    (
        "transfer",
        "other_ip",
        "software_copyright",
        "electronics_information",
        "油藏数值模拟软件著作权转让",
    ),
)
BUYER_REGIONS = ("650203", "650204", "650202", "650205", "650102", "510107", "110108")


def _uscc(body: str) -> str:
    return body + uscc_check_character(body)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    scale = total / Decimal(str(sum(weights)))
    amounts = [(Decimal(str(w)) * scale).quantize(Decimal("0.01")) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def rows() -> list[dict]:
    rng = random.Random(20250331)
    result = []
    sequence = {year: 0 for year, _month in MONTHS}
    for (year, month), (count, total) in MONTHS.items():
        days = sorted(rng.randint(1, 28) for _ in range(count))
        for day, amount in zip(days, _split(total, count, rng), strict=True):
            sequence[year] += 1
            n = sequence[year]
            registered_on = datetime.date(year, month, day)
            signed_on = registered_on - datetime.timedelta(days=rng.randint(5, 40))
            contract_type, subtype, ip_type, field, title = rng.choice(KINDS)
            seller_name, seller_body, seller_nature = rng.choice(SELLERS)
            tech_share = Decimal(rng.choice([100, 100, 95, 85, 70])) / 100
            years = rng.choice([1, 2, 3, 5, 6])
            result.append(
                {
                    "registration_number": numbering.format_number(year=year, sequence=n),
                    "registered_on": registered_on.isoformat(),
                    "title": f"{title}（演示）",
                    "contract_type": contract_type,
                    "subtype": subtype,
                    "seller_name": seller_name,
                    "seller_uscc": _uscc(seller_body),
                    "seller_entity_nature": seller_nature,
                    "buyer_name": f"演示买方单位{(n * 7) % 23 + 1}有限公司",
                    "buyer_uscc": _uscc(f"91650204MA{(n * 7) % 23 + 1:07d}"),
                    "buyer_region_code": rng.choice(BUYER_REGIONS),
                    "buyer_entity_nature": rng.choice(["110", "150", "160", "170"]),
                    "contract_amount": f"{amount}",
                    "technology_amount": f"{(amount * tech_share).quantize(Decimal('0.01'))}",
                    "signed_on": signed_on.isoformat(),
                    "valid_from": signed_on.isoformat(),
                    "valid_until": (signed_on + datetime.timedelta(days=365 * years)).isoformat(),
                    "technical_field": field,
                    "ip_type": ip_type,
                }
            )
    return result


def as_csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows())
    return out.getvalue().encode("utf-8")


def seed(out) -> list:
    result = import_contracts(as_csv(), "demo-history.csv", demo=True)
    for year, amount in TARGETS.items():
        AnnualTarget.objects.get_or_create(
            year=year, defaults={"contract_amount": amount, "note": "全年成交额突破 15 亿元"}
        )
    out.write(f"  历史登记（演示，2024–2026）：{result}")
    return []
