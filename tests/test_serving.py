"""Serving under gunicorn: each worker is ready to search before its first request."""

from __future__ import annotations

import gc
import logging
from types import SimpleNamespace

from gunicorn.config import Config

from directory import serving
from directory.searching import warm_search_index


def test_warming_with_no_index_yet_says_so_and_builds_nothing(app):
    with app.app_context():
        assert warm_search_index() is False


def test_warming_reads_the_index_a_search_would(loaded_app):
    with loaded_app.app_context():
        assert warm_search_index() is True


def test_the_worker_hook_warms_the_index_and_freezes_what_it_holds(loaded_app, caplog):
    worker = SimpleNamespace(wsgi=loaded_app, log=logging.getLogger("test.worker"))
    try:
        with caplog.at_level(logging.INFO, logger="test.worker"):
            serving.post_worker_init(worker)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert "search index ready" in caplog.text


def test_gunicorn_reads_the_settings_and_keeps_its_control_socket_off():
    config = Config()
    for name, value in vars(serving).items():
        if name in config.settings:
            config.set(name, value)

    assert config.control_socket_disable is True
