"""A rebuild killed mid-way (SIGKILL: no cleanup runs) leaves the old index serving, never none."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from directory.search.index import SearchIndex, build_index
from tests.search.test_index import _doc, find_ids

# Builds an index of many documents, says when it is half way, then waits to be killed.
_SLOW_BUILDER = textwrap.dedent(
    """
    import sys, time, uuid
    from pathlib import Path
    from directory.search.index import build_index

    root, ready = Path(sys.argv[1]), Path(sys.argv[2])

    def documents():
        for n in range(10_000):
            if n == 500:
                ready.write_text("half way")
                time.sleep(600)
            yield {"id": str(uuid.uuid4()), "name": f"Replacement {n}", "organization": "Org",
                   "categories_text": "", "description": "", "categories": "", "area_codes": "",
                   "is_example": False, "points": [], "hours": ""}

    build_index(root, documents())
    """
)


def _kill_mid_build(root, tmp_path) -> None:
    ready = tmp_path / "ready"
    builder = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILDER, str(root), str(ready)],
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert builder.poll() is None, "the builder died before it was half way"
            assert time.monotonic() < deadline, "the builder never got half way"
            time.sleep(0.05)
    finally:
        builder.send_signal(signal.SIGKILL)
        builder.wait()


def test_a_killed_rebuild_leaves_the_old_index_serving(tmp_path):
    root = tmp_path / "ix"
    build_index(root, [_doc("Hearing voices group", "Peer support")])
    live = SearchIndex(root).live_build()

    _kill_mid_build(root, tmp_path)

    assert SearchIndex(root).live_build() == live
    index = SearchIndex(root)
    assert len(find_ids(index, "hearing voices")) == 1
    index.close()


def test_the_next_rebuild_after_a_kill_succeeds_and_clears_the_half_built_one(tmp_path):
    root = tmp_path / "ix"
    build_index(root, [_doc("Hearing voices group", "Peer support")])
    _kill_mid_build(root, tmp_path)
    assert len(list(root.glob("build-*"))) == 2  # the live one and the abandoned one

    # The killed process's lock died with it, so this does not wait.
    build_index(root, [_doc("Crisis café", "Evening safe haven")])

    assert [p.name for p in root.glob("build-*")] == [SearchIndex(root).live_build()]
    index = SearchIndex(root)
    assert len(find_ids(index, "crisis")) == 1
    index.close()
