"""Load everything the site ships with: geography, categories and listings, in one transaction.

Each source is skipped when its input is unchanged since the last load, so running the load
twice changes nothing and `make run` starts quickly after the first time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from directory.interop.mappings import MAPPINGS_FILE, read_mappings
from directory.loading import generated
from directory.loading.checksums import already_loaded, file_checksum, record_load
from directory.loading.geography import load_geography, load_postcodes
from directory.loading.listings import ListingError, replace_source
from directory.loading.progress import Progress, quiet
from directory.loading.routes import replace_routes
from directory.loading.taxonomy import load_vocabulary
from directory.pathways.templates import PATHWAYS_DIR, load_all
from directory.vocabulary import CATEGORIES_FILE, Vocabulary, read_vocabulary

# Bump when the loaders' output changes for the same input files, to force a reload.
LOADER_VERSION = "1"
POSTCODE_FILE = "postcodes_uk_nspl_may2025.csv.gz"
LISTING_FILES = {"bundled:national": "listings/national.yaml",
                 "bundled:examples": "listings/examples.yaml"}  # fmt: skip
GENERATED = {"generated:councils": generated.council_listings,
             "generated:police": generated.police_listings}  # fmt: skip
ROUTES_FILE = "listings/routes.yaml"
ROUTES_SOURCE = "bundled:routes"
AREA_INPUTS = ("local_authorities_uk.csv", "police_force_areas.csv")


def load_bundle(
    session: Session, data_dir: Path, *, postcodes: bool = True, progress: Progress = quiet
) -> dict[str, int]:
    """Load all bundled data into `session` and return counts of what changed. Does not commit."""
    counts = dict(load_geography(session, data_dir, progress))
    if postcodes:
        counts["postcodes"] = load_postcodes(session, data_dir / POSTCODE_FILE, progress)
    vocabulary_path = data_dir / CATEGORIES_FILE
    vocabulary = read_vocabulary(vocabulary_path)
    vocabulary_sum = file_checksum(vocabulary_path)
    # Pathway templates are read at request time; check them now so a broken one fails here.
    load_all(data_dir / PATHWAYS_DIR, {term.code for term in vocabulary.categories})
    # The API reads the taxonomy mappings at request time too: a broken file fails here first.
    read_mappings(data_dir / MAPPINGS_FILE, tuple(term.code for term in vocabulary.categories))
    counts["taxonomy_terms"] = _load_vocabulary(session, vocabulary, vocabulary_sum)

    # Listings name areas from the geography files, so a change there reloads them too.
    geography = [file_checksum(data_dir / name) for name in AREA_INPUTS]
    for source, relative in LISTING_FILES.items():
        path = data_dir / relative
        checksum = _combined(LOADER_VERSION, vocabulary_sum, *geography, file_checksum(path))
        if already_loaded(session, source, checksum):
            continue
        progress(source, 0, None)
        with path.open(encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        if not isinstance(document, dict) or "organizations" not in document:
            raise ListingError(f"{relative}: expected a mapping with 'organizations'")
        loaded = replace_source(
            session, source, document["organizations"],
            is_example=bool(document.get("is_example")), vocabulary=vocabulary,
        )  # fmt: skip
        record_load(session, source, checksum, loaded["services"])
        counts[source] = loaded["services"]

    generator = file_checksum(Path(generated.__file__))
    for source, build in GENERATED.items():
        checksum = _combined(LOADER_VERSION, vocabulary_sum, *geography, generator)
        if already_loaded(session, source, checksum):
            continue
        progress(source, 0, None)
        loaded = replace_source(
            session, source, build(session), is_example=False, vocabulary=vocabulary
        )
        record_load(session, source, checksum, loaded["services"])
        counts[source] = loaded["services"]

    # Routes name services from every listing source, so any listing change reloads them.
    routes_sum = _combined(
        LOADER_VERSION, *geography, generator, file_checksum(data_dir / ROUTES_FILE),
        *(file_checksum(data_dir / relative) for relative in LISTING_FILES.values()),
    )  # fmt: skip
    if not already_loaded(session, ROUTES_SOURCE, routes_sum):
        progress(ROUTES_SOURCE, 0, None)
        with (data_dir / ROUTES_FILE).open(encoding="utf-8") as handle:
            document = yaml.safe_load(handle) or {}
        loaded_routes = replace_routes(session, ROUTES_SOURCE, document.get("routes") or [])
        record_load(session, ROUTES_SOURCE, routes_sum, loaded_routes)
        counts[ROUTES_SOURCE] = loaded_routes
    return counts


def _load_vocabulary(session: Session, vocabulary: Vocabulary, checksum: str) -> int:
    source = "categories"
    combined = _combined(LOADER_VERSION, checksum)
    if already_loaded(session, source, combined):
        return 0
    count = load_vocabulary(session, vocabulary)
    record_load(session, source, combined, count)
    return count


def _combined(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
