"""Meeting queue: citizens, officials, requests, attachments, queue moves, sessions,
session entries, orders and follow-ups.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pr_desk.data.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_PATTERN = "text_pattern_ops"


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
        "citizen",
        *_record_columns(),
        sa.Column("national_code", sa.String(10), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("name_search", sa.String(200), nullable=False),
        sa.Column("last_name_search", sa.String(100), nullable=False),
        sa.Column("mobile", sa.String(11), nullable=True),
        sa.Column("district", sa.Integer(), nullable=False),
        sa.Column("priority_group", sa.String(20), nullable=False),
        sa.Column("priority_note", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_citizen"),
        sa.CheckConstraint("district BETWEEN 1 AND 22", name="ck_citizen_district_range"),
    )
    op.create_index("ix_citizen_national_code", "citizen", ["national_code"], unique=True, postgresql_ops={"national_code": _PATTERN})
    op.create_index("ix_citizen_name_search", "citizen", ["name_search"], postgresql_ops={"name_search": _PATTERN})
    op.create_index("ix_citizen_last_name_search", "citizen", ["last_name_search"], postgresql_ops={"last_name_search": _PATTERN})
    op.create_index("ix_citizen_mobile", "citizen", ["mobile"], postgresql_ops={"mobile": _PATTERN})

    op.create_table(
        "official",
        *_record_columns(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("name_search", sa.String(400), nullable=False),
        sa.Column("district", sa.Integer(), nullable=True),
        sa.Column("regular_slots", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_official"),
    )

    op.create_table(
        "meeting_request",
        *_record_columns(),
        sa.Column("tracking_code", sa.String(20), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("official_id", sa.Uuid(), nullable=False),
        sa.Column("subject_category", sa.String(30), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_search", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("district", sa.Integer(), nullable=False),
        sa.Column("priority_group", sa.String(20), nullable=False),
        sa.Column("priority_note", sa.String(200), nullable=False),
        sa.Column("queue_rank", sa.Integer(), nullable=False),
        sa.Column("queue_key", sa.BigInteger(), nullable=False),
        sa.Column("queue_moved", sa.Boolean(), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("no_show_count", sa.Integer(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("wait_days", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_request"),
        _fk("meeting_request", "citizen_id", "citizen"),
        _fk("meeting_request", "official_id", "official"),
        sa.CheckConstraint("satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="ck_meeting_request_satisfaction_range"),
        sa.CheckConstraint("district BETWEEN 1 AND 22", name="ck_meeting_request_district_range"),
    )
    op.create_index("ix_meeting_request_tracking_code", "meeting_request", ["tracking_code"], unique=True, postgresql_ops={"tracking_code": _PATTERN})
    op.create_index("ix_meeting_request_queue", "meeting_request", ["official_id", "status", "queue_rank", "queue_key"])
    op.create_index("ix_meeting_request_citizen_id", "meeting_request", ["citizen_id", "registered_at"])
    op.create_index("ix_meeting_request_registered_at", "meeting_request", ["registered_at"])
    op.create_index("ix_meeting_request_status", "meeting_request", ["status", "registered_at"])
    op.create_index("ix_meeting_request_registered_on", "meeting_request", ["registered_on", "district"])

    op.create_table(
        "request_attachment",
        *_record_columns(),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("mime_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_request_attachment"),
        _fk("request_attachment", "request_id", "meeting_request"),
    )
    op.create_index("ix_request_attachment_request_id", "request_attachment", ["request_id"])

    op.create_table(
        "queue_move",
        *_record_columns(),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("from_position", sa.Integer(), nullable=True),
        sa.Column("to_position", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_queue_move"),
        _fk("queue_move", "request_id", "meeting_request"),
    )
    op.create_index("ix_queue_move_request_id", "queue_move", ["request_id"])

    op.create_table(
        "meeting_session",
        *_record_columns(),
        sa.Column("official_id", sa.Uuid(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_session"),
        _fk("meeting_session", "official_id", "official"),
        sa.CheckConstraint("capacity > 0", name="ck_meeting_session_capacity_positive"),
    )
    op.create_index("ix_meeting_session_official_id", "meeting_session", ["official_id", "session_date"])
    op.create_index("ix_meeting_session_session_date", "meeting_session", ["session_date"])

    op.create_table(
        "session_entry",
        *_record_columns(),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", UTCDateTime(), nullable=True),
        sa.Column("called_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_session_entry"),
        _fk("session_entry", "session_id", "meeting_session"),
        _fk("session_entry", "request_id", "meeting_request"),
    )
    op.create_index("ix_session_entry_session_id", "session_entry", ["session_id", "position"])
    op.create_index("ix_session_entry_request_id", "session_entry", ["request_id"])

    op.create_table(
        "meeting_order",
        *_record_columns(),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rejected_reason", sa.Text(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_order"),
        _fk("meeting_order", "request_id", "meeting_request"),
        _fk("meeting_order", "session_id", "meeting_session"),
        _fk("meeting_order", "unit_id", "unit"),
    )
    op.create_index("ix_meeting_order_request_id", "meeting_order", ["request_id"])
    op.create_index("ix_meeting_order_session_id", "meeting_order", ["session_id"])
    op.create_index("ix_meeting_order_status", "meeting_order", ["status", "due_date"])
    op.create_index("ix_meeting_order_unit_id", "meeting_order", ["unit_id", "status", "due_date"])

    op.create_table(
        "order_follow_up",
        *_record_columns(),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_order_follow_up"),
        _fk("order_follow_up", "order_id", "meeting_order"),
    )
    op.create_index("ix_order_follow_up_order_id", "order_follow_up", ["order_id"])


def downgrade() -> None:
    for table in ("order_follow_up", "meeting_order", "session_entry", "meeting_session", "queue_move",
                  "request_attachment", "meeting_request", "official", "citizen"):
        op.drop_table(table)
