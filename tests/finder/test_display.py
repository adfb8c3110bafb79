"""What the service page says about hours, routes in and how old a listing is."""

from __future__ import annotations

from datetime import date, time

import pytest

from directory.finder.display import check_status, clock, describe_schedule, long_date, tel_href
from directory.models import Schedule, Service, Verification, VerificationMethod

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("value", "text"),
    [(time(9), "9am"), (time(17, 30), "5:30pm"), (time(12), "midday"), (time(0), "midnight")],
)
def test_times_read_the_gov_uk_way(value, text):
    assert clock(value) == text


def test_dates_read_the_gov_uk_way():
    assert long_date(date(2026, 3, 3)) == "3 March 2026"


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (Schedule(byday="TU", opens_at=time(18), closes_at=time(20)), "Tuesdays, 6pm to 8pm"),
        (Schedule(byday="MO,WE,FR", opens_at=time(10), closes_at=time(16)),
         "Mondays, Wednesdays and Fridays, 10am to 4pm"),
        (Schedule(byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(0), closes_at=time(23, 59)),
         "Every day, 24 hours"),
        (Schedule(freq="MONTHLY", byday="1WE", opens_at=time(14), closes_at=time(16)),
         "the first Wednesday of the month, 2pm to 4pm"),
        (Schedule(description="Term time only", byday="MO"), "Term time only"),
        (Schedule(), "Times not given"),
    ],
)  # fmt: skip
def test_opening_hours_in_words(schedule, text):
    assert describe_schedule(schedule) == text


def _checked(source_date: date | None, method=VerificationMethod.PUBLIC_WEB_PAGE) -> Service:
    verification = Verification(
        method=method, verified_by="Waymark team", checked_on=TODAY, source_date=source_date
    )
    return Service(name="X", is_example=False, assured_date=source_date,
                   verifications=[verification])  # fmt: skip


def test_a_recent_source_is_not_stale():
    status = check_status(_checked(date(2026, 6, 1)), TODAY)

    assert not status.stale
    assert "dated 1 June 2026" in status.text


def test_a_month_only_source_date_is_shown_as_a_month():
    service = _checked(date(2020, 3, 1))
    service.verifications[0].source_date_precision = "month"

    assert "dated March 2020," in check_status(service, TODAY).text


def test_a_source_over_a_year_old_is_stale():
    assert check_status(_checked(date(2025, 11, 1)), TODAY).stale


def test_an_undated_source_is_stale_and_says_so():
    status = check_status(_checked(None), TODAY)

    assert status.stale
    assert "shows no date" in status.text


def test_a_listing_never_checked_is_stale():
    assert check_status(Service(name="X", is_example=False, verifications=[]), TODAY).stale


def test_an_example_says_it_is_made_up_and_is_not_flagged_stale():
    status = check_status(Service(name="X", is_example=True, verifications=[]), TODAY)

    assert status.is_example and not status.stale
    assert "made up" in status.text


@pytest.mark.parametrize(
    ("number", "href"), [("116 123", "tel:116123"), ("08 08 16 89 111", "tel:08081689111")]
)
def test_phone_links_hold_digits_only(number, href):
    assert tel_href(number) == href
