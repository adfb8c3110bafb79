"""When search counts may be published, and the fixed noise each published figure carries.

Counts are published by calendar month, and only once the month is closed and a week has
passed: no published figure can change after it appears, so nobody can search and watch a
figure move. Each figure also carries noise derived from a keyed hash of the secret key, the
month, the area and the category: the same every time it is read (so reading it again and
averaging gives nothing), different for every cell and month, and unknown without the key.
The noise follows a two-sided geometric distribution, so any figure a month with one more
search could show, the month without it could show too, and almost as often.

Flask-free: the finder's counting uses `still_counting` to drop late counts, the gaps pages
publish; both go by `today()`.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import date, timedelta

# Days after a month ends before its figures appear: late counts kept in a worker's buffer
# while the database was locked have landed by then, and are dropped after it.
PUBLISH_AFTER_DAYS = 7
# Privacy loss per published figure: the chance of showing any given figure changes by at most
# a factor e^EPSILON with one search more or fewer.
EPSILON = 0.5
# Figures under this, after noise, are neither shown nor listed.
THRESHOLD = 10
ROUND_TO = 5
# Years a month may be asked for: no search was counted before 2000, none after 2999 can be
# published yet, and at the calendar's own ends (years 1 and 9999) date arithmetic overflows.
YEARS = range(2000, 3000)
# Months offered in the month list: two years.
MAX_MONTHS = 24


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month: the period search counts are published for."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        """The month holding `day`."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """The month written "2026-03", or None if `text` is not one (or its year is not in
        YEARS)."""
        year, _, month = text.partition("-")
        if not (len(year) == 4 and len(month) == 2 and (year + month).isascii()):
            return None
        if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
            return None
        if int(year) not in YEARS:
            return None
        return cls(int(year), int(month))

    @property
    def first_day(self) -> date:
        """Its first day."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """Its last day."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        """How URLs and file names write it: "2026-03"."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """How a page names it: "March 2026"."""
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def previous(self) -> Month:
        """The month before."""
        return Month.of(self.first_day - timedelta(days=1))

    def published_on(self) -> date:
        """The first day its figures may be shown."""
        return self.last_day + timedelta(days=1 + PUBLISH_AFTER_DAYS)


def today() -> date:
    """The day counting and publishing both go by (one place, so tests can set it)."""
    return date.today()


def requested_month(text: str | None, today: date) -> Month | None:
    """The month asked for ("2026-03"), by default the latest published on `today`; None if
    `text` is not a month, or that month is not yet published."""
    if text is None:
        return latest_published(today)
    month = Month.parse(text)
    return month if month is not None and is_published(month, today) else None


def published_months(first_search: date | None, chosen: Month, today: date) -> list[Month]:
    """The months to offer, newest first: every published one back to the month of
    `first_search` (at most MAX_MONTHS), and `chosen` even if older."""
    months = [latest_published(today)]
    while (
        first_search is not None
        and len(months) < MAX_MONTHS
        and months[-1] > Month.of(first_search)
    ):
        months.append(months[-1].previous)
    return months if chosen in months else [*months, chosen]


def latest_published(today: date) -> Month:
    """The most recent month whose figures may be shown on `today`."""
    month = Month.of(today).previous
    return month if month.published_on() <= today else month.previous


def is_published(month: Month, today: date) -> bool:
    """Whether `month` is closed and its delay over on `today`."""
    return month.published_on() <= today


def still_counting(day: date, today: date) -> bool:
    """Whether a count for `day` may still be written on `today` (its month is unpublished)."""
    return not is_published(Month.of(day), today)


def keyed_noise(secret: str, *cell: str, epsilon: float = EPSILON) -> int:
    """Fixed two-sided geometric noise for one published cell: P(n) is proportional to
    e^(-epsilon * |n|), drawn from HMAC-SHA256(secret, cell) instead of a random source."""
    digest = hmac.new(secret.encode(), "\x1f".join(cell).encode(), hashlib.sha256).digest()
    alpha = math.exp(-epsilon)
    # Two uniforms in (0, 1] make two geometric draws; their difference is two-sided.
    u1 = (int.from_bytes(digest[:8], "big") + 1) / 2**64
    u2 = (int.from_bytes(digest[8:16], "big") + 1) / 2**64
    return math.floor(math.log(u1) / math.log(alpha)) - math.floor(math.log(u2) / math.log(alpha))


def published_figure(count: int, noise: int) -> int | None:
    """What a cell shows: count plus its noise, rounded to ROUND_TO; None (withheld) under
    THRESHOLD. Withholding and rounding come after the noise, so they reveal nothing more."""
    noisy = count + noise
    if noisy < THRESHOLD:
        return None
    return math.floor(noisy / ROUND_TO + 0.5) * ROUND_TO
