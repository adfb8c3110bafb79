"""Publish our categories and facets as HSDS taxonomies and taxonomy terms."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from directory.loading.listings import stable_id
from directory.models import Attribute, Taxonomy, TaxonomyTerm
from directory.vocabulary import CATEGORY_TAXONOMY, FACET_TAXONOMIES, Term, Vocabulary


def load_vocabulary(session: Session, vocabulary: Vocabulary) -> int:
    """Insert or update every taxonomy and term; returns the number of terms. Does not commit."""
    categories = _taxonomy(session, CATEGORY_TAXONOMY, vocabulary.description, vocabulary.version)
    kept: set[uuid.UUID] = set()
    for group in vocabulary.groups:
        parent = _term(session, categories, Term(group.code, group.name, group.name), None)
        kept.add(parent.id)
        for category in group.categories:
            kept.add(_term(session, categories, category, parent).id)
    for facet, name in FACET_TAXONOMIES.items():
        taxonomy = _taxonomy(session, name, f"Waymark facet: {facet.replace('_', ' ')}", "1")
        for term in vocabulary.facets.get(facet, ()):
            kept.add(_term(session, taxonomy, term, None).id)
    session.flush()
    _remove_terms_not_in(session, kept)
    return len(kept)


def _remove_terms_not_in(session: Session, kept: set[uuid.UUID]) -> None:
    """Drop our terms that the categories file no longer has, and their uses."""
    ours = [CATEGORY_TAXONOMY, *FACET_TAXONOMIES.values()]
    stale = select(TaxonomyTerm.id).where(
        TaxonomyTerm.taxonomy.in_(ours), TaxonomyTerm.id.not_in(kept)
    )
    session.execute(delete(Attribute).where(Attribute.taxonomy_term_id.in_(stale)))
    session.execute(
        update(TaxonomyTerm).where(TaxonomyTerm.parent_id.in_(stale)).values(parent_id=None)
    )
    session.execute(delete(TaxonomyTerm).where(TaxonomyTerm.id.in_(stale)))


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
