"""Loading the bundled data files into the database, idempotently, by checksum."""
