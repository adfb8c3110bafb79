"""Referral pathways: templates read from data/pathways/*.yaml, checked, and ordered as graphs."""
