"""Route finder: the shortest ways from a service or service type to a type of help.

The graph joins two kinds of knowledge: template edges (between service types, from the
pathway templates) and service-level referral routes (between listed services). A service
belongs to its types at no cost. Each hop costs 1, and more when a professional has to start
it, so routes a person can start themselves come first.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from directory.models import Consent, RouteKind
from directory.pathways.templates import PathwayTemplate

HOP = 1.0
# A hop a professional must start costs as much as two and a half a person can start, so
# "two steps you can take yourself" beats "one referral".
NEEDS_PROFESSIONAL = 1.5
MAX_ROUTES = 3


@dataclass(frozen=True)
class ServiceRoute:
    """A route between two listed services, as the finder needs it."""

    from_id: uuid.UUID
    to_id: uuid.UUID
    kind: str
    self_referral: bool
    consent: str | None
    criteria: str | None = None


@dataclass(frozen=True)
class Hop:
    """One step of a found route, with what it takes."""

    from_node: str
    to_node: str
    kind: str
    self_referral: bool
    consent: str | None
    criteria: str | None
    # "template" (a general pathway) or "service" (a recorded route between two services).
    basis: str


def category_node(code: str) -> str:
    """The graph node for a service type."""
    return f"category:{code}"


def service_node(service_id: uuid.UUID) -> str:
    """The graph node for a listed service."""
    return f"service:{service_id}"


def _cost(self_referral: bool) -> float:
    return HOP if self_referral else HOP + NEEDS_PROFESSIONAL


def _better(graph: nx.DiGraph, a: str, b: str, data: dict) -> bool:
    return not graph.has_edge(a, b) or data["weight"] < graph.edges[a, b]["weight"]


def build_graph(
    templates: Iterable[PathwayTemplate],
    service_categories: Mapping[uuid.UUID, Sequence[str]],
    service_routes: Iterable[ServiceRoute],
) -> nx.DiGraph:
    """The combined graph of template edges, service routes and service membership."""
    graph = nx.DiGraph()
    for template in templates:
        for edge in template.edges:
            for source in template.node(edge.from_id).categories:
                for target in template.node(edge.to_id).categories:
                    if source == target:
                        continue
                    data = {
                        "weight": _cost(edge.self_referral), "kind": edge.kind.value,
                        "self_referral": edge.self_referral, "consent": edge.consent.value,
                        "criteria": edge.criteria, "basis": "template",
                    }  # fmt: skip
                    a, b = category_node(source), category_node(target)
                    if _better(graph, a, b, data):
                        graph.add_edge(a, b, **data)
    for service_id, codes in service_categories.items():
        for code in codes:
            # A service is one of its types; reaching the type from the service is free.
            graph.add_edge(service_node(service_id), category_node(code), weight=0.0,
                           kind="is", basis="membership")  # fmt: skip
    for route in service_routes:
        data = {
            "weight": _cost(route.self_referral), "kind": route.kind,
            "self_referral": route.self_referral, "consent": route.consent,
            "criteria": route.criteria, "basis": "service",
        }  # fmt: skip
        a, b = service_node(route.from_id), service_node(route.to_id)
        if _better(graph, a, b, data):
            graph.add_edge(a, b, **data)
    return graph


def find_routes(graph: nx.DiGraph, start: str, target_category: str) -> list[list[Hop]]:
    """Up to three cheapest routes from `start` to the target type, each as explained hops."""
    target = category_node(target_category)
    if start not in graph or target not in graph or start == target:
        return []
    if start.startswith("category:"):
        # From a type: any service of that type may take the first step.
        graph = graph.copy()
        for member in list(graph.predecessors(start)):
            if graph.edges[member, start]["basis"] == "membership":
                graph.add_edge(start, member, weight=0.0, kind="is", basis="membership")
    try:
        paths = list(islice(nx.shortest_simple_paths(graph, start, target, weight="weight"),
                            MAX_ROUTES))  # fmt: skip
    except nx.NetworkXNoPath:
        return []
    return [_hops(graph, path) for path in paths]


def _hops(graph: nx.DiGraph, path: Sequence[str]) -> list[Hop]:
    hops = []
    for a, b in pairwise(path):
        data = graph.edges[a, b]
        if data["basis"] == "membership":
            continue
        hops.append(
            Hop(a, b, data["kind"], data["self_referral"], data.get("consent"),
                data.get("criteria"), data["basis"])
        )  # fmt: skip
    return hops


def hop_summary(hop: Hop) -> str:
    """What a hop takes, in words: who can start it and whose agreement it needs."""
    parts = ["you can do this yourself" if hop.self_referral else "needs a professional referral"]
    if hop.consent == Consent.SOUGHT:
        parts.append("consent sought")
    elif hop.consent == Consent.EXPLICIT:
        parts.append("only with your agreement")
    elif hop.consent == Consent.OVERRIDE_IF_RISK:
        parts.append("may go ahead without consent if someone is at serious risk")
    elif hop.consent == Consent.ANONYMOUS_POSSIBLE:
        parts.append("can be anonymous")
    if hop.kind == RouteKind.PARALLEL:
        parts.append("runs alongside")
    return "; ".join(parts)
