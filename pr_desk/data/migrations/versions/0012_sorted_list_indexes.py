"""The requests list sorted by a column pages after a row (issue 17 §4); these indexes let
the database walk that order instead of sorting every request for each page. At 1,000,000
requests (SQLite, bench/meetings_bench.py --sorted) by district the first page went from
0.24 s to 19 ms of CPU, by official from 1.8 s to 0.09 s (the officials by name, then each
one's requests by id). On PostgreSQL the citizen's and tracking-code indexes of 0002 are
text_pattern_ops (for prefix searches) and cannot give the list's order, so plain ones are
added there; SQLite's indexes of 0002 already give both.

Only indexes: no synced table's columns change, so the sync schema fingerprint stays and
SYNC_COMPATIBLE_FROM stays at 0010.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BOTH = (
    ("ix_official_name", "official", ["name"]),
    ("ix_meeting_request_district_order", "meeting_request", ["district", "id"]),
    ("ix_meeting_request_official_order", "meeting_request", ["official_id", "id"]),
)
POSTGRESQL_ONLY = (
    ("ix_meeting_request_tracking_code_order", "meeting_request", ["tracking_code"]),
    ("ix_citizen_name_search_order", "citizen", ["name_search"]),
    ("ix_citizen_national_code_order", "citizen", ["national_code"]),
    ("ix_citizen_mobile_order", "citizen", ["mobile"]),
)


def _indexes() -> tuple[tuple[str, str, list[str]], ...]:
    return BOTH + (POSTGRESQL_ONLY if op.get_bind().dialect.name == "postgresql" else ())


def upgrade() -> None:
    for name, table, columns in _indexes():
        op.create_index(name, table, columns)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None:
        # A file with statistics (ANALYZE) and none for the new indexes: SQLite then guesses
        # their cost and, at 1,000,000 requests, counted a registration's queue turn through
        # the waiting index (17 ms) instead of the queue index (1 ms). Measured like the others.
        for name, _table, _columns in BOTH:
            bind.exec_driver_sql(f"ANALYZE {name}")


def downgrade() -> None:
    for name, table, _columns in reversed(_indexes()):
        op.drop_index(name, table_name=table)
