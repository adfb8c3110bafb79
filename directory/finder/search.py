"""Run a finder search: place from the gazetteer, ranked ids from the index, rows from the DB."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from math import ceil

from sqlalchemy.orm import Session

from directory.context import vocabulary
from directory.finder import queries
from directory.finder.params import PAGE_SIZE, RADIUS_CHOICES, SearchParams
from directory.geo.gazetteer import LocatedPoint, LocationError, locate_coordinates
from directory.geo.postcodes import is_outcode
from directory.search.documents import language_label
from directory.search.facets import FACETS, Facet
from directory.search.query import Result, SearchOutcome, SearchRequest, origin_of
from directory.searching import locate_text, search_outcome
from directory.summaries import ServiceSummary, summaries_by_id

WIDEST_RADIUS = max(RADIUS_CHOICES)
ALTERNATIVES = 3


@dataclass(frozen=True)
class Listed:
    """A result row for the page: the service and how it relates to the search."""

    service: ServiceSummary
    result: Result


@dataclass(frozen=True)
class FacetOption:
    """One checkbox: its value, words, how many results it would give, and whether it is ticked."""

    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class FacetGroup:
    """A facet and its options, for the filter panel."""

    facet: Facet
    options: list[FacetOption]


@dataclass
class SearchPage:
    """Everything the results page shows."""

    place: LocatedPoint | None
    results: list[Listed]
    national: list[Listed]
    total: int
    national_total: int
    page: int
    pages: int
    facets: list[FacetGroup]
    suggestion: str | None
    area_names: dict[str, str] = field(default_factory=dict)
    # Categories chosen or implied by the words, for the aggregate search counts.
    categories_asked: list[str] = field(default_factory=list)
    # Whether any local result (not just this page's) has a point the results map can show.
    has_map: bool = False
    # When nothing local matched: the nearest matches a little further away.
    alternatives: list[Listed] = field(default_factory=list)


def district_typed_as_words(session: Session, params: SearchParams) -> SearchParams:
    """Search near a postcode district typed into "what" ("LS6") when no place was given.

    Full postcodes are moved when the query string is read; a district is shaped like many
    words ("A1", "P45"), so only one the bundled geography knows is taken as a place.
    """
    if params.has_place or not is_outcode(params.text):
        return params
    return params.words_as_place() if queries.is_known_district(session, params.text) else params


def find_place(session: Session, params: SearchParams) -> LocatedPoint | None:
    """The searched place, or None when none was given; LocationError when it can't be found."""
    if params.latitude is not None and params.longitude is not None:
        return locate_coordinates(session, params.latitude, params.longitude)
    if params.where:
        return locate_text(session, params.where)
    return None


def search_request(
    params: SearchParams, place: LocatedPoint | None, *, include_examples: bool
) -> SearchRequest:
    """What the search engine is asked, from what the person asked."""
    return SearchRequest(
        text=params.text,
        origin=origin_of(place) if place else None,
        radius_miles=float(params.radius),
        filters=params.filters,
        include_examples=include_examples,
    )


def run_search(
    session: Session,
    params: SearchParams,
    place: LocatedPoint | None,
    *,
    include_examples: bool,
    now: datetime,
) -> SearchPage:
    """Search, then load one page of services and the national group from the database."""
    request = search_request(params, place, include_examples=include_examples)
    outcome = search_outcome(session, request, now)
    total = len(outcome.results)
    pages = max(1, ceil(total / PAGE_SIZE))
    page = min(params.page, pages)
    window = outcome.results[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    # The national group is short (a few dozen lines at most) and shown whole on the first page.
    national = outcome.national if page == 1 else []
    further = []
    if not outcome.results and request.origin and params.radius < WIDEST_RADIUS:
        wider = search_outcome(session, replace(request, radius_miles=float(WIDEST_RADIUS)), now)
        further = wider.results.nearby()[:ALTERNATIVES]
    shown = [*window, *national, *further]
    services = summaries_by_id(session, [r.id for r in shown], include_examples=include_examples)
    codes = {r.area_code for r in shown if r.area_code}
    return SearchPage(
        place=place,
        results=[Listed(services[r.id], r) for r in window if r.id in services],
        national=[Listed(services[r.id], r) for r in national if r.id in services],
        total=total,
        national_total=len(outcome.national),
        page=page,
        pages=pages,
        facets=_facet_groups(outcome, params),
        suggestion=outcome.suggestion,
        area_names=queries.area_names(session, codes),
        categories_asked=list(params.filters.get("category", ())) or outcome.synonym_categories[:1],
        has_map=place is not None and any(r.points for r in outcome.results),
        alternatives=[Listed(services[r.id], r) for r in further if r.id in services],
    )


def _facet_groups(outcome: SearchOutcome, params: SearchParams) -> list[FacetGroup]:
    names = vocabulary()
    labels = {
        "category": {t.code: t.name for t in names.categories},
        "access": {t.code: t.name for t in names.facets.get("access_mode", ())},
        "identity": {t.code: t.name for t in names.facets.get("identity_focus", ())},
    }
    groups = []
    for facet in FACETS:
        counted = outcome.facet_counts.get(facet.key, {})
        chosen = set(params.filters.get(facet.key, ()))
        values = sorted(set(counted) | chosen, key=lambda v: (-counted.get(v, 0), v))
        options = [
            FacetOption(
                value,
                facet.option if not facet.multi else _value_label(labels, facet.key, value),
                counted.get(value, 0),
                value in chosen,
            )
            for value in values
        ]
        if options:
            groups.append(FacetGroup(facet, options))
    return groups


def _value_label(labels: dict[str, dict[str, str]], key: str, value: str) -> str:
    if key == "language":
        return language_label(value)
    return labels.get(key, {}).get(value, value)


__all__ = ["LocationError", "SearchPage", "district_typed_as_words", "find_place", "run_search"]
