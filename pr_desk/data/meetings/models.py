"""Models of the meeting queue (ملاقات مردمی): citizens, officials, requests and their
attachments and queue moves, sessions and their entries, orders and follow-ups.

Search shadows (`*_search`) hold `search_key` forms and are matched by prefix; on
PostgreSQL their indexes use text_pattern_ops so LIKE 'x%' uses them whatever the
database collation. The queue index serves "first rows of an official's queue" at once."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    Uuid,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from pr_desk.data.base import Record
from pr_desk.data.queries.sorting import alphabetical
from pr_desk.data.types import UTCDateTime

_PATTERN = "text_pattern_ops"


class Citizen(Record):
    __tablename__ = "citizen"

    national_code: Mapped[str] = mapped_column(String(10), nullable=False)
    first_name: Mapped[str] = mapped_column(String(100), nullable=False)
    last_name: Mapped[str] = mapped_column(String(100), nullable=False)
    name_search: Mapped[str] = mapped_column(String(200), nullable=False)
    last_name_search: Mapped[str] = mapped_column(String(100), nullable=False)
    mobile: Mapped[str | None] = mapped_column(String(11))
    district: Mapped[int] = mapped_column(Integer, nullable=False)
    priority_group: Mapped[str] = mapped_column(String(20), nullable=False, default="none")
    priority_note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_citizen_national_code", "national_code", unique=True, postgresql_ops={"national_code": _PATTERN}),
        Index("ix_citizen_name_search", "name_search", postgresql_ops={"name_search": _PATTERN}),
        Index("ix_citizen_last_name_search", "last_name_search", postgresql_ops={"last_name_search": _PATTERN}),
        Index("ix_citizen_mobile", "mobile", postgresql_ops={"mobile": _PATTERN}),
        # the requests list sorted by a citizen's column (0012): on PostgreSQL the indexes
        # above are for prefixes (text_pattern_ops) and cannot give the list's order
        Index("ix_citizen_name_search_order", "name_search").ddl_if(dialect="postgresql"),
        Index("ix_citizen_national_code_order", "national_code").ddl_if(dialect="postgresql"),
        Index("ix_citizen_mobile_order", "mobile").ddl_if(dialect="postgresql"),
        CheckConstraint("district BETWEEN 1 AND 22", name="district_range"),
    )


class Official(Record):
    """An official citizens ask to meet (mayor, deputies, district mayors)."""

    __tablename__ = "official"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    name_search: Mapped[str] = mapped_column(String(400), nullable=False)
    district: Mapped[int | None] = mapped_column(Integer)
    # JSON list of {"weekday": 0..6, "start": "09:00", "end": "11:00", "place": "..."}
    regular_slots: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    # the requests list sorted by official: officials walked by name (0012)
    __table_args__ = (Index("ix_official_name", "name"),)


# The requests list sorted by a citizen's or an official's name, in Persian alphabetical
# order (0013): the index holds the expression the list orders by.
Index("ix_citizen_name_sort", alphabetical(Citizen.name_search))
Index("ix_official_name_sort", alphabetical(Official.name))


class MeetingRequest(Record):
    __tablename__ = "meeting_request"

    tracking_code: Mapped[str] = mapped_column(String(20), nullable=False)
    citizen_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("citizen.id"), nullable=False)
    official_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("official.id"), nullable=False)
    subject_category: Mapped[str] = mapped_column(String(30), nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    description_search: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    district: Mapped[int] = mapped_column(Integer, nullable=False)  # the citizen's, when registered
    priority_group: Mapped[str] = mapped_column(String(20), nullable=False, default="none")
    priority_note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    queue_rank: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    queue_key: Mapped[int] = mapped_column(BigInteger, nullable=False)
    queue_moved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    registered_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    no_show_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    wait_days: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(Text, nullable=False, default="")
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    reopen_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_meeting_request_tracking_code", "tracking_code", unique=True, postgresql_ops={"tracking_code": _PATTERN}),
        Index("ix_meeting_request_queue", "official_id", "status", "queue_rank", "queue_key"),
        Index("ix_meeting_request_citizen_id", "citizen_id", "registered_at"),
        Index("ix_meeting_request_registered_at", "registered_at"),
        Index("ix_meeting_request_status", "status", "registered_at"),
        # the dashboard's waiting tile: counted per official from the index alone (0011)
        Index("ix_meeting_request_waiting", "status", "deleted_at", "official_id", "registered_on"),
        Index("ix_meeting_request_registered_on", "registered_on", "district"),
        # the requests list sorted by district or official, paged after a row (0012)
        Index("ix_meeting_request_district_order", "district", "id"),
        Index("ix_meeting_request_official_order", "official_id", "id"),
        # PostgreSQL's tracking-code index above is for prefixes (text_pattern_ops) and
        # cannot give the list's order; SQLite's gives both
        Index("ix_meeting_request_tracking_code_order", "tracking_code").ddl_if(dialect="postgresql"),
        CheckConstraint("satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
        CheckConstraint("district BETWEEN 1 AND 22", name="district_range"),
    )


class RequestAttachment(Record):
    """A scanned letter attached to a request; the bytes live in the database (size-limited)."""

    __tablename__ = "request_attachment"

    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("meeting_request.id"), nullable=False, index=True)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    mime_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class QueueMove(Record):
    """One change of a request's place in the queue, with who (created_by) and why."""

    __tablename__ = "queue_move"

    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("meeting_request.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    from_position: Mapped[int | None] = mapped_column(Integer)
    to_position: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, nullable=False)


class MeetingSession(Record):
    __tablename__ = "meeting_session"

    official_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("official.id"), nullable=False)
    session_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    start_time: Mapped[dt.time] = mapped_column(Time, nullable=False)
    end_time: Mapped[dt.time] = mapped_column(Time, nullable=False)
    place: Mapped[str] = mapped_column(String(200), nullable=False)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_meeting_session_official_id", "official_id", "session_date"),
        Index("ix_meeting_session_session_date", "session_date"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )


class SessionEntry(Record):
    """A request's place on a session's agenda, and what happened on the day."""

    __tablename__ = "session_entry"

    session_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("meeting_session.id"), nullable=False)
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("meeting_request.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (Index("ix_session_entry_session_id", "session_id", "position"),)


class MeetingOrder(Record):
    """An order (دستور) the official gave in a meeting, referred to a unit with a deadline."""

    __tablename__ = "meeting_order"

    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("meeting_request.id"), nullable=False, index=True)
    session_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("meeting_session.id"), index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("unit.id"), nullable=False)
    given_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    rejected_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        Index("ix_meeting_order_status", "status", "due_date"),
        Index("ix_meeting_order_unit_id", "unit_id", "status", "due_date"),
    )


class OrderFollowUp(Record):
    """A follow-up note (پیگیری) on an order."""

    __tablename__ = "order_follow_up"

    order_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("meeting_order.id"), nullable=False, index=True)
    noted_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)
