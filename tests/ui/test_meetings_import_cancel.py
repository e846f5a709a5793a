"""Cancel while meeting requests are being written (issue 20): the import's progress
dialog counts the rows, and a click on its Cancel button half-way (after a first batch
is already written in the transaction) leaves the database as it was."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.services import audit_log, meetings
from pr_desk.services.meetings.importing import BATCH
from pr_desk.spreadsheets.meetings import MEETING_COLUMNS
from pr_desk.ui.kit.import_flow import ImportPreviewDialog
from pr_desk.ui.kit.progress import ProgressDialog
from pr_desk.ui.meetings import import_dialog
from tests.databases import fresh_office


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    yield db, admin, mayor
    db.dispose()


def big_file(path: Path, rows: int) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("requests")
    ws.append([key for key, _label in MEETING_COLUMNS])
    for i in range(rows):
        first = f"{100_000_000 + i:09d}"
        ws.append([first + str(national_code_check_digit(first)), "مریم", "احمدی", "", "6", "شهردار تهران", "", "",
                   f"درخواست {i}", "1404/09/01", "", ""])
    wb.save(path)
    return path


def test_cancel_half_way_through_the_write_leaves_the_database_as_it_was(qtbot, office, no_modal_boxes, monkeypatch,
                                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin, mayor = office
    before = audit_log.count_entries(db, admin)
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: (self.accept(), int(self.result()))[1])
    first_batch_written = threading.Event()
    seen: list[str] = []
    real = import_dialog.import_meetings

    def held_after_first_batch(office_, actor, rows, progress):  # type: ignore[no-untyped-def]
        def tick(done: int, total: int) -> None:
            progress(done, total)  # the kit's tick: raises once Cancel was pressed
            if done >= BATCH:
                first_batch_written.set()
                for _ in range(400):  # waits for the click (the next batch would follow)
                    time.sleep(0.05)
                    progress(done, total)

        return real(office_, actor, rows, progress=tick)

    monkeypatch.setattr(import_dialog, "import_meetings", held_after_first_batch)
    clicked: list[ProgressDialog] = []

    def click_cancel() -> None:
        if clicked or not first_batch_written.is_set():
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, ProgressDialog) and widget.isVisible() and widget.cancel_button.isVisible():
                seen.append(f"{widget.label.text()}|{widget.bar.maximum()}")
                qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
                clicked.append(widget)
                return

    poll = QTimer()
    poll.timeout.connect(click_cancel)
    poll.start(50)
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    try:
        ws.import_file(big_file(tmp_path / "requests.xlsx", BATCH + 20))
    finally:
        poll.stop()
    assert clicked, "the progress dialog with its Cancel button was shown"
    text, maximum = seen[0].split("|")
    assert "در حال ورود درخواست‌های ملاقات" in text and maximum == str(BATCH + 20)  # the rows counted
    assert meetings.count_queue(db, admin, official_id=mayor.id) == 0
    assert meetings.list_citizens(db, admin) == []
    assert audit_log.count_entries(db, admin) == before
    assert any("ورود لغو شد" in text for text in no_modal_boxes)
