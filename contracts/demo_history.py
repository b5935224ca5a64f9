"""Demonstration history: 2024 – December 2026 registrations up to today, loaded through
`import_contracts`; registrations made elsewhere with a local buyer (吸纳), loaded through
`import_absorbed`; and two registrations of 2026 ended afterwards, so that their months
show a revision.

Fictional contracts (names carry 演示) whose January–March 2025 figures match what the
center published: 30 contracts, above 3.2 亿元, growth of 11× (+1100 %) on January–March
2024. The rest of both years is plausible, not published. Generated from a fixed seed, so
loading it again imports nothing new. The tables it draws from are in `contracts/demo/`
(history-*.csv: the monthly counts and amounts, the sellers, the kinds of contract, the
buyers' regions, the annual targets, the absorbed contracts, the ended registrations).
Rows dated after today are left out, so that the running month is partial as it would be.
"""

import csv
import datetime
import io
import random
from decimal import Decimal

from django.utils import timezone

from accounts.validators import uscc_check_character
from common import demodata
from contracts import numbering
from contracts.importing import ABSORBED_COLUMNS, COLUMNS, import_absorbed, import_contracts
from contracts.models import AnnualTarget, Contract, RegistrationState
from contracts.services.statistics import compute_stats

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


def _csv(columns, data) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue().encode("utf-8")


def as_csv(today: datetime.date | None = None) -> bytes:
    """The history up to `today` (default: today), as `import_contracts` reads it."""
    until = (today or timezone.localdate()).isoformat()
    return _csv(COLUMNS, [row for row in rows() if row["registered_on"] <= until])


def absorbed_rows() -> list[dict]:
    result = []
    for n, row in enumerate(_table("history-absorbed.csv"), start=1):
        day = datetime.date.fromisoformat(row["registered_on"])
        amount = Decimal(row["contract_amount"])
        signed_on = day - datetime.timedelta(days=20)
        region = row["region_code"]
        result.append(
            {
                "registration_number": f"{day.year}{region[:4]}01{n:06d}",
                "registered_on": row["registered_on"],
                "registering_office": row["office"],
                "title": row["title"],
                "contract_type": row["contract_type"],
                "subtype": row["subtype"],
                "seller_name": row["seller_name"],
                "seller_uscc": _uscc(f"91{region}MA7AB{n:04d}"),
                "seller_entity_nature": "150",
                "buyer_name": f"演示买方单位{n}有限公司",
                "buyer_uscc": _uscc(f"91650203MA{n + 40:07d}"),
                "buyer_region_code": "650203",
                "buyer_entity_nature": BUYER_NATURES[n % len(BUYER_NATURES)],
                "contract_amount": f"{amount}",
                "technology_amount": f"{(amount * Decimal('0.9')).quantize(Decimal('0.01'))}",
                "signed_on": signed_on.isoformat(),
                "valid_from": signed_on.isoformat(),
                "valid_until": (signed_on + datetime.timedelta(days=730)).isoformat(),
                "technical_field": row["technical_field"],
                "ip_type": row["ip_type"],
            }
        )
    return result


def absorbed_csv(today: datetime.date | None = None) -> bytes:
    until = (today or timezone.localdate()).isoformat()
    return _csv(ABSORBED_COLUMNS, [r for r in absorbed_rows() if r["registered_on"] <= until])


def _end_registrations() -> int:
    """Cancel or revoke the listed demo registrations once (10a's services do this for
    real); the recomputation of their published months records the revision."""
    ended = 0
    for row in _table("history-revisions.csv"):
        changed = Contract.objects.filter(
            registration_number=row["registration_number"],
            is_demo=True,
            registration_state=RegistrationState.ACTIVE,
        )
        contract = changed.first()
        if contract is None or not changed.update(registration_state=row["state"]):
            continue
        compute_stats(
            contract.registered_on.year, contract.registered_on.month, reason=row["reason"]
        )
        ended += 1
    return ended


def seed(out) -> list:
    result = import_contracts(as_csv(), "demo-history.csv", demo=True)
    absorbed = import_absorbed(absorbed_csv(), "demo-absorbed.csv")
    ended = _end_registrations()
    for target in _table("history-targets.csv"):
        AnnualTarget.objects.get_or_create(
            year=int(target["year"]),
            defaults={
                "contract_amount": Decimal(target["contract_amount"]),
                "note": target["note"],
            },
        )
    out.write(f"  历史登记（演示，2024–2026）：{result}")
    out.write(f"  外地登记的吸纳合同（演示）：{absorbed}")
    if ended:
        out.write(f"  注销、撤销的演示登记：{ended} 项（相关月份数据已修订）")
    return []
