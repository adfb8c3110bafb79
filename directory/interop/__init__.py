"""Open Referral (HSDS 3.0 / ORUK 3.0): serialise, validate, export and import listings.

Library code: no Flask views and no request state. Callers pass sessions and settings in.
"""
