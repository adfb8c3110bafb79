"""Parse the finder's query strings; anything odd becomes a form error, never a crash."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace

from werkzeug.datastructures import MultiDict

from directory.geo.postcodes import is_full_postcode, is_sector
from directory.numbers import decimal_number, whole_number
from directory.paging import page_number
from directory.search.facets import FACETS, YES
from directory.vocabulary import Vocabulary

MAX_TEXT = 200
MAX_WHERE = 100
PAGE_SIZE = 20
CATEGORY_PAGE_SIZE = 50
RADIUS_CHOICES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS = 10
_LANGUAGE = re.compile(r"^[a-z_]{1,40}$")


@dataclass(frozen=True)
class SearchParams:
    """What a person asked the finder for, and what was wrong with it."""

    text: str = ""
    where: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius: int = DEFAULT_RADIUS
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    # Places we think the person meant, when theirs could not be found.
    place_suggestions: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args: MultiDict[str, str], vocabulary: Vocabulary) -> SearchParams:
        """Read a query string; values out of range or unknown are reported in `errors`."""
        errors: dict[str, str] = {}
        text = " ".join(args.get("q", "").split())[:MAX_TEXT]
        where = " ".join(args.get("where", "").split())
        if len(where) > MAX_WHERE:
            errors["where"] = "Enter a postcode or town in 100 characters or fewer"
            where = where[:MAX_WHERE]
        latitude, longitude = _coordinates(args, errors)
        if text and not where and latitude is None and (is_full_postcode(text) or is_sector(text)):
            # A postcode typed into "what" is where the person is, not words to look for.
            text, where = "", text
        radius = _radius(args.get("radius"), errors)
        return cls(
            text=text,
            where=where,
            latitude=latitude,
            longitude=longitude,
            radius=radius,
            filters=_filters(args, vocabulary),
            page=page_number(args),
            errors=errors,
        )

    @property
    def has_place(self) -> bool:
        """True when a place or the person's own location was given."""
        return bool(self.where) or self.latitude is not None

    @property
    def is_empty(self) -> bool:
        """True when nothing was asked for (show the form, not results)."""
        return not self.text and not self.has_place and not self.filters

    def words_as_place(self) -> SearchParams:
        """A copy searching near the words instead of for them (a district typed into "what")."""
        return replace(self, text="", where=self.text)

    def with_error(
        self, name: str, message: str, suggestions: tuple[str, ...] = ()
    ) -> SearchParams:
        """A copy with one more error (for problems found later, such as an unknown place)."""
        return replace(self, errors={**self.errors, name: message}, place_suggestions=suggestions)

    def query_args(self, **changes: object) -> dict[str, object]:
        """The query string for this search, with `changes` (for pagination and links)."""
        args: dict[str, object] = {"q": self.text, "where": self.where, "radius": self.radius}
        if self.latitude is not None and self.longitude is not None:
            args.update(lat=self.latitude, lon=self.longitude)
        for key, values in self.filters.items():
            args[key] = list(values)
        args.update(changes)
        return {key: value for key, value in args.items() if value not in ("", None, [])}


def _coordinates(
    args: MultiDict[str, str], errors: dict[str, str]
) -> tuple[float | None, float | None]:
    raw_lat, raw_lon = args.get("lat", ""), args.get("lon", "")
    if not raw_lat and not raw_lon:
        return None, None
    latitude = decimal_number(raw_lat.strip(), signed=True)
    longitude = decimal_number(raw_lon.strip(), signed=True)
    if latitude is None or longitude is None:
        errors["where"] = "We could not read your location. Enter a postcode or town instead"
        return None, None
    # Rounded to about a kilometre before anything else sees it; never stored.
    return round(latitude, 2), round(longitude, 2)


def _radius(raw: str | None, errors: dict[str, str]) -> int:
    if not raw:
        return DEFAULT_RADIUS
    radius = whole_number(raw, max_digits=3)
    if radius in RADIUS_CHOICES:
        return radius
    errors["radius"] = "Choose a distance from the list"
    return DEFAULT_RADIUS


def _filters(args: MultiDict[str, str], vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Chosen facet values that exist; unknown ones are dropped (they can only come from URLs)."""
    allowed = {
        "category": {t.code for t in vocabulary.categories},
        "access": {t.code for t in vocabulary.facets.get("access_mode", ())},
        "identity": {t.code for t in vocabulary.facets.get("identity_focus", ())},
    }
    chosen: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values = [v for v in args.getlist(facet.key) if v][:30]
        if not facet.multi:
            values = [YES] if YES in values else []
        elif facet.key in allowed:
            values = [v for v in values if v in allowed[facet.key]]
        else:
            values = [v for v in values if _LANGUAGE.match(v)]
        if values:
            chosen[facet.key] = tuple(dict.fromkeys(values))
    return chosen


MAX_LIST = 30


def parse_ids(values: list[str]) -> list[uuid.UUID]:
    """Service ids from a shortlist URL: valid UUIDs only, no repeats, at most 30."""
    ids: list[uuid.UUID] = []
    for value in values[: MAX_LIST * 2]:
        try:
            service_id = uuid.UUID(value)
        except ValueError:
            continue
        if service_id not in ids:
            ids.append(service_id)
    return ids[:MAX_LIST]
