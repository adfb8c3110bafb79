"""Accounts for the people who keep listings true: sign in, roles, access requests."""
