"""Map view-models from finder results: public points only, never a confidential location."""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for

from directory.context import vocabulary
from directory.maps import MapPoint
from directory.models import Service
from directory.search.documents import public_points
from directory.search.query import Result


def _category(service: Service) -> tuple[str, str]:
    for attribute in service.attributes:
        if attribute.link_type == "category":
            return attribute.taxonomy_term.code, attribute.taxonomy_term.name
    return "other", "Other"


def service_points(service: Service, detail: str = "") -> list[MapPoint]:
    """A marker for each public location of `service`."""
    code, name = _category(service)
    url = url_for("finder.service", service_id=service.id)
    return [
        MapPoint(lat, lon, service.name, url, code, name, detail)
        for lat, lon in public_points(service)
    ]


def result_points(results: Iterable[Result], names: dict[str, str]) -> list[MapPoint]:
    """Markers for every result with a public point, straight from the search results."""
    points: list[MapPoint] = []
    for result in results:
        detail = f"{result.distance_miles:.1f} miles" if result.distance_miles is not None else ""
        url = url_for("finder.service", service_id=result.id)
        name = names.get(result.category, "Other")
        points.extend(
            MapPoint(lat, lon, result.name, url, result.category or "other", name, detail)
            for lat, lon in result.points
        )
    return points


def category_names() -> dict[str, str]:
    """Every category's name, so marker colours are the same on every map."""
    return {term.code: term.name for term in vocabulary().categories}
