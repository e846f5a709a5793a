"""Cancel half-way through every import's write (issue 20): each workspace's import, as
its page builds it for the kit's import flow, shows the rows written on a progress dialog
with a Cancel button; a click on it after a first batch is written (inside the one
transaction) leaves the database exactly as it was, byte for byte of its dump. The
meeting requests' own test is tests/ui/test_meetings_import_cancel.py."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pr_desk.ui.kit import import_flow
from pr_desk.ui.kit.import_flow import ImportPreviewDialog, ImportSpec
from pr_desk.ui.kit.progress import ProgressDialog
from tests.databases import fresh_office


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "office.sqlite"
    db, admin = fresh_office(str(path), admin_username="admin", admin_display_name="مدیر سامانه",
                                      admin_password="admin-pass-1405")
    yield db, admin, path
    db.dispose()


def _workbook(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: what "the database as it was" means here."""
    with sqlite3.connect(path) as con:
        return list(con.iterdump())


def cancel_after_first_batch(qtbot, parent: QWidget, spec: ImportSpec[Any], file: Path, db_path: Path,  # type: ignore[no-untyped-def]
                             monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str], list[str], list[str]]:
    """Runs `spec` on `file` through the kit's flow (Import pressed on the preview), holds
    the write after its first batch and clicks Cancel on the progress dialog then. Returns
    the flow's result, the database's dump before the write and after, and what the
    progress dialog said when Cancel was clicked."""
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: (self.accept(), int(self.result()))[1])
    first_batch_written = threading.Event()
    before: list[str] = []
    real = spec.apply

    def held_after_first_batch(office_, actor, content, progress):  # type: ignore[no-untyped-def]
        before.extend(_dump(db_path))  # the database as the write finds it (a preview may seed lists)

        def tick(done: int, total: int) -> None:
            progress(done, total)  # the kit's tick: raises once Cancel was pressed
            if done > 0:
                first_batch_written.set()
                for _ in range(400):  # waits for the click (the next batch would follow)
                    time.sleep(0.05)
                    progress(done, total)

        return real(office_, actor, content, progress=tick)

    said: list[str] = []

    def click_cancel() -> None:
        if said or not first_batch_written.is_set():
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, ProgressDialog) and widget.isVisible() and widget.cancel_button.isVisible():
                said.append(f"{widget.label.text()}|{widget.bar.maximum()}")
                qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
                return

    poll = QTimer()
    poll.timeout.connect(click_cancel)
    poll.start(50)
    try:
        result = import_flow.run_import(parent, dataclasses.replace(spec, apply=held_after_first_batch), file)
    finally:
        poll.stop()
    assert said, "the progress dialog with its Cancel button was shown"
    return result, before, _dump(db_path), said


def _units(qtbot, db, admin, tmp_path: Path, monkeypatch) -> tuple[QWidget, ImportSpec[Any], Path, int]:  # type: ignore[no-untyped-def]
    from pr_desk.services import units
    from pr_desk.ui.units_page import UnitsPage

    monkeypatch.setattr(units, "IMPORT_BATCH", 2)
    page = UnitsPage(db, admin)
    rows = [[f"ORG-{400 + i}", f"سازمان شماره {i}", "سازمان وابسته", "", ""] for i in range(5)]
    return page, page.import_spec(), _workbook(tmp_path / "units.xlsx", ["کد", "نام واحد", "نوع", "منطقه", "توضیحات"], rows), 5


def _users(qtbot, db, admin, tmp_path: Path, monkeypatch) -> tuple[QWidget, ImportSpec[Any], Path, int]:  # type: ignore[no-untyped-def]
    from pr_desk.ui.users_page import UsersPage

    page = UsersPage(db, admin)
    rows = [[f"clerk.{i}", f"کارشناس {i}", "کارشناس"] for i in range(3)]
    return page, page.import_spec(), _workbook(tmp_path / "users.xlsx", ["نام کاربری", "نام کامل", "نقش"], rows), 3


def _directives(qtbot, db, admin, tmp_path: Path, monkeypatch) -> tuple[QWidget, ImportSpec[Any], Path, int]:  # type: ignore[no-untyped-def]
    from pr_desk.services.directives import importing
    from pr_desk.spreadsheets.directives import DIRECTIVE_COLUMNS
    from pr_desk.ui.directives import importing as ui_importing
    from pr_desk.ui.directives.register_page import DirectivesPage

    monkeypatch.setattr(importing, "BATCH", 2)
    page = DirectivesPage(db, admin)
    assert page.import_button.isVisibleTo(page)
    keys = [key for key, _label in DIRECTIVE_COLUMNS]
    rows = [[{"number": f"د/1404/{n:03d}", "kind": "دستورالعمل", "title": f"دستورالعمل شماره {n}", "issued_on": "1404/02/03",
              "recipients": "همه مناطق"}.get(key, "") for key in keys] for n in range(1, 6)]
    return page, ui_importing.directives_import_spec(page, db, admin), _workbook(tmp_path / "directives.xlsx", keys, rows), 5


EVENT_HEADER = ["کد رویداد", "نوع رویداد", "عنوان رویداد", "تاریخ شروع", "تاریخ پایان"]


def _events(qtbot, db, admin, tmp_path: Path, monkeypatch) -> tuple[QWidget, ImportSpec[Any], Path, int]:  # type: ignore[no-untyped-def]
    from pr_desk.services.events import importing
    from pr_desk.ui.events import imports as ui_imports

    monkeypatch.setattr(importing, "BATCH", 2)
    parent = QWidget()
    rows = [["", "جشن", f"جشن محله {i}", "1405/07/14", ""] for i in range(5)]
    return parent, ui_imports.events_import_spec(parent, db, admin), _workbook(tmp_path / "events.xlsx", EVENT_HEADER, rows), 5


def _guests(qtbot, db, admin, tmp_path: Path, monkeypatch) -> tuple[QWidget, ImportSpec[Any], Path, int]:  # type: ignore[no-untyped-def]
    from pr_desk.services.events import importing
    from pr_desk.ui.events import imports as ui_imports

    event = _workbook(tmp_path / "event.xlsx", EVENT_HEADER, [["E1405-030", "جشنواره", "جشنواره مطبوعات", "1405/05/16", "1405/05/18"]])
    importing.import_events(db, admin, importing.preview_events_file(db, admin, event).content)
    monkeypatch.setattr(importing, "BATCH", 2)
    parent = QWidget()
    rows = [["سرکار خانم", f"مریم احمدی {i}", "", "معاون شهردار"] for i in range(5)]
    guests = _workbook(tmp_path / "guests.xlsx", ["عنوان احترام", "نام مهمان", "تلفن همراه", "رده تشریفات"], rows)
    return parent, ui_imports.guests_import_spec(parent, db, admin, "E1405-030"), guests, 5


def _evaluation_form(qtbot, db, admin, tmp_path: Path, monkeypatch) -> tuple[QWidget, ImportSpec[Any], Path, int]:  # type: ignore[no-untyped-def]
    from pr_desk.services import evaluation as ev
    from pr_desk.ui.evaluation.results_view import ResultsView
    from tests.services.evaluation.factories import districts, small_template, staff

    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2 = districts(db, admin, 2)
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=3, template_id=template.id,
                            unit_ids=[d1.id, d2.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id], inspector_id=people.inspector.user_id)
    out = ev.save_form_sheet(db, people.inspector, unit=d1.code, period="1404-Q3", out=tmp_path / "form.xlsx")
    book = load_workbook(out)
    for ref, value in {"C9": 9, "D9": 8, "C10": 5, "D10": 4, "C12": 20, "D12": 15}.items():
        book.worksheets[0][ref] = value
    book.save(out)
    view = ResultsView(db, people.inspector)
    return view, view.form_import_spec(), out, 3


CASES: dict[str, tuple[Callable[..., Any], str, str]] = {
    # import: (setup, words of its progress line, words of its cancelled message)
    "units": (_units, "در حال ورود واحدها", "هیچ واحدی"),
    "users": (_users, "گذرواژه‌های یک‌بارمصرف", "هیچ کاربری"),
    "directives": (_directives, "در حال ورود دستورالعمل‌ها", "هیچ دستورالعملی"),
    "events": (_events, "در حال ورود رویدادها", "هیچ رویدادی"),
    "guests": (_guests, "در حال ورود مهمانان", "هیچ مهمانی"),
    "evaluation form": (_evaluation_form, "در حال ذخیره امتیازهای فرم", "هیچ امتیازی"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_cancel_half_way_through_each_import_leaves_the_database_as_it_was(
        qtbot, office, no_modal_boxes: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    db, admin, path = office
    make, progress_words, cancelled_words = CASES[kind]
    parent, spec, file, rows = make(qtbot, db, admin, tmp_path, monkeypatch)
    qtbot.addWidget(parent)
    assert spec.apply_cancellable and spec.progress_text
    result, before, after, said = cancel_after_first_batch(qtbot, parent, spec, file, path, monkeypatch)
    assert result is None
    text, maximum = said[0].split("|")
    assert progress_words in text and maximum == str(rows), said  # the rows counted
    assert after == before
    assert any(cancelled_words in box for box in no_modal_boxes), no_modal_boxes


def test_the_directive_register_is_imported_from_its_page(qtbot, office, no_modal_boxes: list[str], monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The register page's Import from Excel…: the preview, Import, the rows written, the list reloaded."""
    from pr_desk.services import directives as dv

    db, admin, _path = office
    page, _spec, file, rows = _directives(qtbot, db, admin, tmp_path, monkeypatch)
    qtbot.addWidget(page)
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: (self.accept(), int(self.result()))[1])
    result = page.import_file(file)
    assert result is not None and result.directives_added == rows
    assert dv.count_directives(db, admin) == rows and page.model.rowCount() == rows
    assert any("۵ دستورالعمل" in box for box in no_modal_boxes), no_modal_boxes
