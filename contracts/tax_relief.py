"""The tax relief that registration unlocks (DOMAIN.md): VAT exemption for development,
transfer and licence contracts; enterprise income-tax relief for the transfer, or a
licence of five years or more, of a patent or one of the listed rights."""

import datetime

from contracts.choices import ContractType, Subtype

# Rights whose transfer or long licence qualifies for the enterprise income-tax relief.
INCOME_TAX_IP_TYPES = frozenset(
    {"patent", "software_copyright", "ic_layout", "plant_variety", "biomedical_variety"}
)
# A patent *application* right and technical secrets are not among the listed rights.
INCOME_TAX_EXCLUDED_SUBTYPES = frozenset(
    {Subtype.TECHNICAL_SECRET, Subtype.PATENT_APPLICATION_RIGHT}
)
VAT_EXEMPT_TYPES = frozenset(
    {ContractType.DEVELOPMENT, ContractType.TRANSFER, ContractType.LICENSE}
)
LICENCE_YEARS = 5


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def licence_lasts_five_years(valid_from, valid_until) -> bool:
    """A licence valid 2025-01-01 → 2029-12-31 (both days included) lasts five years."""
    if not (valid_from and valid_until):
        return False
    return valid_until + datetime.timedelta(days=1) >= _years_later(valid_from, LICENCE_YEARS)


def tax_relief(
    *, registered: bool, contract_type: str, subtype: str, ip_type: str, valid_from, valid_until
) -> dict[str, bool]:
    """The relief flags of a contract; nothing unless registered."""
    if not registered:
        return {"vat_exempt": False, "income_tax_relief": False}
    vat_exempt = contract_type in VAT_EXEMPT_TYPES
    qualifying_right = (
        ip_type in INCOME_TAX_IP_TYPES and subtype not in INCOME_TAX_EXCLUDED_SUBTYPES
    )
    income = qualifying_right and (
        contract_type == ContractType.TRANSFER
        or (
            contract_type == ContractType.LICENSE
            and licence_lasts_five_years(valid_from, valid_until)
        )
    )
    return {"vat_exempt": vat_exempt, "income_tax_relief": bool(income)}
