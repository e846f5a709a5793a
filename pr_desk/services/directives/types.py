"""What the directive register's services hand out (frozen dataclasses), and the loaders
and converters they share."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pr_desk.data.directives import queries as q
from pr_desk.data.directives.models import (
    Directive,
    DirectiveAttachment,
    DirectiveKind,
    DirectiveRecipient,
    DirectiveVersion,
)
from pr_desk.data.models import Unit
from pr_desk.data.transactions import Session
from pr_desk.domain.directives import (
    DirectiveStatus,
    RecipientState,
    Relation,
    VersionStatus,
    recipient_reminder,
    recipient_state,
    search_words,
)
from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.followup import ReminderLevel
from pr_desk.domain.jalali import office_today
from pr_desk.domain.roles import Role
from pr_desk.domain.text import search_key
from pr_desk.i18n import N_
from pr_desk.services.context import Actor
from pr_desk.services.office_settings import OfficeSettings

today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


@dataclass(frozen=True)
class KindInfo:
    id: uuid.UUID
    code: str
    name: str
    prefix: str
    retired: bool
    version: int


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    file_name: str
    mime: str
    size: int
    sha256: str


@dataclass(frozen=True)
class VersionInfo:
    id: uuid.UUID
    number: int
    status: VersionStatus
    body: str
    change_note: str
    approved_on: dt.date | None
    issued_on: dt.date | None
    effective_on: dt.date | None
    expires_on: dt.date | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    issued_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_reason: str
    attachments: tuple[AttachmentInfo, ...]
    version: int  # the row's version: pass back as expected_version

    def in_force_on(self, day: dt.date) -> bool:
        start = self.effective_on or self.issued_on
        return (self.status is VersionStatus.ISSUED and start is not None and start <= day
                and (self.expires_on is None or day < self.expires_on))


@dataclass(frozen=True)
class DirectiveInfo:
    id: uuid.UUID
    number: str | None
    kind_id: uuid.UUID
    kind_name: str
    title: str
    tags: tuple[str, ...]
    issuer: str
    status: DirectiveStatus
    issued_year: int | None
    current_version: int  # the version in force (0: none issued)
    latest_version: int
    latest_status: VersionStatus
    approved_on: dt.date | None  # of the latest version
    issued_on: dt.date | None  # of the version in force
    effective_on: dt.date | None
    expires_on: dt.date | None
    ended_on: dt.date | None
    recipients: int
    acknowledged: int  # recipients that acknowledged the version in force
    version: int  # the directive row's version


@dataclass(frozen=True)
class LinkInfo:
    id: uuid.UUID
    relation: Relation
    outgoing: bool  # this directive supersedes/amends/repeals the other (else the other does it to this one)
    other_id: uuid.UUID
    other_number: str | None
    other_title: str
    linked_on: dt.date
    note: str


@dataclass(frozen=True)
class DirectiveDetail:
    info: DirectiveInfo
    versions: tuple[VersionInfo, ...]  # oldest first
    links: tuple[LinkInfo, ...]

    @property
    def latest(self) -> VersionInfo:
        return self.versions[-1]

    @property
    def in_force(self) -> VersionInfo | None:
        return next((v for v in self.versions if v.number == self.info.current_version), None)


@dataclass(frozen=True)
class RecipientInfo:
    id: uuid.UUID
    directive_id: uuid.UUID
    directive_number: str | None
    directive_title: str
    current_version: int
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    communicated_on: dt.date
    ack_due: dt.date | None
    impl_due: dt.date | None
    acknowledged_version: int | None
    acknowledged_on: dt.date | None
    acknowledged_by: str
    acknowledged_post: str
    implemented_on: dt.date | None
    implementation_note: str
    evidence_name: str
    has_evidence: bool
    verdict: str | None
    verdict_reason: str
    verdict_on: dt.date | None
    state: RecipientState
    version: int
    reminder: ReminderLevel = ReminderLevel.NONE  # the ladder of the deadline still open (see recipient_reminder)


@dataclass(frozen=True)
class AcknowledgementInfo:
    version: int
    acknowledged_on: dt.date
    by_name: str
    by_post: str
    current: bool  # of the version in force


def kind_info(k: DirectiveKind) -> KindInfo:
    return KindInfo(k.id, k.code, k.name, k.prefix, bool(k.retired), k.version)


def attachment_info(a: DirectiveAttachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.file_name, a.mime, a.size, a.file_sha256)


def version_info(v: DirectiveVersion, attachments: tuple[AttachmentInfo, ...] = ()) -> VersionInfo:
    return VersionInfo(v.id, v.number, VersionStatus(v.status), v.body, v.change_note, v.approved_on, v.issued_on,
                       v.effective_on, v.expires_on, v.submitted_at, v.approved_at, v.issued_at, v.returned_at,
                       v.return_reason, attachments, v.version)


def directive_infos(session: Session, rows: list[tuple[Directive, DirectiveKind]],
                    unit_ids: Collection[uuid.UUID] | None = None, *,
                    counts: dict[uuid.UUID, tuple[int, int]] | None = None) -> list[DirectiveInfo]:
    """Many list rows in two queries (their versions, their recipient counts).
    `unit_ids` (visible_units of an inspector): recipients and acknowledgements are
    counted among those units only, as the inspector can open them; None: all units.
    `counts`: (recipients, acknowledged the version in force) per directive when the
    caller has them already (the matrix reads every recipient of its page)."""
    ids = [d.id for d, _k in rows]
    latest: dict[uuid.UUID, Any] = {}  # each directive's newest live version
    every: dict[tuple[uuid.UUID, int], Any] = {}
    for v in q.version_summaries(session, ids):
        every[(v.directive_id, v.number)] = v
        if v.directive_id not in latest or v.number > latest[v.directive_id].number:
            latest[v.directive_id] = v
    if counts is None:
        counts = q.recipient_counts(session, ids, unit_ids)
    out = []
    for d, k in rows:
        last = latest.get(d.id)
        current = every.get((d.id, d.current_version))
        total, acked = counts.get(d.id, (0, 0))
        out.append(DirectiveInfo(
            id=d.id, number=d.number, kind_id=k.id, kind_name=k.name, title=d.title,
            tags=tuple(t for t in d.tags.split("\n") if t), issuer=d.issuer, status=DirectiveStatus(d.status),
            issued_year=d.issued_year, current_version=d.current_version,
            latest_version=last.number if last else 0,
            latest_status=VersionStatus(last.status) if last else VersionStatus.DRAFT,
            approved_on=last.approved_on if last else None,
            issued_on=current.issued_on if current else None,
            effective_on=current.effective_on if current else None,
            expires_on=current.expires_on if current else None,
            ended_on=d.ended_on, recipients=total, acknowledged=acked, version=d.version,
        ))
    return out


def recipient_info(r: DirectiveRecipient, d: Directive, unit: Unit, *, settings: OfficeSettings,
                   on: dt.date | None = None) -> RecipientInfo:
    """`settings`: the office's working calendar and reminder thresholds (load_settings)."""
    day = on or today()
    state = recipient_state(current_version=d.current_version, acknowledged_version=r.acknowledged_version,
                            ack_due=r.ack_due, implemented_on=r.implemented_on, impl_due=r.impl_due,
                            verdict=r.verdict, today=day)
    reminder = recipient_reminder(state, r.ack_due, r.impl_due, day, settings.calendar, due_soon_days=settings.due_soon_days,
                                  escalate_after_days=settings.escalate_after_days)
    return RecipientInfo(
        id=r.id, directive_id=d.id, directive_number=d.number, directive_title=d.title, current_version=d.current_version,
        unit_id=unit.id, unit_code=unit.code, unit_name=unit.name, communicated_on=r.communicated_on,
        ack_due=r.ack_due, impl_due=r.impl_due, acknowledged_version=r.acknowledged_version,
        acknowledged_on=r.acknowledged_on, acknowledged_by=r.acknowledged_by, acknowledged_post=r.acknowledged_post,
        implemented_on=r.implemented_on, implementation_note=r.implementation_note, evidence_name=r.evidence_name,
        has_evidence=r.evidence_sha256 is not None, verdict=r.verdict, verdict_reason=r.verdict_reason,
        verdict_on=r.verdict_on, state=state, version=r.version, reminder=reminder,
    )


def load_directive(session: Session, directive_id: uuid.UUID, *, for_update: bool = False) -> Directive:
    d = q.directive_for_update(session, directive_id) if for_update else q.directive(session, directive_id)
    if d is None:
        raise UserError(N_("This directive no longer exists."))
    return d


def load_kind(session: Session, kind_id: uuid.UUID) -> DirectiveKind:
    k = q.kind(session, kind_id)
    if k is None:
        raise UserError(N_("Choose the kind of the directive."), field="kind")
    return k


@dataclass(frozen=True)
class PreparedSearch:
    """The register's search with the stored tag texts it matches already read (register's
    `prepare_search`): the list and the count of one reload take it instead of the text, so
    those texts are read once for both, not once each. The same rows as the text itself."""

    text: str
    filters: Mapping[str, Any]  # search_filters' answer


def search_filters(session: Session, search: str, *, words: bool = True) -> dict[str, Any]:
    """A list's search as the queries take it: the query's search key, its words' keys (when
    each word may be found anywhere) and, for each key, the stored tag texts with a tag whose
    search key holds it (tags are kept only as typed: آموزش is found by اموزش, شبکه‌های by شبکه های)."""
    key = search_key(search)
    word_keys = search_words(search) if words else ()
    stored = q.tag_texts(session) if key else set()
    tag_keys = {text: [search_key(tag) for tag in text.split("\n") if tag] for text in stored}
    tags = {k: sorted(text for text, found in tag_keys.items() if any(k in t for t in found)) for k in (key, *word_keys) if k}
    return {"search": key, "words": word_keys, "tags": tags}


def visible_units(session: Session, actor: Actor) -> set[uuid.UUID] | None:
    """The units whose directives an inspector may see (those assigned to them); None: all."""
    if actor.role is Role.INSPECTOR:
        return q.inspector_unit_ids(session, actor.user_id)
    return None


def check_unit_visible(session: Session, actor: Actor, unit_id: uuid.UUID) -> None:
    allowed = visible_units(session, actor)
    if allowed is not None and unit_id not in allowed:
        raise PermissionDenied(N_("This unit is not assigned to you."))
