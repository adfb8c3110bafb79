"""A server-rendered SVG of a pathway: layers top to bottom, parallel tracks side by side.

The numbered list on the page is its text alternative; the numbers here match it. Only SVG
presentation attributes are used (no style attributes), so the page's CSP stays strict.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from directory.models import RouteKind
from directory.pathways.templates import NodeType, OrderedStep, PathwayTemplate

NODE_WIDTH = 168
NODE_HEIGHT = 76
COLUMN_GAP = 24
ROW_GAP = 44
MARGIN = 12
HEADER = 30
WRAP = 22
MAX_LINES = 3
# GOV.UK colours: text black, links/entries blue, decisions purple-ish border, outcomes grey.
STROKES = {
    NodeType.ENTRY: "#1d70b8",
    NodeType.STEP: "#0b0c0c",
    NodeType.DECISION: "#4c2c92",
    NodeType.OUTCOME: "#505a5f",
}


@dataclass(frozen=True)
class Box:
    """Where one node is drawn."""

    step: OrderedStep
    x: float
    y: float

    @property
    def centre_x(self) -> float:
        return self.x + NODE_WIDTH / 2


def layout(
    template: PathwayTemplate,
) -> tuple[list[Box], list[str], dict[str, float], float, float]:
    """Boxes for every step, the track names, each track's x, and the drawing's width and height."""
    steps = template.ordered_steps()
    tracks = list(template.tracks)
    # Each track is as wide as its busiest layer, so tracks never overlap.
    widths = {track: 1 for track in tracks}
    cells: dict[tuple[int, str], list[OrderedStep]] = {}
    for step in steps:
        cells.setdefault((step.layer, step.node.track), []).append(step)
    for (_, track), members in cells.items():
        widths[track] = max(widths[track], len(members))
    column = NODE_WIDTH + COLUMN_GAP
    offsets, x = {}, float(MARGIN)
    for track in tracks:
        offsets[track] = x
        x += widths[track] * column
    boxes = []
    for (layer, track), members in cells.items():
        for index, step in enumerate(members):
            boxes.append(
                Box(
                    step,
                    offsets[track] + index * column,
                    MARGIN + HEADER + layer * (NODE_HEIGHT + ROW_GAP),
                )
            )
    layers = max((s.layer for s in steps), default=0) + 1
    height = MARGIN * 2 + HEADER + layers * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
    return (
        sorted(boxes, key=lambda b: b.step.number),
        tracks,
        offsets,
        x - COLUMN_GAP + MARGIN,
        height,
    )


def _lines(number: int, label: str) -> list[str]:
    lines = textwrap.wrap(f"{number}. {label}", WRAP) or [str(number)]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], textwrap.shorten(" ".join(lines[MAX_LINES - 1 :]), WRAP)]
    return lines


def _shape(box: Box) -> str:
    node = box.step.node
    stroke = STROKES[node.type]
    if node.type is NodeType.DECISION:
        cx, cy = box.centre_x, box.y + NODE_HEIGHT / 2
        points = f"{cx},{box.y} {box.x + NODE_WIDTH},{cy} {cx},{box.y + NODE_HEIGHT} {box.x},{cy}"
        return f'<polygon points="{points}" fill="#ffffff" stroke="{stroke}" stroke-width="2"/>'
    radius = 14 if node.type is NodeType.ENTRY else 2
    width = 3 if node.type is NodeType.ENTRY else 2
    fill = "#f3f2f1" if node.type is NodeType.OUTCOME else "#ffffff"
    return (
        f'<rect x="{box.x}" y="{box.y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="{radius}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
    )


def _text(box: Box) -> str:
    lines = _lines(box.step.number, box.step.node.label)
    first = box.y + NODE_HEIGHT / 2 - (len(lines) - 1) * 8 + 4
    spans = "".join(
        f'<tspan x="{box.centre_x}" y="{first + i * 16}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="middle" font-family="arial, sans-serif" font-size="13" '
        f'fill="#0b0c0c">{spans}</text>'
    )


def _edge(start: Box, end: Box, kind: RouteKind) -> str:
    x1, y1 = start.centre_x, start.y + NODE_HEIGHT
    x2, y2 = end.centre_x, end.y
    if end.y <= start.y:  # same layer: join the sides
        y1 = y2 = start.y + NODE_HEIGHT / 2
        x1, x2 = (start.x + NODE_WIDTH, end.x) if end.x > start.x else (start.x, end.x + NODE_WIDTH)
    dash = ' stroke-dasharray="6 4"' if kind is RouteKind.PARALLEL else ""
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#505a5f" stroke-width="2"'
        f'{dash} marker-end="url(#arrow)"/>'
    )


def pathway_svg(template: PathwayTemplate) -> str:
    """The pathway drawn as an SVG element (for inline use), with a title and description."""
    boxes, tracks, offsets, width, height = layout(template)
    by_id = {box.step.node.id: box for box in boxes}
    title = escape(f"Diagram of the pathway: {template.title}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="100%" role="img" aria-labelledby="pathway-svg-title pathway-svg-desc" '
        f'class="waymark-pathway-diagram">',
        f'<title id="pathway-svg-title">{title}</title>',
        '<desc id="pathway-svg-desc">Each box is a numbered step; the numbered list on this page '
        "describes every step. Dashed lines are parallel tracks.</desc>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#505a5f"/></marker></defs>',
    ]
    if len(tracks) > 1:
        for track in tracks:
            label = "Main route" if track == "main" else f"{track.capitalize()} track"
            parts.append(
                f'<text x="{offsets[track] + NODE_WIDTH / 2}" y="{MARGIN + 14}" '
                f'text-anchor="middle" font-family="arial, sans-serif" font-size="13" '
                f'font-weight="bold" fill="#0b0c0c">{escape(label)}</text>'
            )
    for edge in template.edges:
        parts.append(_edge(by_id[edge.from_id], by_id[edge.to_id], edge.kind))
    for box in boxes:
        parts.append(f'<g data-step="{box.step.number}">{_shape(box)}{_text(box)}</g>')
    parts.append("</svg>")
    return "".join(parts)
