"""Build folium maps as complete HTML documents, with every asset from our own static folder.

folium's classes name their scripts and stylesheets in ``default_js``/``default_css`` class
attributes that point at CDNs (jsdelivr, cdnjs, code.jquery.com, bootstrapcdn). The subclasses
here replace those lists on each instance with files under ``asset_base`` and drop what the maps do
not use: jQuery, Bootstrap, Font Awesome, glyphicons and awesome-markers. (folium's ``Popup`` needs
jQuery for HTML content, so popups here are built by our own small script instead.)

Markers are not emitted as one folium object each (hundreds of bytes of JS per point); they come
from one embedded JSON array and a short loop, which keeps 1,000 points well under 300 KB.

A listing's words never go inside a script that runs. They sit in a JSON data block (and the
key's HTML) that is filled in only after the document's inline scripts have been hashed for its
Content-Security-Policy, so the policy allows exactly the scripts this module wrote: a name that
slipped past escaping would be text, or a script the browser refuses, never code it runs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from directory.maps.colours import category_colours
from directory.maps.viewmodels import METRES_PER_MILE, MapPoint, TileSource

# Where a map with nothing on it looks: Great Britain.
_DEFAULT_CENTRE = (54.0, -2.5)
_DEFAULT_ZOOM = 5
_SINGLE_POINT_ZOOM = 15
_FIT_MAX_ZOOM = 15
_OUTLINE = "#0b0c0c"
_NO_NAMES: Mapping[str, str] = MappingProxyType({})


def _base(asset_base: str) -> str:
    return asset_base.rstrip("/")


@dataclass(frozen=True)
class MapDocument:
    """A complete map document for an iframe, and the inline scripts its policy may allow.

    ``script_hashes`` ("sha256-<base64>") are taken before any listing's words were added.
    """

    html: str
    script_hashes: tuple[str, ...]


class _Slots:
    """A listing's words, held back from the document until its scripts have been hashed."""

    def __init__(self) -> None:
        self._marker = f"wm-slot-{secrets.token_hex(8)}-"
        self._values: list[str] = []

    def hold(self, value: str) -> str:
        """A placeholder that `fill` will replace with `value`."""
        self._values.append(value)
        return f"{self._marker}{len(self._values) - 1}-"

    def fill(self, skeleton: str) -> str:
        """The document with every placeholder replaced, in one pass (values are not rescanned)."""
        pattern = re.compile(re.escape(self._marker) + r"(\d+)-")
        return pattern.sub(lambda found: self._values[int(found.group(1))], skeleton)


_INLINE_SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/json""", re.I)


def _script_hashes(skeleton: str) -> tuple[str, ...]:
    """The hash of every inline script that runs (not data blocks, not files from 'self')."""
    return tuple(
        "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        for attributes, body in _INLINE_SCRIPT.findall(skeleton)
        if "src=" not in attributes and not _DATA_TYPE.search(attributes)
    )


def _document(fmap: folium.Map, slots: _Slots) -> MapDocument:
    skeleton = fmap.get_root().render()
    return MapDocument(slots.fill(skeleton), _script_hashes(skeleton))


class _Figure(Figure):
    """branca's Figure with a language and a title (the document is the iframe's content).

    No <main> or <h1> of its own: inside the page they would be a second main landmark and a
    stray top-level heading among the results; the iframe's title names it.
    """

    def render(self, **kwargs: Any) -> str:
        """The document, letting people zoom: folium's viewport forbids it (WCAG 1.4.4)."""
        return _VIEWPORT.sub(_ZOOMABLE, super().render(**kwargs))

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        "{% if this.title %}<title>{{ this.title|e }}</title>{% endif %}"
        "    {{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "    {{ this.html.render(**kwargs) }}\n"
        "</body>\n"
        "<script>\n"
        "    {{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</html>\n"
    )


_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
_ZOOMABLE = '<meta name="viewport" content="width=device-width, initial-scale=1.0">'


class _Map(folium.Map):
    """A folium Map that loads only our vendored Leaflet."""

    def __init__(self, *, asset_base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        base = _base(asset_base)
        # Instance attributes, so folium's class-level CDN lists are never mutated.
        self.default_js = [("leaflet", f"{base}/leaflet/leaflet.js")]
        self.default_css = [("leaflet_css", f"{base}/leaflet/leaflet.css")]


class _Cluster(MarkerCluster):
    """Leaflet.markercluster from our vendored copy."""

    def __init__(self, *, asset_base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        base = _base(asset_base)
        self.default_js = [
            ("markerclusterjs", f"{base}/leaflet.markercluster/leaflet.markercluster.js")
        ]
        self.default_css = [
            ("markerclustercss", f"{base}/leaflet.markercluster/MarkerCluster.css"),
            ("markerclusterdefaultcss", f"{base}/leaflet.markercluster/MarkerCluster.Default.css"),
        ]


def _script_json(value: object) -> str:
    """JSON that is safe inside an inline <script> (no '<', '>', or line separators)."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _safe_href(url: str) -> str:
    """The link target, escaped for an attribute; '' unless it is a path on our own site."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return ""
    return html.escape(url, quote=True)


def _valid(point: MapPoint) -> bool:
    lat, lon = point.latitude, point.longitude
    if lat is None or lon is None:
        return False
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


_STYLE = """
<style>
  .leaflet-container { background: #f3f2f1; font-family: arial, sans-serif; }
  .wm-popup { font-size: 16px; line-height: 1.3; margin: 0; }
  .wm-popup p { margin: 0 0 4px; }
  .wm-popup__title { font-weight: bold; }
  .wm-popup a { color: #1d70b8; }
  .wm-popup a:visited { color: #4c2c92; }
  .wm-popup a:focus { background: #ffdd00; color: #0b0c0c; outline: 3px solid transparent; }
  .wm-key { position: absolute; right: 10px; top: 10px; z-index: 1000; max-width: 60%;
    max-height: 55%; overflow: auto; background: #fff; border: 2px solid #0b0c0c;
    padding: 6px 10px; font: 14px/1.3 arial, sans-serif; color: #0b0c0c; }
  .wm-key summary { font-weight: bold; cursor: pointer; }
  .wm-key ul { list-style: none; margin: 6px 0 0; padding: 0; }
  .wm-key li { margin: 0 0 4px; display: flex; align-items: center; gap: 6px; }
  .wm-key__swatch { flex: none; width: 14px; height: 14px; border-radius: 50%;
    border: 1.5px solid #0b0c0c; }
  .wm-key__ring { flex: none; width: 14px; height: 14px; border-radius: 50%;
    border: 2px dashed #0b0c0c; box-sizing: border-box; }
  /* Neutral clusters, so that no cluster colour reads as a category colour. */
  .leaflet-container .marker-cluster { background-color: rgba(11, 12, 12, 0.2); }
  .leaflet-container .marker-cluster div { background-color: #fff; border: 2px solid #0b0c0c;
    width: 28px; height: 28px; margin-left: 6px; margin-top: 6px; color: #0b0c0c;
    font: bold 13px/24px arial, sans-serif; box-sizing: border-box; }
  .leaflet-container .marker-cluster span { line-height: 24px; }
  .wm-key__pin { flex: none; width: 14px; height: 23px; }
  .wm-step { display: block; width: 26px; height: 26px; border-radius: 50%; background: #1d70b8;
    color: #fff; border: 2px solid #fff; font: bold 14px/26px arial, sans-serif;
    text-align: center; box-shadow: 0 0 0 2px #0b0c0c; }
</style>
"""


# On a narrow map (a phone) the key starts folded so that it does not hide the points; its
# "Key" summary opens it. Without JavaScript there is no map, only the list.
_FOLD_KEY = """
  if (window.matchMedia("(max-width: 30em)").matches) {
    document.querySelectorAll("details.wm-key").forEach(function (key) { key.open = false; });
  }
"""


class _Style(MacroElement):
    _template = Template(
        "{% macro header(this, kwargs) %}" + _STYLE + "{% endmacro %}"
        "{% macro script(this, kwargs) %}" + _FOLD_KEY + "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "WaymarkStyle"


class _Legend(MacroElement):
    """The map key: one row per category (swatch + name), plus the search pin and radius."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <details class="wm-key" open>
          <summary>Key</summary>
          <ul>
          {%- if this.pin_src %}
            <li><img class="wm-key__pin" src="{{ this.pin_src }}" alt="">You searched here</li>
          {%- endif %}
          {%- if this.radius_label %}
            <li><span class="wm-key__ring"></span>{{ this.radius_label }}</li>
          {%- endif %}
          {%- for name, colour in this.rows %}
            <li><span class="wm-key__swatch" style="background: {{ colour }}"></span>{{ name }}</li>
          {%- endfor %}
          </ul>
        </details>
        {% endmacro %}
        """
    )

    def __init__(
        self, rows: Sequence[tuple[str, str]], *, pin_src: str = "", radius_label: str = ""
    ) -> None:
        super().__init__()
        self._name = "WaymarkLegend"
        self.rows = rows  # (escaped name, colour)
        self.pin_src = pin_src
        self.radius_label = radius_label


class _Points(MacroElement):
    """All service markers from one JSON data block, read by a script that holds no data.

    ``cats`` is ``[[escaped name, colour], ...]``; each point is
    ``[lat, lon, escaped title, escaped href or "", category index, escaped detail]``.
    With ``pins`` the points are Leaflet's default pin markers instead of coloured circles.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_data">{{ this.data }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var data = JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent);
          var cats = data[0];
          var pts = data[1];
          var layer = {{ this.target.get_name() }};
          for (var i = 0; i < pts.length; i++) {
            var p = pts[i], c = cats[p[4]];
            var name = p[3] ? '<a href="' + p[3] + '" target="_top">' + p[2] + '</a>' : p[2];
            var popup = '<div class="wm-popup"><p class="wm-popup__title">' + name + '</p>' +
              '<p class="wm-popup__category">' + c[0] + '</p>' +
              (p[5] ? '<p class="wm-popup__detail">' + p[5] + '</p>' : '') + '</div>';
            var marker = {{ "true" if this.pins else "false" }}
              ? L.marker([p[0], p[1]], {alt: "Service location"})
              : L.circleMarker([p[0], p[1]], {radius: 8, color: "{{ this.outline }}",
                  weight: 1.5, fillColor: c[1], fillOpacity: 0.9});
            marker.bindPopup(popup).bindTooltip(p[2]).addTo(layer);
          }
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        target: Element,
        points: Sequence[MapPoint],
        cat_index: Mapping[str, int],
        cats: Sequence[tuple[str, str]],
        *,
        slots: _Slots,
        pins: bool = False,
    ) -> None:
        super().__init__()
        self._name = "WaymarkPoints"
        self.target = target
        self.pins = pins
        self.outline = _OUTLINE
        points_data = [
            [
                round(float(p.latitude), 5),
                round(float(p.longitude), 5),
                html.escape(p.title),
                _safe_href(p.url),
                cat_index[p.category_code],
                html.escape(p.detail),
            ]
            for p in points
        ]
        self.data = slots.hold(_script_json([[list(c) for c in cats], points_data]))


def _new_map(
    tiles: TileSource, asset_base: str, location: Sequence[float], zoom: int, title: str
) -> _Map:
    fmap = _Map(
        asset_base=asset_base,
        location=list(location),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
    )
    # Without a tile layer Leaflet has no maximum zoom, and marker clustering needs one.
    fmap.options["min_zoom"] = tiles.min_zoom
    fmap.options["max_zoom"] = tiles.max_zoom
    if tiles.url:
        folium.TileLayer(
            tiles=tiles.url,
            attr=tiles.attribution,
            name="tiles",
            min_zoom=tiles.min_zoom,
            max_zoom=tiles.max_zoom,
            max_native_zoom=tiles.max_zoom,
            control=False,
        ).add_to(fmap)
    _Figure(title=title).add_child(fmap)
    _Style().add_to(fmap)
    return fmap


def _circle_bounds(lat: float, lon: float, metres: float) -> list[list[float]]:
    dlat = metres / 111_320.0
    dlon = metres / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    return [[lat - dlat, lon - dlon], [lat + dlat, lon + dlon]]


def _miles_label(miles: float) -> str:
    text = f"{miles:g}"
    return f"Within {text} mile{'' if text == '1' else 's'} of your search"


def _categories(
    points: Iterable[MapPoint], category_names: Mapping[str, str]
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Category index per code, and [(escaped name, colour)] in legend order."""
    names: dict[str, str] = {}
    for p in points:
        names.setdefault(p.category_code, category_names.get(p.category_code, p.category_name))
    order = [code for code in category_names if code in names]
    order += sorted((code for code in names if code not in category_names), key=names.get)
    colours = category_colours([*category_names, *names])
    index = {code: i for i, code in enumerate(order)}
    cats = [(html.escape(names[code]), colours[code]) for code in order]
    return index, cats


def results_map(
    points: Sequence[MapPoint],
    *,
    tiles: TileSource,
    asset_base: str = "/static/vendor",
    centre: tuple[float, float] | None = None,
    radius_miles: float | None = None,
    category_names: Mapping[str, str] = {},
) -> MapDocument:
    """A complete HTML document showing search results as clustered, coloured markers.

    ``centre`` (the searched place) gets a pin labelled "You searched here"; with
    ``radius_miles`` too, the search radius is drawn around it. ``category_names`` maps every
    category code to its name: it orders the key and fixes each category's colour across maps,
    so pass the site's full category list. Points without coordinates are left out.
    """
    base = _base(asset_base)
    shown = [p for p in points if _valid(p)]
    metres = (
        radius_miles * METRES_PER_MILE
        if centre is not None and radius_miles is not None and radius_miles > 0
        else None
    )

    bounds: list[list[float]] = [[float(p.latitude), float(p.longitude)] for p in shown]
    if centre is not None:
        bounds += _circle_bounds(*centre, metres) if metres else [list(centre)]
    start = list(centre) if centre is not None else bounds[0] if bounds else _DEFAULT_CENTRE
    fmap = _new_map(
        tiles, base, start, _FIT_MAX_ZOOM if bounds else _DEFAULT_ZOOM, "Map of results"
    )
    if len(bounds) > 1:
        south = min(b[0] for b in bounds)
        west = min(b[1] for b in bounds)
        north = max(b[0] for b in bounds)
        east = max(b[1] for b in bounds)
        fmap.fit_bounds([[south, west], [north, east]], padding=(24, 24), max_zoom=_FIT_MAX_ZOOM)

    radius_label = ""
    if centre is not None:
        if metres:
            folium.Circle(
                location=list(centre),
                radius=metres,
                color=_OUTLINE,
                weight=2,
                dash_array="6 6",
                fill=True,
                fill_color="#1d70b8",
                fill_opacity=0.05,
            ).add_to(fmap)
            radius_label = html.escape(_miles_label(radius_miles or 0))
        marker = folium.Marker(
            location=list(centre), alt="You searched here", title="You searched here"
        )
        folium.Tooltip(
            "You searched here", permanent=True, direction="top", offset=[-15, -36], sticky=False
        ).add_to(marker)
        marker.add_to(fmap)

    slots = _Slots()
    index, cats = _categories(shown, category_names)
    if shown:
        cluster = _Cluster(asset_base=base, options={"showCoverageOnHover": False})
        cluster.add_to(fmap)
        _Points(cluster, shown, index, cats, slots=slots).add_to(fmap)

    if cats or centre is not None:
        _Legend(
            [(slots.hold(name), colour) for name, colour in cats],
            pin_src=f"{base}/leaflet/images/marker-icon.png" if centre is not None else "",
            radius_label=radius_label,
        ).add_to(fmap)

    return _document(fmap, slots)


def single_point_map(
    point: MapPoint, *, tiles: TileSource, asset_base: str = "/static/vendor"
) -> MapDocument:
    """A complete HTML document showing one service location as a pin, at street level."""
    base = _base(asset_base)
    valid = _valid(point)
    centre = (point.latitude, point.longitude) if valid else _DEFAULT_CENTRE
    fmap = _new_map(
        tiles, base, centre, _SINGLE_POINT_ZOOM if valid else _DEFAULT_ZOOM, "Map of location"
    )
    slots = _Slots()
    if valid:
        index, cats = _categories([point], {})
        _Points(fmap, [point], index, cats, slots=slots, pins=True).add_to(fmap)
    return _document(fmap, slots)


def pathway_map(
    steps: Sequence[tuple[int, MapPoint]],
    *,
    tiles: TileSource,
    asset_base: str = "/static/vendor",
    centre: tuple[float, float] | None = None,
) -> MapDocument:
    """A complete HTML document: numbered step markers joined by a line in step order."""
    base = _base(asset_base)
    shown = [(number, p) for number, p in steps if _valid(p)]
    bounds = [[float(p.latitude), float(p.longitude)] for _, p in shown]
    if centre is not None:
        bounds.append(list(centre))
    start = bounds[0] if bounds else list(_DEFAULT_CENTRE)
    fmap = _new_map(tiles, base, start, _FIT_MAX_ZOOM, "Map of the pathway's steps")
    if len(bounds) > 1:
        fmap.fit_bounds(
            [[min(b[0] for b in bounds), min(b[1] for b in bounds)],
             [max(b[0] for b in bounds), max(b[1] for b in bounds)]],
            padding=(32, 32), max_zoom=_FIT_MAX_ZOOM,
        )  # fmt: skip
    if len(shown) > 1:
        folium.PolyLine([bounds[i] for i in range(len(shown))], color=_OUTLINE, weight=3,
                        dash_array="8 6").add_to(fmap)  # fmt: skip
    if centre is not None:
        folium.Marker(location=list(centre), alt="The place you gave",
                      title="The place you gave").add_to(fmap)  # fmt: skip
    points = [p for _, p in shown]
    slots = _Slots()
    index, cats = _categories(points, {})
    if points:
        _Points(fmap, points, index, cats, slots=slots).add_to(fmap)
    for number, point in shown:
        folium.Marker(
            location=[point.latitude, point.longitude],
            icon=folium.DivIcon(
                html=f'<span class="wm-step">{int(number)}</span>',
                icon_size=(30, 30), icon_anchor=(15, 36),
            ),
        ).add_to(fmap)  # fmt: skip
    return _document(fmap, slots)


# ColorBrewer YlGnBu, five classes: sequential and safe for colour-blind readers.
CHOROPLETH_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_SERVICE_COLOUR = "#b1b4b6"


# Zero is a real value for a share or a distance; classes are built over positive values.
_SMALLEST = 1e-9


def choropleth_classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of up to five quantile classes over the positive values (ascending, unique)."""
    positive = sorted(v for v in values if v and v > 0 and not math.isnan(v))
    if not positive:
        return []
    bounds = [positive[min(len(positive) - 1, (len(positive) * k) // 5)] for k in range(1, 6)]
    return sorted(set(bounds))


class _ChoroplethKey(MacroElement):
    """The choropleth's key: one swatch per class, plus "no service"."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <details class="wm-key" open>
          <summary>{{ this.title }}</summary>
          <ul>
          {%- for label, colour in this.rows %}
            <li><span class="wm-key__swatch" style="background: {{ colour }}"></span>
              {{- label }}</li>
          {%- endfor %}
          </ul>
        </details>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._name = "WaymarkChoroplethKey"
        self.title = html.escape(title)
        self.rows = [(html.escape(label), colour) for label, colour in rows]


def choropleth_map(
    boundaries: Mapping[str, Any],
    values: Mapping[str, float],
    *,
    code_property: str,
    name_property: str,
    title: str,
    tiles: TileSource,
    asset_base: str = "/static/vendor",
    no_service: Collection[str] | None = None,
    places: int = 2,
) -> MapDocument:
    """A complete HTML document shading each area by its value, with "no service" apart.

    ``no_service`` names the areas no service serves; without it, 0 or a missing value means
    no service (right for counts and rates, not for distances or shares). Area names come from
    the bundled boundaries, not from listings, and are drawn by folium's own script.
    """
    base = _base(asset_base)
    if no_service is None:
        no_service = {code for code, v in values.items() if not v or math.isnan(v)}
    shaded = [v for code, v in values.items() if code not in no_service and math.isfinite(v)]
    bounds = choropleth_classes([max(v, _SMALLEST) for v in shaded])

    def served(code: str | None, value: float | None) -> bool:
        return code not in no_service and value is not None and math.isfinite(value)

    def colour(value: float) -> str:
        return next(
            (c for b, c in zip(bounds, CHOROPLETH_COLOURS, strict=False) if value <= b),
            CHOROPLETH_COLOURS[0],
        )

    features = []
    for feature in boundaries.get("features", []):
        props = feature.get("properties", {})
        code = props.get(code_property)
        value = values.get(code)
        shown = served(code, value)
        label = f"{value:.{places}f}" if shown else "no service"
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "name": html.escape(str(props.get(name_property, ""))),
                    "label": label,
                    "fill": colour(value) if shown else NO_SERVICE_COLOUR,  # type: ignore[arg-type]
                },
            }
        )
    fmap = _new_map(tiles, base, _DEFAULT_CENTRE, 6, title)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"], "color": _OUTLINE, "weight": 0.6,
            "fillOpacity": 0.85,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name", "label"], aliases=["", title]),
    ).add_to(fmap)  # fmt: skip
    rows, lower = [], 0.0
    for upper, fill in zip(bounds, CHOROPLETH_COLOURS, strict=False):
        rows.append((f"{lower:.{places}f} to {upper:.{places}f}", fill))
        lower = upper
    rows.append(("No service", NO_SERVICE_COLOUR))
    _ChoroplethKey(title, rows).add_to(fmap)
    return _document(fmap, _Slots())
