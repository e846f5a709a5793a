"""Use cases: the only door for writes. Each checks permission, validates, writes in one
transaction with its audit record, and returns plain frozen dataclasses."""
