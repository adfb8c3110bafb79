"""Jinja filters and globals: formatting only, no business rules."""

from __future__ import annotations

import uuid

from flask import Flask

from directory import wording
from directory.accounts.signed_in import current_user
from directory.context import vocabulary
from directory.finder import display
from directory.finder.params import RADIUS_CHOICES
from directory.manage.display import field_text
from directory.pathways.routes import hop_summary
from directory.problems import report_kind_text


def _to_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def init_app(app: Flask) -> None:
    """Register the formatting filters templates use."""
    app.add_template_filter(display.long_date, "long_date")
    app.add_template_filter(display.describe_schedule, "opening_hours")
    app.add_template_global(display.area_text, "area_text")
    app.add_template_global(display.phone_lines, "phone_lines")
    app.add_template_global(display.contact_lines, "contact_lines")
    app.add_template_global(display.status_text, "status_text")
    app.add_template_global(display.result_place, "result_place")
    app.add_template_global(display.checked_short, "checked_short")
    app.add_template_global(display.entry_route_text, "entry_route_text")
    app.add_template_global(display.error_list, "error_list")
    app.add_template_global(RADIUS_CHOICES, "radius_choices")
    app.add_template_global(wording.route_kind_text, "route_kind_text")
    app.add_template_global(wording.consent_text, "consent_text")
    app.add_template_global(wording.step_edge_text, "step_edge_text")
    app.add_template_global(hop_summary, "hop_summary")
    app.add_template_filter(_to_uuid, "to_uuid")
    app.add_template_global(wording.timescale_basis_text, "timescale_basis")
    app.add_template_global(vocabulary, "vocabulary")
    app.add_template_global(current_user, "signed_in_user")
    app.add_template_global(field_text, "field_text")
    app.add_template_global(report_kind_text, "report_kind_text")
