"""Pathway templates: typed graphs of service types, read and checked from `data/pathways/*.yaml`.

A broken template raises `TemplateError` naming the file and the field; nothing is half-loaded.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from directory.models.enums import Consent, RouteKind
from directory.vocabulary import vocabulary_in

PATHWAYS_DIR = "pathways"
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "data" / PATHWAYS_DIR / "schema.json"
MAIN_TRACK = "main"


class TemplateError(ValueError):
    """A pathway template is malformed; the message names the file and the field."""


class NodeType(StrEnum):
    """What a node in a pathway is."""

    ENTRY = "entry"
    STEP = "step"
    DECISION = "decision"
    OUTCOME = "outcome"


class TimescaleBasis(StrEnum):
    """Where a timescale comes from: law, a code, one area's policy, or common practice."""

    STATUTORY = "statutory"
    CODE = "code"
    LOCAL_POLICY = "local_policy"
    TYPICAL = "typical"


class Initiator(StrEnum):
    """Who can start a step along an edge."""

    SELF = "self"
    FAMILY_FRIEND = "family_friend"
    ANY_PROFESSIONAL = "any_professional"
    SPECIFIC_PROFESSIONAL = "specific_professional"
    POLICE = "police"
    ANYONE = "anyone"


# A person (not a professional) can start an edge only if one of these may initiate it.
_LAY_INITIATORS = frozenset({Initiator.SELF, Initiator.FAMILY_FRIEND, Initiator.ANYONE})


@dataclass(frozen=True)
class Source:
    """A public source the template's facts come from."""

    id: str
    title: str
    url: str | None = None
    date: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Timescale:
    """How long a step usually takes, and whether that is law, code, local policy or typical."""

    text: str
    basis: TimescaleBasis
    source: str | None = None


@dataclass(frozen=True)
class Node:
    """A point in a pathway: an entry, a step filled by services, a decision or an outcome."""

    id: str
    type: NodeType
    label: str
    categories: tuple[str, ...]
    what_happens: str
    who: str
    track: str
    sources: tuple[str, ...]
    criteria: str | None = None
    what_to_have_ready: str | None = None
    if_criteria_not_met: str | None = None
    consent_and_sharing: str | None = None
    see_pathway: str | None = None


@dataclass(frozen=True)
class Edge:
    """A route from one node to the next, with who can start it and what consent it needs."""

    from_id: str
    to_id: str
    kind: RouteKind
    who_can_initiate: tuple[Initiator, ...]
    self_referral: bool
    consent: Consent
    sources: tuple[str, ...]
    criteria: str | None = None
    timescale: Timescale | None = None


@dataclass(frozen=True)
class OrderedStep:
    """A node with its step number (from 1) and its layer in the drawing (entries are layer 0)."""

    number: int
    layer: int
    node: Node


@dataclass(frozen=True)
class PathwayTemplate:
    """One checked pathway template: nodes, edges and sources, with graph helpers."""

    slug: str
    id: str
    title: str
    summary: str
    red_flag: str
    reviewed: date
    sources: tuple[Source, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    file_name: str
    scope: str | None = None
    review_note: str | None = None

    def node(self, node_id: str) -> Node:
        """The node with `node_id` (KeyError if there is none)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def source(self, source_id: str) -> Source:
        """The source with `source_id` (KeyError if there is none)."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @property
    def entries(self) -> tuple[Node, ...]:
        """The entry nodes, in file order."""
        return tuple(n for n in self.nodes if n.type is NodeType.ENTRY)

    def outgoing(self, node_id: str) -> tuple[Edge, ...]:
        """Edges leaving `node_id`, in file order."""
        return tuple(e for e in self.edges if e.from_id == node_id)

    def incoming(self, node_id: str) -> tuple[Edge, ...]:
        """Edges arriving at `node_id`, in file order."""
        return tuple(e for e in self.edges if e.to_id == node_id)

    def can_go_yourself(self, node_id: str) -> bool:
        """Whether a person can start any route out of this node without a professional."""
        return any(e.self_referral for e in self.outgoing(node_id))

    def access_label(self, node_id: str) -> str:
        """'You can go yourself' or 'A professional refers', for an entry point."""
        return "You can go yourself" if self.can_go_yourself(node_id) else "A professional refers"

    @property
    def tracks(self) -> tuple[str, ...]:
        """Track names, main first, then in order of first appearance."""
        names = [MAIN_TRACK] if any(n.track == MAIN_TRACK for n in self.nodes) else []
        for node in self.nodes:
            if node.track not in names:
                names.append(node.track)
        return tuple(names)

    @property
    def category_codes(self) -> tuple[str, ...]:
        """Every category used by any node, in first-use order."""
        return tuple(dict.fromkeys(c for n in self.nodes for c in n.categories))

    def graph(self) -> nx.DiGraph:
        """A new DiGraph; nodes carry `node`, `type`, `track`; edges carry `edge`, `kind`."""
        graph = nx.DiGraph(slug=self.slug, title=self.title)
        for node in self.nodes:
            graph.add_node(node.id, node=node, type=node.type.value, track=node.track)
        for edge in self.edges:
            graph.add_edge(edge.from_id, edge.to_id, edge=edge, kind=edge.kind.value)
        return graph

    def ordered_steps(self) -> tuple[OrderedStep, ...]:
        """All nodes in layered topological order (ties: track, file order), numbered from 1."""
        position = {node.id: index for index, node in enumerate(self.nodes)}
        track_rank = {name: index for index, name in enumerate(self.tracks)}
        steps: list[OrderedStep] = []
        for layer, generation in enumerate(nx.topological_generations(self.graph())):
            for node_id in sorted(
                generation, key=lambda i: (track_rank[self.node(i).track], position[i])
            ):
                steps.append(OrderedStep(len(steps) + 1, layer, self.node(node_id)))
        return tuple(steps)


def _field(path: Iterable[str | int]) -> str:
    """A JSON path as `edges[2].consent`; `(top level)` for the document itself."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _plain(value: Any) -> Any:
    """The YAML document with dates as ISO strings, so the JSON Schema sees JSON types."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@cache
def _validator() -> Draft202012Validator:
    """The schema validator (read once)."""
    with SCHEMA_FILE.open(encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _error_key(error: ValidationError) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in error.absolute_path)


def _schema_error(name: str, error: ValidationError) -> TemplateError:
    path: list[str | int] = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [p for p in error.validator_value if p not in error.instance]
        path += missing[:1]
    return TemplateError(f"{name}: {_field(path)}: {error.message}")


def _read(path: Path) -> dict[str, Any]:
    """The YAML document in `path`, checked against the schema."""
    name = path.name
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        raise TemplateError(f"{name}: {line}: YAML error: {exc.problem or exc}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError(f"{name}: cannot read: {exc}") from exc
    document = _plain(raw)
    errors = sorted(_validator().iter_errors(document), key=_error_key)
    if errors:
        raise _schema_error(name, errors[0])
    return document


def _build(document: Mapping[str, Any], name: str) -> PathwayTemplate:
    """The dataclasses for a document that has passed the schema."""
    return PathwayTemplate(
        slug=document["slug"],
        id=document["id"],
        title=document["title"],
        summary=document["summary"],
        red_flag=document["red_flag"],
        reviewed=date.fromisoformat(document["reviewed"]),
        sources=tuple(
            Source(s["id"], s["title"], s.get("url"), s.get("date"), s.get("note"))
            for s in document["sources"]
        ),
        nodes=tuple(
            Node(
                id=n["id"],
                type=NodeType(n["type"]),
                label=n["label"],
                categories=tuple(n["categories"]),
                what_happens=n["what_happens"],
                who=n["who"],
                track=n["track"],
                sources=tuple(n["sources"]),
                criteria=n.get("criteria"),
                what_to_have_ready=n.get("what_to_have_ready"),
                if_criteria_not_met=n.get("if_criteria_not_met"),
                consent_and_sharing=n.get("consent_and_sharing"),
                see_pathway=n.get("see_pathway"),
            )
            for n in document["nodes"]
        ),
        edges=tuple(
            Edge(
                from_id=e["from"],
                to_id=e["to"],
                kind=RouteKind(e["kind"]),
                who_can_initiate=tuple(Initiator(w) for w in e["who_can_initiate"]),
                self_referral=e["self_referral"],
                consent=Consent(e["consent"]),
                sources=tuple(e["sources"]),
                criteria=e.get("criteria"),
                timescale=(
                    Timescale(
                        e["timescale"]["text"],
                        TimescaleBasis(e["timescale"]["basis"]),
                        e["timescale"].get("source"),
                    )
                    if "timescale" in e
                    else None
                ),
            )
            for e in document["edges"]
        ),
        file_name=name,
        scope=document.get("scope"),
        review_note=document.get("review_note"),
    )


def _check_ids_and_references(t: PathwayTemplate, category_codes: Collection[str]) -> None:
    """Unique ids; edge ends exist; categories and source ids are known."""
    name = t.file_name
    known_sources: set[str] = set()
    for i, source in enumerate(t.sources):
        if source.id in known_sources:
            raise TemplateError(f"{name}: sources[{i}].id: duplicate source id {source.id!r}")
        known_sources.add(source.id)

    def check_sources(where: str, ids: Sequence[str]) -> None:
        for j, source_id in enumerate(ids):
            if source_id not in known_sources:
                raise TemplateError(
                    f"{name}: {where}.sources[{j}]: source {source_id!r} is not in this "
                    "template's sources list"
                )

    node_ids: set[str] = set()
    for i, node in enumerate(t.nodes):
        if node.id in node_ids:
            raise TemplateError(f"{name}: nodes[{i}].id: duplicate node id {node.id!r}")
        node_ids.add(node.id)
        for j, code in enumerate(node.categories):
            if code not in category_codes:
                raise TemplateError(
                    f"{name}: nodes[{i}].categories[{j}]: unknown category {code!r} "
                    "(not in data/categories.yaml)"
                )
        check_sources(f"nodes[{i}]", node.sources)

    pairs: set[tuple[str, str]] = set()
    for i, edge in enumerate(t.edges):
        for end, node_id in (("from", edge.from_id), ("to", edge.to_id)):
            if node_id not in node_ids:
                raise TemplateError(f"{name}: edges[{i}].{end}: no node {node_id!r}")
        if edge.from_id == edge.to_id:
            raise TemplateError(f"{name}: edges[{i}].to: an edge cannot loop to its own node")
        if (edge.from_id, edge.to_id) in pairs:
            raise TemplateError(
                f"{name}: edges[{i}].to: a second edge from {edge.from_id!r} to {edge.to_id!r}"
            )
        pairs.add((edge.from_id, edge.to_id))
        check_sources(f"edges[{i}]", edge.sources)
        if edge.timescale and edge.timescale.source and edge.timescale.source not in known_sources:
            raise TemplateError(
                f"{name}: edges[{i}].timescale.source: source {edge.timescale.source!r} is not "
                "in this template's sources list"
            )


def _check_edges(t: PathwayTemplate) -> None:
    """Edge attributes agree with each other and with the nodes they join."""
    name = t.file_name
    for i, edge in enumerate(t.edges):
        if edge.kind is RouteKind.SELF and not edge.self_referral:
            raise TemplateError(
                f"{name}: edges[{i}].self_referral: a 'self' edge must have self_referral: true"
            )
        if edge.self_referral and not _LAY_INITIATORS.intersection(edge.who_can_initiate):
            raise TemplateError(
                f"{name}: edges[{i}].who_can_initiate: self_referral is true, so it must include "
                "self, family_friend or anyone"
            )
        if t.node(edge.to_id).type is NodeType.ENTRY:
            raise TemplateError(
                f"{name}: edges[{i}].to: {edge.to_id!r} is an entry; entries have no incoming edges"
            )
        if (
            edge.kind is RouteKind.PARALLEL
            and t.node(edge.from_id).track == t.node(edge.to_id).track
        ):
            raise TemplateError(
                f"{name}: edges[{i}].kind: a 'parallel' edge must lead into another track"
            )


def _check_shape(t: PathwayTemplate) -> None:
    """Entries exist; decisions branch with criteria; no cycles; everything reachable."""
    name = t.file_name
    index = {node.id: i for i, node in enumerate(t.nodes)}
    if not t.entries:
        raise TemplateError(f"{name}: nodes: there is no node of type 'entry'")
    for node in t.nodes:
        if node.type is not NodeType.DECISION:
            continue
        branches = t.outgoing(node.id)
        if len(branches) < 2:
            raise TemplateError(
                f"{name}: nodes[{index[node.id]}]: decision {node.id!r} needs at least 2 "
                f"outgoing edges, has {len(branches)}"
            )
        for edge in branches:
            if not edge.criteria:
                raise TemplateError(
                    f"{name}: edges[{t.edges.index(edge)}].criteria: each branch from decision "
                    f"{node.id!r} needs criteria"
                )
    graph = t.graph()
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        cycle = []
    if cycle:
        in_cycle = {(a, b) for a, b, *_ in cycle}
        last = max(i for i, e in enumerate(t.edges) if (e.from_id, e.to_id) in in_cycle)
        route = " -> ".join([a for a, *_ in cycle] + [cycle[0][0]])
        raise TemplateError(f"{name}: edges[{last}]: makes a cycle: {route}")
    reachable: set[str] = set()
    for entry in t.entries:
        reachable |= {entry.id} | nx.descendants(graph, entry.id)
    for node in t.nodes:
        if node.id not in reachable:
            raise TemplateError(
                f"{name}: nodes[{index[node.id]}].id: {node.id!r} cannot be reached from any entry"
            )


def load_template(path: Path, category_codes: Collection[str]) -> PathwayTemplate:
    """The checked template in `path`; raises TemplateError naming the file and field."""
    template = _build(_read(path), path.name)
    _check_ids_and_references(template, category_codes)
    _check_edges(template)
    _check_shape(template)
    return template


def load_all(directory: Path, category_codes: Collection[str]) -> dict[str, PathwayTemplate]:
    """Every `*.yaml` template in `directory`, keyed by slug, ordered by id (T1, T2, ...)."""
    templates = [load_template(p, category_codes) for p in sorted(directory.glob("*.yaml"))]
    by_slug: dict[str, PathwayTemplate] = {}
    by_id: dict[str, PathwayTemplate] = {}
    for template in templates:
        if template.slug in by_slug:
            raise TemplateError(
                f"{template.file_name}: slug: {template.slug!r} is already used by "
                f"{by_slug[template.slug].file_name}"
            )
        if template.id in by_id:
            raise TemplateError(
                f"{template.file_name}: id: {template.id!r} is already used by "
                f"{by_id[template.id].file_name}"
            )
        by_slug[template.slug] = by_id[template.id] = template
    for template in templates:
        for i, node in enumerate(template.nodes):
            if node.see_pathway and node.see_pathway not in by_slug:
                raise TemplateError(
                    f"{template.file_name}: nodes[{i}].see_pathway: no template with slug "
                    f"{node.see_pathway!r}"
                )
    templates.sort(key=lambda t: int(t.id[1:]))
    return {t.slug: t for t in templates}


@cache
def templates_in(data_dir: Path) -> Mapping[str, PathwayTemplate]:
    """The templates in `data_dir/pathways`, checked against that folder's categories (cached)."""
    codes = frozenset(term.code for term in vocabulary_in(data_dir).categories)
    return MappingProxyType(load_all(data_dir / PATHWAYS_DIR, codes))


def templates_using(
    templates: Iterable[PathwayTemplate], categories: Collection[str]
) -> list[PathwayTemplate]:
    """The templates with a step that a service of one of `categories` can fill."""
    wanted = set(categories)
    return [t for t in templates if wanted & set(t.category_codes)]
