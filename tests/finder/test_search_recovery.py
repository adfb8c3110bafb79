"""The finder rebuilds a missing index from the database instead of failing."""

from __future__ import annotations

import shutil
from pathlib import Path

from directory.config import PROJECT_ROOT
from directory.loading.bundle import load_bundle
from tests.helpers import assert_govuk_page


def test_search_with_no_index_rebuilds_it_and_answers(app, session, client, tmp_path):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()
    shutil.rmtree(app.config["INDEX_DIR"], ignore_errors=True)

    soup = assert_govuk_page(client.get("/search", query_string={"q": "samaritans"}))

    assert "Samaritans" in soup.get_text()


def test_a_changed_listing_is_updated_in_the_live_index(app, session):
    from datetime import UTC, datetime

    from sqlalchemy import select

    from directory.models import Service, ServiceStatus
    from directory.search.index import SearchIndex
    from directory.search.query import SearchRequest, search
    from directory.search.synonyms import SynonymTable
    from directory.searching import rebuild_search_index, reindex_services
    from directory.vocabulary import vocabulary_in

    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()
    root = Path(app.config["INDEX_DIR"])
    vocabulary = vocabulary_in(PROJECT_ROOT / "data")
    rebuild_search_index(session, root, vocabulary)
    index = SearchIndex(root)
    first, second = session.scalars(select(Service).order_by(Service.id).limit(2)).all()
    first.name = "Zanzibar listening circle"
    second.status = ServiceStatus.DEFUNCT
    session.commit()

    reindex_services(session, root, vocabulary, [first.id, second.id])

    def ids(text):
        outcome = search(index, SearchRequest(text=text), synonyms=SynonymTable(()),
                         now=datetime.now(UTC))  # fmt: skip
        return {r.id for r in outcome.results}

    assert first.id in ids("zanzibar")
    assert second.id not in ids("")
    index.close()
