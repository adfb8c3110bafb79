"""Jinja filters and globals: formatting only, no business rules."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from directory.finder import display
from directory.vocabulary import Vocabulary, read_vocabulary


def vocabulary() -> Vocabulary:
    """The app's categories and facets (read once per process)."""
    return read_vocabulary(Path(current_app.config["DATA_DIR"]) / "categories.yaml")


def init_app(app: Flask) -> None:
    """Register the formatting filters templates use."""
    app.add_template_filter(display.long_date, "long_date")
    app.add_template_filter(display.describe_schedule, "opening_hours")
    app.add_template_filter(display.tel_href, "tel_href")
    app.add_template_filter(display.sms_href, "sms_href")
    app.add_template_global(vocabulary, "vocabulary")
