"""The review deadline: 15 working days from submission, 30 for large or disputed contracts
(expert review), counted on the official calendar (public holidays and 调休 make-up working days)."""

import datetime
import functools
import logging
from decimal import Decimal

import chinese_calendar

logger = logging.getLogger(__name__)

LARGE_CONTRACT_AMOUNT = Decimal("5000000")
REVIEW_WORKING_DAYS = 15
REVIEW_WORKING_DAYS_LARGE = 30


@functools.cache
def _warn_unknown_year(year: int) -> None:
    # Once per year and process: a deadline loop asks about every day of the year, and the
    # fact (the package lacks the year's holidays) is the same each time.
    logger.warning(
        "chinesecalendar has no data for %s; counting Monday–Friday as working days. "
        "Upgrade the chinesecalendar package once the State Council publishes the year.",
        year,
    )


def is_working_day(day: datetime.date) -> bool:
    """Official calendar (holidays and 调休 make-up days); Mon–Fri for unknown years."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the start day itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def needs_expert_review(technology_amount: Decimal | None, disputed: bool = False) -> bool:
    """管理办法 art. 14: large contracts and disputed ones go through expert review."""
    large = technology_amount is not None and technology_amount >= LARGE_CONTRACT_AMOUNT
    return large or disputed


def review_due_on(
    submitted_on: datetime.date, technology_amount: Decimal | None, disputed: bool = False
) -> datetime.date:
    """15 working days from acceptance; 30 when experts review (large or disputed)."""
    return add_working_days(
        submitted_on,
        REVIEW_WORKING_DAYS_LARGE
        if needs_expert_review(technology_amount, disputed)
        else REVIEW_WORKING_DAYS,
    )
