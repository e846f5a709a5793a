"""Offline field sync: the change log filled by generated capture triggers on every synced
table, the replicas known to the office, the imported packages and the conflict queue.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pr_desk.data.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _bookkeeping() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
    ]


def upgrade() -> None:
    from pr_desk.data.sync import triggers

    op.create_table(
        "sync_ctx",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("applying", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(36), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name="pk_sync_ctx"),
    )
    op.execute("INSERT INTO sync_ctx (id, applying, origin, version) VALUES (1, 0, NULL, 1)")
    op.create_table(
        "sync_change",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tbl", sa.String(64), nullable=False),
        sa.Column("pk", sa.String(36), nullable=False),
        sa.Column("op", sa.String(1), nullable=False),
        sa.Column("old_row", sa.Text(), nullable=True),
        sa.Column("new_row", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(36), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name="pk_sync_change"),
    )
    op.create_index("ix_sync_change_tbl", "sync_change", ["tbl", "pk"])
    op.create_table(
        "sync_replica",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("inspector_id", sa.Uuid(), nullable=False),
        sa.Column("prefix", sa.String(8), nullable=False),
        sa.Column("max_seq", sa.BigInteger(), nullable=False),
        sa.Column("chain", sa.String(64), nullable=False),
        sa.Column("acked_office_seq", sa.BigInteger(), nullable=False),
        sa.Column("retired", sa.Integer(), nullable=False),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name="pk_sync_replica"),
        sa.UniqueConstraint("prefix", name="uq_sync_replica_prefix"),
    )
    op.create_table(
        "sync_import",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("replica_id", sa.Uuid(), nullable=False),
        sa.Column("seq_from", sa.BigInteger(), nullable=False),
        sa.Column("seq_to", sa.BigInteger(), nullable=False),
        sa.Column("prev_max_seq", sa.BigInteger(), nullable=False),
        sa.Column("prev_chain", sa.String(64), nullable=False),
        sa.Column("office_seq_before", sa.BigInteger(), nullable=False),
        sa.Column("office_seq_after", sa.BigInteger(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("undone", sa.Integer(), nullable=False),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name="pk_sync_import"),
    )
    op.create_index("ix_sync_import_replica_id", "sync_import", ["replica_id"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("replica_id", sa.Uuid(), nullable=False),
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("tbl", sa.String(64), nullable=False),
        sa.Column("pk", sa.String(36), nullable=False),
        sa.Column("fields", sa.String(400), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("office", sa.Text(), nullable=True),
        sa.Column("field", sa.Text(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decision", sa.String(10), nullable=True),
        sa.Column("decided_value", sa.Text(), nullable=True),
        *_bookkeeping(),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflict"),
    )
    op.create_index("ix_sync_conflict_replica_id", "sync_conflict", ["replica_id", "seq", "tbl", "pk", "fields"], unique=True)
    op.create_index("ix_sync_conflict_package_id", "sync_conflict", ["package_id"])
    op.create_index("ix_sync_conflict_status", "sync_conflict", ["status"])
    triggers.install(op.get_bind())


def downgrade() -> None:
    from pr_desk.data.sync import triggers

    triggers.drop(op.get_bind())
    for name in ("sync_conflict", "sync_import", "sync_replica", "sync_change", "sync_ctx"):
        op.drop_table(name)
