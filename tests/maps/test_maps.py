"""Folium maps from plain view-models: own assets only, escaped text, size, radius, colours."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from directory.maps import (
    METRES_PER_MILE,
    OSM_ATTRIBUTION,
    OSM_TILE_URL,
    MapDocument,
    MapPoint,
    TileSource,
    category_colours,
    choropleth_map,
    pathway_map,
    results_map,
    single_point_map,
)

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
ASSET_BASE = "/static/vendor"
NO_TILES = TileSource(url=None)
OSM = TileSource()
LEEDS = (53.80, -1.55)
CDN_MARKERS = ("cdn", "jsdelivr", "cdnjs", "jquery.com", "bootstrapcdn", "unpkg", "googleapis")


def _point(i: int = 0, **changes: object) -> MapPoint:
    values: dict[str, object] = {
        "latitude": 53.80 + (i % 40) * 0.003,
        "longitude": -1.55 + (i // 40) * 0.004,
        "title": f"Leeds Community Support Service {i}",
        "url": f"/services/{i:08d}-4a1b-4c2d-8e3f-0123456789ab",
        "category_code": ("peer_support", "hate_crime_helpline", "crisis_line")[i % 3],
        "category_name": ("Peer support", "Hate crime helpline", "Crisis line")[i % 3],
        "detail": f"{i / 10:.1f} miles",
    }
    values.update(changes)
    return MapPoint(**values)  # type: ignore[arg-type]


def _asset_urls(document: str) -> list[str]:
    soup = BeautifulSoup(document, "html.parser")
    urls = [tag["src"] for tag in soup.find_all(["script", "img"]) if tag.has_attr("src")]
    urls += [tag["href"] for tag in soup.find_all("link") if tag.has_attr("href")]
    return urls


def _all_maps() -> list[str]:
    points = [_point(i) for i in range(12)]
    return [
        results_map(points, tiles=OSM, centre=LEEDS, radius_miles=3).html,
        results_map(points, tiles=NO_TILES).html,
        results_map([], tiles=NO_TILES).html,
        single_point_map(points[0], tiles=OSM).html,
    ]


def _site_category_codes() -> list[str]:
    data = yaml.safe_load((ROOT / "data" / "categories.yaml").read_text(encoding="utf-8"))
    return [c["code"] for group in data["groups"] for c in group["categories"]]


@pytest.mark.parametrize("document", _all_maps())
def test_scripts_and_styles_come_only_from_asset_base(document):
    urls = _asset_urls(document)
    assert any(u.endswith("/leaflet.js") for u in urls)
    assert all(u.startswith(ASSET_BASE + "/") for u in urls), urls
    lowered = document.lower()
    assert [m for m in CDN_MARKERS if m in lowered] == []


@pytest.mark.parametrize("document", _all_maps())
def test_every_referenced_vendored_asset_exists(document):
    for url in _asset_urls(document):
        path = VENDOR / url.removeprefix(ASSET_BASE + "/")
        assert path.is_file(), url


@pytest.mark.parametrize("document", _all_maps())
def test_a_map_lets_people_zoom(document):
    soup = BeautifulSoup(document, "html.parser")
    viewport = soup.find("meta", {"name": "viewport"})["content"]

    assert "maximum-scale" not in viewport and "user-scalable" not in viewport


def test_asset_base_is_used_for_every_asset():
    document = results_map([_point()], tiles=NO_TILES, centre=LEEDS, asset_base="/assets/v/").html
    assert all(u.startswith("/assets/v/") and "//" not in u for u in _asset_urls(document))


def test_no_tiles_means_no_tile_layer():
    document = results_map([_point()], tiles=NO_TILES, centre=LEEDS, radius_miles=1).html
    assert "L.tileLayer" not in document
    assert "openstreetmap" not in document.lower()
    assert "{z}" not in document


def test_tile_url_and_attribution_appear():
    document = results_map([_point()], tiles=OSM).html
    assert f"L.tileLayer(\n                {json.dumps(OSM_TILE_URL)}" in document
    match = re.search(r'"attribution": (".*"),\n', document)
    assert match
    assert json.loads(match.group(1)) == OSM_ATTRIBUTION


def test_script_in_a_name_appears_only_escaped():
    nasty = "<script>alert(1)</script>"
    point = _point(title=nasty, detail=nasty, category_name=nasty)
    for document in (
        results_map([point], tiles=NO_TILES, category_names={"peer_support": nasty}).html,
        single_point_map(point, tiles=NO_TILES).html,
    ):
        assert nasty not in document
        assert "alert(1)" not in document.replace("&lt;script&gt;alert(1)&lt;/script&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document


def _embedded_points(document: str) -> list[list[object]]:
    match = re.search(r'<script type="application/json" id="[^"]+_data">(.*?)</script>', document)
    assert match
    return json.loads(match.group(1))[1]


def test_popup_links_to_the_service_page_in_the_top_window():
    point = _point()
    document = results_map([point], tiles=NO_TILES).html
    [embedded] = _embedded_points(document)
    assert embedded[3] == point.url
    assert """'<a href="' + p[3] + '" target="_top">'""" in document


def test_a_link_that_is_not_a_path_on_our_site_is_left_out():
    for url in ("javascript:alert(1)", "https://evil.example/", "//evil.example/x"):
        [embedded] = _embedded_points(results_map([_point(url=url)], tiles=NO_TILES).html)
        assert embedded[3] == ""


def test_a_thousand_points_fit_in_300_kb():
    points = [_point(i) for i in range(1000)]
    started = time.perf_counter()
    document = results_map(points, tiles=OSM, centre=LEEDS, radius_miles=10).html
    assert time.perf_counter() - started < 2
    assert len(_embedded_points(document)) == 1000
    assert len(document.encode("utf-8")) <= 300 * 1024


def test_search_radius_is_drawn_in_metres_around_a_labelled_pin():
    document = results_map([_point()], tiles=NO_TILES, centre=LEEDS, radius_miles=2.5).html
    assert f'"radius": {2.5 * METRES_PER_MILE}' in document
    assert '"radius": 4023.36' in document
    assert "L.circle(\n                [53.8, -1.55]" in document
    assert "You searched here" in document
    assert ".fitBounds(" in document


def test_points_without_coordinates_are_left_out():
    points = [_point(0), _point(1, latitude=None), _point(2, longitude=None)]
    document = results_map(points, tiles=NO_TILES).html
    assert [p[2] for p in _embedded_points(document)] == ["Leeds Community Support Service 0"]


def test_legend_names_each_category_shown_with_its_colour():
    points = [_point(i) for i in range(3)]
    document = results_map(points, tiles=NO_TILES).html
    colours = category_colours(p.category_code for p in points)
    key = BeautifulSoup(document, "html.parser").find(class_="wm-key")
    rows = {li.get_text(strip=True): li.span["style"] for li in key.find_all("li")}
    assert rows == {p.category_name: f"background: {colours[p.category_code]}" for p in points}


def test_single_point_map_shows_one_pin_at_street_level():
    point = _point()
    document = single_point_map(point, tiles=NO_TILES).html
    assert len(_embedded_points(document)) == 1
    assert '"zoom": 15' in document
    assert "L.markerClusterGroup" not in document


def test_category_colours_are_stable_and_distinct_for_the_site_categories():
    codes = _site_category_codes()
    assert len(codes) == 26
    colours = category_colours(codes)
    assert set(colours) == set(codes)
    assert len(set(colours.values())) == 26
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours.values())
    assert category_colours(reversed(codes)) == colours
    assert category_colours(codes) == colours


def test_choropleth_classes_are_unique_quantiles_of_positive_values():
    from directory.maps.render import choropleth_classes

    assert choropleth_classes([0, float("nan"), 0.0]) == []
    assert choropleth_classes([1, 1, 1]) == [1]
    assert choropleth_classes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [3, 5, 7, 9, 10]


def test_choropleth_shades_areas_escapes_names_and_loads_nothing_from_other_hosts():
    from directory.maps import choropleth_map
    from directory.maps.render import NO_SERVICE_COLOUR

    square = {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 52], [0, 51]]]}
    boundaries = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": square,
             "properties": {"code": "A", "name": "<script>alert(1)</script>"}},
            {"type": "Feature", "geometry": square, "properties": {"code": "B", "name": "Bee"}},
        ],
    }  # fmt: skip

    html = choropleth_map(
        boundaries, {"A": 2.5}, code_property="code", name_property="name", title="Rate",
        tiles=TileSource(url=None, attribution=""),
    ).html  # fmt: skip

    assert "<script>alert(1)</script>" not in html
    assert NO_SERVICE_COLOUR in html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "link"]):
        ref = tag.get("src") or tag.get("href") or ""
        assert not ref or ref.startswith("/static/vendor/"), ref


def test_a_choropleth_of_distances_keeps_zero_and_greys_only_unserved_areas():
    from directory.maps import choropleth_map

    square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    boundaries = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": square, "properties": {"code": c, "name": c}}
            for c in ("NEAR", "FAR", "NONE")
        ],
    }

    html = choropleth_map(
        boundaries, {"NEAR": 0.0, "FAR": 12.5, "NONE": 30.0}, code_property="code",
        name_property="name", title="Mean km to nearest", places=1, no_service={"NONE"},
        tiles=TileSource(url=None, attribution=""),
    ).html  # fmt: skip

    assert '"label": "0.0"' in html and '"label": "12.5"' in html
    assert '"label": "no service"' in html and '"label": "30.0"' not in html


def _running_inline_scripts(document: str) -> list[str]:
    soup = BeautifulSoup(document, "html.parser")
    return [
        tag.string or ""
        for tag in soup.find_all("script")
        if not tag.has_attr("src") and tag.get("type") != "application/json"
    ]


def _every_kind_of_map() -> list[MapDocument]:
    points = [_point(i) for i in range(3)]
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    area = {"type": "Feature", "geometry": square, "properties": {"code": "A", "name": "Ay"}}
    return [
        results_map(points, tiles=OSM, centre=LEEDS, radius_miles=3),
        single_point_map(points[0], tiles=OSM),
        pathway_map(list(enumerate(points, start=1)), tiles=OSM, centre=LEEDS),
        choropleth_map(
            {"type": "FeatureCollection", "features": [area]}, {"A": 1.0},
            code_property="code", name_property="name", title="Rate", tiles=OSM,
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("document", _every_kind_of_map())
def test_every_script_a_map_runs_is_hashed_for_its_policy_and_its_data_is_not_a_script(document):
    hashes = {
        "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        for body in _running_inline_scripts(document.html)
    }

    assert hashes and hashes == set(document.script_hashes)
    assert "wm-slot-" not in document.html  # every placeholder was filled
    for body in _running_inline_scripts(document.html):
        assert "Leeds Community Support Service" not in body
