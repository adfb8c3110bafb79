"""Pure geography helpers: postcode shapes and place-name keys (no database access)."""
