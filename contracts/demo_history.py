"""Demonstration history: 2024 – October 2026 registrations, loaded through `import_contracts`.

Fictional contracts (names carry 演示) whose January–March 2025 figures match what the
center published: 30 contracts, above 3.2 亿元, growth of 11× (+1100 %) on January–March
2024. The rest of both years is plausible, not published. Generated from a fixed seed, so
loading it again imports nothing new. The tables it draws from are in `contracts/demo/`
(history-*.csv: the monthly counts and amounts, the sellers, the kinds of contract, the
buyers' regions, the annual targets).
"""

import csv
import datetime
import io
import random
from decimal import Decimal

from accounts.validators import uscc_check_character
from common import demodata
from contracts import numbering
from contracts.importing import COLUMNS, import_contracts
from contracts.models import AnnualTarget

# Choices of the generator (not content): technology share, years of validity, natures.
TECH_SHARES = (100, 100, 95, 85, 70)
VALID_YEARS = (1, 2, 3, 5, 6)
BUYER_NATURES = ("110", "150", "160", "170")


def _table(name: str) -> list[dict]:
    return demodata.read("contracts", name)


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
    months = _table("history-months.csv")
    sellers = _table("history-sellers.csv")
    kinds = _table("history-kinds.csv")
    regions = [row["region_code"] for row in _table("history-buyer-regions.csv")]
    result = []
    sequence = {int(row["year"]): 0 for row in months}
    for row in months:
        year, month, count = int(row["year"]), int(row["month"]), int(row["contracts"])
        days = sorted(rng.randint(1, 28) for _ in range(count))
        for day, amount in zip(
            days, _split(Decimal(row["contract_amount"]), count, rng), strict=True
        ):
            sequence[year] += 1
            n = sequence[year]
            registered_on = datetime.date(year, month, day)
            signed_on = registered_on - datetime.timedelta(days=rng.randint(5, 40))
            kind = rng.choice(kinds)
            seller = rng.choice(sellers)
            tech_share = Decimal(rng.choice(TECH_SHARES)) / 100
            years = rng.choice(VALID_YEARS)
            result.append(
                {
                    "registration_number": numbering.format_number(year=year, sequence=n),
                    "registered_on": registered_on.isoformat(),
                    "title": f"{kind['title']}（演示）",
                    "contract_type": kind["contract_type"],
                    "subtype": kind["subtype"],
                    "seller_name": seller["name"],
                    "seller_uscc": _uscc(seller["uscc_body"]),
                    "seller_entity_nature": seller["entity_nature"],
                    "buyer_name": f"演示买方单位{(n * 7) % 23 + 1}有限公司",
                    "buyer_uscc": _uscc(f"91650204MA{(n * 7) % 23 + 1:07d}"),
                    "buyer_region_code": rng.choice(regions),
                    "buyer_entity_nature": rng.choice(BUYER_NATURES),
                    "contract_amount": f"{amount}",
                    "technology_amount": f"{(amount * tech_share).quantize(Decimal('0.01'))}",
                    "signed_on": signed_on.isoformat(),
                    "valid_from": signed_on.isoformat(),
                    "valid_until": (signed_on + datetime.timedelta(days=365 * years)).isoformat(),
                    "technical_field": kind["technical_field"],
                    "ip_type": kind["ip_type"],
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
    for target in _table("history-targets.csv"):
        AnnualTarget.objects.get_or_create(
            year=int(target["year"]),
            defaults={
                "contract_amount": Decimal(target["contract_amount"]),
                "note": target["note"],
            },
        )
    out.write(f"  历史登记（演示，2024–2026）：{result}")
    return []
