"""Commissioner tables as plain rows: the page and its CSV download print the same rows."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from directory.gaps.analysis import pathway_completeness, suppress_small
from directory.gaps.coverage import AreaCoverage
from directory.gaps.queries import Authority, SearchTally, StaleListing
from directory.pathways.templates import PathwayTemplate

SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class Table:
    """A caption, column headings and rows of text, in display order."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def csv(self) -> str:
        """The table as CSV text (what the download sends)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(self.rows)
        return out.getvalue()


def completeness_table(
    template: PathwayTemplate,
    authorities: Sequence[Authority],
    local: Mapping[str, set[str]],
    unlisted: frozenset[str],
) -> Table:
    """One row per authority: steps with a local service, out of those a service can fill."""
    steps = [
        step
        for step in template.ordered_steps()
        if set(step.node.categories) - unlisted and step.node.type.value in ("step", "entry")
    ]
    scores = pathway_completeness(
        [tuple(set(s.node.categories) - unlisted) for s in steps],
        {a.code: local.get(a.code, set()) for a in authorities},
    )
    rows = []
    for authority in authorities:
        score = scores[authority.code]
        missing = "; ".join(f"{steps[n].number}. {steps[n].node.label}" for n in score.missing)
        rows.append(
            (authority.code, authority.name, str(score.filled), str(score.total), missing or "none")
        )
    return Table(
        f"Steps of '{template.title}' with a local service, by council",
        ("Code", "Council", "Steps filled", "Steps that need a service", "Missing steps"),
        tuple(rows),
    )


def stale_table(stale: Iterable[StaleListing], months: int) -> Table:
    """Listings not checked within `months`, oldest (and undated) first."""
    rows = tuple(
        (
            item.service.organization.name,
            item.service.name,
            ", ".join(a.name or a.area_code for a in item.service.service_areas) or "not given",
            item.service.assured_date.isoformat() if item.service.assured_date else "undated",
            "unknown" if item.months_old is None else str(item.months_old),
        )
        for item in stale
    )
    return Table(
        f"Listings whose source is over {months} months old or undated",
        ("Organisation", "Service", "Areas", "Source date", "Months old"),
        rows,
    )


def searches_table(tallies: Sequence[SearchTally], category_names: Mapping[str, str]) -> Table:
    """Searches by district and category; counts under 5 are suppressed, never shown."""
    totals = suppress_small([t.searches for t in tallies])
    zeros = suppress_small([t.zero_results for t in tallies])
    rows = tuple(
        (
            tally.outcode or "no place given",
            category_names.get(tally.category, "any") if tally.category else "any",
            SUPPRESSED if math.isnan(total) else str(int(total)),
            SUPPRESSED if math.isnan(zero) else str(int(zero)),
        )
        for tally, total, zero in zip(tallies, totals, zeros, strict=True)
    )
    return Table(
        "Searches by postcode district and type of support",
        ("Postcode district", "Type of support", "Searches", "Searches that found nothing local"),
        rows,
    )


def coverage_table(
    category_name: str,
    authorities: Sequence[Authority],
    results: Sequence[AreaCoverage],
    catchment_km: float,
) -> Table:
    """Per council: services, per 100k people, distance and access, ranked by services per 100k."""
    by_code = {r.code: r for r in results}
    shown = [(a, by_code[a.code]) for a in authorities if a.code in by_code]
    ranked = sorted(shown, key=lambda pair: (-_number(pair[1].per_100k), pair[0].name))
    rank = {a.code: n for n, (a, _) in enumerate(ranked, start=1)}
    rows = tuple(
        (
            a.code, a.name, str(r.services), _fmt(r.per_100k, 2), _fmt(r.mean_nearest_km, 1),
            _fmt(100 * r.share_within, 0), _fmt(r.access_per_100k, 2), str(rank[a.code]),
        )
        for a, r in shown
    )  # fmt: skip
    return Table(
        f"{category_name}: local services by council (2SFCA catchment {catchment_km:g} km)",
        ("Code", "Council", "Services", "Per 100,000 people", "Mean km to nearest",
         "% within 5 km", "Access score per 100,000", "Rank"),
        rows,
    )  # fmt: skip


def _number(value: float) -> float:
    return -1.0 if math.isnan(value) else value


def _fmt(value: float, places: int) -> str:
    if math.isnan(value):
        return "no people"
    if math.isinf(value):
        return "no service"
    return f"{value:.{places}f}"
