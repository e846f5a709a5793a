"""Queries of the directive register: kinds, directives with their latest and in-force
versions, links, files, the distribution to units and the per-unit pending lists.

The register's list and the distribution matrix page in SQL (a sort key whitelist, every
order ending on the id); file contents are read only by `file_content`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    false,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from pr_desk.data.directives.models import (
    Acknowledgement,
    Directive,
    DirectiveAttachment,
    DirectiveKind,
    DirectiveLink,
    DirectiveRecipient,
    DirectiveVersion,
    StoredFile,
)
from pr_desk.data.evaluation.models import EvaluationAssignment
from pr_desk.data.models import Unit
from pr_desk.data.queries.sorting import alphabetical
from pr_desk.domain.directives import number_forms

_LIVE = Directive.deleted_at.is_(None)

# What a list may be sorted by (the UI's header keys); every order ends on the id.
SORT_KEYS: dict[str, Any] = {
    "number": Directive.number_search,
    "title": alphabetical(Directive.title_search),
    "kind": alphabetical(DirectiveKind.name),
    "status": Directive.status,
    "issuer": alphabetical(Directive.issuer),
    "updated": Directive.updated_at,
    "year": Directive.issued_year,
}

# The sort keys a draft (no number yet) leaves empty, and its emptiness there: a draft's ''
# would sort before every number and its NULL year first on SQLite but last on PostgreSQL.
# Sorted by them, the drafts come after the numbered directives (the reverse order: before
# them), on both databases.
_DRAFTS_EMPTY: dict[str, ColumnElement[bool]] = {
    "number": Directive.number_search == "",
    "year": Directive.issued_year.is_(None),
}


# --- kinds ----------------------------------------------------------------------------

def kinds(session: Session, *, include_retired: bool = False) -> Sequence[DirectiveKind]:
    stmt = select(DirectiveKind).where(DirectiveKind.deleted_at.is_(None))
    if not include_retired:
        stmt = stmt.where(DirectiveKind.retired.is_(False))
    return session.scalars(stmt.order_by(DirectiveKind.sort_order, alphabetical(DirectiveKind.name))).all()


def kind(session: Session, kind_id: uuid.UUID) -> DirectiveKind | None:
    row = session.get(DirectiveKind, kind_id)
    return row if row is not None and row.deleted_at is None else None


def kind_by_code(session: Session, code: str) -> DirectiveKind | None:
    return session.scalar(select(DirectiveKind).where(DirectiveKind.code == code, DirectiveKind.deleted_at.is_(None)))


def kind_by_prefix(session: Session, prefix: str) -> DirectiveKind | None:
    return session.scalar(select(DirectiveKind).where(DirectiveKind.prefix == prefix, DirectiveKind.deleted_at.is_(None)))


# --- directives -----------------------------------------------------------------------

def directive(session: Session, directive_id: uuid.UUID) -> Directive | None:
    row = session.get(Directive, directive_id)
    return row if row is not None and row.deleted_at is None else None


def directive_for_update(session: Session, directive_id: uuid.UUID) -> Directive | None:
    return session.scalar(select(Directive).where(Directive.id == directive_id, _LIVE).with_for_update())


def by_number(session: Session, number: str) -> Directive | None:
    """The directive numbered `number` (stored form), else the one whose number is its form
    with the serial's leading zeros (typed "د/1405/8": د/1405/008, number_forms)."""
    forms = [number, *number_forms(number)]
    return session.scalar(select(Directive).where(Directive.number.in_(forms), _LIVE)
                          .order_by(case((Directive.number == number, 0), else_=1)).limit(1))


def versions(session: Session, directive_id: uuid.UUID) -> Sequence[DirectiveVersion]:
    return session.scalars(
        select(DirectiveVersion).where(DirectiveVersion.directive_id == directive_id, DirectiveVersion.deleted_at.is_(None))
        .order_by(DirectiveVersion.number)
    ).all()


def latest_version(session: Session, directive_id: uuid.UUID) -> DirectiveVersion | None:
    return session.scalar(
        select(DirectiveVersion).where(DirectiveVersion.directive_id == directive_id, DirectiveVersion.deleted_at.is_(None))
        .order_by(DirectiveVersion.number.desc()).limit(1)
    )


def version(session: Session, directive_id: uuid.UUID, number: int) -> DirectiveVersion | None:
    return session.scalar(
        select(DirectiveVersion).where(DirectiveVersion.directive_id == directive_id, DirectiveVersion.number == number,
                                       DirectiveVersion.deleted_at.is_(None))
    )


def _latest_versions() -> Any:
    """Each directive's newest version number (a subquery)."""
    return (select(DirectiveVersion.directive_id, func.max(DirectiveVersion.number).label("latest"))
            .where(DirectiveVersion.deleted_at.is_(None)).group_by(DirectiveVersion.directive_id).subquery())


def tag_texts(session: Session) -> set[str]:
    """Every directive's subject tags as stored (one a line), each different text once."""
    return set(session.scalars(select(Directive.tags).where(_LIVE, Directive.tags != "").distinct()).all())


def _tags_match(texts: Sequence[str]) -> ColumnElement[bool]:
    """The directive's stored tags are one of `texts` (the column has no search shadow: the
    texts with a matching tag are found in Python). One IN, not a condition per tag: an OR
    as long as the tags in use makes SQLite refuse the statement from about a thousand."""
    return Directive.tags.in_(list(texts)) if texts else false()


def _number_match(key: str) -> ColumnElement[bool]:
    """The directive's number holds the search key `key`, or the form a number typed without
    its serial's leading zeros has as stored ("د/1405/8" finds د/1405/008: number_forms)."""
    return or_(*[Directive.number_search.contains(form, autoescape=True) for form in (key, *number_forms(key))])


def _words_match(words: Sequence[str], tags: Mapping[str, Sequence[str]]) -> ColumnElement[bool]:
    """Every word (a search key) in the number, title, tags or body text of one version of
    the directive, in any order."""
    version = (select(DirectiveVersion.id)
               .where(DirectiveVersion.directive_id == Directive.id, DirectiveVersion.deleted_at.is_(None),
                      *[or_(Directive.title_search.contains(w, autoescape=True), _number_match(w),
                            _tags_match(tags.get(w, ())), DirectiveVersion.body_search.contains(w, autoescape=True))
                        for w in words])
               .correlate(Directive))
    return version.exists()


def _filtered(*, search: str = "", status: str | None = None, kind_id: uuid.UUID | None = None, year: int | None = None,
              unit_ids: Iterable[uuid.UUID] | None = None, words: Sequence[str] = (),
              tags: Mapping[str, Sequence[str]] | None = None) -> Select[Directive, DirectiveKind]:
    """`search`: one search key matched as typed in the number, title or tags; `words`: the
    search keys of the query's words, each of which may instead be found anywhere (body
    text too); `tags`: for each of those keys, the stored tag texts (`tag_texts`) with a tag
    whose search key holds it."""
    tags = tags or {}
    stmt = select(Directive, DirectiveKind).join(DirectiveKind, DirectiveKind.id == Directive.kind_id).where(_LIVE)
    for word in search.split():
        as_typed = or_(Directive.title_search.contains(word, autoescape=True),
                       _number_match(word),
                       _tags_match(tags.get(word, ())))
        stmt = stmt.where(or_(as_typed, _words_match(words, tags)) if words else as_typed)
    if status:
        stmt = stmt.where(Directive.status == status)
    if kind_id is not None:
        stmt = stmt.where(Directive.kind_id == kind_id)
    if year is not None:
        stmt = stmt.where(Directive.issued_year == year)
    if unit_ids is not None:
        stmt = stmt.where(Directive.id.in_(
            select(DirectiveRecipient.directive_id).where(DirectiveRecipient.unit_id.in_(list(unit_ids)),
                                                          DirectiveRecipient.deleted_at.is_(None))))
    return stmt


def page(session: Session, *, offset: int = 0, limit: int = 200, sort_key: str | None = None, descending: bool = False,
         **filters: Any) -> Sequence[tuple[Directive, DirectiveKind]]:
    stmt = _filtered(**filters)
    if sort_key is None:
        order: list[ColumnElement[Any]] = [Directive.issued_year.desc().nulls_first(), Directive.number_search.desc(),
                                           Directive.created_at.desc()]
    else:
        column = SORT_KEYS[sort_key]
        order = [column.desc() if descending else column.asc()]
        if sort_key in _DRAFTS_EMPTY:  # drafts after the numbered ones, before them reversed
            draft = case((_DRAFTS_EMPTY[sort_key], 1), else_=0)
            order.insert(0, draft.desc() if descending else draft.asc())
    order.append(Directive.id.desc() if descending else Directive.id.asc())
    return [(d, k) for d, k in session.execute(stmt.order_by(*order).offset(offset).limit(limit)).all()]


_LIST_COLUMNS = (Directive.id, Directive.number, Directive.title, Directive.tags, Directive.issuer, Directive.status,
                 Directive.issued_year, Directive.current_version, Directive.ended_on, Directive.version,
                 DirectiveKind.id.label("kind_id"), DirectiveKind.name.label("kind_name"))


def page_rows(session: Session, *, offset: int = 0, limit: int = 200, **filters: Any) -> Sequence[Any]:
    """`page` in its default order as plain rows of what a list row shows (the directive's
    columns but its search shadows, with kind_id and kind_name): no ORM objects for the
    matrix's page, which opens on every filter change."""
    stmt = (_filtered(**filters).with_only_columns(*_LIST_COLUMNS)
            .order_by(Directive.issued_year.desc().nulls_first(), Directive.number_search.desc(), Directive.created_at.desc(),
                      Directive.id.asc()).offset(offset).limit(limit))
    return session.connection().execute(stmt).all()


def count(session: Session, **filters: Any) -> int:
    stmt = _filtered(**filters).with_only_columns(func.count(Directive.id)).order_by(None)
    return int(session.scalar(stmt) or 0)


def latest_versions_of(session: Session, directive_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, DirectiveVersion]:
    if not directive_ids:
        return {}
    latest = _latest_versions()
    rows = session.scalars(
        select(DirectiveVersion).join(latest, and_(latest.c.directive_id == DirectiveVersion.directive_id,
                                                   latest.c.latest == DirectiveVersion.number))
        .where(DirectiveVersion.directive_id.in_(list(directive_ids)))
    ).all()
    return {v.directive_id: v for v in rows}


def version_summaries(session: Session, directive_ids: Sequence[uuid.UUID]) -> Sequence[Any]:
    """Plain rows (directive_id, number, status, approved_on, issued_on, effective_on,
    expires_on) of every live version of the directives: what a list row shows of its
    versions, in one query and without their text."""
    if not directive_ids:
        return []
    v = DirectiveVersion
    return session.execute(select(v.directive_id, v.number, v.status, v.approved_on, v.issued_on, v.effective_on, v.expires_on)
                           .where(v.directive_id.in_(list(directive_ids)), v.deleted_at.is_(None))).all()


def versions_of(session: Session, directive_ids: Sequence[uuid.UUID]) -> dict[tuple[uuid.UUID, int], DirectiveVersion]:
    if not directive_ids:
        return {}
    rows = session.scalars(select(DirectiveVersion).where(DirectiveVersion.directive_id.in_(list(directive_ids)),
                                                          DirectiveVersion.deleted_at.is_(None))).all()
    return {(v.directive_id, v.number): v for v in rows}


def recipient_counts(session: Session, directive_ids: Sequence[uuid.UUID], unit_ids: Collection[uuid.UUID] | None = None
                     ) -> dict[uuid.UUID, tuple[int, int]]:
    """Per directive: (recipients, of them acknowledged the version in force); with
    `unit_ids`, only the recipients among those units (an inspector's assigned units)."""
    if not directive_ids or (unit_ids is not None and not unit_ids):
        return {}
    acked = func.sum(case((DirectiveRecipient.acknowledged_version >= Directive.current_version, 1), else_=0))
    query = (
        select(DirectiveRecipient.directive_id, func.count(DirectiveRecipient.id), acked)
        .join(Directive, Directive.id == DirectiveRecipient.directive_id)
        .where(DirectiveRecipient.directive_id.in_(list(directive_ids)), DirectiveRecipient.deleted_at.is_(None))
    )
    if unit_ids is not None:
        query = query.where(DirectiveRecipient.unit_id.in_(list(unit_ids)))
    rows = session.execute(query.group_by(DirectiveRecipient.directive_id)).all()
    return {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}


def next_serial_in_use(session: Session, prefix: str, year: int) -> int:
    """The highest serial already used by a number of this prefix and year (imports bring
    numbers the counter never issued)."""
    like = f"{prefix}/{year}/%"
    numbers = session.scalars(select(Directive.number).where(Directive.number.like(like))).all()
    best = 0
    for number in numbers:
        tail = (number or "").rsplit("/", 1)[-1]
        if tail.isdigit():
            best = max(best, int(tail))
    return best


# --- links ------------------------------------------------------------------------------

def links(session: Session, directive_id: uuid.UUID) -> Sequence[tuple[DirectiveLink, Directive, bool]]:
    """(link, the other directive, outgoing?) for links from and to `directive_id`."""
    out = session.execute(
        select(DirectiveLink, Directive).join(Directive, Directive.id == DirectiveLink.target_id)
        .where(DirectiveLink.source_id == directive_id, DirectiveLink.deleted_at.is_(None))
    ).all()
    incoming = session.execute(
        select(DirectiveLink, Directive).join(Directive, Directive.id == DirectiveLink.source_id)
        .where(DirectiveLink.target_id == directive_id, DirectiveLink.deleted_at.is_(None))
    ).all()
    return [(link, other, True) for link, other in out] + [(link, other, False) for link, other in incoming]


def link_exists(session: Session, source_id: uuid.UUID, target_id: uuid.UUID, relation: str) -> bool:
    return session.scalar(select(func.count(DirectiveLink.id)).where(
        DirectiveLink.source_id == source_id, DirectiveLink.target_id == target_id,
        DirectiveLink.relation == relation, DirectiveLink.deleted_at.is_(None))) != 0


# --- files ------------------------------------------------------------------------------

def stored_file(session: Session, sha256: str) -> StoredFile | None:
    return session.scalar(select(StoredFile).where(StoredFile.sha256 == sha256))


def file_content(session: Session, sha256: str) -> bytes | None:
    return session.scalar(select(StoredFile.content).where(StoredFile.sha256 == sha256))


def attachments(session: Session, version_ids: Sequence[uuid.UUID]) -> Sequence[DirectiveAttachment]:
    if not version_ids:
        return []
    return session.scalars(select(DirectiveAttachment).where(DirectiveAttachment.version_id.in_(list(version_ids)),
                                                             DirectiveAttachment.deleted_at.is_(None))
                           .order_by(DirectiveAttachment.created_at)).all()


def attachment(session: Session, attachment_id: uuid.UUID) -> DirectiveAttachment | None:
    row = session.get(DirectiveAttachment, attachment_id)
    return row if row is not None and row.deleted_at is None else None


# --- distribution -----------------------------------------------------------------------

def recipient(session: Session, recipient_id: uuid.UUID) -> DirectiveRecipient | None:
    row = session.get(DirectiveRecipient, recipient_id)
    return row if row is not None and row.deleted_at is None else None


def recipient_of(session: Session, directive_id: uuid.UUID, unit_id: uuid.UUID) -> DirectiveRecipient | None:
    return session.scalar(select(DirectiveRecipient).where(
        DirectiveRecipient.directive_id == directive_id, DirectiveRecipient.unit_id == unit_id,
        DirectiveRecipient.deleted_at.is_(None)))


def recipients(session: Session, directive_id: uuid.UUID) -> Sequence[tuple[DirectiveRecipient, Unit]]:
    return [(r, u) for r, u in session.execute(
        select(DirectiveRecipient, Unit).join(Unit, Unit.id == DirectiveRecipient.unit_id)
        .where(DirectiveRecipient.directive_id == directive_id, DirectiveRecipient.deleted_at.is_(None))
        .order_by(Unit.kind, Unit.district, Unit.code)
    ).all()]


def recipient_unit_ids(session: Session, directive_id: uuid.UUID) -> set[uuid.UUID]:
    return set(session.scalars(select(DirectiveRecipient.unit_id).where(
        DirectiveRecipient.directive_id == directive_id, DirectiveRecipient.deleted_at.is_(None))).all())


def _unit_open(unit_id: uuid.UUID) -> Select[DirectiveRecipient, Directive]:
    """A unit's directives in force whose evidence is not yet accepted."""
    return (select(DirectiveRecipient, Directive).join(Directive, Directive.id == DirectiveRecipient.directive_id)
            .where(DirectiveRecipient.unit_id == unit_id, DirectiveRecipient.deleted_at.is_(None), _LIVE,
                   Directive.status == "in_force",
                   or_(DirectiveRecipient.verdict.is_(None), DirectiveRecipient.verdict != "accepted")))


def unit_recipients(session: Session, unit_id: uuid.UUID, *, offset: int = 0, limit: int | None = None
                    ) -> Sequence[tuple[DirectiveRecipient, Directive]]:
    """A page of a unit's open directives, the earliest acknowledgement deadline first
    (so the most overdue lead), then by number."""
    stmt = _unit_open(unit_id).order_by(DirectiveRecipient.ack_due.asc().nulls_last(), Directive.number_search,
                                        DirectiveRecipient.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(r, d) for r, d in session.execute(stmt).all()]


def unit_open_count(session: Session, unit_id: uuid.UUID) -> int:
    stmt = _unit_open(unit_id).with_only_columns(func.count(DirectiveRecipient.id)).order_by(None)
    return int(session.scalar(stmt) or 0)


def matrix_cells(session: Session, directive_ids: Sequence[uuid.UUID], unit_ids: Sequence[uuid.UUID] | None = None
                 ) -> Sequence[Any]:
    """Plain rows (id, directive_id, unit_id, acknowledged_version, ack_due, implemented_on,
    impl_due, verdict) of the page's cells: no ORM objects for a page of 50 x 50."""
    if not directive_ids:
        return []
    r = DirectiveRecipient
    # The ids come back as stored (hex text on SQLite, uuid on PostgreSQL): the caller maps
    # them to the page's known ids instead of parsing 2,500 UUIDs per page; the dates too
    # (ISO text on SQLite, dates on PostgreSQL), read by the caller with date.fromisoformat.
    raw = [type_coerce(c, String) for c in (r.id, r.directive_id, r.unit_id)]
    dates = [type_coerce(c, String) for c in (r.ack_due, r.implemented_on, r.impl_due)]
    stmt = select(*raw, r.acknowledged_version, dates[0], dates[1], dates[2],
                  r.verdict).where(r.directive_id.in_(list(directive_ids)), r.deleted_at.is_(None))
    if unit_ids is not None:
        stmt = stmt.where(r.unit_id.in_(list(unit_ids)))
    # Through the session's connection, not the ORM's execution: plain column rows need
    # none of its per-row loading work (a third of the page's time at 2,500 cells).
    return session.connection().execute(stmt).all()


def matrix_heads(session: Session, **filters: Any) -> Sequence[Any]:
    """Plain rows (id, number, title, current_version) of every directive `filters` select
    (as `page`), in the matrix's order: the rows of a whole-matrix report, no ORM objects."""
    d = Directive
    stmt = (_filtered(**filters).with_only_columns(d.id, d.number, d.title, d.current_version)
            .order_by(d.issued_year.desc().nulls_first(), d.number_search.desc(), d.created_at.desc(), d.id.asc()))
    return session.connection().execute(stmt).all()


def acknowledgements(session: Session, recipient_id: uuid.UUID) -> Sequence[Acknowledgement]:
    return session.scalars(select(Acknowledgement).where(Acknowledgement.recipient_id == recipient_id,
                                                         Acknowledgement.deleted_at.is_(None))
                           .order_by(Acknowledgement.acknowledged_on, Acknowledgement.created_at)).all()


def units(session: Session, *, unit_ids: Iterable[uuid.UUID] | None = None, kind: str | None = None,
          districts_only: bool = False) -> Sequence[Unit]:
    stmt = select(Unit).where(Unit.deleted_at.is_(None), Unit.retired_on.is_(None))
    if unit_ids is not None:
        stmt = stmt.where(Unit.id.in_(list(unit_ids)))
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    if districts_only:
        stmt = stmt.where(Unit.kind == "district")
    return session.scalars(stmt.order_by(Unit.kind, Unit.district, Unit.code)).all()


def unit_heads(session: Session, *, kind: str | None = None) -> Sequence[Any]:
    """Plain rows (id, code, name) of the units `units(kind=...)` gives, in its order."""
    stmt = select(Unit.id, Unit.code, Unit.name).where(Unit.deleted_at.is_(None), Unit.retired_on.is_(None))
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    return session.connection().execute(stmt.order_by(Unit.kind, Unit.district, Unit.code)).all()


def inspector_unit_ids(session: Session, inspector_id: uuid.UUID) -> set[uuid.UUID]:
    """The units an inspector is assigned to in any evaluation period."""
    return set(session.scalars(select(EvaluationAssignment.unit_id).where(
        EvaluationAssignment.inspector_id == inspector_id, EvaluationAssignment.deleted_at.is_(None))).all())


def overdue_acknowledgements(session: Session, today: dt.date) -> int:
    return int(session.scalar(
        select(func.count(DirectiveRecipient.id)).join(Directive, Directive.id == DirectiveRecipient.directive_id)
        .where(DirectiveRecipient.deleted_at.is_(None), _LIVE, Directive.status == "in_force",
               or_(DirectiveRecipient.acknowledged_version.is_(None),
                   DirectiveRecipient.acknowledged_version < Directive.current_version),
               DirectiveRecipient.ack_due < today)
    ) or 0)


def open_by_unit(session: Session, today: dt.date) -> list[tuple[uuid.UUID, int, int, int]]:
    """For the dashboard, each unit with directives in force still open: (unit id, to
    acknowledge, of them overdue, evidence waiting for its check), most overdue first."""
    r = DirectiveRecipient
    unacknowledged = or_(r.acknowledged_version.is_(None), r.acknowledged_version < Directive.current_version)
    stmt = (
        select(r.unit_id,
               func.sum(case((unacknowledged, 1), else_=0)),
               func.sum(case((and_(unacknowledged, r.ack_due < today), 1), else_=0)),
               func.sum(case((and_(r.implemented_on.is_not(None), r.verdict.is_(None)), 1), else_=0)))
        .join(Directive, Directive.id == r.directive_id)
        .where(r.deleted_at.is_(None), _LIVE, Directive.status == "in_force")
        .group_by(r.unit_id)
    )
    rows = [(u, int(a or 0), int(b or 0), int(c or 0)) for u, a, b, c in session.execute(stmt).all()]
    rows = [row for row in rows if row[1] or row[3]]
    rows.sort(key=lambda row: (-row[2], -row[1], -row[3]))
    return rows


# --- reports ------------------------------------------------------------------------------

def issued_years(session: Session, unit_ids: Iterable[uuid.UUID] | None = None) -> list[int]:
    """The Jalali years in which directives were first issued, newest first (of those sent
    to `unit_ids` when given)."""
    stmt = select(Directive.issued_year).where(_LIVE, Directive.issued_year.is_not(None)).distinct()
    if unit_ids is not None:
        stmt = stmt.where(Directive.id.in_(
            select(DirectiveRecipient.directive_id).where(DirectiveRecipient.unit_id.in_(list(unit_ids)),
                                                          DirectiveRecipient.deleted_at.is_(None))))
    return sorted((int(y) for y in session.scalars(stmt).all() if y is not None), reverse=True)


def distributed_unit_ids(session: Session, **filters: Any) -> set[uuid.UUID]:
    """The units that received at least one of the directives `filters` select (as `page`)."""
    chosen = _filtered(**filters).with_only_columns(Directive.id).order_by(None)
    return set(session.scalars(select(DirectiveRecipient.unit_id).where(
        DirectiveRecipient.directive_id.in_(chosen), DirectiveRecipient.deleted_at.is_(None)).distinct()).all())


def numbers_taken(session: Session, numbers: Collection[str]) -> set[str]:
    """The numbers of `numbers` a live directive already has (one query per 500: an
    import checks a whole file at once)."""
    wanted = sorted(n for n in numbers if n)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(n for n in session.scalars(select(Directive.number).where(Directive.number.in_(wanted[start:start + 500]),
                                                                              _LIVE)) if n is not None)
    return found
