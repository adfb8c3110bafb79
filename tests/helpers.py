"""Checks that every page the tests fetch is a well-formed GOV.UK-style Waymark page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import html5lib
from bs4 import BeautifulSoup, Tag
from werkzeug.test import TestResponse

TITLE_SUFFIX = " \u2013 Waymark"  # en dash, as GOV.UK titles use
_UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}
_RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
}


def _text(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text()).strip()


def _is_other_host(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(urlsplit(url).netloc)


def _assert_well_formed(body: str) -> None:
    parser = html5lib.HTMLParser(strict=True)
    try:
        parser.parse(body)
    except html5lib.html5parser.ParseError:
        errors = "; ".join(
            f"line {line} col {col}: {code} {data or ''}"
            for (line, col), code, data in parser.errors
        )
        raise AssertionError(f"HTML is not well formed: {errors or 'parse error'}") from None


def _assert_inputs_labelled(soup: BeautifulSoup) -> None:
    label_for = {label.get("for") for label in soup.find_all("label") if label.get("for")}
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text").lower() in _UNLABELLED_OK:
            continue
        labelled = field.get("id") in label_for or field.find_parent("label") is not None
        assert labelled, f"form field has no label: {field}"


def _assert_no_other_hosts(soup: BeautifulSoup) -> None:
    for name, attrs in _RESOURCE_ATTRS.items():
        for tag in soup.find_all(name):
            for attr in attrs:
                for url in re.split(r",\s*", tag.get(attr) or ""):
                    url = url.split(" ")[0] if attr == "srcset" else url
                    where = f"<{name} {attr}>"
                    assert not _is_other_host(url), f"{where} loads from another host: {url}"


def assert_govuk_page(response: TestResponse, *, status: int = 200) -> BeautifulSoup:
    """Assert the response is a well-formed Waymark page and return it parsed."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.mimetype == "text/html", f"content type is {response.content_type}"
    body = response.get_data(as_text=True)
    _assert_well_formed(body)
    soup = BeautifulSoup(body, "html5lib")

    assert soup.html is not None
    assert soup.html.get("lang") == "en-GB", "<html> must have lang='en-GB'"

    headings = soup.find_all("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    assert soup.title is not None, "page has no <title>"
    title = _text(soup.title)
    # GOV.UK prefixes the title with "Error: " when the page shows an error summary.
    if soup.select_one(".govuk-error-summary") is not None:
        assert title.startswith("Error: "), "a page with errors must say so in its title"
        title = title.removeprefix("Error: ")
    assert title == _text(headings[0]) + TITLE_SUFFIX, f"title {title!r} does not match the h1"

    assert soup.select_one("a.govuk-exit-this-page__button"), "no Exit this page link"
    _assert_inputs_labelled(soup)
    _assert_no_other_hosts(soup)
    return soup
