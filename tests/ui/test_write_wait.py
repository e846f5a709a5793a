"""A save behind another computer's save on one SQLite file waits its turn and says so
(issue 17 §3: four clerks on one file, bench/clerks_bench.py, had one fail as "busy"
after SQLite's 10 s)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from pr_desk.domain.units import UnitKind
from pr_desk.services import units
from pr_desk.services.office import APP_WRITE_WAIT_SECONDS
from pr_desk.ui.kit.write_wait import WriteWaitNotice, waiting_text
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, admin, tmp_path / "office.sqlite"
    db.dispose()


def test_the_window_waits_its_turn_behind_another_computer_and_says_so(qtbot, office, qapp) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.app import DeskController

    db, admin, path = office
    controller = DeskController(qapp, quit_app=lambda: None)
    controller.db, controller.actor = db, admin
    window = controller.show_main_window()
    qtbot.addWidget(window)
    try:
        assert db.write_wait_ms == APP_WRITE_WAIT_SECONDS * 1000
        other = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another computer's save, 2.5 s long
        release = threading.Timer(2.5, lambda: other.execute("COMMIT"))
        release.start()
        try:
            unit = units.add_unit(db, admin, name="سازمان منتظر نوبت", kind=UnitKind.ORGANISATION)  # on the UI thread
        finally:
            release.join()
            other.close()
        assert window.statusBar().currentMessage() == waiting_text()
        assert units.get_unit(db, admin, unit.id).name == "سازمان منتظر نوبت"
    finally:
        window.close_for_good()
        controller.db = None


def test_a_worker_threads_wait_is_told_on_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    notice = WriteWaitNotice(window)
    worker = threading.Thread(target=notice)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == waiting_text())
    assert waiting_text() == "رایانهٔ دیگری در حال ذخیره در پایگاه داده است؛ تغییر شما در نوبت می‌ماند…"
