"""The shared tables: this database's identity, users, units, office settings and the audit
trail. Each workspace keeps its own in data/<workspace>/models.py; data/tables.py has them all."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from pr_desk.data.base import Base, Record
from pr_desk.data.ids import new_id
from pr_desk.data.types import UTCDateTime


class Meta(Base):
    """Identity of this database: application id, replica id, audit chain head.

    Not a business record, so it has no version or tombstone: it never syncs.
    """

    __tablename__ = "pr_desk_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class User(Record):
    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Unit(Record):
    __tablename__ = "unit"

    code: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_search: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    district: Mapped[int | None] = mapped_column(Integer)
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Setting(Record):
    """Office-wide settings that belong to the office's data (working week, holidays...)."""

    __tablename__ = "office_setting"

    key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class AuditRecord(Base):
    """One entry of the hash-chained audit trail. Append-only: never updated or deleted,
    so it carries no version or tombstone; `seq` orders the chain."""

    __tablename__ = "audit_record"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_name: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    record_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
