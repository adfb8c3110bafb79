"""The finder rebuilds a missing index from the database instead of failing."""

from __future__ import annotations

import shutil

from directory.config import PROJECT_ROOT
from directory.loading.bundle import load_bundle
from tests.helpers import assert_govuk_page


def test_search_with_no_index_rebuilds_it_and_answers(app, session, client, tmp_path):
    load_bundle(session, PROJECT_ROOT / "data", postcodes=False)
    session.commit()
    shutil.rmtree(app.config["INDEX_DIR"], ignore_errors=True)

    soup = assert_govuk_page(client.get("/search", query_string={"q": "samaritans"}))

    assert "Samaritans" in soup.get_text()
