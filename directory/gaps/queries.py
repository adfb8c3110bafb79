"""Reads for the commissioner pages: what serves each authority, stale listings, searches."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from directory.listed import listed
from directory.models import (
    AreaKind,
    Attribute,
    LocalAuthority,
    PostcodeDistrict,
    ProblemReport,
    SearchCount,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
    local_authority_police_force,
)
from directory.search.documents import public_points
from directory.vocabulary import CATEGORY_TAXONOMY


@dataclass(frozen=True)
class Authority:
    """An English council with adult social care duties: the unit commissioners plan for."""

    code: str
    name: str
    population: int | None


def care_authorities(session: Session) -> list[Authority]:
    """The 153 English upper-tier and unitary councils, by name."""
    rows = session.execute(
        select(LocalAuthority.gss_code, LocalAuthority.name, LocalAuthority.population)
        .where(LocalAuthority.asc_responsible, LocalAuthority.nation == "England")
        .order_by(LocalAuthority.name)
    )
    return [Authority(code, name, population) for code, name, population in rows]


def local_categories(session: Session, *, include_examples: bool) -> dict[str, set[str]]:
    """For each care authority, the categories of LOCAL services serving it.

    A service counts for an authority when one of its areas is that authority, one of its
    districts, or its police force area. National and nation-wide services never count.
    """
    lad_to_utla = dict(
        session.execute(
            select(LocalAuthority.gss_code, LocalAuthority.utla_code).where(
                LocalAuthority.nation == "England", LocalAuthority.utla_code.is_not(None)
            )
        ).all()
    )
    pfa_to_utlas: dict[str, set[str]] = defaultdict(set)
    for lad, pfa in session.execute(select(local_authority_police_force)):
        if lad in lad_to_utla:
            pfa_to_utlas[pfa].add(lad_to_utla[lad])
    # Distinct (area, category) pairs in SQL: a few thousand rows, not one per service.
    pairs = session.execute(
        listed(
            select(ServiceArea.area_kind, ServiceArea.area_code, TaxonomyTerm.code)
            .join(Service, Service.id == ServiceArea.service_id)
            .join(Attribute, Attribute.link_id == Service.id)
            .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
            .where(
                Attribute.link_type == "category",
                TaxonomyTerm.taxonomy == CATEGORY_TAXONOMY,
                ServiceArea.area_kind.in_([AreaKind.LOCAL_AUTHORITY, AreaKind.POLICE_FORCE_AREA]),
            )
            .distinct(),
            include_examples,
        )
    )
    result: dict[str, set[str]] = defaultdict(set)
    for kind, code, category in pairs:
        if kind == AreaKind.POLICE_FORCE_AREA:
            targets = pfa_to_utlas.get(code, set())
        else:
            targets = {lad_to_utla.get(code, code)}
        for utla in targets:
            result[utla].add(category)
    return dict(result)


def national_categories(session: Session, *, include_examples: bool) -> set[str]:
    """Categories of services that serve all of England: UK-wide or England-wide services.

    They fill a pathway step everywhere, so the commissioner pages show them apart from
    local services instead of counting them towards any council.
    """
    everywhere = select(ServiceArea.service_id).where(
        (ServiceArea.area_kind == AreaKind.NATIONAL)
        | ((ServiceArea.area_kind == AreaKind.NATION) & (ServiceArea.area_code == "England"))
    )
    rows = session.scalars(
        listed(
            select(TaxonomyTerm.code)
            .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
            .join(Service, Service.id == Attribute.link_id)
            .where(
                Attribute.link_type == "category",
                TaxonomyTerm.taxonomy == CATEGORY_TAXONOMY,
                Service.id.in_(everywhere),
            ),
            include_examples,
        ).distinct()
    )
    return set(rows)


@dataclass(frozen=True)
class StaleListing:
    """A listing whose facts are old or undated."""

    service: Service
    months_old: int | None


def stale_listings(
    session: Session, today: date, *, months: int, include_examples: bool
) -> list[StaleListing]:
    """Real listings whose source is older than `months`, or undated, oldest first."""
    stmt = listed(select(Service), include_examples).options(
        selectinload(Service.organization), selectinload(Service.service_areas)
    )
    cutoff = _months_before(today, months)
    stale = []
    for service in session.scalars(stmt.where(Service.is_example.is_(False))):
        checked = service.assured_date
        if checked is None or checked < cutoff:
            age = None if checked is None else _months_between(checked, today)
            stale.append(StaleListing(service, age))
    stale.sort(key=lambda s: (s.months_old is not None, -(s.months_old or 0), s.service.name))
    return stale


@dataclass(frozen=True)
class ReportedListing:
    """A listing that members of the public say may be wrong, and nobody has resolved yet."""

    service: Service
    open_reports: int
    first_reported: date


def reported_listings(session: Session, *, include_examples: bool) -> list[ReportedListing]:
    """Listings with unresolved problem reports, longest-waiting first."""
    stmt = listed(
        select(Service, func.count(ProblemReport.id), func.min(ProblemReport.received_at))
        .join(ProblemReport, ProblemReport.service_id == Service.id)
        .where(ProblemReport.resolved_at.is_(None))
        .group_by(Service.id),
        include_examples,
    ).options(selectinload(Service.organization), selectinload(Service.service_areas))
    found = [
        ReportedListing(service, count, first.date())
        for service, count, first in session.execute(stmt).all()
    ]
    return sorted(found, key=lambda r: (r.first_reported, r.service.name))


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@dataclass(frozen=True)
class SearchTally:
    """Searches for one district and category, in total and with nothing found."""

    outcode: str
    category: str
    searches: int
    zero_results: int


def search_tallies(session: Session, first: date, last: date) -> list[SearchTally]:
    """Aggregate search counts per district and category from day `first` to `last`.

    In no particular order: the order a published table shows must come from what it shows.
    """
    zero = func.sum(SearchCount.count).filter(SearchCount.zero_results.is_(True))
    rows = session.execute(
        select(SearchCount.outcode, SearchCount.category, func.sum(SearchCount.count), zero)
        .where(SearchCount.day.between(first, last))
        .group_by(SearchCount.outcode, SearchCount.category)
    )
    return [SearchTally(o, c, int(total), int(none or 0)) for o, c, total, none in rows]


@dataclass(frozen=True)
class CouncilTally:
    """Searches for one care council and category, in total and with nothing found.

    ``council`` is None for searches with no place, or a place outside the English councils.
    """

    council: str | None
    council_name: str | None
    category: str
    searches: int
    zero_results: int


def council_search_tallies(session: Session, first: date, last: date) -> list[CouncilTally]:
    """Aggregate search counts from day `first` to `last`, rolled up from district to council.

    A postcode district counts wholly for the council recorded for it in the bundled geography:
    the upper-tier council of the district council area holding most of its postcodes.
    """
    zero = func.sum(SearchCount.count).filter(SearchCount.zero_results.is_(True))
    council = LocalAuthority.gss_code
    rows = session.execute(
        select(council, LocalAuthority.name, SearchCount.category, func.sum(SearchCount.count),
               zero)
        .select_from(SearchCount)
        .outerjoin(PostcodeDistrict, PostcodeDistrict.outcode == SearchCount.outcode)
        .outerjoin(
            LocalAuthority,
            (LocalAuthority.gss_code == PostcodeDistrict.utla_code)
            & LocalAuthority.asc_responsible
            & (LocalAuthority.nation == "England"),
        )
        .where(SearchCount.day.between(first, last))
        .group_by(council, LocalAuthority.name, SearchCount.category)
    )  # fmt: skip
    return [
        CouncilTally(code, name, category, int(total), int(none or 0))
        for code, name, category, total, none in rows
    ]


def first_search_day(session: Session) -> date | None:
    """The first day with counted searches, or None before any search."""
    return session.scalar(select(func.min(SearchCount.day)))


def directory_snapshot(session: Session) -> date | None:
    """When the directory last changed: the data vintage every gap figure depends on."""
    latest = session.scalar(select(func.max(Service.last_modified)))
    return latest.date() if latest else None


def category_supply(
    session: Session, code: str, *, include_examples: bool
) -> tuple[list[tuple[float, float]], list[tuple[str, ...]]]:
    """Public points of local services of one type, and the care councils each serves."""
    lad_to_utla = dict(
        session.execute(
            select(LocalAuthority.gss_code, LocalAuthority.utla_code).where(
                LocalAuthority.nation == "England"
            )
        ).all()
    )
    in_category = (
        select(Attribute.link_id)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_type == "category", TaxonomyTerm.code == code)
    )
    stmt = listed(select(Service).where(Service.id.in_(in_category)), include_examples).options(
        selectinload(Service.service_areas),
        selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
    )
    points: list[tuple[float, float]] = []
    serves: list[tuple[str, ...]] = []
    for service in session.scalars(stmt):
        areas = tuple(
            sorted({lad_to_utla.get(a.area_code) or a.area_code for a in service.service_areas
                    if a.area_kind == AreaKind.LOCAL_AUTHORITY})
        )  # fmt: skip
        if not areas:
            continue  # national, nation-wide or police-area services are not local supply
        serves.append(areas)
        points.extend(public_points(service))
    return points, serves


def codes_covering(session: Session, council: str) -> set[str]:
    """Area codes whose services serve a care council: itself, its districts, its police forces."""
    districts = set(
        session.scalars(select(LocalAuthority.gss_code).where(LocalAuthority.utla_code == council))
    )
    forces = set(
        session.scalars(
            select(local_authority_police_force.c.pfa_code).where(
                local_authority_police_force.c.gss_code.in_(districts | {council})
            )
        )
    )
    return {council} | districts | forces
