"""Keeping listings true: editing, review of changes, verification and problem reports."""
