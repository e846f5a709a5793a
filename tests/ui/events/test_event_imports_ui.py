"""Event planning's imports in the app, through the kit's import flow driven with qtbot:
a clean events file imported by clicking Import in the real preview dialog; a guest list
with bad rows named one by one and Import not offered (nothing written)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pr_desk.data.events.models import Event, Guest
from pr_desk.services.context import read
from pr_desk.ui.events import imports as ui_imports
from pr_desk.ui.kit.import_flow import ImportPreviewDialog, run_import
from tests.ui.kit.test_import_flow import _headers, office, when_preview_shows  # noqa: F401  (the office fixture)


def _workbook(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with read(db) as s:
        return s.query(model).count()


def test_events_then_guests_imported_from_the_preview(qtbot, office, tmp_path: Path, no_modal_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db, admin = office
    parent = QWidget()
    qtbot.addWidget(parent)
    events = _workbook(tmp_path / "events.xlsx", ["کد رویداد", "نوع رویداد", "عنوان رویداد", "تاریخ شروع", "تاریخ پایان"],
                       [["", "جشن", "جشن روز تهران", "1405/07/14", ""], ["E1405-030", "جشنواره", "جشنواره مطبوعات", "1405/05/16",
                                                                            "1405/05/18"]])
    shown: list[list[str]] = []

    def press_import(dialog: ImportPreviewDialog) -> None:
        assert dialog.import_button is not None
        assert _headers(dialog)[:4] == ["ردیف", "کد رویداد", "عنوان رویداد", "نوع رویداد"]
        shown.append([dialog.model.index(1, c).data() for c in range(dialog.model.columnCount())])
        dialog.grab().save("/tmp/work/shots/event_import_preview.png")
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    seen = when_preview_shows(qtbot, press_import)
    result = run_import(parent, ui_imports.events_import_spec(parent, db, admin), events)
    assert len(seen) == 1 and result is not None and result.events_added == 2
    assert "E1405-030" in shown[0][1] and "۱۴۰۵/۰۵/۱۶" in shown[0][4]
    assert no_modal_boxes and "۲" in no_modal_boxes[-1]

    guests = _workbook(tmp_path / "guests.xlsx", ["عنوان احترام", "نام مهمان", "تلفن همراه", "رده تشریفات"],
                       [["سرکار خانم دکتر", "مریم احمدی", "09121234567", "معاون شهردار"], ["عالیجناب", "", "0912", "سلطان"]])
    looked: list[list[str]] = []

    def look_then_close(dialog: ImportPreviewDialog) -> None:
        assert dialog.import_button is None  # only Close while a row is wrong
        looked.extend([[dialog.model.index(r, c).data() for c in range(4)] for r in range(dialog.model.rowCount())])
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = when_preview_shows(qtbot, look_then_close)
    assert run_import(parent, ui_imports.guests_import_spec(parent, db, admin, "E1405-030"), guests) is None
    assert [row[1] for row in looked] == ["عنوان احترام", "نام مهمان", "تلفن همراه", "رده تشریفات"]
    assert all(row[0] == "۳" for row in looked)
    assert _count(db, Guest) == 0 and _count(db, Event) == 2
