import datetime
import logging
from decimal import Decimal

import pytest

from contracts import validators
from contracts.validators import (
    add_working_days,
    licence_lasts_five_years,
    review_due_on,
    tax_relief,
)

D = datetime.date


def test_national_day_week_2025_is_skipped_and_the_make_up_saturday_counts():
    # 2025-09-30 (Tue) + 1 working day: 1–8 Oct are holidays → Thu 9 Oct.
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    # Saturday 11 Oct 2025 is a 调休 working day: Fri 10 Oct + 1 → Sat 11 Oct.
    assert add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 11)
    # Sunday 28 Sep 2025 is a make-up working day too.
    assert add_working_days(D(2025, 9, 27), 1) == D(2025, 9, 28)


def test_spring_festival_2026_is_skipped():
    # Holidays 15–23 Feb 2026; Saturday 14 Feb and Saturday 28 Feb are working days.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_fifteen_working_days_or_thirty_for_large_contracts():
    # Submitted Mon 15 Sep 2025: 12 working days to 30 Sep (counting Sun 28 Sep), none in
    # 1–8 Oct, then Thu 9, Fri 10 and the make-up Saturday 11 Oct as the 15th.
    assert review_due_on(D(2025, 9, 15), Decimal("4999999.99")) == D(2025, 10, 11)
    assert review_due_on(D(2025, 9, 15), Decimal("5000000")) == D(2025, 10, 31)
    assert review_due_on(D(2025, 9, 15), None) == D(2025, 10, 11)


def test_an_unknown_year_falls_back_to_monday_to_friday(caplog):
    with caplog.at_level(logging.WARNING, logger="contracts.validators"):
        # 2099-01-02 is a Friday; the next weekday is Monday 5 January.
        assert add_working_days(D(2099, 1, 2), 1) == D(2099, 1, 5)
    assert "2099" in caplog.text


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
    flags = tax_relief(
        registered=True,
        contract_type=contract_type,
        subtype=subtype,
        ip_type=ip_type,
        valid_from=start,
        valid_until=until,
    )
    assert (flags["vat_exempt"], flags["income_tax_relief"]) == expected
    unregistered = tax_relief(
        registered=False,
        contract_type=contract_type,
        subtype=subtype,
        ip_type=ip_type,
        valid_from=start,
        valid_until=until,
    )
    assert unregistered == {"vat_exempt": False, "income_tax_relief": False}


def test_a_licence_one_day_short_of_five_years_is_not_long_enough():
    assert licence_lasts_five_years(D(2025, 1, 1), D(2029, 12, 31))
    assert not licence_lasts_five_years(D(2025, 1, 1), D(2029, 12, 30))
    assert licence_lasts_five_years(D(2024, 2, 29), D(2029, 2, 27))


def test_the_pdf_check_reads_the_bytes():
    assert validators.attachment_problem("a.pdf", 10, b"%PDF-") is None
    assert "PDF" in validators.attachment_problem("a.pdf", 10, b"<html")
    assert validators.attachment_problem("a.pdf", 0, b"") is not None
