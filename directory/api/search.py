"""Text and place filters through the site's own search and gazetteer, so the API and the finder
always agree on what matches "hearing voices" or "near LS6 1AA"."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from directory.api.params import ApiError, ServiceQuery
from directory.api.queries import Near
from directory.geo.gazetteer import LocatedPoint, LocationError
from directory.search.query import SearchRequest, origin_of
from directory.searching import locate_text, search_outcome


def locate_postcode(session: Session, postcode: str) -> LocatedPoint:
    """The postcode's point and areas, from the same gazetteer as the site; 400 if unknown."""
    try:
        return locate_text(session, postcode)
    except LocationError as error:
        raise ApiError(400, f"postcode: {error.message}") from None


def coverage_codes(place: LocatedPoint) -> tuple[str, ...]:
    """Area codes a service area may hold to cover the place (its councils, force, nation, UK)."""
    origin = origin_of(place)
    return (*origin.local_codes, *origin.national_codes)


def ranked_ids(
    session: Session,
    query: ServiceQuery,
    near: Near | None,
    *,
    include_examples: bool,
    now: datetime,
    place: LocatedPoint | None = None,
) -> list[uuid.UUID] | None:
    """Services matching the words and within `near`, best first; None when neither was asked.

    With a radius, only services with a public point inside it count (the site's "nearby").
    """
    if not query.search and near is None:
        return None
    request = SearchRequest(
        text=query.search,
        origin=origin_of(place) if place is not None and near is not None else None,
        radius_miles=near.miles if near is not None else 10.0,
        include_examples=include_examples,
        count_facets=False,
    )
    outcome = search_outcome(session, request, now)
    local, national = outcome.results, outcome.national
    if near is not None:
        local, national = local.nearby(), national.nearby()
    return [*local.ids(), *national.ids()]
