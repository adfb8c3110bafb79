"""Checks and field types shared by every form on the site."""
