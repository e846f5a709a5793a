"""Unit evaluation: templates (versioned), axes, indicators, periods, assignments, forms
(with revisions), scores, evidence attachments and field visits.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pr_desk.data.types import UTCDateTime

revision = "0003"
down_revision = "0002"
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


def _score() -> sa.Numeric:  # type: ignore[type-arg]
    return sa.Numeric(7, 2)


def upgrade() -> None:
    op.create_table(
        "evaluation_template",
        *_record_columns(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_template"),
        _fk("evaluation_template", "supersedes_id", "evaluation_template"),
    )
    op.create_index("ix_evaluation_template_family_id", "evaluation_template", ["family_id", "template_version"])

    op.create_table(
        "evaluation_axis",
        *_record_columns(),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_axis"),
        _fk("evaluation_axis", "template_id", "evaluation_template"),
    )
    op.create_index("ix_evaluation_axis_template_id", "evaluation_axis", ["template_id"])

    op.create_table(
        "evaluation_indicator",
        *_record_columns(),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("axis_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("guide", sa.Text(), nullable=False),
        sa.Column("weight", _score(), nullable=False),
        sa.Column("max_score", _score(), nullable=False),
        sa.Column("evidence_required", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_indicator"),
        _fk("evaluation_indicator", "template_id", "evaluation_template"),
        _fk("evaluation_indicator", "axis_id", "evaluation_axis"),
        sa.CheckConstraint("weight > 0", name="ck_evaluation_indicator_weight_positive"),
        sa.CheckConstraint("max_score > 0", name="ck_evaluation_indicator_max_score_positive"),
    )
    op.create_index("ix_evaluation_indicator_template_id", "evaluation_indicator", ["template_id"])
    op.create_index("ix_evaluation_indicator_axis_id", "evaluation_indicator", ["axis_id"])

    op.create_table(
        "evaluation_period",
        *_record_columns(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("jalali_year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_period"),
        _fk("evaluation_period", "template_id", "evaluation_template"),
    )
    op.create_index("ix_evaluation_period_template_id", "evaluation_period", ["template_id"])
    op.create_index("ix_evaluation_period_kind", "evaluation_period", ["kind", "jalali_year", "number"], unique=True)
    op.create_index("ix_evaluation_period_starts_on", "evaluation_period", ["starts_on"])

    op.create_table(
        "evaluation_assignment",
        *_record_columns(),
        sa.Column("period_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("inspector_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_assignment"),
        _fk("evaluation_assignment", "period_id", "evaluation_period"),
        _fk("evaluation_assignment", "unit_id", "unit"),
        _fk("evaluation_assignment", "inspector_id", "app_user"),
    )
    op.create_index("ix_evaluation_assignment_period_id", "evaluation_assignment", ["period_id", "unit_id"], unique=True)
    op.create_index("ix_evaluation_assignment_unit_id", "evaluation_assignment", ["unit_id"])
    op.create_index("ix_evaluation_assignment_inspector_id", "evaluation_assignment", ["inspector_id"])

    op.create_table(
        "evaluation_form",
        *_record_columns(),
        sa.Column("number", sa.String(30), nullable=False),
        sa.Column("period_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("inspector_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("revision_of_id", sa.Uuid(), nullable=True),
        sa.Column("revision_reason", sa.Text(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("self_total", _score(), nullable=True),
        sa.Column("total", _score(), nullable=True),
        sa.Column("grade", sa.String(20), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("submitted_by", sa.Uuid(), nullable=True),
        sa.Column("approved_at", UTCDateTime(), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("returned_at", UTCDateTime(), nullable=True),
        sa.Column("returned_by", sa.Uuid(), nullable=True),
        sa.Column("return_comments", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_form"),
        sa.UniqueConstraint("number", name="uq_evaluation_form_number"),
        _fk("evaluation_form", "period_id", "evaluation_period"),
        _fk("evaluation_form", "unit_id", "unit"),
        _fk("evaluation_form", "template_id", "evaluation_template"),
        _fk("evaluation_form", "inspector_id", "app_user"),
        _fk("evaluation_form", "revision_of_id", "evaluation_form"),
        sa.CheckConstraint("revision >= 1", name="ck_evaluation_form_revision_positive"),
    )
    op.create_index("ix_evaluation_form_unit_id", "evaluation_form", ["unit_id"])
    op.create_index("ix_evaluation_form_template_id", "evaluation_form", ["template_id"])
    op.create_index("ix_evaluation_form_period_id", "evaluation_form", ["period_id", "unit_id", "is_current"])
    op.create_index("ix_evaluation_form_status", "evaluation_form", ["status", "period_id"])

    op.create_table(
        "evaluation_score",
        *_record_columns(),
        sa.Column("form_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("self_score", _score(), nullable=True),
        sa.Column("inspector_score", _score(), nullable=True),
        sa.Column("evidence_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_score"),
        _fk("evaluation_score", "form_id", "evaluation_form"),
        _fk("evaluation_score", "indicator_id", "evaluation_indicator"),
        sa.CheckConstraint("self_score IS NULL OR self_score >= 0", name="ck_evaluation_score_self_score_range"),
        sa.CheckConstraint("inspector_score IS NULL OR inspector_score >= 0", name="ck_evaluation_score_inspector_score_range"),
    )
    op.create_index("ix_evaluation_score_form_id", "evaluation_score", ["form_id", "indicator_id"], unique=True)
    op.create_index("ix_evaluation_score_indicator_id", "evaluation_score", ["indicator_id"])

    op.create_table(
        "evaluation_attachment",
        *_record_columns(),
        sa.Column("form_id", sa.Uuid(), nullable=False),
        sa.Column("indicator_id", sa.Uuid(), nullable=True),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("mime_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_attachment"),
        _fk("evaluation_attachment", "form_id", "evaluation_form"),
        _fk("evaluation_attachment", "indicator_id", "evaluation_indicator"),
    )
    op.create_index("ix_evaluation_attachment_form_id", "evaluation_attachment", ["form_id"])

    op.create_table(
        "evaluation_field_visit",
        *_record_columns(),
        sa.Column("form_id", sa.Uuid(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("people_met", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_field_visit"),
        _fk("evaluation_field_visit", "form_id", "evaluation_form"),
    )
    op.create_index("ix_evaluation_field_visit_form_id", "evaluation_field_visit", ["form_id"])


def downgrade() -> None:
    for table in ("evaluation_field_visit", "evaluation_attachment", "evaluation_score", "evaluation_form",
                  "evaluation_assignment", "evaluation_period", "evaluation_indicator", "evaluation_axis",
                  "evaluation_template"):
        op.drop_table(table)
