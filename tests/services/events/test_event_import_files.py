"""The events and guests imports against bad files and at size: a malformed workbook is one
clear sentence naming the file with the database unchanged (the same flaws every import is
tested with), and the checks are set-based: a file of 400 rows asks the database as many
questions as a file of 4 (issue 20: one lookup per kind, not per row)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from pr_desk.data.events.models import Event, Guest
from pr_desk.domain.errors import UserError
from pr_desk.domain.event_imports import EventImportRow, GuestImportRow
from pr_desk.domain.importing import ImportRejected
from pr_desk.services import audit_log
from pr_desk.services.context import read
from pr_desk.services.events import importing as imp
from tests.services import test_bad_workbooks as bad

MARKER = bad.MARKER
SHEETS = {
    "events": (["نوع رویداد", "عنوان رویداد", "تاریخ شروع"], ["جشن", MARKER, "1405/01/20"]),
    "guests": (["عنوان احترام", "نام مهمان"], ["سرکار خانم", MARKER]),
}


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with read(db) as s:
        return s.query(Event).count(), s.query(Guest).count(), 0


@pytest.mark.parametrize("kind", list(SHEETS))
def test_a_malformed_events_or_guests_file_is_one_sentence(office, tmp_path: Path, monkeypatch, kind: str) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    code = imp.import_events(db, admin, [EventImportRow(2, "", "جشن", "جشن روز تهران", "", "1405/07/14")]).codes[0]
    monkeypatch.setitem(bad.SHEETS, kind, SHEETS[kind])
    preview = {"events": lambda path: imp.preview_events_file(db, admin, path),
               "guests": lambda path: imp.preview_guests_file(db, admin, path, event_code=code)}[kind]
    assert preview(bad.good_workbook(kind, tmp_path / "fine.xlsx")).clean
    before = (_counts(db), audit_log.count_entries(db, admin))
    for flaw in bad.FLAWS:
        path = bad.bad_workbook(kind, flaw, tmp_path)
        with pytest.raises(UserError) as refused:
            preview(path)
        assert not isinstance(refused.value, ImportRejected), flaw
        text = refused.value.translated()
        assert path.name in text and "\n" not in text and len(text) < 300, (flaw, text)
    assert (_counts(db), audit_log.count_entries(db, admin)) == before


def _queries(db, call) -> int:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_checks_ask_once_per_kind_not_once_per_row(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    imp.template_lists(db, admin)  # the defaults seeded first

    def events(n: int) -> list[EventImportRow]:
        return [EventImportRow(i + 2, f"E1404-{i + 1:03d}" if i % 2 else "", "همایش و نشست", f"همایش {i}", "D01",
                               "1404/03/10", "09:00", "", "12:00", "", "", "") for i in range(n)]

    small = _queries(db, lambda: imp.check_events_import(db, admin, events(4)))
    large = _queries(db, lambda: imp.check_events_import(db, admin, events(400)))
    assert large == small
    result = imp.import_events(db, admin, events(400))
    assert len(result.codes) == len(set(result.codes)) == 400

    def guests(n: int) -> list[GuestImportRow]:
        return [GuestImportRow(i + 2, "جناب آقای", f"مهمان {i}", "", "", "09121234567", "سایر", "", "") for i in range(n)]

    code = result.codes[0]
    small = _queries(db, lambda: imp.check_guests_import(db, admin, guests(4), event_code=code))
    large = _queries(db, lambda: imp.check_guests_import(db, admin, guests(400), event_code=code))
    assert large == small
    assert imp.import_guests(db, admin, guests(400), event_code=code).guests_added == 400
