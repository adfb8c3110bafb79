"""What a person does on the site, in a real browser, start to finish."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.browser import shoot
from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DESKTOP,
    EXIT_URL,
    PHONE,
    Traffic,
    open_context,
    sign_in,
)

RESULT_LINKS = ".waymark-result h3 a"


def _search(page, *, what: str = "", where: str = "") -> None:
    page.goto("/")
    page.get_by_label("What kind of support are you looking for?").fill(what)
    page.get_by_label("Postcode or town").fill(where)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search\?"))


def test_a_search_by_postcode_lists_nearby_services_by_distance(page, screenshots):
    _search(page, where="LS6 1AN")

    expect(page.locator("#results-heading")).to_contain_text("near LS6 1AN")
    distances = page.locator(".waymark-result").filter(has_text="miles away")
    assert distances.count() >= 3
    miles = [
        float(re.search(r"([\d.]+) miles? away", t).group(1)) for t in distances.all_inner_texts()
    ]
    assert miles == sorted(miles)
    shoot(page, "search-postcode")


def test_a_search_by_town_finds_services_for_that_town(page):
    _search(page, what="hate crime", where="Leeds")

    expect(page.locator("#results-heading")).to_contain_text("Leeds")
    assert page.locator(RESULT_LINKS).count() > 0


def test_a_facet_narrows_the_results_to_that_type(page, screenshots):
    _search(page, where="Leeds")
    before = page.locator(RESULT_LINKS).count()
    label = page.locator(".waymark-filters label").filter(
        has_text=re.compile(r"^Peer support group")
    )
    expected = int(re.search(r"\((\d+)\)", label.inner_text()).group(1))

    label.click()
    page.locator(".waymark-filters").get_by_role("button").first.click()

    expect(page).to_have_url(re.compile(r"category=peer_support_group"))
    results = page.locator(".waymark-result")
    assert 0 < results.count() < before
    local = results.filter(has_text="Peer support group")
    assert local.count() >= expected
    shoot(page, "search-facet")


def test_a_result_opens_its_service_page_with_a_tiles_free_map(page, screenshots):
    _search(page, where="LS6 1AN")
    first = page.locator(RESULT_LINKS).first
    name = first.inner_text()

    first.click()

    expect(page).to_have_url(re.compile(r"/services/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    frame = page.frame_locator("iframe.waymark-map-frame")
    expect(frame.locator(".leaflet-marker-icon, path.leaflet-interactive").first).to_be_visible()
    assert frame.locator("img.leaflet-tile").count() == 0
    shoot(page, "service")


def test_the_map_key_starts_folded_on_a_phone_and_open_on_a_desktop(page):
    _search(page, where="LS6 1AN")
    page.goto(page.locator("iframe.waymark-map-frame").get_attribute("src"))
    key = page.locator("details.wm-key")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(key.locator("summary")).to_be_visible()
    expect(key.get_by_text("You searched here")).to_be_hidden()
    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(key.get_by_text("You searched here")).to_be_visible()


def test_the_results_map_shows_a_marker_for_the_results_and_no_tiles(page, screenshots):
    _search(page, where="LS6 1AN")
    frame = page.frame_locator("iframe.waymark-map-frame")
    frame.locator(".leaflet-container").wait_for()

    markers = frame.locator(".leaflet-marker-icon, path.leaflet-interactive, .marker-cluster")
    expect(markers.first).to_be_visible()
    assert markers.count() >= 2
    assert frame.locator("img.leaflet-tile").count() == 0
    page.goto(page.locator("iframe.waymark-map-frame").get_attribute("src"))
    shoot(page, "search-map-frame")


def test_exit_this_page_leaves_for_the_exit_url(page, traffic: Traffic):
    _search(page, where="Leeds")

    page.get_by_role("button", name=re.compile("Exit this page")).click()

    page.wait_for_url(EXIT_URL)
    assert traffic.exits == [EXIT_URL]


def test_a_pathway_can_be_walked_near_a_place(page, screenshots):
    page.goto("/pathways")
    page.get_by_role("link", name="Mental health crisis").click()
    page.get_by_label("Show services near a postcode or town").fill("LS6")
    page.locator("form.waymark-near").get_by_role("button").click()

    expect(page).to_have_url(re.compile(r"near=LS6"))
    expect(page.get_by_role("heading", name="Step by step")).to_be_visible()
    step_service = page.locator("main a[href^='/services/']").first
    name = step_service.inner_text()
    step_service.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.go_back()
    shoot(page, "pathway")


def test_the_gaps_pages_open_for_a_commissioner(page, screenshots):
    page.goto("/")
    page.get_by_role("link", name="Where support is thin").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Where support is thin")
    shoot(page, "gaps")
    page.get_by_role("link", name=re.compile("coverage", re.I)).first.click()
    expect(page.locator("main table").first).to_be_visible()
    shoot(page, "gaps-coverage")


def test_a_member_of_the_public_can_report_a_problem(page, screenshots):
    _search(page, where="LS6 1AN")
    page.locator(RESULT_LINKS).first.click()
    page.get_by_role("link", name="Report a problem with this listing").click()
    shoot(page, "report")

    page.get_by_label(re.compile("phone|details", re.I)).first.check()
    page.get_by_label(re.compile("tell us", re.I)).fill("The phone number rings out.")
    page.get_by_role("button", name=re.compile("Send", re.I)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    shoot(page, "report-sent")
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto("/manage/reports")
    page.get_by_role("link", name=re.compile("^Resolve report")).first.click()
    expect(page.locator("main")).to_contain_text("The phone number rings out.")


def test_an_editors_change_is_reviewed_approved_and_published(
    browser, live_server, page, screenshots
):
    # A person asks for access to edit a listing's organisation.
    _search(page, where="LS6 1AN")
    page.locator(RESULT_LINKS).first.click()
    service_url = page.url
    organisation = page.locator("main .govuk-caption-l").first.inner_text().strip()
    page.goto("/manage/request-access")
    page.get_by_label("Full name").fill("Ellis Editor")
    page.get_by_label("Work email address").fill("ellis.editor@example.org")
    page.get_by_label("Organisation you work for").fill(organisation)
    page.get_by_label("Choose a password").fill("a long editor passphrase")
    page.get_by_label("Confirm password").fill("a long editor passphrase")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The admin lets them edit that organisation.
    admin_traffic = Traffic()
    admin_context = open_context(browser, live_server, admin_traffic, viewport=DESKTOP)
    admin = admin_context.new_page()
    sign_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin.goto("/manage/users")
    shoot(admin, "manage-users")
    admin.get_by_role("link", name=re.compile("Ellis Editor")).click()
    admin.get_by_label("Organisation this editor looks after").select_option(label=organisation)
    admin.get_by_role("button", name="Approve").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("Ellis Editor can now edit")

    # The editor changes the description and sends it for review.
    sign_in(page, "ellis.editor@example.org", "a long editor passphrase")
    service_id = service_url.rsplit("/", 1)[1]
    page.goto(f"/manage/services/{service_id}/details")
    shoot(page, "manage-edit")
    description = page.get_by_label("Description", exact=True)
    description.fill("Checked in a browser: open to anyone in Leeds, no referral needed.")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent for review")
    page.context.clear_cookies()
    page.goto(service_url)
    expect(page.locator("main")).not_to_contain_text("Checked in a browser")

    # The admin sees old → new and approves; the public page shows the change.
    admin.goto("/manage/reviews")
    admin.locator("main a[href*='/manage/reviews/']").first.click()
    expect(admin.locator("main")).to_contain_text("Checked in a browser")
    shoot(admin, "manage-review")
    admin.get_by_label("Approve and publish").check()
    admin.get_by_role("button", name="Confirm decision").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("approved and published")
    admin_context.close()
    assert not admin_traffic.elsewhere

    page.goto(service_url)
    expect(page.locator("main")).to_contain_text("Checked in a browser: open to anyone in Leeds")
