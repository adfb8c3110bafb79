"""The route finder on small hand-built graphs."""

from __future__ import annotations

import uuid

from directory.pathways.routes import (
    ServiceRoute,
    build_graph,
    category_node,
    find_routes,
    hop_summary,
    service_node,
)

A, B, C, D = (uuid.uuid4() for _ in range(4))


def _graph(routes):
    categories = {A: ["peer_support_group"], B: ["third_party_reporting_centre"],
                  C: ["victim_services_hub"], D: ["police_non_emergency"]}  # fmt: skip
    return build_graph([], categories, routes)


def test_the_shortest_route_is_found_and_explained():
    graph = _graph(
        [
            ServiceRoute(A, B, "signpost", True, "not_needed"),
            ServiceRoute(B, C, "refer", False, "explicit"),
        ]
    )

    routes = find_routes(graph, service_node(A), "victim_services_hub")

    assert [(h.from_node, h.to_node) for h in routes[0]] == [
        (service_node(A), service_node(B)),
        (service_node(B), service_node(C)),
    ]
    assert hop_summary(routes[0][1]) == "needs a professional referral; only with your agreement"


def test_routes_a_person_can_start_themselves_are_preferred():
    # Two ways to the victim hub: one hop needing a professional, or two hops you can do yourself.
    graph = _graph(
        [
            ServiceRoute(A, C, "refer", False, "sought"),
            ServiceRoute(A, B, "signpost", True, "not_needed"),
            ServiceRoute(B, C, "self", True, "not_needed"),
        ]
    )

    best = find_routes(graph, service_node(A), "victim_services_hub")[0]

    assert all(h.self_referral for h in best)
    assert len(best) == 2


def test_a_route_can_start_from_a_type_of_service():
    graph = _graph([ServiceRoute(B, D, "report", False, "explicit")])

    routes = find_routes(
        graph, category_node("third_party_reporting_centre"), "police_non_emergency"
    )

    assert [(h.from_node, h.to_node) for h in routes[0]] == [(service_node(B), service_node(D))]


def test_no_route_gives_an_empty_list():
    graph = _graph([])

    assert find_routes(graph, service_node(A), "police_non_emergency") == []
