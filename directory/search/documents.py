"""Turn a service row into the document the index stores (no database access here)."""

from __future__ import annotations

import re
from typing import Any

from directory import opening_hours
from directory.models import EntryRoute, Service
from directory.vocabulary import Vocabulary

BSL_CODES = {"sgn-gb", "bfi", "bsl"}
BSL, EASY_READ = "bsl", "easy_read"
FORMAT_LABELS = {BSL: "British Sign Language (BSL)", EASY_READ: "Easy Read"}


def language_label(token: str) -> str:
    """The words for a language facet value ("bsl", "easy_read", or a language's name)."""
    return FORMAT_LABELS.get(token, token.replace("_", " ").capitalize())


FREE = re.compile(r"^\s*free\b", re.IGNORECASE)


def language_tokens(service: Service) -> list[str]:
    """Language facet values: "bsl", "easy_read", and other languages by lower-case name."""
    tokens: list[str] = []
    for language in service.languages:
        code = (language.code or "").lower()
        name = (language.name or "").strip()
        if code in BSL_CODES or "sign language" in name.lower():
            tokens.append(BSL)
        elif code not in {"en", "eng"} and name:
            tokens.append(re.sub(r"[^a-z]+", "_", name.lower()).strip("_"))
        if language.note and "easy read" in language.note.lower():
            tokens.append(EASY_READ)
    return sorted(set(tokens))


def public_points(service: Service) -> list[tuple[float, float]]:
    """Points of the service's locations that may be shown (never confidential ones)."""
    return [
        (link.location.latitude, link.location.longitude)
        for link in service.service_at_locations
        if not link.location.is_confidential
        and link.location.latitude is not None
        and link.location.longitude is not None
    ]


def service_document(service: Service, vocabulary: Vocabulary) -> dict[str, Any]:
    """The fields of `service` that search needs, as whoosh expects them."""
    by_type: dict[str, list[str]] = {}
    for attribute in service.attributes:
        by_type.setdefault(attribute.link_type or "", []).append(attribute.taxonomy_term.code)
    categories = by_type.get("category", [])
    names = [term.name for code in categories if (term := vocabulary.category(code))]
    texts = [service.description, service.eligibility_description, service.application_process]
    points = public_points(service)
    document: dict[str, Any] = {
        "id": str(service.id),
        "name": service.name,
        "organization": service.organization.name,
        "categories_text": " ".join(names),
        "description": " ".join(t for t in texts if t),
        "categories": ",".join(categories),
        "access_modes": ",".join(by_type.get("access_mode", [])),
        "identity_focus": ",".join(by_type.get("identity_focus", [])),
        "languages": ",".join(language_tokens(service)),
        "area_codes": ",".join(area.area_code for area in service.service_areas),
        "referral_route": service.referral_route or "",
        "self_referral": service.referral_route in (EntryRoute.SELF, EntryRoute.BOTH),
        "free": bool(service.fees_description and FREE.match(service.fees_description)),
        "lived_experience_led": service.lived_experience_led,
        "is_example": service.is_example,
        "points": points,
        "hours": opening_hours.encode(service.schedules),
    }
    return document
