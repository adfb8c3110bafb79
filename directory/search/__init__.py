"""Full-text search over services with whoosh: a derived index that returns ranked ids."""
