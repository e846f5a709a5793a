"""Queries: the only place that builds SQL. Services call these with their session."""
