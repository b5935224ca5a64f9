"""Historical registrations for the statistics tests, and the brute-force recount that
the stored monthly table is compared with."""

import csv
import datetime
import io
import random
from collections import defaultdict
from decimal import Decimal

from accounts.demo import demo_uscc
from contracts.importing import COLUMNS, import_contracts
from contracts.models import AbsorbedContract, Contract, MonthlyBreakdown, MonthlyStat
from contracts.selectors.statistics import DIMENSIONS

TYPES = {
    "development": ["commissioned", "cooperative"],
    "transfer": ["patent_right", "technical_secret"],
    "license": ["patent_nonexclusive", "other_ip"],
    "consulting": ["consulting"],
    "service": ["service", "training"],
}
FIELDS = ["new_energy", "advanced_manufacturing", "new_materials", "electronics_information"]
NATURES = ["110", "150", "170", "021", "022"]
IP_TYPES = {
    "patent_right": "patent",
    "patent_nonexclusive": "patent",
    "technical_secret": "technical_secret",
}


def history_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def history_row(n: int, registered_on: datetime.date, amount: Decimal, rng: random.Random) -> dict:
    contract_type = rng.choice(list(TYPES))
    subtype = rng.choice(TYPES[contract_type])
    tech = (amount * Decimal(rng.choice([100, 90, 75, 60])) / 100).quantize(Decimal("0.01"))
    signed = registered_on - datetime.timedelta(days=rng.randint(0, 40))
    return {
        "registration_number": f"{registered_on.year}650201{n:06d}",
        "registered_on": registered_on.isoformat(),
        "title": f"历史合同{n}",
        "contract_type": contract_type,
        "subtype": subtype,
        "seller_name": f"卖方{n % 7}",
        "seller_uscc": demo_uscc(f"91650203MA7QEL{n % 7:03d}"),
        "seller_entity_nature": rng.choice(NATURES),
        "buyer_name": f"买方{n}",
        "buyer_uscc": demo_uscc(f"91650204MA{n:07d}"),
        "buyer_region_code": rng.choice(["650203", "650204", "310110", "110108"]),
        "buyer_entity_nature": rng.choice(NATURES),
        "contract_amount": f"{amount}",
        "technology_amount": f"{tech}",
        "signed_on": signed.isoformat(),
        "valid_from": signed.isoformat(),
        "valid_until": (signed + datetime.timedelta(days=365)).isoformat(),
        "technical_field": rng.choice(FIELDS),
        "ip_type": IP_TYPES.get(subtype, "none"),
    }


def _place(country: str, region: str) -> str:
    """Where a party is, written out the slow obvious way (not the services' helper)."""
    if country != "156":
        return "abroad:" + country
    if region[:4] == "6502":
        return "city"
    if region[:2] == "65":
        return "region"
    if region[:2].isdigit() and len(region) >= 2:
        return "province:" + region[:2]
    return "unknown"


def _keys_of(c) -> dict:
    return {
        "contract_type": c.contract_type,
        "technical_field": c.technical_field,
        "seller_entity_nature": c.seller_entity_nature,
        "ip_type": c.ip_type,
        "subtype": f"{c.contract_type}.{c.subtype}",
        "buyer_entity_nature": c.buyer_entity_nature,
        "seller_country": c.seller_country_code,
        "buyer_location": _place(c.buyer_country_code, c.buyer_region_code),
        "registered_day": f"{c.registered_on.day:02d}",
        # Issue 17: brokered once the named technology manager confirmed it.
        "broker": "with" if c.broker_id and c.broker_confirmed_at else "without",
    }


def brute_force() -> tuple[dict, dict]:
    """Recount in Python from every registered, standing contract and every absorbed
    import, the slow obvious way."""
    totals = defaultdict(lambda: [0, Decimal(0), Decimal(0), 0, Decimal(0)])
    breakdowns = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for c in Contract.objects.all():
        if c.status != "registered" or c.registration_state not in ("active", "changed"):
            continue
        key = (c.registered_on.year, c.registered_on.month)
        t = totals[key]
        t[0] += 1
        t[1] += c.contract_amount
        t[2] += c.technology_amount
        if c.buyer_region_code.startswith("6502"):
            t[3] += 1
            t[4] += c.contract_amount
        for dimension, value in _keys_of(c).items():
            b = breakdowns[(*key, dimension, value or "")]
            b[0] += 1
            b[1] += c.contract_amount
            b[2] += c.technology_amount
    for a in AbsorbedContract.objects.all():
        b = breakdowns[
            (a.registered_on.year, a.registered_on.month, "absorbed_location",
             _place("156", a.seller_region_code))
        ]  # fmt: skip
        b[0] += 1
        b[1] += a.contract_amount
        b[2] += a.technology_amount
    assert set(DIMENSIONS) == {
        *_keys_of(Contract(registered_on=datetime.date.today())),
        "absorbed_location",
    }
    return {k: tuple(v) for k, v in totals.items() if v[0]}, {
        k: tuple(v) for k, v in breakdowns.items()
    }


def stored() -> tuple[dict, dict]:
    totals = {
        (s.year, s.month): (
            s.contracts, s.contract_amount, s.technology_amount, s.local_contracts,
            s.local_contract_amount,
        )
        for s in MonthlyStat.objects.all()
        if s.contracts
    }  # fmt: skip
    breakdowns = {
        (b.year, b.month, b.dimension, b.key): (b.contracts, b.contract_amount, b.technology_amount)
        for b in MonthlyBreakdown.objects.all()
    }
    return totals, breakdowns


def import_history(rows):
    import_contracts(history_csv(rows), "h.csv")
