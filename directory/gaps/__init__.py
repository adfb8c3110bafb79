"""Gap analysis for commissioners: pure array functions for where provision is thin."""
