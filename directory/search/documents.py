"""Turn a service row into the document the index stores (no database access here)."""

from __future__ import annotations

from typing import Any

from directory.models import Service
from directory.vocabulary import Vocabulary


def service_document(service: Service, vocabulary: Vocabulary) -> dict[str, Any]:
    """The fields of `service` that search needs, as whoosh expects them."""
    categories = [a.taxonomy_term.code for a in service.attributes if a.link_type == "category"]
    names = [term.name for code in categories if (term := vocabulary.category(code))]
    texts = [service.description, service.eligibility_description, service.application_process]
    return {
        "id": str(service.id),
        "name": service.name,
        "organization": service.organization.name,
        "categories_text": " ".join(names),
        "description": " ".join(t for t in texts if t),
        "categories": ",".join(categories),
        "area_codes": ",".join(area.area_code for area in service.service_areas),
        "is_example": service.is_example,
    }
