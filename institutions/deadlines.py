"""Working days on the official calendar (public holidays and 调休 make-up working days),
for the enquiry reminders. The same rule as contracts/deadlines.py, which this app may
not import (the two are siblings in the layers)."""

import datetime
import logging

import chinese_calendar

logger = logging.getLogger(__name__)


def is_working_day(day: datetime.date) -> bool:
    """Official calendar; Monday–Friday for a year the package has no data for."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning("chinesecalendar has no data for %s; counting Monday–Friday.", day.year)
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
