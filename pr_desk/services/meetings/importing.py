"""Importing meeting requests and their citizens from a spreadsheet: all rows or none,
every bad row named with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pr_desk.data import bulk
from pr_desk.data import search as search_index
from pr_desk.data.engine import Database
from pr_desk.data.ids import new_id
from pr_desk.data.meetings import imports as mi
from pr_desk.data.meetings import queries as q
from pr_desk.data.meetings.models import Citizen, MeetingRequest, Official
from pr_desk.data.numbering import next_numbers, replica_prefix
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.importing import (
    ImportRejected,
    RowProblem,
    check_row_count,
    check_rows,
    each_cell,
)
from pr_desk.domain.jalali import TEHRAN, JalaliDate, parse_jalali, to_tehran
from pr_desk.domain.meetings import (
    CHANNEL_LABELS,
    PRIORITY_LABELS,
    SUBJECT_LABELS,
    Channel,
    MeetingImportRow,
    PriorityGroup,
    RequestStatus,
    SubjectCategory,
    check_district,
    parse_choice,
    queue_key_for,
    tracking_code,
)
from pr_desk.domain.mobile import normalize_mobile
from pr_desk.domain.national_code import normalize_national_code
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import normalize_for_search, search_key
from pr_desk.domain.validation import optional_text, require_text
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, require, write
from pr_desk.services.importing import ImportPreview, Step, preview_rows
from pr_desk.services.meetings.requests import (
    _check_description,
    _CitizenFields,
    today,
)
from pr_desk.services.office_settings import load_settings
from pr_desk.spreadsheets.meetings import (
    MEETING_COLUMNS,
    read_meetings_file,
    write_meetings_template,
)

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MAX_IMPORT_ROWS = 200_000
# Rows written per executemany (and per audit batch, and per progress tick).
BATCH = 2000
# Field names the row checks raise with -> the spreadsheet column they are about.
FIELD_COLUMNS = {"subject_category": "subject", "priority_group": "priority", "date": "registered_on"}


@dataclass(frozen=True)
class _CheckedRow:
    row_number: int
    fields: _CitizenFields
    official: Official
    subject: SubjectCategory
    channel: Channel
    group: PriorityGroup
    description: str
    day: dt.date


@dataclass(frozen=True)
class MeetingImportResult:
    citizens_added: int
    requests_added: int


def save_meetings_template(out: Path) -> Path:
    """The empty meeting requests spreadsheet to fill, written whole or not at all."""
    return write_meetings_template(out)


def _registered_on(text: str) -> dt.date:
    day = parse_jalali(text).to_gregorian() if (text or "").strip() else today()
    if day > today():
        raise UserError(N_("The registration date is in the future."), field="registered_on")
    return day


def _priority_note(group: PriorityGroup | None, text: str) -> str:
    note = optional_text(text, N_("Priority reason"), 200, field="priority_note") or ""
    if group is not None and group is not PriorityGroup.NONE and not note:
        raise UserError(N_("State the reason for the priority (for example the card number)."), field="priority_note")
    return note


def _official(officials: dict[str, Official], text: str) -> Official:
    official = officials.get(search_key(text or ""))
    if official is None:
        raise UserError(N_("No official named “{name}”."), field="official", name=(text or "")[:60])
    return official


def _check_row(row: MeetingImportRow, officials: dict[str, Official]) -> _CheckedRow:
    """Each cell checked on its own (the rules of a request typed in the app), so a row
    with several bad cells names every one of them."""
    code, first, last, mobile, district, group, note, official, subject, channel, description, day = each_cell(
        lambda: normalize_national_code(row.national_code),
        lambda: require_text(row.first_name, N_("First name"), 100, field="first_name"),
        lambda: require_text(row.last_name, N_("Last name"), 100, field="last_name"),
        lambda: normalize_mobile(row.mobile) if (row.mobile or "").strip() else None,
        lambda: check_district(row.district),
        lambda: parse_choice(PriorityGroup, row.priority or PriorityGroup.NONE, PRIORITY_LABELS, "priority_group"),
        lambda: _priority_note(_group_or_none(row.priority), row.priority_note),
        lambda: _official(officials, row.official),
        lambda: parse_choice(SubjectCategory, row.subject or SubjectCategory.OTHER, SUBJECT_LABELS, "subject_category"),
        lambda: parse_choice(Channel, row.channel or Channel.IN_PERSON, CHANNEL_LABELS, "channel"),
        lambda: _check_description(row.description),
        lambda: _registered_on(row.registered_on),
    )
    fields = _CitizenFields(code, first, last, mobile, district, group, note, "")
    return _CheckedRow(row.row_number, fields, official, subject, channel, group, description, day)


def _group_or_none(text: str) -> PriorityGroup | None:
    """The priority group a cell names, or None when it names none (that cell's own problem)."""
    try:
        return parse_choice(PriorityGroup, text or PriorityGroup.NONE, PRIORITY_LABELS, "priority_group")
    except UserError:
        return None


def _check_rows(session: Session, rows: Sequence[MeetingImportRow]) -> tuple[list[_CheckedRow], list[RowProblem]]:
    """Every row checked against the officials in the database: the good rows ready to
    write, and each bad row with its reason."""
    officials: dict[str, Official] = {}
    for o in q.officials(session):
        for name in (o.name, f"{o.title} {o.name}", f"{o.title} — {o.name}", o.title):
            officials.setdefault(search_key(name), o)
    return check_rows(rows, lambda row: _check_row(row, officials), MEETING_COLUMNS, aliases=FIELD_COLUMNS)


def check_meetings_import(db: Database, actor: Actor, rows: Sequence[MeetingImportRow]) -> list[RowProblem]:
    """What import_meetings would refuse, without writing anything: each bad row with its
    reason (an empty list: the import would go through). For the preview before importing."""
    require(actor, Permission.MANAGE_MEETINGS)
    check_row_count(rows, MAX_IMPORT_ROWS)
    with read(db) as session:
        return _check_rows(session, rows)[1]


def _registered(day: dt.date, index: int) -> tuple[dt.datetime, dt.date, int]:
    """When the file's `index`th request (in registration order) counts as registered: 8:00
    Tehran time on its day, a second apart in the file's order; its day and Jalali year."""
    at = dt.datetime.combine(day, dt.time(8, 0), tzinfo=TEHRAN) + dt.timedelta(seconds=index)
    registered_on = to_tehran(at).date()
    return at, registered_on, JalaliDate.from_gregorian(registered_on).year


def import_meetings(db: Database, actor: Actor, rows: Sequence[MeetingImportRow], *,
                    progress: Callable[[int, int], None] | None = None) -> MeetingImportResult:
    """All rows or none. A known national code reuses its citizen; each row adds a request
    with a new tracking code, in the order of the rows' registration dates.

    Set-based: the citizens a file names are found by one query per 500 codes, each year's
    tracking codes taken as one block, the rows written in executemany batches with their
    audit entries as one batch each. `progress(done, total)` is told after each batch; an
    exception it raises (a Cancel) rolls the one transaction back: nothing is written."""
    require(actor, Permission.MANAGE_MEETINGS)
    check_row_count(rows, MAX_IMPORT_ROWS)
    with write(db, actor) as session:
        checked, problems = _check_rows(session, rows)
        if problems:
            raise ImportRejected(problems)
        total = len(checked)
        if progress is not None:
            progress(0, total)
        checked.sort(key=lambda c: (c.day, c.row_number))
        known = mi.citizens_by_national_codes(session, {c.fields.national_code for c in checked})
        settings = load_settings(session)
        prefix = replica_prefix(session)
        now = utcnow()
        stamps = bulk.stamps(actor.user_id, now)
        per_year: dict[int, int] = {}  # requests of each Jalali year (the series of their tracking codes)
        for index, c in enumerate(checked):
            year = _registered(c.day, index)[2]
            per_year[year] = per_year.get(year, 0) + 1
        next_in_year = {year: next_numbers(session, f"meeting_request:{year}", count) for year, count in sorted(per_year.items())}
        added_citizens = 0
        # the search index's marks by one statement per kind after the rows, not a trigger per row
        with search_index.marks_after_inserts(session.connection(), ("citizen", "meeting_request")):
            for start in range(0, total, BATCH):
                citizens: list[dict[str, Any]] = []
                requests: list[dict[str, Any]] = []
                for index in range(start, min(start + BATCH, total)):
                    c = checked[index]
                    at, registered_on, year = _registered(c.day, index)
                    f = c.fields
                    citizen = known.get(f.national_code)
                    if citizen is None:
                        citizen = known[f.national_code] = (new_id(), f.district)
                        citizens.append({
                            **stamps, "id": citizen[0], "national_code": f.national_code, "first_name": f.first_name,
                            "last_name": f.last_name, "name_search": search_key(f"{f.first_name} {f.last_name}")[:200],
                            "last_name_search": search_key(f.last_name)[:100], "mobile": f.mobile, "district": f.district,
                            "priority_group": f.priority_group.value, "priority_note": f.priority_note, "notes": f.notes,
                        })
                    number = next_in_year[year]
                    next_in_year[year] = number + 1
                    requests.append({
                        **stamps, "id": new_id(), "tracking_code": tracking_code(prefix, year, number), "citizen_id": citizen[0],
                        "official_id": c.official.id, "subject_category": c.subject.value, "channel": c.channel.value,
                        "description": c.description, "description_search": normalize_for_search(c.description),
                        "status": RequestStatus.WAITING.value, "district": citizen[1], "priority_group": c.group.value,
                        "priority_note": f.priority_note if c.group is not PriorityGroup.NONE else "",
                        "queue_rank": settings.priority_rank(c.group), "queue_key": queue_key_for(at), "queue_moved": False,
                        "registered_at": at, "registered_on": registered_on, "no_show_count": 0, "met_on": None,
                        "wait_days": None, "result": "", "satisfaction": None, "closed_on": None, "reopen_reason": "",
                        "cancel_reason": "",
                    })
                bulk.insert_rows(session, Citizen, citizens)
                bulk.insert_rows(session, MeetingRequest, requests)
                bulk.audit_inserts(session, "citizen", citizens)
                bulk.audit_inserts(session, "meeting_request", requests)
                added_citizens += len(citizens)
                if progress is not None:
                    progress(min(start + BATCH, total), total)
        return MeetingImportResult(added_citizens, total)


def preview_meetings_file(db: Database, actor: Actor, path: Path, *, step: Step | None = None,
                          checked: bool = True) -> ImportPreview[list[MeetingImportRow]]:
    """The meeting requests spreadsheet at `path` read and checked (only read:
    `checked=False`), nothing written."""
    require(actor, Permission.MANAGE_MEETINGS)
    return preview_rows(path, read_meetings_file, lambda rows: (rows, check_meetings_import(db, actor, rows)), step,
                        checked=checked)
