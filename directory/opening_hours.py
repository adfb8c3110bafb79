"""Is a service open at a given moment? Schedules compressed to a short string the index stores.

Format: rules separated by ";", each "DAYS HHMM-HHMM" where DAYS is "MO,TU" (weekly) or "1WE" /
"-1FR" (monthly: nth weekday). Times are Europe/London wall-clock times, as listings give them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from directory.models import Schedule

LONDON = ZoneInfo("Europe/London")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def encode(schedules: Iterable[Schedule]) -> str:
    """The rules of `schedules` that have days and times, as one string ("" when none do)."""
    rules = []
    for schedule in schedules:
        if schedule.byday and schedule.opens_at and schedule.closes_at:
            days = schedule.byday.replace(" ", "")
            rules.append(f"{days} {schedule.opens_at:%H%M}-{schedule.closes_at:%H%M}")
    return ";".join(rules)


def _nth_weekday_matches(prefix: str, moment: datetime) -> bool:
    n = int(prefix)
    if n > 0:
        return (moment.day - 1) // 7 + 1 == n
    next_week = moment + timedelta(days=7)
    return next_week.month != moment.month and n == -1


def is_open(encoded: str, moment: datetime) -> bool:
    """Whether the rules in `encoded` include `moment` (converted to London time)."""
    if not encoded:
        return False
    # Many services share hours, and a search asks about one moment: cache by the minute.
    return _is_open(encoded, moment.astimezone(LONDON).replace(second=0, microsecond=0))


@lru_cache(maxsize=4096)
def _is_open(encoded: str, local: datetime) -> bool:
    today = DAY_CODES[local.weekday()]
    clock = local.time().replace(second=0, microsecond=0)
    for rule in encoded.split(";"):
        days, _, hours = rule.partition(" ")
        opens_text, _, closes_text = hours.partition("-")
        opens = time(int(opens_text[:2]), int(opens_text[2:]))
        closes = time(int(closes_text[:2]), int(closes_text[2:]))
        for day in days.split(","):
            code, prefix = day[-2:], day[:-2]
            if code != today or (prefix and not _nth_weekday_matches(prefix, local)):
                continue
            # 23:59 closing means "until midnight".
            if opens <= clock and (clock < closes or closes == time(23, 59)):
                return True
    return False
