"""Thousands of organisations: the directory team's lists come in pages and can be searched."""

from __future__ import annotations

from datetime import date

import pytest

from directory.manage.views import CHECKS_PER_PAGE, ORGANISATIONS_PER_PAGE
from directory.models import Organization, Service
from tests.helpers import assert_govuk_page
from tests.manage.conftest import sign_in


def _organisations(session, count: int) -> None:
    for n in range(count):
        org = Organization(name=f"Cedar group {n:03d}", description="For tests.")
        org.services.append(Service(name=f"Cedar drop-in {n:03d}", assured_date=None))
        session.add(org)
    session.commit()


def _org_names(soup) -> list[str]:
    return [h.get_text(strip=True) for h in soup.select("main h3 a")]


def test_the_teams_organisation_list_comes_a_page_at_a_time(client, session, world):
    _organisations(session, ORGANISATIONS_PER_PAGE)  # with Alder and Birch: two pages
    sign_in(client, "admin@example.org")

    first = assert_govuk_page(client.get("/manage/"))
    second = assert_govuk_page(client.get("/manage/?page=2"))

    total = ORGANISATIONS_PER_PAGE + 2
    assert f"{total} organisations" in first.get_text()
    assert len(_org_names(first)) == ORGANISATIONS_PER_PAGE
    assert _org_names(first)[:2] == ["Alder Peer Network", "Birch Advocacy"]
    assert _org_names(second) == ["Cedar group 018", "Cedar group 019"]
    assert first.select_one(".govuk-pagination__next a")["href"] == "/manage/?page=2"
    assert client.get("/manage/?page=3").status_code == 404


def test_the_team_finds_an_organisation_by_its_name_or_a_service_name(client, session, world):
    _organisations(session, 30)
    sign_in(client, "admin@example.org")

    by_org = assert_govuk_page(client.get("/manage/", query_string={"q": "birch ADVOCACY"}))
    by_service = assert_govuk_page(client.get("/manage/", query_string={"q": "drop-in 017"}))
    nothing = assert_govuk_page(client.get("/manage/", query_string={"q": "100%_"}))

    assert _org_names(by_org) == ["Birch Advocacy"]
    assert _org_names(by_service) == ["Cedar group 017"]
    assert _org_names(nothing) == []
    assert "No organisation or service has “100%_” in its name." in nothing.get_text()


def test_an_editor_sees_only_their_organisation_and_no_finder(client, session, world):
    _organisations(session, 3)
    sign_in(client, "editor.a@example.org")

    soup = assert_govuk_page(client.get("/manage/"))

    assert [h.get_text(strip=True) for h in soup.select("main h2 a")] == ["Alder Peer Network"]
    assert soup.find("input", {"name": "q"}) is None


def test_listings_due_for_checking_come_a_page_at_a_time_oldest_first(client, session, world):
    _organisations(session, CHECKS_PER_PAGE)  # never checked, so before Alder and Birch
    for service in (world.service_a, world.service_b):
        session.get(Service, service.id).assured_date = date(2020, 1, 1)
    session.commit()
    sign_in(client, "admin@example.org")

    first = assert_govuk_page(client.get("/manage/checks")).get_text()
    second = assert_govuk_page(client.get("/manage/checks?page=2")).get_text()
    dashboard = assert_govuk_page(client.get("/manage/")).get_text()

    assert f"{CHECKS_PER_PAGE + 2} listings not checked" in first
    assert "Cedar drop-in 049" in first and "Alder hearing voices group" not in first
    assert "Alder hearing voices group" in second and "Birch advocacy service" in second
    assert "Cedar drop-in" not in second
    assert f"{CHECKS_PER_PAGE + 2} listings due for checking" in dashboard


# Superscript two, full-width 12, Arabic-Indic 3: not ASCII digits, so not a page number.
@pytest.mark.parametrize("page", ["\u00b2", "\uff11\uff12", "\u0663"])
@pytest.mark.parametrize("path", ["/manage/", "/manage/checks"])
def test_the_teams_lists_read_a_page_in_other_digits_as_the_first(client, world, path, page):
    sign_in(client, "admin@example.org")

    first = assert_govuk_page(client.get(path)).get_text()
    assert assert_govuk_page(client.get(path, query_string={"page": page})).get_text() == first
