"""What the browser tests do to a page: screenshots at two widths, axe-core, overflow checks."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from tests.e2e.conftest import AXE, DESKTOP, PHONE, SCREENSHOTS

# axe-core's impacts, worst first: the issue asks for none of the first two, and the site has
# none of the third either (moderate: landmarks, heading order), so that is held too.
BLOCKING = ("critical", "serious", "moderate")


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def shoot(page: Any, name: str) -> list[Path]:
    """Full-page screenshots at phone and desktop width, named `<name>-<width>.png`."""
    taken = []
    original = page.viewport_size
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        path = SCREENSHOTS / f"{name}-{size['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
    page.set_viewport_size(original)
    return taken


def inject_axe(page: Any) -> None:
    """Load axe-core into the page and each of its frames (maps are iframes).

    axe is evaluated through the DevTools protocol, not added as a <script>, so the site's
    Content-Security-Policy stays as strict as it is for the public; the site never serves it.
    """
    for frame in page.frames:
        if not frame.evaluate("() => typeof window.axe === 'object'"):
            frame.evaluate(_axe_source())


def axe_violations(page: Any, impacts: tuple[str, ...] = BLOCKING) -> list[str]:
    """axe-core's WCAG 2.x A/AA and best-practice findings of these impacts, one line each."""
    found = page.evaluate(
        """async () => {
          const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                  resultTypes: ['violations']});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {node}"
        for v in found
        if v["impact"] in impacts
        for node in v["nodes"]
    ]


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it reflows)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
