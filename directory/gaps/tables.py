"""Commissioner tables as plain rows: the page and its CSV download print the same rows."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from directory import csv_safe
from directory.gaps.analysis import (
    SIMILAR_BAND,
    Comparison,
    compare_with,
    competition_rank,
    pathway_completeness,
)
from directory.gaps.coverage import METRICS, WITHIN_KM, AreaCoverage, CategoryCoverage, Metric
from directory.gaps.queries import (
    Authority,
    CouncilTally,
    ReportedListing,
    SearchTally,
    StaleListing,
)
from directory.pathways.templates import OrderedStep, PathwayTemplate
from directory.search_periods import THRESHOLD, Month, keyed_noise, published_figure

WITHHELD = f"fewer than {THRESHOLD}"
NO_COUNCIL = "No English council"
UNMET_CLASS = "waymark-unmet"


@dataclass(frozen=True)
class Table:
    """A caption, column headings and rows of text, in display order.

    ``classes`` optionally gives each cell a CSS class (same shape as ``rows``; "" for none):
    colour that repeats what the cell's text already says, never instead of it.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[tuple[str, ...], ...] = ()

    def cells(self) -> Iterator[tuple[tuple[str, str], ...]]:
        """Each row as (text, class) pairs, for the page."""
        for n, row in enumerate(self.rows):
            classes = self.classes[n] if self.classes else ("",) * len(row)
            yield tuple(zip(row, classes, strict=True))

    def csv(self) -> str:
        """The table as CSV text (what the download sends)."""
        out = io.StringIO()
        writer = csv_safe.writer(out)
        writer.writerow(self.headers)
        writer.writerows(self.rows)
        return out.getvalue()


class StepState(StrEnum):
    """What fills one pathway step for one council: the text of its heatmap cell."""

    LOCAL = "Local service"
    NATIONAL_ONLY = "National only"
    NONE = "None"


STEP_CLASSES: Mapping[StepState, str] = {
    StepState.LOCAL: "waymark-heat waymark-heat--local",
    StepState.NATIONAL_ONLY: "waymark-heat waymark-heat--national",
    StepState.NONE: "waymark-heat waymark-heat--none",
}

STEP_MEANINGS: Mapping[StepState, str] = {
    StepState.LOCAL: "At least one local service of a type that fits the step serves the council.",
    StepState.NATIONAL_ONLY: (
        "Only a UK-wide or England-wide service fits the step, such as a helpline or website; "
        "no local one. It does not count as filled."
    ),
    StepState.NONE: "No listed service fits the step. It counts as missing.",
}


def step_key() -> list[tuple[str, str, str]]:
    """The heatmap's key: each state's text, CSS class and meaning."""
    return [(state.value, STEP_CLASSES[state], STEP_MEANINGS[state]) for state in StepState]


@dataclass(frozen=True)
class CouncilPathway:
    """One council's steps of one pathway: each step's state, and the steps with no local one."""

    authority: Authority
    states: tuple[StepState, ...]
    missing: tuple[str, ...]

    @property
    def filled(self) -> int:
        """Steps with a local service."""
        return self.states.count(StepState.LOCAL)


def service_steps(template: PathwayTemplate, unlisted: frozenset[str]) -> list[OrderedStep]:
    """The steps a listed service can fill (not, say, a 999 call), in pathway order."""
    return [
        step
        for step in template.ordered_steps()
        if set(step.node.categories) - unlisted and step.node.type.value in ("step", "entry")
    ]


@dataclass(frozen=True)
class PathwayGaps:
    """One pathway's steps that a listed service can fill, and each council's state of them."""

    template: PathwayTemplate
    steps: tuple[OrderedStep, ...]
    councils: tuple[CouncilPathway, ...]

    def cells(self, council: CouncilPathway) -> list[tuple[OrderedStep, str, str]]:
        """One council's steps, each with its state's text and CSS class."""
        return [
            (step, state.value, STEP_CLASSES[state])
            for step, state in zip(self.steps, council.states, strict=True)
        ]


def pathway_gaps(
    template: PathwayTemplate,
    authorities: Sequence[Authority],
    local: Mapping[str, set[str]],
    national: set[str],
    unlisted: frozenset[str],
) -> PathwayGaps:
    """Per council, each step's state: a local service, only a national one, or none.

    Only local services fill a step for a council; a national service is shown apart, so a
    national helpline never hides a missing local face-to-face service.
    """
    steps = tuple(service_steps(template, unlisted))
    categories = [tuple(set(s.node.categories) - unlisted) for s in steps]
    scores = pathway_completeness(
        categories, {a.code: local.get(a.code, set()) for a in authorities}
    )
    not_national = set(pathway_completeness(categories, {"": national})[""].missing)

    def state(n: int, missing: tuple[int, ...]) -> StepState:
        if n not in missing:
            return StepState.LOCAL
        return StepState.NONE if n in not_national else StepState.NATIONAL_ONLY

    councils = []
    for authority in authorities:
        missing = scores[authority.code].missing
        states = tuple(state(n, missing) for n in range(len(steps)))
        labels = tuple(
            f"{steps[n].number}. {steps[n].node.label}"
            + (" (national only)" if states[n] is StepState.NATIONAL_ONLY else "")
            for n in missing
        )
        councils.append(CouncilPathway(authority, states, labels))
    return PathwayGaps(template, steps, tuple(councils))


def completeness_table(gaps: PathwayGaps) -> Table:
    """The area x step heatmap: one row per council, one cell per step, then the missing steps."""
    rows = tuple(
        (council.authority.code, council.authority.name, *(s.value for s in council.states),
         str(council.filled), str(len(gaps.steps)), "; ".join(council.missing) or "none")
        for council in gaps.councils
    )  # fmt: skip
    classes = tuple(
        ("", "", *(STEP_CLASSES[s] for s in council.states), "", "", "")
        for council in gaps.councils
    )
    return Table(
        f"Steps of '{gaps.template.title}' with a local service, by council",
        ("Code", "Council", *(f"{s.number}. {s.node.label}" for s in gaps.steps),
         "Steps with a local service", "Steps that need a service", "Missing steps"),
        rows,
        classes,
    )  # fmt: skip


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


def reported_table(reported: Iterable[ReportedListing]) -> Table:
    """Listings the public says may be wrong, longest-waiting first."""
    rows = tuple(
        (
            item.service.organization.name,
            item.service.name,
            ", ".join(a.name or a.area_code for a in item.service.service_areas) or "not given",
            str(item.open_reports),
            item.first_reported.isoformat(),
        )
        for item in reported
    )
    return Table(
        "Listings with open problem reports from the public",
        ("Organisation", "Service", "Areas", "Open reports", "First reported"),
        rows,
    )


def _category(code: str, names: Mapping[str, str]) -> str:
    return names.get(code, "any") if code else "any"


@dataclass(frozen=True)
class Publication:
    """What publishing one month of search counts needs: the month, the noise key, and the
    categories never published by district."""

    month: Month
    secret: str
    sensitive: frozenset[str] = frozenset()

    def figure(self, level: str, area: str, category: str, measure: str, count: int) -> int | None:
        """The published figure of one cell, or None when withheld."""
        cell = ("search-counts", level, self.month.key, area, category, measure)
        return published_figure(count, keyed_noise(self.secret, *cell))


def _shown(figure: int | None) -> str:
    return WITHHELD if figure is None else str(figure)


def _unmet_class(zero: int | None) -> str:
    return UNMET_CLASS if zero else ""


def searches_table(
    tallies: Sequence[SearchTally], category_names: Mapping[str, str], publication: Publication
) -> Table:
    """One month's searches by district and category, as published: noisy, rounded to 5, and
    only where the figure is 10 or more; sensitive categories left out (councils only).

    Rows whose figure is withheld are not listed, so a row appearing says nothing about one
    search. The order uses only what is shown.
    """
    rows = []
    for tally in tallies:
        if tally.category in publication.sensitive:
            continue
        area = tally.outcode
        total = publication.figure("district", area, tally.category, "searches", tally.searches)
        if total is None:
            continue
        zero = publication.figure("district", area, tally.category, "nothing", tally.zero_results)
        name = _category(tally.category, category_names)
        rows.append((total, zero, tally.outcode or "no place given", name))
    rows.sort(key=lambda r: (-r[0], -(r[1] or 0), r[2], r[3]))
    return Table(
        f"Searches by postcode district and type of support, {publication.month.label}",
        ("Postcode district", "Type of support", "Searches", "Searches that found nothing local"),
        tuple((outcode, name, _shown(total), _shown(zero)) for total, zero, outcode, name in rows),
        tuple(("", "", "", _unmet_class(zero)) for _, zero, _, _ in rows),
    )


def council_searches_table(
    tallies: Sequence[CouncilTally], category_names: Mapping[str, str], publication: Publication
) -> Table:
    """One month's searches by council and category, most unmet first, as published: the
    council totals (districts added up first) noisy, rounded to 5, shown from 10.

    Rows whose figure is withheld are not listed; the order uses only what is shown.
    """
    rows = []
    for tally in tallies:
        area = tally.council or ""
        total = publication.figure("council", area, tally.category, "searches", tally.searches)
        if total is None:
            continue
        zero = publication.figure("council", area, tally.category, "nothing", tally.zero_results)
        rows.append((tally, total, zero, _category(tally.category, category_names)))
    rows.sort(
        key=lambda r: (-(r[2] or 0), -r[1], r[0].council is None, r[0].council_name or "", r[3])
    )
    return Table(
        f"Searches by council and type of support, {publication.month.label}",
        ("Code", "Council", "Type of support", "Searches", "Searches that found nothing local"),
        tuple(
            (t.council or "", t.council_name or NO_COUNCIL, name, _shown(total), _shown(zero))
            for t, total, zero, name in rows
        ),
        tuple(("", "", "", "", _unmet_class(zero)) for _, _, zero, _ in rows),
    )


COMPARISON_TEXT: Mapping[Comparison, str] = {
    Comparison.BETTER: "Better than England",
    Comparison.SIMILAR: "Similar to England",
    Comparison.WORSE: "Worse than England",
    Comparison.NOT_COMPARED: "Not compared",
}


def comparison_rule() -> str:
    """The rule behind "compared with England", in words for the page."""
    higher = [m.name.lower() for m in METRICS if m.higher_is_better]
    lower = [m.name.lower() for m in METRICS if not m.higher_is_better]
    return (
        f"A council within {SIMILAR_BAND:.0%} of the England value, either way, is similar to "
        f"England; further above or below it is better or worse. Higher is better for "
        f"{', '.join(higher[:-1])} and {higher[-1]}; lower is better for {' and '.join(lower)}. "
        "This is a rule of thumb, not a test of statistical significance: where a council has "
        "only a few services, one more or one fewer can move it between groups."
    )


# Column heading, scale and decimal places of each coverage figure, by AreaCoverage field.
_FIGURES: Mapping[str, tuple[str, float, int]] = {
    "per_100k": ("Per 100,000 people", 1.0, 2),
    "mean_nearest_km": ("Mean km to nearest", 1.0, 1),
    "share_within": (f"% within {WITHIN_KM:g} km", 100.0, 0),
    "access_per_100k": ("Access score per 100,000", 1.0, 2),
}


def map_figure(metric: Metric) -> tuple[str, float, int]:
    """How the table words, scales and rounds a metric, so the map says it the same way."""
    return _FIGURES[metric.field]


def _figure(metric: Metric, figures: AreaCoverage) -> str:
    _, scale, places = _FIGURES[metric.field]
    return _fmt(scale * metric.of(figures), places)


def coverage_table(
    category_name: str,
    authorities: Sequence[Authority],
    results: CategoryCoverage,
    catchment_km: float,
    metric: Metric,
) -> Table:
    """Per council: every figure, England's value of `metric`, the comparison, and the rank.

    Rows are in rank order (best first); equal values share a rank.
    """
    by_code = {r.code: r for r in results.areas}
    shown = [(a, by_code[a.code]) for a in authorities if a.code in by_code]
    ranks = competition_rank(
        [metric.of(r) for _, r in shown], higher_is_better=metric.higher_is_better
    )
    england = metric.of(results.england)

    def comparison(figures: AreaCoverage) -> str:
        compared = compare_with(
            metric.of(figures), england, higher_is_better=metric.higher_is_better
        )
        return COMPARISON_TEXT[compared]

    ordered = sorted(
        zip(shown, ranks, strict=True),
        key=lambda item: (item[1] is None, item[1] or 0, item[0][0].name),
    )
    rows = tuple(
        (a.code, a.name, str(r.services), *(_figure(m, r) for m in METRICS),
         _figure(metric, results.england), comparison(r),
         "not ranked" if rank is None else str(rank))
        for (a, r), rank in ordered
    )  # fmt: skip
    return Table(
        f"{category_name}: local services by council, ranked by {metric.name.lower()} "
        f"(2SFCA catchment {catchment_km:g} km)",
        ("Code", "Council", "Services", *(_FIGURES[m.field][0] for m in METRICS),
         f"England: {_FIGURES[metric.field][0].lower()}", "Compared with England", "Rank"),
        rows,
    )  # fmt: skip


def _fmt(value: float, places: int) -> str:
    if math.isnan(value):
        return "no people"
    if math.isinf(value):
        return "no service"
    return f"{value:.{places}f}"
