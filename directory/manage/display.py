"""Section values in words for editors and reviewers: names, not codes."""

from __future__ import annotations

import unicodedata
from typing import Any

from directory.context import vocabulary
from directory.forms.checks import link_host
from directory.manage.forms import ENTRY_ROUTES, PHONE_TYPES, SCOPES, STATUS_WORDS
from directory.manage.sections import shown
from directory.wording import CONSENT_TEXT, ROUTE_KIND_TEXT


def _names(field: str) -> dict[str, str]:
    words = vocabulary()
    if field == "categories":
        return {term.code: term.name for term in words.categories}
    if field in ("access_modes", "identity_focus"):
        facet = "access_mode" if field == "access_modes" else field
        return {term.code: term.name for term in words.facets.get(facet, ())}
    fixed: dict[str, Any] = {
        "status": STATUS_WORDS, "referral_route": dict(ENTRY_ROUTES), "scope": dict(SCOPES),
        "kind": {str(k): v for k, v in ROUTE_KIND_TEXT.items()},
        "consent": {str(k): v for k, v in CONSENT_TEXT.items()},
    }  # fmt: skip
    return fixed.get(field, {})


# Section fields holding a web address: the reviewer is shown the host it really goes to.
LINK_FIELDS = ("website", "url")


def field_text(field: str, value: Any) -> str:
    """A value as an editor would say it: "Peer support group", not "peer_support_group".

    A web address also says which host it goes to (punycode for an international name, so
    a look-alike of a known site stands out), and any hidden character is written out.
    """
    if field in LINK_FIELDS and isinstance(value, str) and value:
        return f"{visible(value)} (goes to {visible(link_host(value))})"
    names = _names(field)
    if field == "phones" and isinstance(value, list):
        kinds = dict(PHONE_TYPES)
        value = [{**phone, "type": kinds.get(phone.get("type", ""), phone.get("type"))}
                 for phone in value]  # fmt: skip
    elif names and isinstance(value, list):
        value = [names.get(item, item) for item in value]
    elif names and isinstance(value, str):
        value = names.get(value, value)
    return visible(shown(value))


def visible(text: str) -> str:
    """`text` with control and format characters written as their code points ("<U+202E>")."""
    return "".join(
        f"<U+{ord(char):04X}>"
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
        else char
        for char in text
    )
