"""Demonstration data: resident institutions and their results, read from `demo/`.

清华大学, 同济大学 and 中国石油大学（北京）克拉玛依校区 are named in the public record as
resident; their profiles here are short and their results invented for the demo. Every
other institution (about fifty in all, as the center has) is fictional, named with 示范 and
marked （演示）. All are flagged `is_demo` and say 演示.
The demo-institute account's organisation is linked to 示范石油工程研究院（演示）, which
gets a draft besides its published results and one enquiry, so its dashboard has content.

The files: `institutions.csv` (one row per institution), `results.csv` (one row per
result, `patents` being how many demo patent numbers it lists, `price` in yuan or empty
for 面议) and `demo-institute.json`. List cells hold codes separated by `|`.
"""

import datetime
from decimal import Decimal

from accounts.models import User
from common import demodata
from institutions.models import Enquiry, Institution, Result
from institutions.services import SYSTEM, enquiry_create, result_create, result_publish
from patents.validators import patent_check_character

DEMO_NOTE = "（演示数据：以下介绍与成果为演示用途编写，不代表该单位的真实信息。）"
DEMO_CONTACT = {"contact_name": "成果转化办公室", "contact_phone": "0990-6000000"}


def demo_patent(year: int, serial: int) -> str:
    digits = f"{year}1{serial:07d}"
    return f"{digits}.{patent_check_character(digits)}"


def _codes(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def institutions() -> list[dict]:
    """The institutions as `Institution` field values (the demo note not yet added)."""
    return [
        {
            **row,
            "resident_since": datetime.date.fromisoformat(row["resident_since"])
            if row["resident_since"]
            else None,
            "fields": _codes(row["fields"]),
        }
        for row in demodata.read("institutions", "institutions.csv")
    ]


def results() -> dict[str, list[dict]]:
    """Institution name → its results, each with the number of demo patents to list."""
    by_institution: dict[str, list[dict]] = {}
    for row in demodata.read("institutions", "results.csv"):
        by_institution.setdefault(row.pop("institution"), []).append(
            {
                **row,
                "trl": int(row["trl"]),
                "cooperation_modes": _codes(row["cooperation_modes"]),
                "price": Decimal(row["price"]) if row["price"] else None,
                "patents": int(row["patents"]),
            }
        )
    return by_institution


DEMO_MARK = "（演示）"


def _institution(values: dict) -> Institution:
    institution = Institution.objects.filter(name=values["name"]).first()
    if institution is None and values["name"].endswith(DEMO_MARK):
        # Seeded before invented names carried the mark: the same row, renamed.
        earlier = values["name"].removesuffix(DEMO_MARK)
        Institution.objects.filter(name=earlier, is_demo=True).update(name=values["name"])
        institution = Institution.objects.filter(name=values["name"]).first()
    if institution is None or (institution.organization_id and not institution.is_demo):
        # New, or the bare profile made when the demo institute's account was verified.
        institution = institution or Institution()
        for field, value in {
            **values,
            "introduction": f"{values['introduction']}\n\n{DEMO_NOTE}",
            **DEMO_CONTACT,
            "is_demo": True,
        }.items():
            setattr(institution, field, value)
        institution.full_clean()
        institution.save()
    return institution


def seed(out) -> list[tuple[str, str, str]]:
    demo_institute = demodata.read("institutions", "demo-institute.json")
    member = User.objects.filter(username=demo_institute["username"]).first()
    offered = results()
    serial = 1000
    for values in institutions():
        institution = _institution(values)
        is_demo_institute = institution.name == demo_institute["institution"]
        if (
            is_demo_institute
            and member is not None
            and institution.organization_id is None
            and not Institution.objects.filter(organization=member.organization).exists()
        ):
            institution.organization = member.organization
            institution.save(update_fields=["organization"])
        # The demo institute's results are its member's own; the others are the portal's.
        author = member if is_demo_institute and member else SYSTEM
        for result in offered[institution.name]:
            patents = result.pop("patents")
            numbers = [demo_patent(2021 + (serial + i) % 4, serial + i) for i in range(patents)]
            serial += 10
            if institution.results.filter(title=result["title"]).exists():
                continue
            created = result_create(
                institution=institution,
                data={
                    **result,
                    "description": f"{result['summary']}\n\n{DEMO_NOTE}",
                    "patent_numbers": numbers,
                    **DEMO_CONTACT,
                },
                by=author,
            )
            result_publish(result=created, by=author)

    demo = Institution.objects.filter(name=demo_institute["institution"]).first()
    if demo is not None and member is not None and demo.organization_id == member.organization_id:
        draft = demo_institute["draft"]
        if not demo.results.filter(title=draft["title"]).exists():
            result_create(institution=demo, data=draft, by=member)
        first = demo.results.published().order_by("id").first()
        enquiry = demo_institute["enquiry"]
        if first and not Enquiry.objects.filter(result=first, email=enquiry["email"]).exists():
            enquiry_create(target_type="result", target_id=first.pk, **enquiry)
    out.write(
        f"  {Institution.objects.count()} institutions, {Result.objects.count()} results, "
        f"{Enquiry.objects.count()} enquiries"
    )
    return []
