"""Calibration of the evaluation (issue 18, item 17): a second inspector may score the same
unit in a period. The second inspector's assignment and form are marked `calibration`
(one of each per unit and period beside the main ones: the assignments' unique index now
includes the mark), and the calibration assignment keeps the supervisor's decision on
which form counts (counted, decided_by, decided_at, decision_reason).

Both tables travel to field copies: the sync schema fingerprint changes and
SYNC_COMPATIBLE_FROM moves here (a return file of a field copy made before this step is
refused: update the laptop, its work is kept there); the SQLite capture triggers are made
again so they carry the new columns. Columns are added in place (no batch copy of the
tables), so the search index's triggers on them stay.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pr_desk.data.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pr_desk.data.sync import triggers

    op.add_column("evaluation_assignment", sa.Column("calibration", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("evaluation_assignment", sa.Column("counted", sa.String(length=20), nullable=True))
    op.add_column("evaluation_assignment", sa.Column("decided_by", sa.Uuid(), nullable=True))
    op.add_column("evaluation_assignment", sa.Column("decided_at", UTCDateTime(), nullable=True))
    op.add_column("evaluation_assignment", sa.Column("decision_reason", sa.Text(), nullable=False, server_default=""))
    op.add_column("evaluation_form", sa.Column("calibration", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.drop_index("ix_evaluation_assignment_period_id", table_name="evaluation_assignment")
    op.create_index("ix_evaluation_assignment_period_id", "evaluation_assignment", ["period_id", "unit_id", "calibration"],
                    unique=True)
    triggers.install(op.get_bind())


def downgrade() -> None:
    from pr_desk.data.sync import triggers

    conn = op.get_bind()
    # the calibration rows go first: the old unique index allows one assignment per unit and period
    conn.execute(sa.text("DELETE FROM evaluation_assignment WHERE calibration = :yes"), {"yes": True})
    op.drop_index("ix_evaluation_assignment_period_id", table_name="evaluation_assignment")
    op.create_index("ix_evaluation_assignment_period_id", "evaluation_assignment", ["period_id", "unit_id"], unique=True)
    triggers.drop(conn)
    # dropped in place (SQLite 3.35+ and PostgreSQL): a batch copy would drop the search
    # index's triggers of these tables and trip over the forms' own foreign keys
    conn.execute(sa.text("ALTER TABLE evaluation_form DROP COLUMN calibration"))
    for column in ("decision_reason", "decided_at", "decided_by", "counted", "calibration"):
        conn.execute(sa.text(f"ALTER TABLE evaluation_assignment DROP COLUMN {column}"))
    triggers.install(conn)
