"""The Open Referral UK 3.0 / HSDS 3.0 read API (blueprint in views.py)."""
