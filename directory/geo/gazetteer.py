"""Turn what someone typed (postcode, sector, district, town, council) into a located point.

Every answer carries the authorities containing the point (lower tier, upper tier, police
force) so services can be matched by area, and an outward code for coarse counting.

Full postcodes, sectors, districts and places are read with one indexed query each. The small
reference tables (authorities, forces, sector centroids for "nearest") are held in memory, one
copy per engine, built on first use and rebuilt when `data_load` shows a reload. The
did-you-mean name list is built only when first needed.
"""

from __future__ import annotations

import bisect
import difflib
import math
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, case, select
from sqlalchemy.orm import Session

from directory.geo.distance import MILES_PER_DEGREE, distance_miles
from directory.geo.places import place_key
from directory.geo.postcodes import (
    format_postcode,
    is_full_postcode,
    is_outcode,
    is_sector,
    normalise_postcode,
)
from directory.models import (
    DataLoad,
    LocalAuthority,
    Place,
    PoliceForceArea,
    Postcode,
    PostcodeDistrict,
    PostcodeSector,
    local_authority_police_force,
)

MAX_QUERY_LENGTH = 100
# Characters found in UK place and council names besides letters, digits and spaces.
_NAME_PUNCTUATION = frozenset("-,'\u2019\u2018.&!")

EMPTY_MESSAGE = "Enter a postcode, town or area"
INVALID_MESSAGE = "Enter a real postcode, like LS6 1AA, or a town, like Leeds"
NOT_FOUND_ADVICE = "Check the spelling, or enter a postcode, like LS6 1AA"
OUTSIDE_UK_MESSAGE = "Your location seems to be outside the UK"
UNREADABLE_LOCATION_MESSAGE = "We could not read your location. Enter a postcode or town instead"

# Latitude/longitude box around the UK; a point inside it must also be near a postcode sector.
UK_BOUNDS = (49.8, 60.9, -8.7, 1.8)
# Inside that box, a point this far from every place and sector centroid is sea or abroad
# (Boulogne is 28 miles from the nearest, Dublin 50; sampled UK postcodes are within 5).
MAX_LAND_DISTANCE_MILES = 12.0
COORDINATE_DECIMALS = 2

# Suggestions: places of this rank or better (1 city .. 3 suburb/large village) and councils.
SUGGESTION_MAX_RANK = 3
SUGGESTION_CUTOFF = 0.75

KIND_POSTCODE = "postcode"
KIND_SECTOR = "sector"
KIND_DISTRICT = "district"
KIND_PLACE = "place"
KIND_LOCAL_AUTHORITY = "local_authority"
KIND_COORDINATES = "coordinates"

_COMBINED_TIER = "combined"
_UPPER_TIER = "upper"
# Name match priorities within the authority index: the short name beats other names.
_BY_NAME, _BY_OTHER_NAME = 0, 1
# Tie-break for two authorities sharing a key: the one with most local duties first.
_TIER_ORDER = {"unitary": 0, "lower": 1, "upper": 2, "combined": 3}
_MOJIBAKE = ("\ufffd", "\u00ef\u00bf\u00bd")


@dataclass(frozen=True)
class LocatedPoint:
    """A point someone searched from, with the authorities that contain it."""

    label: str
    latitude: float
    longitude: float
    kind: str
    lad_code: str | None
    lad_name: str | None
    utla_code: str | None
    utla_name: str | None
    pfa_code: str | None
    pfa_name: str | None
    outcode: str | None

    @property
    def area_codes(self) -> tuple[str, ...]:
        """Return the distinct lad, utla and pfa codes present, for matching service areas."""
        codes = (self.lad_code, self.utla_code, self.pfa_code)
        return tuple(dict.fromkeys(code for code in codes if code))


class LocationError(ValueError):
    """What someone typed could not be located; `message` is fit for an error summary."""

    def __init__(self, message: str, suggestions: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions: list[str] = list(suggestions)


# --- In-memory reference data, one copy per engine. ---


@dataclass(frozen=True)
class _Authority:
    """The columns of one local authority the gazetteer needs."""

    code: str
    name: str
    tier: str
    utla_code: str | None
    latitude: float | None
    longitude: float | None
    pfa_codes: tuple[str, ...]


@dataclass(frozen=True)
class _Area:
    """A small area centroid (a sector, or a district if no sectors) for nearest lookups."""

    latitude: float
    longitude: float
    outcode: str
    lad_code: str | None
    utla_code: str | None


# A did-you-mean candidate: (name key, rank with councils as 0, name to show).
Candidate = tuple[str, int, str]


@dataclass
class _Reference:
    """Authorities, forces and area centroids of one database, with lazily built suggestions."""

    token: frozenset[tuple[str, str]]
    authorities: dict[str, _Authority]
    pfa_names: dict[str, str]
    names: dict[str, tuple[int, _Authority]]
    areas: list[_Area]
    area_latitudes: list[float]
    area_longitudes: list[float]
    land_latitudes: list[float]
    land_longitudes: list[float]
    candidates: dict[str, list[Candidate]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_references: weakref.WeakKeyDictionary[Engine, _Reference] = weakref.WeakKeyDictionary()
_references_lock = threading.Lock()


def clear_caches() -> None:
    """Forget every engine's reference data (the next lookup reloads it)."""
    with _references_lock:
        _references.clear()


def _engine(session: Session) -> Engine:
    """Return the engine behind the session (whether bound to an engine or a connection)."""
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _data_token(session: Session) -> frozenset[tuple[str, str]]:
    """Return the loaded datasets' checksums, which change whenever the data is reloaded."""
    rows = session.execute(select(DataLoad.name, DataLoad.checksum))
    return frozenset((name, checksum) for name, checksum in rows)


def _name_keys(row: Any) -> Iterable[tuple[int, str]]:
    """Yield (priority, key) for an authority's name, official name and alternative names."""
    yield _BY_NAME, place_key(row.name)
    yield _BY_OTHER_NAME, place_key(row.official_name)
    for alt in (row.alt_names or "").split(","):
        if not any(bad in alt for bad in _MOJIBAKE):
            yield _BY_OTHER_NAME, place_key(alt)


def _county_centroids(rows: list[Any]) -> dict[str, tuple[float, float]]:
    """Return each upper-tier county's mean of its districts' centroids.

    The bundled county centroids are unreliable (Lancashire's lies in Northamptonshire), while
    the district centroids are good.
    """
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        if row.utla_code and row.utla_code != row.gss_code and row.latitude is not None:
            points[row.utla_code].append((row.latitude, row.longitude))
    return {
        code: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for code, pts in points.items()
    }


def _load_authorities(session: Session) -> dict[str, _Authority]:
    """Return every authority by code, with its police forces and a trustworthy centroid."""
    links: dict[str, list[str]] = defaultdict(list)
    for gss_code, pfa_code in session.execute(
        select(local_authority_police_force.c.gss_code, local_authority_police_force.c.pfa_code)
    ):
        links[gss_code].append(pfa_code)
    rows = list(
        session.execute(
            select(
                LocalAuthority.gss_code,
                LocalAuthority.name,
                LocalAuthority.tier,
                LocalAuthority.utla_code,
                LocalAuthority.latitude,
                LocalAuthority.longitude,
            )
        )
    )
    counties = _county_centroids(rows)
    authorities: dict[str, _Authority] = {}
    for row in rows:
        latitude, longitude = row.latitude, row.longitude
        if row.tier == _UPPER_TIER and row.gss_code in counties:
            latitude, longitude = counties[row.gss_code]
        authorities[row.gss_code] = _Authority(
            code=row.gss_code,
            name=row.name,
            tier=row.tier,
            utla_code=row.utla_code,
            latitude=latitude,
            longitude=longitude,
            pfa_codes=tuple(sorted(links.get(row.gss_code, ()))),
        )
    return authorities


def _load_names(
    session: Session, authorities: dict[str, _Authority]
) -> dict[str, tuple[int, _Authority]]:
    """Return name key -> (priority, authority), keeping the best claim on each key."""
    names: dict[str, tuple[int, _Authority]] = {}
    rows = session.execute(
        select(
            LocalAuthority.gss_code,
            LocalAuthority.name,
            LocalAuthority.official_name,
            LocalAuthority.alt_names,
        )
    )
    for row in rows:
        authority = authorities[row.gss_code]
        if authority.latitude is None:
            continue  # a combined authority with no centroid: nothing to measure from
        for priority, key in _name_keys(row):
            if not key:
                continue
            rank = (priority, _TIER_ORDER.get(authority.tier, 9), authority.code)
            held = names.get(key)
            if held is None or rank < (held[0], _TIER_ORDER.get(held[1].tier, 9), held[1].code):
                names[key] = (priority, authority)
    return names


def _load_areas(session: Session) -> list[_Area]:
    """Return the live sector centroids (or, failing those, any sectors, then districts)."""
    columns = (
        PostcodeSector.latitude,
        PostcodeSector.longitude,
        PostcodeSector.outcode,
        PostcodeSector.lad_code,
        PostcodeSector.utla_code,
    )
    live = select(*columns).where(PostcodeSector.status != "no_live_evidence")
    rows = list(session.execute(live)) or list(session.execute(select(*columns)))
    if not rows:
        rows = list(
            session.execute(
                select(
                    PostcodeDistrict.latitude,
                    PostcodeDistrict.longitude,
                    PostcodeDistrict.outcode,
                    PostcodeDistrict.lad_code,
                    PostcodeDistrict.utla_code,
                )
            )
        )
    areas = [_Area(*row) for row in rows]
    areas.sort(key=lambda area: area.latitude)
    return areas


def _load_land(session: Session, areas: list[_Area]) -> list[tuple[float, float]]:
    """Return every place and area point, sorted by latitude: where people in the UK are."""
    land = [(area.latitude, area.longitude) for area in areas]
    land.extend((lat, lon) for lat, lon in session.execute(select(Place.latitude, Place.longitude)))
    land.sort()
    return land


def _reference(session: Session) -> _Reference:
    """Return this database's reference data, loading it on first use or after a reload."""
    engine = _engine(session)
    token = _data_token(session)
    with _references_lock:
        reference = _references.get(engine)
        if reference is not None and reference.token == token:
            return reference
        authorities = _load_authorities(session)
        areas = _load_areas(session)
        land = _load_land(session, areas)
        reference = _Reference(
            token=token,
            authorities=authorities,
            pfa_names={
                code: name
                for code, name in session.execute(
                    select(PoliceForceArea.pfa_code, PoliceForceArea.name)
                )
            },
            names=_load_names(session, authorities),
            areas=areas,
            area_latitudes=[area.latitude for area in areas],
            area_longitudes=[area.longitude for area in areas],
            land_latitudes=[point[0] for point in land],
            land_longitudes=[point[1] for point in land],
        )
        _references[engine] = reference
        return reference


# --- Nearest area. ---


def _nearest(
    latitudes: Sequence[float], longitudes: Sequence[float], latitude: float, longitude: float
) -> tuple[int, float] | None:
    """Return (index, miles) of the nearest of the points (sorted by latitude), or None.

    Only points in a latitude band are compared; the band doubles until its nearest point is
    no further than the band's edge, so nothing outside could be nearer.
    """
    if not latitudes:
        return None
    cos_lat = math.cos(math.radians(latitude))
    window = 5.0  # miles
    while True:
        dlat = window / MILES_PER_DEGREE
        lo = bisect.bisect_left(latitudes, latitude - dlat)
        hi = bisect.bisect_right(latitudes, latitude + dlat)
        everything = lo == 0 and hi == len(latitudes)
        best_index, best_squared = -1, math.inf
        for index in range(lo, hi):
            # Equirectangular squared distance is enough to rank points this close together.
            dy = latitudes[index] - latitude
            dx = (longitudes[index] - longitude) * cos_lat
            squared = dx * dx + dy * dy
            if squared < best_squared:
                best_index, best_squared = index, squared
        if best_index >= 0:
            miles = distance_miles(
                latitude, longitude, latitudes[best_index], longitudes[best_index]
            )
            if miles <= window or everything:
                return best_index, miles
        elif everything:
            return None
        window *= 2


def _nearest_area(
    reference: _Reference, latitude: float, longitude: float
) -> tuple[_Area, float] | None:
    """Return the nearest area centroid and its distance in miles, or None if there are none."""
    found = _nearest(reference.area_latitudes, reference.area_longitudes, latitude, longitude)
    return (reference.areas[found[0]], found[1]) if found else None


def _on_land(reference: _Reference, latitude: float, longitude: float) -> bool:
    """Return whether a UK place or sector centroid lies within MAX_LAND_DISTANCE_MILES."""
    found = _nearest(reference.land_latitudes, reference.land_longitudes, latitude, longitude)
    return found is not None and found[1] <= MAX_LAND_DISTANCE_MILES


# --- Building answers. ---


def _point(
    reference: _Reference,
    *,
    label: str,
    latitude: float,
    longitude: float,
    kind: str,
    lad_code: str | None,
    utla_code: str | None,
    outcode: str | None,
    pfa_code: str | None = None,
) -> LocatedPoint:
    """Return a LocatedPoint with the authority and police force names filled in."""
    authorities = reference.authorities
    lad = authorities.get(lad_code) if lad_code else None
    if utla_code is None and lad is not None:
        utla_code = lad.utla_code
    utla = authorities.get(utla_code) if utla_code else None
    if pfa_code is None and lad is not None and len(lad.pfa_codes) == 1:
        pfa_code = lad.pfa_codes[0]
    return LocatedPoint(
        label=label,
        latitude=latitude,
        longitude=longitude,
        kind=kind,
        lad_code=lad_code,
        lad_name=lad.name if lad else None,
        utla_code=utla_code,
        utla_name=utla.name if utla else None,
        pfa_code=pfa_code,
        pfa_name=reference.pfa_names.get(pfa_code) if pfa_code else None,
        outcode=outcode,
    )


def _nearest_outcode(reference: _Reference, latitude: float, longitude: float) -> str | None:
    """Return the outward code of the nearest area centroid, or None without any."""
    nearest = _nearest_area(reference, latitude, longitude)
    return nearest[0].outcode if nearest else None


def _authority_point(reference: _Reference, authority: _Authority, label: str) -> LocatedPoint:
    """Return the point for a whole council: its centroid, with the district holding it."""
    assert authority.latitude is not None and authority.longitude is not None
    latitude, longitude = authority.latitude, authority.longitude
    nearest = _nearest_area(reference, latitude, longitude)
    area = nearest[0] if nearest else None
    outcode = area.outcode if area else None
    if authority.tier in ("unitary", "lower"):
        return _point(
            reference,
            label=label,
            latitude=latitude,
            longitude=longitude,
            kind=KIND_LOCAL_AUTHORITY,
            lad_code=authority.code,
            utla_code=authority.utla_code,
            outcode=outcode,
        )
    if authority.tier == _UPPER_TIER:
        # A county: the district at its centroid, if that district is part of it.
        inside = area is not None and area.utla_code == authority.code
        lad_code = area.lad_code if inside and area else None
        forces = authority.pfa_codes
        return _point(
            reference,
            label=label,
            latitude=latitude,
            longitude=longitude,
            kind=KIND_LOCAL_AUTHORITY,
            lad_code=lad_code,
            utla_code=authority.code,
            outcode=outcode,
            pfa_code=forces[0] if len(forces) == 1 else None,
        )
    # A combined or strategic authority covers several councils: use the one at its centroid.
    return _point(
        reference,
        label=label,
        latitude=latitude,
        longitude=longitude,
        kind=KIND_LOCAL_AUTHORITY,
        lad_code=area.lad_code if area else None,
        utla_code=area.utla_code if area else None,
        outcode=outcode,
    )


# --- Postcodes. ---


def _not_found_postcode(session: Session, printed: str, outcode: str) -> LocationError:
    """Return the error for a postcode-shaped entry that is not in the data."""
    district = session.get(PostcodeDistrict, outcode) if outcode != printed else None
    if district is not None:
        return LocationError(
            f"We could not find the postcode {printed}. Check it and try again, "
            f"or enter just the first part, like {outcode}"
        )
    return LocationError(f"We could not find the postcode {printed}. Check it and try again")


def _locate_sector_row(
    session: Session, reference: _Reference, sector: str, label: str, kind: str
) -> LocatedPoint | None:
    """Return the sector's point under `label`, or None if the sector is not known."""
    row = session.execute(
        select(
            PostcodeSector.latitude,
            PostcodeSector.longitude,
            PostcodeSector.outcode,
            PostcodeSector.lad_code,
            PostcodeSector.utla_code,
        ).where(PostcodeSector.sector == sector)
    ).first()
    if row is None:
        return None
    return _point(
        reference,
        label=label,
        latitude=row.latitude,
        longitude=row.longitude,
        kind=kind,
        lad_code=row.lad_code,
        utla_code=row.utla_code,
        outcode=row.outcode,
    )


def _locate_full_postcode(session: Session, reference: _Reference, text: str) -> LocatedPoint:
    """Return a full postcode's point, or its sector's when the postcode itself is missing."""
    key = normalise_postcode(text)
    printed = format_postcode(key)
    outcode, inward = printed.split(" ")
    row = session.execute(
        select(Postcode.latitude, Postcode.longitude, Postcode.lad_code).where(
            Postcode.postcode == key
        )
    ).first()
    if row is not None:
        return _point(
            reference,
            label=printed,
            latitude=row.latitude,
            longitude=row.longitude,
            kind=KIND_POSTCODE,
            lad_code=row.lad_code,
            utla_code=None,
            outcode=outcode,
        )
    # The full postcode file is optional and new postcodes appear monthly: the sector is close.
    sector = _locate_sector_row(session, reference, f"{outcode} {inward[0]}", printed, KIND_SECTOR)
    if sector is None:
        raise _not_found_postcode(session, printed, outcode)
    return sector


def _locate_sector(session: Session, reference: _Reference, text: str) -> LocatedPoint:
    """Return a postcode sector's ("LS6 1") centroid."""
    printed = format_postcode(text)
    point = _locate_sector_row(session, reference, printed, printed, KIND_SECTOR)
    if point is None:
        raise _not_found_postcode(session, printed, printed.split(" ")[0])
    return point


def _locate_district(session: Session, reference: _Reference, text: str) -> LocatedPoint:
    """Return a postcode district's ("LS6") centroid."""
    outcode = normalise_postcode(text)
    row = session.execute(
        select(
            PostcodeDistrict.latitude,
            PostcodeDistrict.longitude,
            PostcodeDistrict.lad_code,
            PostcodeDistrict.utla_code,
        ).where(PostcodeDistrict.outcode == outcode)
    ).first()
    if row is None:
        raise _not_found_postcode(session, outcode, outcode)
    return _point(
        reference,
        label=outcode,
        latitude=row.latitude,
        longitude=row.longitude,
        kind=KIND_DISTRICT,
        lad_code=row.lad_code,
        utla_code=row.utla_code,
        outcode=outcode,
    )


# --- Names. ---


def _best_place(session: Session, key: str) -> Any | None:
    """Return the best place row with this key: lowest rank, OS Open Names first, then id."""
    return session.execute(
        select(
            Place.name,
            Place.latitude,
            Place.longitude,
            Place.lad_code,
            Place.utla_code,
            Place.postcode_district,
            Place.rank,
        )
        .where(Place.name_key == key)
        .order_by(Place.rank, case((Place.source == "os_open_names", 0), else_=1), Place.id)
        .limit(1)
    ).first()


def _place_point(reference: _Reference, place: Any) -> LocatedPoint:
    """Return the point for a place row."""
    outcode = place.postcode_district or _nearest_outcode(
        reference, place.latitude, place.longitude
    )
    return _point(
        reference,
        label=place.name,
        latitude=place.latitude,
        longitude=place.longitude,
        kind=KIND_PLACE,
        lad_code=place.lad_code,
        utla_code=place.utla_code,
        outcode=outcode,
    )


def _place_is_in(place: Any, authority: _Authority) -> bool:
    """Return whether the place lies in the authority (any place counts for combined ones)."""
    return authority.tier == _COMBINED_TIER or authority.code in (
        place.lad_code,
        place.utla_code,
    )


def _locate_name(session: Session, reference: _Reference, text: str) -> LocatedPoint:
    """Return the council or place with this name, or raise with did-you-mean suggestions."""
    key = place_key(text)
    if not key:
        raise LocationError(INVALID_MESSAGE)
    held = reference.names.get(key)
    if held is not None and held[0] == _BY_NAME:
        return _authority_point(reference, held[1], held[1].name)
    place = _best_place(session, key)
    if held is not None:
        # "Bristol" names the council "City of Bristol", and the city in it: the city centre
        # is the better point to measure from.
        authority = held[1]
        if place is not None and place.rank <= 2 and _place_is_in(place, authority):
            return _place_point(reference, place)
        return _authority_point(reference, authority, authority.name)
    if place is not None:
        return _place_point(reference, place)
    if any(ch.isdigit() for ch in text):
        raise LocationError(INVALID_MESSAGE)  # no place name has a digit: a mistyped postcode
    suggestions = suggest(session, text)
    if suggestions:
        raise LocationError(f"We could not find {text}", suggestions)
    raise LocationError(f"We could not find {text}. {NOT_FOUND_ADVICE}")


# --- Suggestions. ---


def _load_candidates(session: Session, reference: _Reference) -> dict[str, list[Candidate]]:
    """Return council (rank 0) and well-known place names, filed under both first letters.

    A typo rarely changes both of a name's first two letters, so only those buckets are compared.
    """
    best: dict[str, tuple[int, str]] = {}
    for authority in reference.authorities.values():
        if authority.latitude is not None:
            best[place_key(authority.name)] = (0, authority.name)
    rows = session.execute(
        select(Place.name_key, Place.name, Place.rank)
        .where(Place.rank <= SUGGESTION_MAX_RANK)
        .order_by(Place.rank, Place.id)
    )
    for key, name, rank in rows:
        if key and key not in best:
            best[key] = (rank, name)
    buckets: dict[str, list[Candidate]] = defaultdict(list)
    for key, (rank, name) in best.items():
        for letter in set(key[:2]):
            buckets[letter].append((key, rank, name))
    return dict(buckets)


def suggest(session: Session, text: str, limit: int = 3) -> list[str]:
    """Return up to `limit` council or place names spelled like `text`, closest first."""
    key = place_key(" ".join(text.split())[:MAX_QUERY_LENGTH])
    if not key or limit <= 0:
        return []
    reference = _reference(session)
    with reference.lock:
        if reference.candidates is None:
            reference.candidates = _load_candidates(session, reference)
        buckets = reference.candidates
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    seen: set[str] = set()
    scored: list[tuple[float, int, str]] = []
    for letter in set(key[:2]):
        for candidate, rank, name in buckets.get(letter, ()):
            if candidate in seen:
                continue
            seen.add(candidate)
            matcher.set_seq1(candidate)
            if (
                matcher.real_quick_ratio() >= SUGGESTION_CUTOFF
                and matcher.quick_ratio() >= SUGGESTION_CUTOFF
                and (score := matcher.ratio()) >= SUGGESTION_CUTOFF
            ):
                scored.append((-score, rank, name))
    scored.sort()
    names: list[str] = []
    for _, _, name in scored:
        if name not in names:
            names.append(name)
        if len(names) == limit:
            break
    return names


# --- Public lookups. ---


def _clean(text: str) -> str:
    """Return `text` trimmed with spaces collapsed, or raise if it cannot be a place."""
    if not isinstance(text, str):
        raise LocationError(EMPTY_MESSAGE)
    cleaned = " ".join(text.split())
    if not cleaned:
        raise LocationError(EMPTY_MESSAGE)
    if len(cleaned) > MAX_QUERY_LENGTH or not all(
        ch.isalnum() or ch == " " or ch in _NAME_PUNCTUATION for ch in cleaned
    ):
        raise LocationError(INVALID_MESSAGE)
    return cleaned


def locate(session: Session, text: str) -> LocatedPoint:
    """Return the point for a postcode, sector, district, place or council name.

    Raises LocationError (with a message for the error summary, and suggestions for near
    misses) when the text is empty, malformed or not found.
    """
    cleaned = _clean(text)
    reference = _reference(session)
    if is_full_postcode(cleaned):
        return _locate_full_postcode(session, reference, cleaned)
    if is_sector(cleaned):
        return _locate_sector(session, reference, cleaned)
    if is_outcode(cleaned):
        return _locate_district(session, reference, cleaned)
    return _locate_name(session, reference, cleaned)


def locate_coordinates(session: Session, latitude: float, longitude: float) -> LocatedPoint:
    """Return a located point for device coordinates, rounded to about 1 km before any use.

    Raises LocationError for unreadable coordinates or ones outside the UK.
    """
    try:
        lat = round(float(latitude), COORDINATE_DECIMALS)
        lon = round(float(longitude), COORDINATE_DECIMALS)
    except (TypeError, ValueError, OverflowError):
        raise LocationError(UNREADABLE_LOCATION_MESSAGE) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise LocationError(UNREADABLE_LOCATION_MESSAGE)
    min_lat, max_lat, min_lon, max_lon = UK_BOUNDS
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
        raise LocationError(OUTSIDE_UK_MESSAGE)
    reference = _reference(session)
    nearest = _nearest_area(reference, lat, lon)
    if nearest is None or not _on_land(reference, lat, lon):
        raise LocationError(OUTSIDE_UK_MESSAGE)
    area = nearest[0]
    return _point(
        reference,
        label="your location",
        latitude=lat,
        longitude=lon,
        kind=KIND_COORDINATES,
        lad_code=area.lad_code,
        utla_code=area.utla_code,
        outcode=area.outcode,
    )
