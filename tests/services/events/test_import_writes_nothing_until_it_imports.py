"""A new office's first events or guests import writes nothing until it imports (issue 14):
the preview, the check and the template compare against the default types, checklists and
protocol ranks without writing them; a refused or cancelled import leaves them unwritten
too; the import that goes through writes them in its own one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from pr_desk.data.events.models import ChecklistItem, Event, EventType, Guest, ProtocolRank
from pr_desk.domain.event_imports import EventImportRow, GuestImportRow
from pr_desk.domain.importing import ImportRejected
from pr_desk.services import audit_log
from pr_desk.services.context import read
from pr_desk.services.events import importing as imp


class Cancelled(Exception):
    pass


def _rows(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with read(db) as s:
        return {m.__name__: s.query(m).count() for m in (EventType, ChecklistItem, ProtocolRank, Event, Guest)}


def _state(db, admin) -> tuple[dict[str, int], int]:  # type: ignore[no-untyped-def]
    return _rows(db), audit_log.count_entries(db, admin)


def _book(path: Path, *rows: list[str]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _cancel(done: int, total: int) -> None:
    if done:
        raise Cancelled


def test_the_first_events_import_writes_the_defaults_only_when_it_imports(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    start = _state(db, admin)
    assert start[0]["EventType"] == 0 and start[0]["ProtocolRank"] == 0  # a new office: no catalogue yet
    good = _book(tmp_path / "events.xlsx", ["نوع رویداد", "عنوان رویداد", "تاریخ شروع"], ["جشن", "جشن روز تهران", "1405/07/14"])
    preview = imp.preview_events_file(db, admin, good)
    assert preview.clean and [r.type_name for r in preview.rows] == ["جشن"]
    row = EventImportRow(2, "", "جشن", "جشن روز تهران", "", "1405/07/14")
    assert imp.check_events_import(db, admin, [row]) == []
    assert "جشن" in imp.template_lists(db, admin).types and "وزیر" in imp.template_lists(db, admin).ranks
    assert _state(db, admin) == start  # the person may still say no: nothing written

    with pytest.raises(ImportRejected):  # refused: a bad row
        imp.import_events(db, admin, [row, EventImportRow(3, "", "جشن", "", "", "1405/07/15")])
    assert _state(db, admin) == start
    with pytest.raises(Cancelled):  # cancelled while writing
        imp.import_events(db, admin, [row], progress=_cancel)
    assert _state(db, admin) == start

    result = imp.import_events(db, admin, [row])
    after = _rows(db)
    assert result.events_added == 1 and after["Event"] == 1 and after["EventType"] == 6 and after["ChecklistItem"] > 0


def test_the_first_guests_import_writes_the_default_ranks_only_when_it_imports(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    code = imp.import_events(db, admin, [EventImportRow(2, "", "همایش و نشست", "همایش روابط عمومی", "", "1405/10/20")]).codes[0]
    start = _state(db, admin)
    assert start[0]["ProtocolRank"] == 0
    good = _book(tmp_path / "guests.xlsx", ["عنوان احترام", "نام مهمان", "رده تشریفات"], ["جناب آقای", "علی رضایی", "معاون شهردار"])
    preview = imp.preview_guests_file(db, admin, good, event_code=code)
    assert preview.clean, preview.problems
    row = GuestImportRow(2, "جناب آقای", "علی رضایی", rank="معاون شهردار")
    assert imp.check_guests_import(db, admin, [row], event_code=code) == []
    assert _state(db, admin) == start

    with pytest.raises(ImportRejected):
        imp.import_guests(db, admin, [row, GuestImportRow(3, "جناب آقای", "مریم احمدی", rank="امپراتور")], event_code=code)
    assert _state(db, admin) == start
    with pytest.raises(Cancelled):
        imp.import_guests(db, admin, [row], event_code=code, progress=_cancel)
    assert _state(db, admin) == start

    assert imp.import_guests(db, admin, [row], event_code=code).guests_added == 1
    with read(db) as s:
        guest = s.query(Guest).one()
        rank = s.get(ProtocolRank, guest.rank_id)
        assert rank is not None and rank.name == "معاون شهردار"
        assert s.query(ProtocolRank).count() == 13
