"""The register: kinds, drafting, approval (draft -> in review -> approved -> issued, or
returned with a reason), issuing with the office's number, amendments as new versions,
links between directives, attachments and the text in force on a date."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from pr_desk.data.directives import queries as q
from pr_desk.data.directives.models import (
    Directive,
    DirectiveAttachment,
    DirectiveKind,
    DirectiveLink,
    DirectiveVersion,
)
from pr_desk.data.engine import Database
from pr_desk.data.numbering import next_number
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.directives import (
    DEFAULT_ACK_WORKING_DAYS,
    DEFAULT_KINDS,
    EDITABLE,
    MAX_BODY,
    MAX_NOTE,
    MAX_TITLE,
    DirectiveStatus,
    Relation,
    VersionStatus,
    check_dates,
    check_prefix,
    check_text,
    check_transition,
    directive_number,
    split_tags,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.meetings import due_date_for
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import clean_user_text, search_key, to_latin_digits
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.directives.files import checked_file, file_bytes, store_file
from pr_desk.services.directives.types import (
    AttachmentInfo,
    DirectiveDetail,
    DirectiveInfo,
    KindInfo,
    LinkInfo,
    PreparedSearch,
    VersionInfo,
    attachment_info,
    directive_infos,
    kind_info,
    load_directive,
    load_kind,
    search_filters,
    today,
    version_info,
    visible_units,
)

__all__ = [
    "add_attachment", "amend", "approve", "attachment_content", "count_directives", "create_directive", "ensure_default_kinds",
    "find_by_number", "get_directive", "issue", "link_directives", "list_directives", "list_kinds", "prepare_search", "remove_attachment",
    "return_version", "save_kind", "submit", "text_in_force", "update_draft",
]

# --- kinds ------------------------------------------------------------------------------

def ensure_default_kinds(db: Database, actor: Actor) -> list[KindInfo]:
    """The five kinds of the office (دستورالعمل، آئین‌نامه اجرایی ...) when none exist yet."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with write(db, actor) as session:
        if not q.kinds(session, include_retired=True):
            for order, kind in enumerate(DEFAULT_KINDS):
                session.add(DirectiveKind(code=kind.code, name=kind.name, prefix=kind.prefix, sort_order=order))
            session.flush()
        return [kind_info(k) for k in q.kinds(session)]


def list_kinds(db: Database, actor: Actor, *, include_retired: bool = False) -> list[KindInfo]:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        return [kind_info(k) for k in q.kinds(session, include_retired=include_retired)]


def save_kind(db: Database, actor: Actor, *, kind_id: uuid.UUID | None = None, name: str, prefix: str,
              retired: bool = False, expected_version: int | None = None) -> KindInfo:
    """Adds a kind or renames one; a kind already used keeps its prefix (numbers carry it)."""
    require(actor, Permission.APPROVE_DIRECTIVES)
    name = check_text(name, field="name", label=N_("Name"), limit=100)
    prefix = check_prefix(to_latin_digits(prefix))
    with write(db, actor) as session:
        clash = q.kind_by_prefix(session, prefix)
        if clash is not None and clash.id != kind_id:
            raise UserError(N_("Another kind already uses the prefix {prefix}."), field="prefix", prefix=prefix)
        if kind_id is None:
            code = "k-" + uuid.uuid4().hex[:8]
            kind = DirectiveKind(code=code, name=name, prefix=prefix, sort_order=len(q.kinds(session, include_retired=True)))
            session.add(kind)
        else:
            kind = load_kind(session, kind_id)
            check_version(kind.version, expected_version)
            if prefix != kind.prefix and q.count(session, kind_id=kind.id):
                raise UserError(N_("This kind is used by directives, so its prefix stays {prefix}."), field="prefix", prefix=kind.prefix)
            kind.name, kind.prefix, kind.retired = name, prefix, retired
        session.flush()
        return kind_info(kind)


# --- reading ------------------------------------------------------------------------------

def _detail(session: Session, d: Directive, unit_ids: set[uuid.UUID] | None = None) -> DirectiveDetail:
    kind = load_kind(session, d.kind_id)
    info = directive_infos(session, [(d, kind)], unit_ids)[0]
    versions = q.versions(session, d.id)
    files: dict[uuid.UUID, list[AttachmentInfo]] = {}
    for a in q.attachments(session, [v.id for v in versions]):
        files.setdefault(a.version_id, []).append(attachment_info(a))
    links = tuple(
        LinkInfo(link.id, Relation(link.relation), outgoing, other.id, other.number, other.title, link.linked_on, link.note)
        for link, other, outgoing in q.links(session, d.id)
    )
    return DirectiveDetail(info, tuple(version_info(v, tuple(files.get(v.id, ()))) for v in versions), links)


def _check_visible(session: Session, actor: Actor, directive_id: uuid.UUID) -> None:
    allowed = visible_units(session, actor)
    if allowed is not None and not (q.recipient_unit_ids(session, directive_id) & allowed):
        raise UserError(N_("This directive was not sent to a unit assigned to you."))


def get_directive(db: Database, actor: Actor, directive_id: uuid.UUID) -> DirectiveDetail:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        d = load_directive(session, directive_id)
        _check_visible(session, actor, d.id)
        return _detail(session, d, visible_units(session, actor))


def prepare_search(db: Database, actor: Actor, search: str) -> PreparedSearch:
    """The register's `search` with the stored tag texts it matches read once, for
    list_directives and count_directives of one reload (see PreparedSearch)."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        return PreparedSearch(search, search_filters(session, search))


def _filters(session: Session, actor: Actor, search: str | PreparedSearch, status: DirectiveStatus | str | None,
             kind_id: uuid.UUID | None, year: int | None) -> dict[str, Any]:
    found = search.filters if isinstance(search, PreparedSearch) else search_filters(session, search)
    return {**found, "status": str(status) if status else None, "kind_id": kind_id,
            "year": year, "unit_ids": visible_units(session, actor)}


def list_directives(db: Database, actor: Actor, *, search: str | PreparedSearch = "", status: DirectiveStatus | str | None = None,
                    kind_id: uuid.UUID | None = None, year: int | None = None, offset: int = 0, limit: int = 200,
                    sort_key: str | None = None, descending: bool = False) -> list[DirectiveInfo]:
    """The register, newest issue first (drafts on top) unless sorted by a header; an
    inspector sees the directives sent to the units assigned to them."""
    require(actor, Permission.VIEW_DIRECTIVES)
    if sort_key is not None and sort_key not in q.SORT_KEYS:
        raise UserError(N_("This list cannot be sorted by {key}."), key=sort_key)
    with read(db) as session:
        filters = _filters(session, actor, search, status, kind_id, year)
        rows = q.page(session, offset=offset, limit=limit, sort_key=sort_key, descending=descending, **filters)
        return directive_infos(session, list(rows), filters["unit_ids"])


def count_directives(db: Database, actor: Actor, *, search: str | PreparedSearch = "", status: DirectiveStatus | str | None = None,
                     kind_id: uuid.UUID | None = None, year: int | None = None) -> int:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        return q.count(session, **_filters(session, actor, search, status, kind_id, year))


_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


def normalise_number(text: str) -> str:
    """A number as typed or copied from the screen (Persian, Arabic or Latin digits, spaces,
    Arabic ي/ك, the isolate and direction marks the screen shows it with) in its stored form."""
    text = clean_user_text(text or "").translate(_DIRECTION_MARKS)
    return "/".join(part.strip() for part in to_latin_digits(text).split("/"))


def find_by_number(db: Database, actor: Actor, number: str) -> DirectiveInfo:
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        d = q.by_number(session, normalise_number(number))
        if d is None:
            raise UserError(N_("There is no directive numbered {number}."), number=number)
        _check_visible(session, actor, d.id)
        return directive_infos(session, [(d, load_kind(session, d.kind_id))], visible_units(session, actor))[0]


def text_in_force(db: Database, actor: Actor, directive_id: uuid.UUID, on: dt.date | None = None
                  ) -> tuple[VersionInfo | None, DirectiveDetail]:
    """The version in force on `on` (today by default: None if none was), with the history."""
    detail = get_directive(db, actor, directive_id)
    day = on or today()
    if detail.info.ended_on is not None and detail.info.ended_on <= day:
        return None, detail
    in_force = [v for v in detail.versions if v.in_force_on(day)]
    return (in_force[-1] if in_force else None), detail


# --- drafting -----------------------------------------------------------------------------

def _apply_text(v: DirectiveVersion, *, body: str, change_note: str, approved_on: dt.date | None,
                effective_on: dt.date | None, expires_on: dt.date | None) -> None:
    v.body = check_text(body, field="body", label=N_("Text"), limit=MAX_BODY, required=False)
    v.body_search = search_key(v.body)
    v.change_note = check_text(change_note, field="change_note", label=N_("What changed and why"), limit=MAX_NOTE, required=False)
    check_dates(approved_on=approved_on, issued_on=None, effective_on=effective_on, expires_on=expires_on)
    v.approved_on, v.effective_on, v.expires_on = approved_on, effective_on, expires_on


def create_directive(db: Database, actor: Actor, *, kind_id: uuid.UUID, title: str, tags: str | Sequence[str] = "",
                     issuer: str = "", body: str = "", approved_on: dt.date | None = None,
                     effective_on: dt.date | None = None, expires_on: dt.date | None = None) -> DirectiveDetail:
    """A new directive with its first version as a draft (a clerk drafts)."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    title = check_text(title, field="title", label=N_("Title"), limit=MAX_TITLE)
    issuer = check_text(issuer, field="issuer", label=N_("Issuer"), limit=200, required=False)
    tag_text = "\n".join(split_tags(tags if isinstance(tags, str) else ",".join(tags)))
    with write(db, actor) as session:
        kind = load_kind(session, kind_id)
        d = Directive(kind_id=kind.id, title=title, title_search=search_key(title), tags=tag_text, issuer=issuer,
                      status=DirectiveStatus.DRAFT.value, number_search="", current_version=0)
        session.add(d)
        session.flush()
        v = DirectiveVersion(directive_id=d.id, number=1, status=VersionStatus.DRAFT.value)
        _apply_text(v, body=body, change_note="", approved_on=approved_on, effective_on=effective_on, expires_on=expires_on)
        session.add(v)
        session.flush()
        return _detail(session, d)


def _latest(session: Session, d: Directive) -> DirectiveVersion:
    v = q.latest_version(session, d.id)
    if v is None:
        raise UserError(N_("This directive has no text yet."))
    return v


def update_draft(db: Database, actor: Actor, directive_id: uuid.UUID, *, expected_version: int, title: str | None = None,
                 kind_id: uuid.UUID | None = None, tags: str | Sequence[str] | None = None, issuer: str | None = None,
                 body: str, change_note: str = "", approved_on: dt.date | None = None,
                 effective_on: dt.date | None = None, expires_on: dt.date | None = None) -> DirectiveDetail:
    """Saves the draft (or returned) version; `expected_version` is that version's row
    version, so a second clerk's older copy is refused, never silently overwritten. The
    title, kind and tags change only before the first issue."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    with write(db, actor) as session:
        d = load_directive(session, directive_id, for_update=True)
        v = _latest(session, d)
        check_version(v.version, expected_version)
        if VersionStatus(v.status) not in EDITABLE:
            raise UserError(N_("Only a draft or a returned version can be edited; an issued text is amended with a new version."))
        if d.number is None:
            if title is not None:
                d.title = check_text(title, field="title", label=N_("Title"), limit=MAX_TITLE)
                d.title_search = search_key(d.title)
            if kind_id is not None:
                d.kind_id = load_kind(session, kind_id).id
            if tags is not None:
                d.tags = "\n".join(split_tags(tags if isinstance(tags, str) else ",".join(tags)))
        if issuer is not None:
            d.issuer = check_text(issuer, field="issuer", label=N_("Issuer"), limit=200, required=False)
        if v.number > 1 and not change_note.strip():
            raise UserError(N_("Say what changed in this version and why."), field="change_note")
        _apply_text(v, body=body, change_note=change_note, approved_on=approved_on, effective_on=effective_on,
                    expires_on=expires_on)
        d.updated_at = utcnow()  # the register's "changed" order sees the edit
        session.flush()
        return _detail(session, d)


def _move(db: Database, actor: Actor, directive_id: uuid.UUID, wanted: VersionStatus, expected_version: int,
          permission: Permission, apply: Any = None) -> DirectiveDetail:
    require(actor, permission)
    with write(db, actor) as session:
        d = load_directive(session, directive_id, for_update=True)
        v = _latest(session, d)
        check_version(v.version, expected_version)
        check_transition(VersionStatus(v.status), wanted)
        now = utcnow()
        if apply is not None:
            apply(session, d, v, now)
        v.status = wanted.value
        session.flush()
        return _detail(session, d)


def submit(db: Database, actor: Actor, directive_id: uuid.UUID, *, expected_version: int) -> DirectiveDetail:
    """Sends the draft for review (a clerk)."""
    def apply(session: Session, d: Directive, v: DirectiveVersion, now: dt.datetime) -> None:
        if not v.body.strip() and not q.attachments(session, [v.id]):
            raise UserError(N_("Write the text or attach the file of the directive before sending it for review."), field="body")
        v.submitted_at, v.submitted_by = now, actor.user_id

    return _move(db, actor, directive_id, VersionStatus.REVIEW, expected_version, Permission.MANAGE_DIRECTIVES, apply)


def approve(db: Database, actor: Actor, directive_id: uuid.UUID, *, expected_version: int,
            approved_on: dt.date | None = None) -> DirectiveDetail:
    """A supervisor approves the version in review."""
    def apply(session: Session, d: Directive, v: DirectiveVersion, now: dt.datetime) -> None:
        v.approved_at, v.approved_by = now, actor.user_id
        v.approved_on = approved_on or v.approved_on or today()
        check_dates(approved_on=v.approved_on, issued_on=None, effective_on=v.effective_on, expires_on=v.expires_on)

    return _move(db, actor, directive_id, VersionStatus.APPROVED, expected_version, Permission.APPROVE_DIRECTIVES, apply)


def return_version(db: Database, actor: Actor, directive_id: uuid.UUID, *, reason: str, expected_version: int) -> DirectiveDetail:
    """Back to the drafter with a reason, from review or after approval (before issue)."""
    reason = check_text(reason, field="reason", label=N_("Reason"), limit=MAX_NOTE)

    def apply(session: Session, d: Directive, v: DirectiveVersion, now: dt.datetime) -> None:
        v.returned_at, v.returned_by, v.return_reason = now, actor.user_id, reason
        v.approved_at = v.approved_by = None

    return _move(db, actor, directive_id, VersionStatus.RETURNED, expected_version, Permission.APPROVE_DIRECTIVES, apply)


def issue(db: Database, actor: Actor, directive_id: uuid.UUID, *, expected_version: int, issued_on: dt.date | None = None,
          effective_on: dt.date | None = None) -> DirectiveDetail:
    """Issues the approved version: the first issue gives the directive its number
    (prefix/Jalali year/serial, issued by the office); a later version becomes the one in
    force and every recipient is asked to acknowledge it again."""
    def apply(session: Session, d: Directive, v: DirectiveVersion, now: dt.datetime) -> None:
        from pr_desk.data.sync import identity

        if identity.is_field_copy(session):  # numbers are the office's, unique across every copy
            raise UserError(N_("Directives are issued and numbered at the office, not on a field copy."))
        day = issued_on or today()
        v.issued_on = day
        v.effective_on = effective_on or v.effective_on or day
        check_dates(approved_on=v.approved_on, issued_on=v.issued_on, effective_on=v.effective_on, expires_on=v.expires_on)
        v.issued_at, v.issued_by = now, actor.user_id
        if d.number is None:
            kind = load_kind(session, d.kind_id)
            year = JalaliDate.from_gregorian(day).year
            series = f"directive:{kind.prefix}:{year}"
            serial = next_number(session, series)
            in_use = q.next_serial_in_use(session, kind.prefix, year)
            while serial <= in_use:  # numbers brought by an import are never issued again
                serial = next_number(session, series)
            d.number = directive_number(kind.prefix, year, serial)
            d.number_search = search_key(d.number)
            d.issued_year = year
        d.current_version = v.number
        if d.status == DirectiveStatus.DRAFT.value:
            d.status = DirectiveStatus.IN_FORCE.value
        d.updated_at = now
        if v.number > 1:
            ask_again(session, d, day)

    return _move(db, actor, directive_id, VersionStatus.ISSUED, expected_version, Permission.APPROVE_DIRECTIVES, apply)


def amend(db: Database, actor: Actor, directive_id: uuid.UUID, *, change_note: str, body: str | None = None) -> DirectiveDetail:
    """A new version of an issued directive, as a draft starting from the text in force."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    note = check_text(change_note, field="change_note", label=N_("What changed and why"), limit=MAX_NOTE)
    with write(db, actor) as session:
        d = load_directive(session, directive_id, for_update=True)
        last = _latest(session, d)
        if VersionStatus(last.status) is not VersionStatus.ISSUED:
            raise UserError(N_("Version {number} is still being prepared; edit it instead of starting another."), number=last.number)
        if d.status in (DirectiveStatus.REPEALED.value, DirectiveStatus.SUPERSEDED.value):
            raise UserError(N_("A repealed or superseded directive cannot be amended."))
        v = DirectiveVersion(directive_id=d.id, number=last.number + 1, status=VersionStatus.DRAFT.value)
        _apply_text(v, body=last.body if body is None else body, change_note=note, approved_on=None, effective_on=None,
                    expires_on=last.expires_on)
        session.add(v)
        d.updated_at = utcnow()
        session.flush()
        return _detail(session, d)


def link_directives(db: Database, actor: Actor, source_id: uuid.UUID, target_id: uuid.UUID, relation: Relation | str, *,
                    on: dt.date | None = None, note: str = "") -> DirectiveDetail:
    """`source` supersedes, amends or repeals `target` (both issued); a repealed or
    superseded target stops being in force and says by which directive and when."""
    require(actor, Permission.APPROVE_DIRECTIVES)
    try:
        kind = Relation(relation)
    except ValueError:
        raise UserError(N_("Unknown relation: {relation}"), relation=str(relation)) from None
    if source_id == target_id:
        raise UserError(N_("A directive cannot refer to itself."))
    note = check_text(note, field="note", label=N_("Note"), limit=MAX_NOTE, required=False)
    with write(db, actor) as session:
        source = load_directive(session, source_id, for_update=True)
        target = load_directive(session, target_id, for_update=True)
        if source.number is None or target.number is None:
            raise UserError(N_("Only issued directives can be linked."))
        if q.link_exists(session, source.id, target.id, kind.value):
            raise UserError(N_("These directives are already linked this way."))
        day = on or today()
        session.add(DirectiveLink(source_id=source.id, target_id=target.id, relation=kind.value, linked_on=day, note=note))
        if kind in (Relation.REPEALS, Relation.SUPERSEDES):
            target.status = (DirectiveStatus.REPEALED if kind is Relation.REPEALS else DirectiveStatus.SUPERSEDED).value
            target.ended_on, target.ended_by_id = day, source.id
            target.updated_at = utcnow()
        session.flush()
        return _detail(session, source)


def ask_again(session: Session, d: Directive, issued_on: dt.date) -> None:
    """A new version is in force: every recipient acknowledges it again, with a new
    deadline; earlier acknowledgements stay in the history as such."""
    from pr_desk.services.office_settings import load_settings

    due = due_date_for(issued_on, DEFAULT_ACK_WORKING_DAYS, load_settings(session).calendar)
    for r, _unit in q.recipients(session, d.id):
        r.ack_due = due


# --- attachments ----------------------------------------------------------------------------

def add_attachment(db: Database, actor: Actor, directive_id: uuid.UUID, *, file_name: str, content: bytes) -> AttachmentInfo:
    """Attaches a file to the version being prepared (never to an issued text)."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    with write(db, actor) as session:
        d = load_directive(session, directive_id, for_update=True)
        v = _latest(session, d)
        if VersionStatus(v.status) not in EDITABLE:
            raise UserError(N_("Files are attached to a draft or returned version; an issued text is amended with a new version."))
        mime, name = checked_file(session, file_name, content)
        sha = store_file(session, content, mime)
        a = DirectiveAttachment(version_id=v.id, file_sha256=sha, file_name=name, mime=mime, size=len(content))
        session.add(a)
        session.flush()
        return attachment_info(a)


def remove_attachment(db: Database, actor: Actor, attachment_id: uuid.UUID) -> None:
    require(actor, Permission.MANAGE_DIRECTIVES)
    with write(db, actor) as session:
        a = q.attachment(session, attachment_id)
        if a is None:
            raise UserError(N_("This file is no longer attached."))
        v = session.get(DirectiveVersion, a.version_id)
        if v is None or VersionStatus(v.status) not in EDITABLE:
            raise UserError(N_("A file of an issued text stays with it."))
        a.deleted_at = utcnow()


def attachment_content(db: Database, actor: Actor, attachment_id: uuid.UUID) -> tuple[str, str, bytes]:
    """(file name, mime, bytes) of an attached file."""
    require(actor, Permission.VIEW_DIRECTIVES)
    with read(db) as session:
        a = q.attachment(session, attachment_id)
        if a is None:
            raise UserError(N_("This file is no longer attached."))
        v = session.get(DirectiveVersion, a.version_id)
        if v is not None:
            _check_visible(session, actor, v.directive_id)
        content = file_bytes(session, a.file_sha256)
        if content is None:
            raise UserError(N_("This file is no longer attached."))
        return a.file_name, a.mime, content
