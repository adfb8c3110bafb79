"""Pathway pages: generic and localised, the diagram, the print view and the route finder."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from directory.config import PROJECT_ROOT
from directory.db import session_factory
from directory.models import Attribute, Service, ServiceArea, TaxonomyTerm
from directory.pathways.diagram import layout, pathway_svg
from directory.pathways.templates import templates_in
from directory.vocabulary import vocabulary_in
from tests.helpers import assert_govuk_page

TEMPLATES = templates_in(PROJECT_ROOT / "data")
SLUGS = list(TEMPLATES)


def test_the_index_lists_every_pathway(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/pathways"))

    for slug in SLUGS:
        assert soup.find("a", href=f"/pathways/{slug}") is not None


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pathway_page_is_well_formed_without_a_place(loaded_client, slug):
    soup = assert_govuk_page(loaded_client.get(f"/pathways/{slug}"))

    assert soup.select_one(".waymark-red-flag") is not None
    assert "Give a postcode or town" in soup.get_text()
    steps = soup.select(".waymark-step")
    assert len(steps) == len(TEMPLATES[slug].nodes)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("near", ["LS6 1AA", "Leeds", "M1", "Hackney"])
def test_every_pathway_page_is_well_formed_for_a_place(loaded_client, slug, near):
    assert_govuk_page(loaded_client.get(f"/pathways/{slug}", query_string={"near": near}))


def test_the_red_flag_comes_before_the_steps(loaded_client):
    soup = assert_govuk_page(loaded_client.get("/pathways/something-hateful-happened"))
    text = soup.select_one("main").get_text(" ")

    assert text.index("999") < text.index("Step by step")


def test_an_unknown_place_is_a_form_error_and_the_generic_pathway_shows(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get("/pathways/something-hateful-happened", query_string={"near": "Hackny"})
    )

    assert "We could not find Hackny" in soup.select_one(".govuk-error-summary").get_text()
    assert soup.select(".waymark-step")


def test_an_unknown_pathway_is_not_found(loaded_client):
    assert_govuk_page(loaded_client.get("/pathways/no-such-pathway"), status=404)


def _serving_leeds(session, categories) -> set:
    """Services of these types whose areas include Leeds or its police force (independent check)."""
    ids = session.scalars(
        select(Service.id)
        .join(ServiceArea)
        .join(Attribute, Attribute.link_id == Service.id)
        .join(TaxonomyTerm, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(
            ServiceArea.area_code.in_(["E08000035", "E23000010"]),
            TaxonomyTerm.code.in_(categories),
        )
    )
    return set(ids)


def test_localising_t1_in_leeds_fills_steps_leeds_services_serve_and_names_the_gaps(
    loaded_app, loaded_client, loaded_session
):
    soup = assert_govuk_page(
        loaded_client.get("/pathways/something-hateful-happened", query_string={"near": "LS6 1AA"})
    )
    template = TEMPLATES["something-hateful-happened"]

    unlisted = vocabulary_in(PROJECT_ROOT / "data").unlisted_codes
    for ordered in template.ordered_steps():
        node = ordered.node
        if not set(node.categories) - unlisted:
            assert (
                "No local service found"
                not in soup.select_one(f"#step-{ordered.number}").get_text()
            )
            continue
        item = soup.select_one(f"#step-{ordered.number}")
        serving = _serving_leeds(loaded_session, node.categories)
        if serving:
            links = {a["href"] for a in item.select(".waymark-step__services a")}
            assert any(f"/services/{i}" in links for i in serving), node.id
        missing = "No local service found for this step." in item.get_text()
        assert missing == (not serving), node.id
    gaps = " ".join(soup.select_one(".govuk-inset-text").get_text().split())
    empty = [
        str(step.number)
        for step in template.ordered_steps()
        if "No local service found" in soup.select_one(f"#step-{step.number}").get_text()
    ]
    assert empty
    assert gaps.endswith(
        ", ".join(empty) + ". National services may still help; they are listed at each step."
    )


def test_parallel_tracks_are_drawn_side_by_side():
    template = TEMPLATES["something-hateful-happened"]
    boxes, tracks, offsets, _, _ = layout(template)

    assert len(tracks) > 1
    main = [b for b in boxes if b.step.node.track == tracks[0]]
    other = [b for b in boxes if b.step.node.track == tracks[1]]
    assert min(b.x for b in other) >= offsets[tracks[1]] > max(b.x for b in main)
    svg = BeautifulSoup(pathway_svg(template), "html.parser")
    assert len(svg.select("g[data-step]")) == len(template.nodes)
    assert svg.find("polygon") is not None or not any(
        n.type.value == "decision" for n in template.nodes
    )
    assert svg.find("line", attrs={"stroke-dasharray": True}) is not None


def test_the_diagram_escapes_labels():
    template = TEMPLATES["something-hateful-happened"]
    hostile = replace(template.nodes[0], label="<script>alert(1)</script> & co")
    template = replace(template, nodes=(hostile, *template.nodes[1:]))

    svg = pathway_svg(template)

    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert 'role="img"' in svg


def test_the_print_view_has_no_navigation_chrome(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get(
            "/pathways/something-hateful-happened/print", query_string={"near": "Leeds"}
        )
    )

    for chrome in (".govuk-header", ".govuk-service-navigation", ".govuk-footer",
                   ".govuk-breadcrumbs", ".govuk-phase-banner", "form"):  # fmt: skip
        assert soup.select_one(chrome) is None, chrome
    assert soup.select(".waymark-step")


def test_the_printed_address_names_the_configured_site_not_the_host_header(loaded_client):
    response = loaded_client.get(
        "/pathways/something-hateful-happened/print",
        query_string={"near": "Leeds"},
        headers={"Host": "evil.example"},
    )

    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert "http://localhost/pathways/something-hateful-happened?near=Leeds" in response.text


def test_the_pathway_map_is_offline(loaded_client):
    response = loaded_client.get(
        "/pathways/something-hateful-happened/map", query_string={"near": "Leeds"}
    )

    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    for tag in soup.find_all(["script", "link"]):
        ref = tag.get("src") or tag.get("href") or ""
        assert not ref or ref.startswith("/static/vendor/"), ref


def test_the_route_finder_explains_each_hop(loaded_client):
    soup = assert_govuk_page(
        loaded_client.get(
            "/pathways/routes",
            query_string={"from": "peer_support_group", "to": "victim_services_hub"},
        )
    )

    assert "route" in soup.select_one("#routes-heading").get_text()
    first = soup.select_one(".waymark-route").get_text(" ")
    assert "yourself" in first or "professional" in first


@pytest.mark.parametrize(
    "args",
    [{"from": "nope", "to": "victim_services_hub"}, {"from": "peer_support_group", "to": "x"}],
)
def test_the_route_finder_reports_bad_choices(loaded_client, args):
    soup = assert_govuk_page(loaded_client.get("/pathways/routes", query_string=args))

    assert soup.select_one(".govuk-error-summary") is not None


def test_a_service_page_links_to_its_pathways_and_the_route_finder(loaded_app, loaded_client):
    with session_factory(loaded_app)() as session:
        service = session.scalars(
            select(Service).where(Service.name.like("%reporting centre%"))
        ).first()

    soup = assert_govuk_page(loaded_client.get(f"/services/{service.id}"))

    assert soup.find("a", href="/pathways/something-hateful-happened") is not None
    assert soup.find("a", href=f"/pathways/routes?from={service.id}") is not None


def test_distances_run_along_each_track_not_across_them():
    from directory.geo.gazetteer import LocatedPoint
    from directory.pathways.localise import localise
    from directory.search.query import Result, SearchOutcome

    template = TEMPLATES["something-hateful-happened"]
    place = LocatedPoint("LS6", 53.82, -1.57, "district", "E08000035", "Leeds", "E08000035",
                         "Leeds", "E23000010", "West Yorkshire", "LS6")  # fmt: skip
    far = {"safeguarding": (51.5, -0.1)}

    def find(categories):
        node = next(n for n in template.nodes if n.categories == categories)
        point = far.get(node.track, (53.82, -1.57))
        result = Result(uuid4(), 1.0, "nearby", 0.5, None, False, "x", (point,), categories[0])
        return SearchOutcome([result], [], {})

    localised = localise(template, place, find)

    main = [s for s in localised.steps if s.step.node.track == "main" and s.local]
    # Every main-track service is at LS6; the safeguarding track's is in London.
    assert len(main) > 1
    assert all(s.miles_from_previous in (None, 0.0) for s in main)
