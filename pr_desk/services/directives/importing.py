"""Importing the office's existing register of directives from a spreadsheet: all rows or
none, every bad row named with its column and what it holds. Each row becomes an issued
directive (version 1) with its own number, sent on its issue date to the units it names
(unit codes, or "all districts"); a number already in the register or repeated in the
file, an unknown unit code or kind, a bad date, formula text or control characters refuse
the file and nothing is written."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pr_desk.data import bulk
from pr_desk.data import search as search_index
from pr_desk.data.directives import queries as q
from pr_desk.data.directives.models import (
    Directive,
    DirectiveKind,
    DirectiveRecipient,
    DirectiveVersion,
)
from pr_desk.data.engine import Database
from pr_desk.data.ids import new_id
from pr_desk.data.models import Unit
from pr_desk.data.transactions import Session
from pr_desk.data.types import utcnow
from pr_desk.domain.directives import (
    DEFAULT_ACK_WORKING_DAYS,
    DEFAULT_KINDS,
    MAX_BODY,
    MAX_TITLE,
    DirectiveImportRow,
    DirectiveStatus,
    VersionStatus,
    check_dates,
    check_text,
    split_tags,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.importing import (
    ImportRejected,
    RowProblem,
    check_row_count,
    check_rows,
    each_cell,
)
from pr_desk.domain.jalali import JalaliDate, parse_jalali
from pr_desk.domain.meetings import due_date_for
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import clean_user_text, search_key, to_latin_digits
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, read, require, write
from pr_desk.services.directives.types import today
from pr_desk.services.importing import ImportPreview, Step, preview_rows
from pr_desk.spreadsheets.directives import (
    ALL_DISTRICTS,
    DIRECTIVE_COLUMNS,
    read_directives_file,
    write_directives_template,
)

__all__ = [
    "DirectiveImportResult", "apply_directives_import", "check_directives_import", "import_directives",
    "preview_directives_file", "save_directives_template",
]

MAX_IMPORT_ROWS = 50_000  # a whole office register at once (issue 20: 10,000 in the bench)
BATCH = 1000  # directives written per executemany (with their versions and recipients), per audit batch, per progress tick
_NUMBER = re.compile(r"^[\w\u200c-]+(?:/[\w\u200c-]+){0,5}$")
_SCHEME = re.compile(r"^([^/]+)/(1[2-5]\d\d)/(\d+)$")  # prefix/Jalali year/serial, as the office issues them
_FORMULA = ("=", "+", "-", "@")  # a number or code never starts with these
_FORMULA_TEXT = ("=", "+", "@")  # nor does text ("- " starts many a line of a body)
_ALL = {search_key(word) for word in ("all districts", "all", "همه مناطق", "همه مناطق ۲۲ گانه", "همه مناطق ۲۲‌گانه", "همه")}
_SEPARATORS = re.compile(r"[,،;؛\n]+")


@dataclass(frozen=True)
class DirectiveImportResult:
    directives_added: int
    recipients_added: int


@dataclass(frozen=True)
class _Checked:
    row_number: int
    number: str
    kind_key: str  # the kind's code
    title: str
    issuer: str
    tags: str
    body: str
    approved_on: dt.date | None
    issued_on: dt.date
    effective_on: dt.date
    expires_on: dt.date | None
    unit_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True)
class _KindRef:
    code: str
    name: str
    prefix: str


def _plain(value: str, *, field: str, label: str, multiline: bool = False) -> str:
    """The cell as typed, refused if it hides control characters or starts like a formula."""
    text = value or ""
    allowed = "\n\t\r" if multiline else "\t"
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise UserError(N_("{label} holds invisible control characters; type it again as plain text."), field=field, label=label)
    if text.lstrip().startswith(_FORMULA_TEXT):
        raise UserError(N_("{label} starts with {sign}, which a spreadsheet would run as a formula."), field=field, label=label,
                        sign=text.lstrip()[0])
    return text


def _number(value: str) -> str:
    text = _plain(value, field="number", label=N_("Number"))
    cleaned = "/".join(part.strip() for part in to_latin_digits(clean_user_text(text)).split("/"))
    if not cleaned:
        raise UserError(N_("{label} is required."), field="number", label=N_("Number"))
    if len(cleaned) > 40 or not _NUMBER.match(cleaned) or cleaned.startswith(_FORMULA):
        raise UserError(N_("“{text}” is not a directive number such as د/1403/012."), field="number", text=cleaned[:40])
    return cleaned


def _date(value: str, field: str, *, required: bool = False) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise UserError(N_("{label} is required."), field=field, label=dict(DIRECTIVE_COLUMNS)[field])
        return None
    try:
        return parse_jalali(text).to_gregorian()
    except UserError as exc:
        raise UserError(exc.message, field=field, **exc.params) from None


def _kind(value: str, kinds: dict[str, _KindRef]) -> _KindRef:
    key = search_key(_plain(value, field="kind", label=N_("Kind")))
    if not key:
        raise UserError(N_("{label} is required."), field="kind", label=N_("Kind"))
    for kind in kinds.values():
        if key in (search_key(kind.name), search_key(kind.prefix), search_key(kind.code)):
            return kind
    raise UserError(N_("There is no kind of directive called {text}."), field="kind", text=(value or "").strip()[:40])


def _recipients(value: str, units: dict[str, Unit]) -> tuple[uuid.UUID, ...]:
    text = _plain(value, field="recipients", label=N_("Recipients"))
    chosen: dict[uuid.UUID, None] = {}
    for part in _SEPARATORS.split(text):
        if not part.strip():
            continue
        if search_key(part) in _ALL or search_key(part) == search_key(_(ALL_DISTRICTS)):
            chosen.update({u.id: None for u in units.values() if u.kind == UnitKind.DISTRICT.value})
            continue
        for code in to_latin_digits(clean_user_text(part)).upper().split():
            unit = units.get(code)
            if unit is None:
                raise UserError(N_("There is no active unit with the code {code}."), field="recipients", code=code[:20])
            chosen[unit.id] = None
    return tuple(chosen)


def _check_row(row: DirectiveImportRow, kinds: dict[str, _KindRef], units: dict[str, Unit], seen: dict[str, int],
               taken: set[str]) -> _Checked:
    number, kind, title, issuer, tags, body, approved, issued, effective, expires, unit_ids = each_cell(
        lambda: _number(row.number),
        lambda: _kind(row.kind, kinds),
        lambda: check_text(_plain(row.title, field="title", label=N_("Title")), field="title", label=N_("Title"), limit=MAX_TITLE),
        lambda: check_text(_plain(row.issuer, field="issuer", label=N_("Issuer")), field="issuer", label=N_("Issuer"), limit=200,
                           required=False),
        lambda: "\n".join(split_tags(clean_user_text(_plain(row.tags, field="tags", label=N_("Subject tags"))))),
        lambda: check_text(_plain(row.body, field="body", label=N_("Text"), multiline=True), field="body", label=N_("Text"),
                           limit=MAX_BODY, required=False),
        lambda: _date(row.approved_on, "approved_on"),
        lambda: _date(row.issued_on, "issued_on", required=True),
        lambda: _date(row.effective_on, "effective_on"),
        lambda: _date(row.expires_on, "expires_on"),
        lambda: _recipients(row.recipients, units),
    )
    assert issued is not None
    if issued > today():
        raise UserError(N_("The issue date is in the future; only directives already issued are imported."), field="issued_on")
    effective = effective or issued
    check_dates(approved_on=approved, issued_on=issued, effective_on=effective, expires_on=expires)
    scheme = _SCHEME.match(number)
    if scheme and scheme.group(1) != kind.prefix:
        raise UserError(N_("The number starts with {prefix}, but a {kind} is numbered with {own}."), field="number",
                        prefix=scheme.group(1), kind=kind.name, own=kind.prefix)
    if number in seen:
        raise UserError(N_("The number {number} is repeated (row {row})."), field="number", number=number, row=seen[number])
    if number in taken:
        raise UserError(N_("The register already has a directive numbered {number}."), field="number", number=number)
    seen[number] = row.row_number
    return _Checked(row.row_number, number, kind.code, title, issuer, tags, body, approved, issued, effective, expires, unit_ids)


def _context(session: Session, rows: Sequence[DirectiveImportRow]) -> tuple[dict[str, _KindRef], dict[str, Unit], set[str]]:
    """The kinds (the five defaults while the register has none), the active units by
    code and the numbers of the file that the register already has."""
    stored = q.kinds(session, include_retired=True)
    kinds = ({k.code: _KindRef(k.code, k.name, k.prefix) for k in stored} if stored
             else {k.code: _KindRef(k.code, k.name, k.prefix) for k in DEFAULT_KINDS})
    units = {u.code.upper(): u for u in q.units(session)}
    wanted = {"/".join(p.strip() for p in to_latin_digits(clean_user_text(r.number or "")).split("/")) for r in rows}
    taken = q.numbers_taken(session, wanted)
    return kinds, units, taken


def _checked(session: Session, rows: Sequence[DirectiveImportRow]) -> tuple[list[_Checked], list[RowProblem]]:
    check_row_count(rows, MAX_IMPORT_ROWS)
    kinds, units, taken = _context(session, rows)
    seen: dict[str, int] = {}
    return check_rows(rows, lambda row: _check_row(row, kinds, units, seen, taken), DIRECTIVE_COLUMNS)


def check_directives_import(db: Database, actor: Actor, rows: Sequence[DirectiveImportRow]) -> list[RowProblem]:
    """What import_directives would refuse, without writing anything (for the preview)."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    with read(db) as session:
        return _checked(session, rows)[1]


def _kind_rows(session: Session) -> dict[str, DirectiveKind]:
    if not q.kinds(session, include_retired=True):
        for order, kind in enumerate(DEFAULT_KINDS):
            session.add(DirectiveKind(code=kind.code, name=kind.name, prefix=kind.prefix, sort_order=order))
        session.flush()
    return {k.code: k for k in q.kinds(session, include_retired=True)}


def import_directives(db: Database, actor: Actor, rows: Sequence[DirectiveImportRow], *,
                      progress: Callable[[int, int], None] | None = None) -> DirectiveImportResult:
    """All rows or none: each row an issued directive with its own number, sent to its units
    on its issue date (acknowledgement due after the usual working days).

    Set-based: the file checked against the kinds, the units and the numbers taken (one
    query each per 500 numbers), then written in executemany batches of BATCH directives
    (their versions and recipients with them), each batch's audit entries as one batch.
    `progress(done, total)` is told after each batch; an exception it raises (a Cancel)
    rolls the one transaction back: nothing is written."""
    require(actor, Permission.MANAGE_DIRECTIVES)
    require(actor, Permission.APPROVE_DIRECTIVES)  # they arrive issued
    with write(db, actor) as session:
        checked, problems = _checked(session, rows)
        if problems:
            raise ImportRejected(problems)
        from pr_desk.services.office_settings import load_settings

        total = len(checked)
        if progress is not None:
            progress(0, total)
        calendar = load_settings(session).calendar
        kinds = _kind_rows(session)
        now = utcnow()
        stamps = bulk.stamps(actor.user_id, now)
        blank = {model: {**bulk.column_defaults(model), **stamps} for model in (Directive, DirectiveVersion, DirectiveRecipient)}
        due_on: dict[dt.date, dt.date | None] = {}
        recipients = 0
        ordered = sorted(checked, key=lambda c: (c.issued_on, c.row_number))
        # the search index's marks by one statement per kind after the rows, not a trigger per row
        with search_index.marks_after_inserts(session.connection(), ("directive", "directive_version")):
            for start in range(0, total, BATCH):
                directives: list[dict[str, Any]] = []
                versions: list[dict[str, Any]] = []
                sent: list[dict[str, Any]] = []
                for c in ordered[start:start + BATCH]:
                    directive_id = new_id()
                    directives.append({
                        **blank[Directive], "id": directive_id, "number": c.number, "number_search": search_key(c.number),
                        "kind_id": kinds[c.kind_key].id, "title": c.title, "title_search": search_key(c.title), "tags": c.tags,
                        "issuer": c.issuer, "status": DirectiveStatus.IN_FORCE.value,
                        "issued_year": JalaliDate.from_gregorian(c.issued_on).year, "current_version": 1})
                    versions.append({
                        **blank[DirectiveVersion], "id": new_id(), "directive_id": directive_id, "number": 1,
                        "status": VersionStatus.ISSUED.value, "body": c.body, "body_search": search_key(c.body), "change_note": "",
                        "approved_on": c.approved_on, "issued_on": c.issued_on, "effective_on": c.effective_on,
                        "expires_on": c.expires_on, "issued_at": now, "issued_by": actor.user_id})
                    if c.issued_on not in due_on:
                        due_on[c.issued_on] = due_date_for(c.issued_on, DEFAULT_ACK_WORKING_DAYS, calendar)
                    sent.extend({**blank[DirectiveRecipient], "id": new_id(), "directive_id": directive_id, "unit_id": unit_id,
                                 "communicated_on": c.issued_on, "ack_due": due_on[c.issued_on]} for unit_id in c.unit_ids)
                bulk.insert_rows(session, Directive, directives)
                bulk.insert_rows(session, DirectiveVersion, versions)
                bulk.insert_rows(session, DirectiveRecipient, sent)
                bulk.audit_inserts(session, "directive", directives)
                bulk.audit_inserts(session, "directive_version", versions)
                bulk.audit_inserts(session, "directive_recipient", sent)
                recipients += len(sent)
                if progress is not None:
                    progress(min(start + BATCH, total), total)
        return DirectiveImportResult(total, recipients)


def preview_directives_file(db: Database, actor: Actor, path: Path, *, step: Step | None = None, checked: bool = True
                            ) -> ImportPreview[list[DirectiveImportRow]]:
    """The register spreadsheet at `path` read and checked (only read: `checked=False`), nothing written."""
    require(actor, Permission.MANAGE_DIRECTIVES)

    def check(rows: list[DirectiveImportRow]) -> tuple[Sequence[Any], Sequence[RowProblem]]:
        return rows, check_directives_import(db, actor, rows)

    return preview_rows(path, read_directives_file, check, step, checked=checked)


def apply_directives_import(db: Database, actor: Actor, preview: ImportPreview[list[DirectiveImportRow]]) -> DirectiveImportResult:
    """Imports the previewed rows, all or none (ImportRejected if the register changed since)."""
    return import_directives(db, actor, preview.content)


def save_directives_template(out: Path) -> Path:
    """The empty register spreadsheet to fill, written whole or not at all."""
    return write_directives_template(out)

