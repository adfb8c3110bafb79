"""Where things are: postcodes, places and authorities from bundled data, and distances."""
