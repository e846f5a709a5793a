"""Bookkeeping tables of the field sync. They are not business records: never synced,
never audited row by row. They still carry the Record columns every table of the
metadata has (tests/data checks the convention); `id` is the natural key here."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from pr_desk.data.base import Base
from pr_desk.data.types import UTCDateTime, utcnow


class _Bookkeeping(Base):
    __abstract__ = True

    created_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SyncContext(_Bookkeeping):
    """One row (id 1) the capture triggers read: `applying` = 1 while a return package is
    applied on a field copy (office values are not local edits); `origin` names the
    replica whose upload the office is merging. Set inside a transaction and reset before
    it commits, so a crash rolls it back. A missing row means "capture"."""

    __tablename__ = "sync_ctx"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    applying: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    origin: Mapped[str | None] = mapped_column(String(36))


class SyncChange(_Bookkeeping):
    """The change log, written only by the generated triggers: one row per insert, update
    or delete of a synced row, with the whole old and new row as JSON (dialect's own
    encoding; data/sync/codec.py reads both). `id` is this database's change sequence."""

    __tablename__ = "sync_change"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    tbl: Mapped[str] = mapped_column(String(64), nullable=False)
    pk: Mapped[str] = mapped_column(String(36), nullable=False)
    op: Mapped[str] = mapped_column(String(1), nullable=False)
    old_row: Mapped[str | None] = mapped_column(Text)
    new_row: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (Index("ix_sync_change_tbl", "tbl", "pk"),)


class SyncReplica(_Bookkeeping):
    """A field copy known to the office (id = its replica id)."""

    __tablename__ = "sync_replica"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    inspector_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    prefix: Mapped[str] = mapped_column(String(8), nullable=False, unique=True)
    max_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    chain: Mapped[str] = mapped_column(String(64), nullable=False)
    acked_office_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    retired: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SyncImport(_Bookkeeping):
    """One imported package (id = package id): the idempotency log, and what undo needs."""

    __tablename__ = "sync_import"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    replica_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    seq_from: Mapped[int] = mapped_column(BigInteger, nullable=False)
    seq_to: Mapped[int] = mapped_column(BigInteger, nullable=False)
    prev_max_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    prev_chain: Mapped[str] = mapped_column(String(64), nullable=False)
    office_seq_before: Mapped[int] = mapped_column(BigInteger, nullable=False)
    office_seq_after: Mapped[int] = mapped_column(BigInteger, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    undone: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SyncConflict(_Bookkeeping):
    """A field (or field group, or whole row) changed differently at the office and in the
    field. The office value stands until a person decides; nothing here is ever removed."""

    __tablename__ = "sync_conflict"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    replica_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    package_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    tbl: Mapped[str] = mapped_column(String(64), nullable=False)
    pk: Mapped[str] = mapped_column(String(36), nullable=False)
    fields: Mapped[str] = mapped_column(String(400), nullable=False)  # comma-separated, or "*" (whole row)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    base: Mapped[str | None] = mapped_column(Text)  # canonical JSON of the fields
    office: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")  # open | decided
    decision: Mapped[str | None] = mapped_column(String(10))  # office | field | value
    decided_value: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_sync_conflict_replica_id", "replica_id", "seq", "tbl", "pk", "fields", unique=True),
        Index("ix_sync_conflict_status", "status"),
    )
