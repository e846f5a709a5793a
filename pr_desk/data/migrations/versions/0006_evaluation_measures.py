"""Objective measures of the evaluation: an indicator bound to a figure computed from the
directive register or the meeting orders, and the inspector's decision on each suggested
score. Office only (not synced): the evaluation tables that travel keep their shape, so the
sync schema fingerprint is unchanged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pr_desk.data.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
    ]


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{referred}.id"], name=f"fk_{table}_{column}_{referred}")


def upgrade() -> None:
    op.create_table(
        "evaluation_measure",
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_measure"),
        _fk("evaluation_measure", "indicator_id", "evaluation_indicator"),
        sa.UniqueConstraint("indicator_id", name="uq_evaluation_measure_indicator_id"),
    )
    op.create_table(
        "evaluation_measure_decision",
        sa.Column("form_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("out_of", sa.Integer(), nullable=False),
        sa.Column("figure", sa.Numeric(7, 2), nullable=False),
        sa.Column("suggested_score", sa.Numeric(7, 2), nullable=False),
        sa.Column("decided_score", sa.Numeric(7, 2), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_measure_decision"),
        _fk("evaluation_measure_decision", "form_id", "evaluation_form"),
        sa.ForeignKeyConstraint(["indicator_id"], ["evaluation_indicator.id"], name="fk_evaluation_measure_decision_indicator"),
        _fk("evaluation_measure_decision", "decided_by", "app_user"),
        sa.CheckConstraint("counted >= 0 AND counted <= out_of", name="ck_evaluation_measure_decision_counted_range"),
    )
    op.create_index("ix_evaluation_measure_decision_form_id", "evaluation_measure_decision", ["form_id", "indicator_id"], unique=True)
    op.create_index("ix_evaluation_measure_decision_indicator_id", "evaluation_measure_decision", ["indicator_id"])


def downgrade() -> None:
    op.drop_table("evaluation_measure_decision")
    op.drop_table("evaluation_measure")
