"""The review deadline on the official working-day calendar."""

import datetime
import logging
from decimal import Decimal

from contracts import deadlines
from contracts.deadlines import add_working_days, review_due_on

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
    deadlines._warn_unknown_year.cache_clear()  # said once a process: say it here
    with caplog.at_level(logging.WARNING, logger="contracts.deadlines"):
        # 2099-01-02 is a Friday; the next weekday is Monday 5 January.
        assert add_working_days(D(2099, 1, 2), 1) == D(2099, 1, 5)
    assert "2099" in caplog.text
