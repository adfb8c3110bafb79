"""Every page type in a real browser: axe-core, reflow at 400% zoom, keyboard only, no script."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import axe_violations, horizontal_overflow, inject_axe, shoot
from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DESKTOP,
    PHONE,
    Traffic,
    open_context,
)

# 400% zoom of a 1280 px wide window: WCAG 1.4.10 asks for no scrolling in two directions.
ZOOMED = {"width": 320, "height": 256}

# (screenshot name, path); {service} is a local example listing from a search near LS6 1AN.
PUBLIC_PAGES = [
    ("home", "/"),
    ("search-results", "/search?q=hearing+voices&where=Leeds"),
    ("search-no-results", "/search?q=zzzz+qqqq&where=LS6"),
    ("categories", "/categories"),
    ("category", "/categories/peer_support_group"),
    ("service", "/services/{service}"),
    ("service-report", "/services/{service}/report"),
    ("shortlist", "/list?id={service}"),
    ("pathways", "/pathways"),
    ("pathway", "/pathways/something-hateful-happened?near=LS6"),
    ("pathway-print", "/pathways/something-hateful-happened/print?near=LS6"),
    ("route-finder", "/pathways/routes?from=peer_support_group&to=independent_advocacy"),
    ("gaps", "/gaps"),
    ("gaps-coverage", "/gaps/coverage"),
    ("gaps-completeness", "/gaps/completeness"),
    ("gaps-stale", "/gaps/stale"),
    ("gaps-searches", "/gaps/searches"),
    ("gaps-area", "/gaps/areas/E08000035"),
    ("data-sources", "/data-sources"),
    ("accessibility-statement", "/accessibility"),
    ("sign-in", "/manage/sign-in"),
    ("request-access", "/manage/request-access"),
    ("not-found", "/no-such-page"),
]
MANAGE_PAGES = [
    ("manage-dashboard", "/manage/"),
    ("manage-listing", "/manage/services/{service}"),
    ("manage-edit-details", "/manage/services/{service}/details"),
    ("manage-checks", "/manage/checks"),
    ("manage-reports", "/manage/reports"),
    ("manage-reviews", "/manage/reviews"),
    ("manage-users", "/manage/users"),
    ("manage-new-user", "/manage/users/new"),
]
ALL_PAGES = PUBLIC_PAGES + MANAGE_PAGES


@pytest.fixture(scope="module")
def service(live_server: str) -> str:
    """The id of the nearest local listing to LS6 1AN."""
    with urllib.request.urlopen(f"{live_server}/search?where=LS6+1AN") as response:
        body = response.read().decode()
    return re.search(
        r'class="waymark-result">\s*<h3[^>]*>\s*<a[^>]*href="/services/([0-9a-f-]{36})"', body
    ).group(1)


@pytest.fixture(scope="module")
def admin_context(browser, live_server: str):
    """A signed-in admin's browser, shared by the manage page checks."""
    traffic = Traffic()
    context = open_context(browser, live_server, traffic, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/manage/sign-in")
    page.get_by_label("Email address").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile("sign-in"))
    page.close()
    yield context
    context.close()
    assert not traffic.elsewhere, f"manage pages asked another host for: {traffic.elsewhere}"


def _open(name: str, path: str, service: str, context, admin_context):
    page = (admin_context if name.startswith("manage-") else context).new_page()
    response = page.goto(path.format(service=service))
    expected = 404 if name == "not-found" else 200
    assert response.status == expected, f"{path} answered {response.status}"
    page.wait_for_load_state("load")
    return page


def _load_frames(page) -> None:
    """Bring lazy map frames on screen so they load, wait for them, then go back to the top."""
    for frame in page.locator("iframe").all():
        frame.scroll_into_view_if_needed()
    for frame in page.frames[1:]:
        frame.wait_for_load_state("load")
    # At the top, so GOV.UK's sticky Exit this page button covers nothing axe then measures.
    page.evaluate("() => window.scrollTo(0, 0)")


def _overflowing(page) -> list[str]:
    """The first few elements that stick out to the right, outside any box that scrolls."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const clipped = e => {
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible') return true;
            }
            return false;
          };
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
                      + ` (right edge ${Math.round(e.getBoundingClientRect().right)}px)`);
        }"""
    )


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[n for n, _ in ALL_PAGES])
def test_every_page_type_passes_axe_and_reflows_at_400_percent_zoom(
    name, path, service, context, admin_context, screenshots
):
    """No critical, serious or moderate axe finding at desktop or phone width; no sideways
    scroll at 320 px.

    Data tables and the pathway diagram may scroll inside their own focusable box (WCAG 1.4.10
    exempts two-dimensional content); the page itself must not.
    """
    page = _open(name, path, service, context, admin_context)
    _load_frames(page)
    problems = []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        inject_axe(page)
        problems += [f"{size['width']}px {line}" for line in axe_violations(page)]
    shoot(page, name)
    page.set_viewport_size(ZOOMED)
    overflow = horizontal_overflow(page)
    if overflow > 0:
        problems.append(f"320px: scrolls sideways by {overflow}px; wide: {_overflowing(page)}")
    page.close()

    assert not problems, "\n".join(problems)


def _tab_to(page, matches: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches the CSS selector; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", matches
        ):
            return
    raise AssertionError(f"Tab never reached {matches}")


def _focus_is_visible(page) -> bool:
    """The focused element shows GOV.UK's focus state: a yellow highlight or an outline."""
    return page.evaluate(
        """() => {
          const e = document.activeElement, s = getComputedStyle(e);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
          const yellow = s.backgroundColor === 'rgb(255, 221, 0)';
          const shadow = s.boxShadow && s.boxShadow !== 'none';
          return e.matches(':focus-visible') && (outline || yellow || shadow);
        }"""
    )


def test_a_keyboard_alone_reaches_a_service_from_the_home_page(page):
    page.goto("/")

    _tab_to(page, "a.govuk-skip-link")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    _tab_to(page, "#q")
    assert _focus_is_visible(page)
    page.keyboard.type("hearing voices")
    _tab_to(page, "#where")
    page.keyboard.type("Leeds")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?.*where=Leeds"))

    _tab_to(page, ".waymark-result h3 a")
    assert _focus_is_visible(page)
    name = page.evaluate("() => document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/services/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    _tab_to(page, "main a[href^='tel:'], main a[href^='mailto:'], main a[href^='http']")
    assert _focus_is_visible(page)


@pytest.fixture
def no_js_page(browser, live_server: str):
    traffic = Traffic()
    context = open_context(
        browser, live_server, traffic, viewport=DESKTOP, java_script_enabled=False
    )
    yield context.new_page()
    context.close()
    assert not traffic.elsewhere


def test_search_and_a_service_work_without_javascript(no_js_page, screenshots):
    page = no_js_page
    page.goto("/")
    page.get_by_label("What kind of support are you looking for?").fill("hearing voices")
    page.get_by_label("Postcode or town").fill("LS6 1AN")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.locator("#results-heading")).to_contain_text("LS6 1AN")
    expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
    expect(page.locator("iframe.waymark-map-frame")).to_be_hidden()  # a map needs scripts
    page.locator(".waymark-result h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/services/"))
    expect(page.get_by_role("heading", name="How to get in touch")).to_be_visible()
    shoot(page, "service-no-js")


def test_filters_and_the_exit_link_work_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/search?where=Leeds")
    page.locator(".waymark-filters label").filter(
        has_text=re.compile("^Peer support group")
    ).click()
    page.locator(".waymark-filters").get_by_role("button").first.click()

    expect(page).to_have_url(re.compile(r"category=peer_support_group"))
    exit_link = page.get_by_role("button", name=re.compile("Exit this page"))
    assert exit_link.get_attribute("href").startswith("https://exit.example.org/")
