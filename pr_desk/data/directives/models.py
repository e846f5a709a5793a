"""Models of the directive register (دستورالعمل‌ها و آئین‌نامه‌ها): kinds, directives and
their versions, links between directives, attached files (stored once by their hash),
and the distribution to units with each unit's acknowledgements, implementation and the
verdict on its evidence.

Search shadows (`*_search`) hold `search_key` forms; file contents are deferred columns of
their own table, never loaded when a list is shown."""

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
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from pr_desk.data.base import Record
from pr_desk.data.types import UTCDateTime

_PATTERN = "text_pattern_ops"


class DirectiveKind(Record):
    """دستورالعمل، آئین‌نامه اجرایی، بخشنامه ...: an editable list; the prefix starts the number."""

    __tablename__ = "directive_kind"

    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    prefix: Mapped[str] = mapped_column(String(8), nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Directive(Record):
    __tablename__ = "directive"

    number: Mapped[str | None] = mapped_column(String(40), unique=True)  # given when first issued
    number_search: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    kind_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive_kind.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    title_search: Mapped[str] = mapped_column(String(300), nullable=False)
    tags: Mapped[str] = mapped_column(Text, nullable=False, default="")  # one per line
    issuer: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    issued_year: Mapped[int | None] = mapped_column(Integer)  # Jalali year of the first issue
    current_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # the version in force (0: none)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)  # repealed or superseded on
    ended_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("directive.id"))

    __table_args__ = (
        Index("ix_directive_number_search", "number_search", postgresql_ops={"number_search": _PATTERN}),
        Index("ix_directive_title_search", "title_search", postgresql_ops={"title_search": _PATTERN}),
        Index("ix_directive_status_year", "status", "issued_year"),
    )


class DirectiveVersion(Record):
    """One text of a directive: version 1 is the first; an amendment is the next. Issued
    versions are never edited."""

    __tablename__ = "directive_version"

    directive_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body_search: Mapped[str] = deferred(mapped_column(Text, nullable=False, default=""))
    change_note: Mapped[str] = mapped_column(Text, nullable=False, default="")  # what changed and why
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    effective_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    issued_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    returned_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    return_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (UniqueConstraint("directive_id", "number", name="uq_directive_version_number"),)


class DirectiveLink(Record):
    """`source` supersedes, amends or repeals `target` (shown both ways)."""

    __tablename__ = "directive_link"

    source_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive.id"), nullable=False, index=True)
    target_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive.id"), nullable=False, index=True)
    relation: Mapped[str] = mapped_column(String(20), nullable=False)
    linked_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class StoredFile(Record):
    """A file's bytes, stored once however often it is attached (keyed by SHA-256)."""

    __tablename__ = "directive_file"

    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    mime: Mapped[str] = mapped_column(String(100), nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))


class DirectiveAttachment(Record):
    __tablename__ = "directive_attachment"

    version_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive_version.id"), nullable=False, index=True)
    file_sha256: Mapped[str] = mapped_column(String(64), ForeignKey("directive_file.sha256"), nullable=False)
    file_name: Mapped[str] = mapped_column(String(160), nullable=False)
    mime: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)


class DirectiveRecipient(Record):
    """The directive at one unit: communicated, acknowledged (bound to a version),
    implemented with evidence, and the verdict on that evidence."""

    __tablename__ = "directive_recipient"

    directive_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive.id"), nullable=False)
    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("unit.id"), nullable=False)
    communicated_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ack_due: Mapped[dt.date | None] = mapped_column(Date)
    impl_due: Mapped[dt.date | None] = mapped_column(Date)
    acknowledged_version: Mapped[int | None] = mapped_column(Integer)
    acknowledged_on: Mapped[dt.date | None] = mapped_column(Date)
    acknowledged_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    acknowledged_post: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    implemented_on: Mapped[dt.date | None] = mapped_column(Date)
    implementation_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    evidence_sha256: Mapped[str | None] = mapped_column(String(64), ForeignKey("directive_file.sha256"))
    evidence_name: Mapped[str] = mapped_column(String(160), nullable=False, default="")
    verdict: Mapped[str | None] = mapped_column(String(20))
    verdict_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    verdict_on: Mapped[dt.date | None] = mapped_column(Date)
    verdict_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    __table_args__ = (
        UniqueConstraint("directive_id", "unit_id", name="uq_directive_recipient_unit"),
        Index("ix_directive_recipient_unit", "unit_id", "directive_id"),
        Index("ix_directive_recipient_ack_due", "ack_due"),
    )


class Acknowledgement(Record):
    """Every acknowledgement a unit gave, each bound to the version it acknowledged: an
    acknowledgement of an older version stays visible as such."""

    __tablename__ = "directive_acknowledgement"

    recipient_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("directive_recipient.id"), nullable=False, index=True)
    text_version: Mapped[int] = mapped_column(Integer, nullable=False)  # the directive's version acknowledged
    acknowledged_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False)
    by_post: Mapped[str] = mapped_column(String(120), nullable=False, default="")
