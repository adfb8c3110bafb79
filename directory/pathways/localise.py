"""Fill a pathway's steps with the services that serve a place (no database here).

Each step takes the nearest few services of its types that are near the place or cover its
area; national services are kept apart and labelled, so they never hide a missing local one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from directory.geo.distance import distance_miles
from directory.geo.gazetteer import LocatedPoint
from directory.pathways.templates import NodeType, OrderedStep, PathwayTemplate
from directory.search.query import Result, SearchOutcome

PER_STEP = 3
NATIONAL_PER_STEP = 2

# Runs a search for services of the given categories near the place being localised.
Finder = Callable[[tuple[str, ...]], SearchOutcome]


@dataclass(frozen=True)
class LocalStep:
    """A step of the pathway with the services that can fill it for this place."""

    step: OrderedStep
    local: tuple[Result, ...]
    national: tuple[Result, ...]
    # Miles from this step's first local service to the previous local step's on the same track.
    miles_from_previous: float | None = None
    # False for steps anyone can take without a listed service (calling 999).
    listable: bool = True

    @property
    def needs_service(self) -> bool:
        """Whether this step is one a service fills (not a decision, outcome, person or 999)."""
        return (
            self.listable
            and bool(self.step.node.categories)
            and self.step.node.type in (NodeType.STEP, NodeType.ENTRY)
        )

    @property
    def is_missing_locally(self) -> bool:
        """A step that needs a service but has no local one: a gap for this area."""
        return self.needs_service and not self.local


@dataclass(frozen=True)
class LocalisedPathway:
    """A template with each step filled for one place (or left generic when there is none)."""

    template: PathwayTemplate
    place: LocatedPoint | None
    steps: tuple[LocalStep, ...]

    @property
    def missing(self) -> tuple[LocalStep, ...]:
        """Steps that need a service and have no local one."""
        return tuple(step for step in self.steps if step.is_missing_locally)

    def layers(self) -> list[list[LocalStep]]:
        """Steps grouped by stage (the diagram's layers), in step order within each."""
        grouped: dict[int, list[LocalStep]] = {}
        for step in self.steps:
            grouped.setdefault(step.step.layer, []).append(step)
        return [grouped[layer] for layer in sorted(grouped)]

    def service_ids(self) -> list[uuid.UUID]:
        """Every service named on the page, to load from the database in one go."""
        return [r.id for step in self.steps for r in (*step.local, *step.national)]


def _first_point(results: Sequence[Result]) -> tuple[float, float] | None:
    for result in results:
        if result.match == "nearby" and result.points:
            return result.points[0]
    return None


def localise(
    template: PathwayTemplate,
    place: LocatedPoint | None,
    find: Finder | None,
    unlisted: frozenset[str] = frozenset(),
) -> LocalisedPathway:
    """The pathway's steps in order, each with up to three local and two national services.

    Steps whose types are all in `unlisted` (999) are never searched and never gaps.
    """
    steps: list[LocalStep] = []
    # Parallel tracks are travelled separately: distances run along each track.
    previous: dict[str, tuple[float, float]] = {}
    for ordered in template.ordered_steps():
        categories = tuple(c for c in ordered.node.categories if c not in unlisted)
        listable = bool(categories) or not ordered.node.categories
        if place is None or find is None or not categories:
            steps.append(LocalStep(ordered, (), (), listable=listable))
            continue
        outcome = find(categories)
        local = tuple(outcome.results[:PER_STEP])
        national = tuple(outcome.national[:NATIONAL_PER_STEP])
        point = _first_point(local)
        track = ordered.node.track
        miles = None
        if point and track in previous:
            miles = distance_miles(*previous[track], *point)
        if point:
            previous[track] = point
        steps.append(LocalStep(ordered, local, national, miles))
    return LocalisedPathway(template, place, tuple(steps))
