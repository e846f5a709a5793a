"""The one search index (issue 15): search_entry with SQLite FTS5 / PostgreSQL tsvector +
GIN over the normalised words of every workspace's records, search_dirty with the triggers
that mark written records, and a first build over what the database holds. The tables are
derived and never synced: the sync schema fingerprint does not change. (Numbered 0009
because the evaluation calibration migration was not in yet when it landed.)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pr_desk.data import search

    conn = op.get_bind()
    kinds = search.all_kinds()
    search.create(conn)
    search.install_triggers(conn, kinds)
    search.reindex(conn, kinds)


def downgrade() -> None:
    from pr_desk.data import search

    search.drop(op.get_bind())
