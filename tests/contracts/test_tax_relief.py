"""The tax relief that registration unlocks."""

import datetime

import pytest

from contracts.tax_relief import licence_lasts_five_years, tax_relief

D = datetime.date


@pytest.mark.parametrize(
    ("contract_type", "subtype", "ip_type", "years", "expected"),
    [
        ("development", "commissioned", "none", 1, (True, False)),
        ("transfer", "patent_right", "patent", 1, (True, True)),
        ("transfer", "other_ip", "software_copyright", 1, (True, True)),
        ("transfer", "technical_secret", "technical_secret", 1, (True, False)),
        ("transfer", "patent_application_right", "patent", 1, (True, False)),
        ("license", "patent_exclusive", "patent", 5, (True, True)),
        ("license", "patent_exclusive", "patent", 4, (True, False)),
        ("license", "other_ip", "plant_variety", 5, (True, True)),
        ("consulting", "consulting", "none", 5, (False, False)),
        ("service", "training", "none", 5, (False, False)),
    ],
)
def test_tax_relief_flags(contract_type, subtype, ip_type, years, expected):
    start = D(2025, 1, 1)
    until = D(2025 + years, 1, 1) - datetime.timedelta(days=1)
    terms = {
        "contract_type": contract_type,
        "subtype": subtype,
        "ip_type": ip_type,
        "valid_from": start,
        "valid_until": until,
    }
    flags = tax_relief(registered=True, **terms)
    assert (flags["vat_exempt"], flags["income_tax_relief"]) == expected
    assert tax_relief(registered=False, **terms) == {
        "vat_exempt": False,
        "income_tax_relief": False,
    }


def test_a_licence_one_day_short_of_five_years_is_not_long_enough():
    assert licence_lasts_five_years(D(2025, 1, 1), D(2029, 12, 31))
    assert not licence_lasts_five_years(D(2025, 1, 1), D(2029, 12, 30))
    assert licence_lasts_five_years(D(2024, 2, 29), D(2029, 2, 27))
