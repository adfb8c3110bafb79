"""Commissioner tables as plain rows: the page and its CSV download print the same rows."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from directory.gaps.analysis import pathway_completeness, suppress_small
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
