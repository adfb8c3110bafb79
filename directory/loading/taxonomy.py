"""Publish our categories and facets as HSDS taxonomies and taxonomy terms."""

from __future__ import annotations

from sqlalchemy.orm import Session

from directory.loading.listings import stable_id
from directory.models import Taxonomy, TaxonomyTerm
from directory.vocabulary import CATEGORY_TAXONOMY, FACET_TAXONOMIES, Term, Vocabulary


def load_vocabulary(session: Session, vocabulary: Vocabulary) -> int:
    """Insert or update every taxonomy and term; returns the number of terms. Does not commit."""
    categories = _taxonomy(session, CATEGORY_TAXONOMY, vocabulary.description, vocabulary.version)
    count = 0
    for group in vocabulary.groups:
        parent = _term(session, categories, Term(group.code, group.name, group.name), None)
        count += 1
        for category in group.categories:
            _term(session, categories, category, parent)
            count += 1
    for facet, name in FACET_TAXONOMIES.items():
        taxonomy = _taxonomy(session, name, f"Waymark facet: {facet.replace('_', ' ')}", "1")
        for term in vocabulary.facets.get(facet, ()):
            _term(session, taxonomy, term, None)
            count += 1
    session.flush()
    return count


def _taxonomy(session: Session, name: str, description: str, version: str) -> Taxonomy:
    return session.merge(
        Taxonomy(id=stable_id("taxonomy", name), name=name, description=description,
                 version=version)
    )  # fmt: skip


def _term(
    session: Session, taxonomy: Taxonomy, term: Term, parent: TaxonomyTerm | None
) -> TaxonomyTerm:
    return session.merge(
        TaxonomyTerm(
            id=stable_id("taxonomy_term", taxonomy.name, term.code),
            code=term.code,
            name=term.name,
            description=term.description or term.name,
            parent_id=parent.id if parent else None,
            taxonomy=taxonomy.name,
            taxonomy_id=taxonomy.id,
            language="en",
        )
    )
