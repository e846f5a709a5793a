"""Models of event planning (جشنواره‌ها، مناسبت‌ها، همایش‌ها، افتتاحیه‌ها): event types and
their checklist templates, the register of venues, the office's own occasions (and its
corrections of the official calendar), the protocol ranks, and each event with its
officials, files, tasks, budget lines, guests and programme.

Dates are Jalali on screen and Gregorian `date` here; times of day are local (Tehran), as
the meeting sessions' are. Amounts are whole Rials (BigInteger). Search shadows
(`*_search`) hold `search_key` forms. Files are stored once by their hash in the office's
file store (`directive_file`, shared with the directive register)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from pr_desk.data.base import Record
from pr_desk.data.types import UTCDateTime


class EventType(Record):
    """جشنواره، جشن، مناسبت، همایش، افتتاحیه، بازدید: an editable list."""

    __tablename__ = "event_type"

    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class ChecklistItem(Record):
    """One line of an event type's checklist template: 'T−30 venue booked', owned by a user or a unit."""

    __tablename__ = "event_checklist_item"

    type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event_type.id"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    offset_days: Mapped[int] = mapped_column(Integer, nullable=False)  # from the event's first day; negative before
    owner_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"))
    owner_unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("unit.id"))
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Venue(Record):
    __tablename__ = "event_venue"

    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    name_search: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    address: Mapped[str] = mapped_column(Text, nullable=False, default="")
    capacity: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # seats (0: not known)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Occasion(Record):
    """An occasion of the office's own (روز روابط عمومی ...), one-off or every Jalali year on
    the same month and day, or a correction of an official occasion whose lunar date was an
    estimate (`corrects_on`: the estimated date it replaces; `on_date`: the announced one).
    The office's entries win over the official calendar."""

    __tablename__ = "event_occasion"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    on_date: Mapped[dt.date | None] = mapped_column(Date, index=True)  # a one-off date
    jalali_month: Mapped[int | None] = mapped_column(Integer)  # every year (with jalali_day)
    jalali_day: Mapped[int | None] = mapped_column(Integer)
    lasts_days: Mapped[int] = mapped_column(Integer, nullable=False, default=1)  # a week: 7
    holiday: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # an office day off
    corrects_on: Mapped[dt.date | None] = mapped_column(Date)  # the official estimated date it replaces
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ProtocolRank(Record):
    """The office's ordered list of protocol ranks (وزیر، استاندار، شهردار ...): lower sort_order sits first."""

    __tablename__ = "event_protocol_rank"

    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Event(Record):
    __tablename__ = "event"

    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # E1405-012
    jalali_year: Mapped[int] = mapped_column(Integer, nullable=False)
    type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event_type.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    title_search: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    organiser_unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("unit.id"))
    start_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    start_time: Mapped[dt.time | None] = mapped_column(Time)  # None: from the start of the day
    end_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_time: Mapped[dt.time | None] = mapped_column(Time)  # None: to the end of the day
    venue_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("event_venue.id"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="idea")
    status_on: Mapped[dt.date | None] = mapped_column(Date)  # when it reached its status
    cancel_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    clash_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")  # why it went ahead despite clashes
    lessons: Mapped[str] = mapped_column(Text, nullable=False, default="")  # lessons learned (after)
    expected_guests: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    seating_mode: Mapped[str] = mapped_column(String(10), nullable=False, default="rows")
    seating_groups: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # rows or tables (0: no plan)
    seats_per_group: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cloned_from_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("event.id"))

    __table_args__ = (
        Index("ix_event_start_on", "start_on", "end_on"),
        Index("ix_event_venue_id", "venue_id", "start_on"),
        Index("ix_event_title_search", "title_search"),
    )


class EventOfficial(Record):
    """An official (of the meeting queue's register) taking part in an event."""

    __tablename__ = "event_official"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event.id"), nullable=False)
    official_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("official.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(120), nullable=False, default="")  # e.g. speaker, host

    __table_args__ = (UniqueConstraint("event_id", "official_id", name="uq_event_official_event_id"),)


class EventAttachment(Record):
    __tablename__ = "event_attachment"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event.id"), nullable=False, index=True)
    file_sha256: Mapped[str] = mapped_column(String(64), ForeignKey("directive_file.sha256"), nullable=False)
    file_name: Mapped[str] = mapped_column(String(160), nullable=False)
    mime: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)


class EventTask(Record):
    """A checklist task of one event, with its real date (from the template, or added by hand)."""

    __tablename__ = "event_task"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    offset_days: Mapped[int | None] = mapped_column(Integer)  # T±n it came from (None: added by hand)
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    owner_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("app_user.id"))
    owner_unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("unit.id"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = (
        Index("ix_event_task_event_id", "event_id", "due_on"),
        Index("ix_event_task_status", "status", "due_on"),
    )


class BudgetLine(Record):
    """A line of an event's budget, in whole Rials: planned, committed, paid."""

    __tablename__ = "event_budget_line"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event.id"), nullable=False, index=True)
    category: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    planned: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    committed: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Guest(Record):
    __tablename__ = "event_guest"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event.id"), nullable=False)
    honorific: Mapped[str] = mapped_column(String(20), nullable=False, default="none")
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_search: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # name, title, organisation
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # post: معاون شهردار
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    mobile: Mapped[str | None] = mapped_column(String(11))
    rank_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("event_protocol_rank.id"))
    invitation: Mapped[str] = mapped_column(String(20), nullable=False, default="to_invite")
    invited_on: Mapped[dt.date | None] = mapped_column(Date)
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    seat: Mapped[str | None] = mapped_column(String(12))  # R3-12 / T4-6
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    walk_in: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        UniqueConstraint("event_id", "seat", name="uq_event_guest_event_id"),  # a seat holds one guest
        Index("ix_event_guest_event_id", "event_id", "name_search"),
        Index("ix_event_guest_name_search", "name_search"),
    )


class ProgrammeItem(Record):
    """A line of the running order: a time, what happens, who speaks."""

    __tablename__ = "event_programme_item"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("event.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    starts_at: Mapped[dt.time | None] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    speaker: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    guest_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("event_guest.id"))
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
