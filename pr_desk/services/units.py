"""Units that every workspace refers to: list, add, rename, retire, import from Excel."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pr_desk.data import bulk
from pr_desk.data.engine import Database
from pr_desk.data.ids import new_id
from pr_desk.data.models import Unit
from pr_desk.data.queries import units as unit_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.importing import (
    ImportRejected,
    RowProblem,
    check_row_count,
    check_rows,
    each_cell,
    row_problem,
)
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import clean_user_text, normalize_for_search, to_latin_digits
from pr_desk.domain.units import (
    DISTRICT_COUNT,
    UnitImportRow,
    UnitKind,
    district_unit_code,
    district_unit_name,
    parse_unit_kind,
)
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.importing import ImportPreview, Step, preview_rows
from pr_desk.spreadsheets.units import UNIT_COLUMNS, read_units_file, write_units_template

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MAX_IMPORT_ROWS = 10_000
IMPORT_BATCH = 1000  # new units written per executemany (and per audit batch, and per progress tick)


@dataclass(frozen=True)
class UnitInfo:
    id: uuid.UUID
    code: str
    name: str
    kind: UnitKind
    district: int | None
    retired_on: dt.date | None
    notes: str
    version: int

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def retired(self) -> bool:
        return self.retired_on is not None

    @property
    def status_label(self) -> str:
        return _("Retired") if self.retired else _("Active")


def _info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        kind=UnitKind(unit.kind),
        district=unit.district,
        retired_on=unit.retired_on,
        notes=unit.notes,
        version=unit.version,
    )


def _load(session: Session, unit_id: uuid.UUID) -> Unit:
    unit = unit_queries.by_id(session, unit_id)
    if unit is None:
        raise NotFound(N_("The unit was not found; it may have been removed."))
    return unit


def _check_code(code: str) -> str:
    code = to_latin_digits(code or "").strip().upper()
    if not code:
        raise UserError(N_("The unit code is required."), field="code")
    if len(code) > 20 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        raise UserError(N_("The unit code may have up to 20 Latin letters, digits, - and _."), field="code")
    return code


def _check_name(name: str) -> tuple[str, str]:
    name = require_text(clean_user_text(name or ""), N_("Unit name"), max_len=200, field="name")
    return name, normalize_for_search(name)


def _check_district(kind: UnitKind, district: int | str | None) -> int | None:
    if district in (None, ""):
        if kind is UnitKind.DISTRICT:
            raise UserError(N_("A district PR office needs its district number (1 to 22)."), field="district")
        return None
    try:
        number = int(to_latin_digits(str(district)).strip())
    except ValueError:
        raise UserError(N_("The district must be a number from 1 to 22."), field="district") from None
    if not 1 <= number <= DISTRICT_COUNT:
        raise UserError(N_("The district must be a number from 1 to 22."), field="district")
    return number


def _ensure_unique(session: Session, code: str, name_search: str, own_id: uuid.UUID | None = None) -> None:
    other = unit_queries.by_code_any(session, code)
    if other is not None and other.id != own_id:
        raise UserError(N_("The unit code {code} is already used."), field="code", code=code)
    other = unit_queries.by_name_search(session, name_search)
    if other is not None and other.id != own_id:
        raise UserError(N_("A unit named {name} already exists."), field="name", name=other.name)


def list_units(
    db: Database, actor: Actor, *, offset: int = 0, limit: int | None = None, search: str = "",
    include_retired: bool = True, kind: UnitKind | None = None, sort_key: str | None = None, descending: bool = False,
) -> list[UnitInfo]:
    """A page of units; `sort_key` is a UnitInfo field the list sorts by (see
    data.queries.units.SORT_KEYS; another is refused), None for kind, district and name."""
    require(actor, Permission.VIEW_UNITS)
    with read(db) as session:
        rows = unit_queries.page(
            session, offset=offset, limit=limit, search=normalize_for_search(search),
            include_retired=include_retired, kind=kind.value if kind else None,
            sort_key=sort_key, descending=descending,
        )
        return [_info(u) for u in rows]


def count_units(db: Database, actor: Actor, *, search: str = "", include_retired: bool = True, kind: UnitKind | None = None) -> int:
    require(actor, Permission.VIEW_UNITS)
    with read(db) as session:
        return unit_queries.count(session, search=normalize_for_search(search), include_retired=include_retired, kind=kind.value if kind else None)


def get_unit(db: Database, actor: Actor, unit_id: uuid.UUID) -> UnitInfo:
    require(actor, Permission.VIEW_UNITS)
    with read(db) as session:
        return _info(_load(session, unit_id))


def _next_code(session: Session, kind: UnitKind) -> str:
    prefix = {UnitKind.ORGANISATION: "ORG", UnitKind.COMPANY: "CO", UnitKind.OFFICE: "OFF", UnitKind.DISTRICT: "D"}[kind]
    n = 1
    while unit_queries.by_code_any(session, f"{prefix}-{n:03d}") is not None:
        n += 1
    return f"{prefix}-{n:03d}"


def add_unit(
    db: Database, actor: Actor, *, name: str, kind: UnitKind | str, code: str = "",
    district: int | str | None = None, notes: str = "",
) -> UnitInfo:
    require(actor, Permission.MANAGE_UNITS)
    kind = parse_unit_kind(str(kind.value if isinstance(kind, UnitKind) else kind))
    name, name_search = _check_name(name)
    number = _check_district(kind, district)
    notes = clean_user_text(notes or "")[:2000]
    with write(db, actor) as session:
        final_code = _check_code(code) if code.strip() else (
            district_unit_code(number) if kind is UnitKind.DISTRICT and number else _next_code(session, kind)
        )
        _ensure_unique(session, final_code, name_search)
        unit = Unit(code=final_code, name=name, name_search=name_search, kind=kind.value, district=number, notes=notes)
        session.add(unit)
        session.flush()
        return _info(unit)


def update_unit(
    db: Database, actor: Actor, unit_id: uuid.UUID, *, name: str, kind: UnitKind | str | None = None,
    district: int | str | None = None, notes: str | None = None, expected_version: int | None = None,
) -> UnitInfo:
    """Rename or correct a unit; its code never changes (other records and files cite it)."""
    require(actor, Permission.MANAGE_UNITS)
    name, name_search = _check_name(name)
    with write(db, actor) as session:
        unit = _load(session, unit_id)
        check_version(unit.version, expected_version)
        new_kind = parse_unit_kind(str(kind.value if isinstance(kind, UnitKind) else kind)) if kind else UnitKind(unit.kind)
        number = _check_district(new_kind, district if district is not None else unit.district)
        _ensure_unique(session, unit.code, name_search, own_id=unit.id)
        unit.name, unit.name_search, unit.kind, unit.district = name, name_search, new_kind.value, number
        if notes is not None:
            unit.notes = clean_user_text(notes)[:2000]
        session.flush()
        return _info(unit)


def rename_unit(db: Database, actor: Actor, unit_id: uuid.UUID, name: str, *, expected_version: int | None = None) -> UnitInfo:
    return update_unit(db, actor, unit_id, name=name, expected_version=expected_version)


def retire_unit(db: Database, actor: Actor, unit_id: uuid.UUID, *, on: dt.date | None = None, expected_version: int | None = None) -> UnitInfo:
    """A retired unit stays in every record that cites it; it is no longer offered for new ones."""
    require(actor, Permission.MANAGE_UNITS)
    with write(db, actor) as session:
        unit = _load(session, unit_id)
        check_version(unit.version, expected_version)
        if unit.retired_on is not None:
            raise UserError(N_("This unit is already retired."))
        unit.retired_on = on or JalaliDate.today().to_gregorian()
        session.flush()
        return _info(unit)


def reactivate_unit(db: Database, actor: Actor, unit_id: uuid.UUID, *, expected_version: int | None = None) -> UnitInfo:
    require(actor, Permission.MANAGE_UNITS)
    with write(db, actor) as session:
        unit = _load(session, unit_id)
        check_version(unit.version, expected_version)
        unit.retired_on = None
        session.flush()
        return _info(unit)


def delete_unit(db: Database, actor: Actor, unit_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    """Deletes (as a tombstone) a unit that nothing refers to; a used unit can only retire."""
    require(actor, Permission.MANAGE_UNITS)
    with write(db, actor) as session:
        unit = _load(session, unit_id)
        check_version(unit.version, expected_version)
        if unit.kind == UnitKind.DISTRICT.value:
            raise UserError(N_("District PR offices cannot be deleted; retire the unit instead."))
        if unit_queries.reference_count(session, unit.id):
            raise UserError(N_("This unit is used by other records, so it cannot be deleted; retire it instead."))
        from pr_desk.data.types import utcnow

        unit.deleted_at = utcnow()


def seed_districts(session: Session) -> int:
    """The 22 district PR offices every office starts with (inside the caller's transaction)."""
    added = 0
    for district in range(1, DISTRICT_COUNT + 1):
        code = district_unit_code(district)
        if unit_queries.by_code_any(session, code) is None:
            name = district_unit_name(district)
            session.add(Unit(code=code, name=name, name_search=normalize_for_search(name), kind=UnitKind.DISTRICT.value, district=district, notes=""))
            added += 1
    session.flush()
    return added


# --- import from Excel -------------------------------------------------------------

def save_units_template(out: Path) -> Path:
    """The empty units spreadsheet to fill, written whole or not at all."""
    return write_units_template(out)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    problems: list[RowProblem] = field(default_factory=list)


_Checked = tuple[int, str, str, str, UnitKind, int | None, str]


def _check_row(row: UnitImportRow, seen_codes: dict[str, int], seen_names: dict[str, int]) -> _Checked:
    """One row validated on its own and against the rows of the file above it; each cell
    on its own, so a row with several bad cells names every one."""
    try:
        kind_or_none: UnitKind | None = parse_unit_kind(row.kind or "")
    except UserError:
        kind_or_none = None  # the kind cell's own problem; the district is checked as any unit's
    kind, (name, name_search), number, typed_code = each_cell(
        lambda: parse_unit_kind(row.kind or ""),
        lambda: _check_name(row.name),
        lambda: _check_district(kind_or_none or UnitKind.ORGANISATION, row.district),
        lambda: _check_code(row.code) if (row.code or "").strip() else "",
    )
    code = typed_code or (district_unit_code(number) if kind is UnitKind.DISTRICT and number else "")
    if not code:
        raise UserError(N_("The unit code is required."), field="code")
    if code in seen_codes:
        raise UserError(N_("The code {code} is repeated (row {row})."), field="code", code=code, row=seen_codes[code])
    if name_search in seen_names:
        raise UserError(N_("The name is repeated (row {row})."), field="name", row=seen_names[name_search])
    seen_codes[code], seen_names[name_search] = row.row_number, row.row_number
    return (row.row_number, code, name, name_search, kind, number, clean_user_text(row.notes or "")[:2000])


def _checked_rows(rows: Sequence[UnitImportRow]) -> tuple[list[_Checked], list[RowProblem]]:
    """Every row validated on its own and against the other rows of the file."""
    check_row_count(rows, MAX_IMPORT_ROWS)
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    return check_rows(rows, lambda row: _check_row(row, seen_codes, seen_names), UNIT_COLUMNS)


class _UnitIndex:
    """The units of the database by code (deleted ones too) and by name (live ones), from
    one query: a whole file checked against them without a query per row. An import
    keeps it up to date as it adds and renames, as the database would be row by row."""

    def __init__(self, session: Session) -> None:
        self.by_code: dict[str, Any] = {}
        self.by_name: dict[str, Any] = {}
        for unit in unit_queries.every_unit(session):
            self.by_code.setdefault(unit.code.strip().upper(), unit)
            if unit.deleted_at is None:
                self.by_name.setdefault(unit.name_search, unit)

    def existing(self, code: str) -> Any:
        return self.by_code.get(code.strip().upper())

    def problem(self, row: UnitImportRow, code: str, name_search: str) -> RowProblem | None:
        """Why a checked row cannot go into this database (a name or code taken), or None."""
        existing = self.existing(code)
        clash = self.by_name.get(name_search)
        if clash is not None and (existing is None or clash.id != existing.id):
            error = UserError(N_("A unit named {name} already exists."), field="name", name=clash.name)
        elif existing is not None and existing.deleted_at is not None:
            error = UserError(N_("The unit code {code} is already used."), field="code", code=code)
        else:
            return None
        return row_problem(row, error, dict(UNIT_COLUMNS), {})


def _database_problems(session: Session, rows: Sequence[UnitImportRow], checked: Sequence[_Checked]) -> list[RowProblem]:
    by_number = {row.row_number: row for row in rows}
    index = _UnitIndex(session)
    found = (index.problem(by_number[number], code, name_search) for number, code, _n, name_search, *_r in checked)
    return [problem for problem in found if problem is not None]


def check_units_import(db: Database, actor: Actor, rows: Sequence[UnitImportRow]) -> list[RowProblem]:
    """What import_units would refuse, found without writing anything (for a preview)."""
    require(actor, Permission.MANAGE_UNITS)
    checked, problems = _checked_rows(rows)
    with read(db) as session:
        problems.extend(_database_problems(session, rows, checked))
    return sorted(problems, key=lambda p: p.row_number)


def import_units(db: Database, actor: Actor, rows: Sequence[UnitImportRow], *,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """All rows or none. A row whose code exists updates that unit; a new code adds one.
    Set-based: the file checked against every unit from one query, the new units written
    in executemany batches with their audit entries as one batch each (changed ones as
    records). `progress(done, total)` is told before the write and after each batch; an
    exception it raises (a Cancel) rolls the one transaction back: nothing is written."""
    require(actor, Permission.MANAGE_UNITS)
    checked, problems = _checked_rows(rows)
    if problems:
        raise ImportRejected(problems)
    updated = unchanged = 0
    by_number = {row.row_number: row for row in rows}
    total = len(checked)
    with write(db, actor) as session:
        if progress is not None:
            progress(0, total)
        index = _UnitIndex(session)
        now = utcnow()
        added: list[dict[str, Any]] = []
        for row_number, code, name, name_search, kind, number, notes in checked:
            problem = index.problem(by_number[row_number], code, name_search)
            if problem is not None:
                problems.append(problem)
                continue
            existing = index.existing(code)
            if existing is None:
                record = {**bulk.stamps(actor.user_id, now), "id": new_id(), "code": code, "name": name, "name_search": name_search,
                          "kind": kind.value, "district": number, "retired_on": None, "notes": notes}
                added.append(record)
                index.by_code[code.strip().upper()] = index.by_name[name_search] = SimpleNamespace(**record)
            elif (existing.name, existing.kind, existing.district, existing.notes) == (name, kind.value, number, notes):
                unchanged += 1
            else:
                old_key = existing.name_search
                if index.by_name.get(old_key) is existing:
                    del index.by_name[old_key]
                existing.name, existing.name_search, existing.kind, existing.district = name, name_search, kind.value, number
                existing.notes = notes
                index.by_name[name_search] = existing
                updated += 1
        if problems:
            raise ImportRejected(problems)  # rolls the whole transaction back
        session.flush()  # the changed units, with their audit entries
        for start in range(0, len(added), IMPORT_BATCH):
            batch = added[start:start + IMPORT_BATCH]
            bulk.insert_rows(session, Unit, batch)
            bulk.audit_inserts(session, "unit", batch)
            if progress is not None:
                progress(total - len(added) + start + len(batch), total)
        if progress is not None and not added:
            progress(total, total)
    return ImportResult(len(added), updated, unchanged)


def preview_units_file(db: Database, actor: Actor, path: Path, *, step: Step | None = None,
                       checked: bool = True) -> ImportPreview[list[UnitImportRow]]:
    """The units spreadsheet at `path` read and checked (only read: `checked=False`),
    nothing written (the preview)."""
    require(actor, Permission.MANAGE_UNITS)
    return preview_rows(path, read_units_file, lambda rows: (rows, check_units_import(db, actor, rows)), step, checked=checked)
