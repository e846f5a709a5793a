"""The quick start (ui/quick_start.py): the login dialog before the app's imports, and the
dashboard's tiles warmed behind it while the person types (issue 17 §1). A wrong password
shows nothing and is counted as before; the right one opens the window on the same database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pr_desk.services import setup

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office_file(tmp_path: Path) -> Path:
    db, _admin = setup.create_database(str(tmp_path / "office.sqlite"), admin_username="admin",
                                       admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    db.dispose()
    return tmp_path / "office.sqlite"


def _failed_logins(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("SELECT failed_logins FROM app_user WHERE username = 'admin'").fetchone()
    return int(count)


def _drive_login(qtbot, tries: list[str], seen: list[tuple[bool, int]], path: Path) -> None:  # type: ignore[no-untyped-def]
    """Types each password of `tries` into the quick login dialog once it is up (the worker
    behind it may still be importing or warming the tiles) and notes after each whether a
    main window was shown and the failed-login count; an empty password rejects the dialog."""
    from pr_desk.ui.account_dialogs import LoginDialog

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, step)
            return
        password = tries.pop(0) if tries else ""
        if not password:
            dialog.reject()
            return
        dialog.username.setText("admin")
        dialog.password.setText(password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the check runs in the click
        seen.append((_main_window_shown(), _failed_logins(path)))
        if tries:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


def _main_window_shown() -> bool:
    from pr_desk.ui.main_window import MainWindow

    return any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_wrong_password_shows_nothing_and_is_counted_then_the_right_one_opens(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui import quick_start
    from pr_desk.ui.app import DeskController

    preparations: list[quick_start.Preparation] = []
    real = quick_start.Preparation.__init__

    def keep(self, target: str) -> None:  # type: ignore[no-untyped-def]
        real(self, target)
        preparations.append(self)

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[tuple[bool, int]] = []
    tries = ["wrong-password", ADMIN_PASSWORD]
    _drive_login(qtbot, tries, seen, office_file)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(quick_start.Preparation, "__init__", keep)
            assert controller.start(str(office_file)) is True
        assert seen[0] == (False, 1)  # after the wrong password: no window, counted once
        assert controller.window is not None and controller.window.isVisible()
        assert _failed_logins(office_file) == 0  # the right password clears the count, as before
        (preparation,) = preparations
        assert preparation.database() is controller.db  # the warm-up's engine is the window's
        preparation.wait_for_warm_up()
    finally:
        if controller.window is not None:
            controller.window.close_for_good()
        if controller.db is not None:
            controller.db.dispose()


def test_giving_up_after_a_wrong_password_opens_nothing(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[tuple[bool, int]] = []
    _drive_login(qtbot, ["wrong-password", ""], seen, office_file)
    assert controller.start(str(office_file)) is False
    assert seen == [(False, 1)]
    assert controller.window is None and not _main_window_shown()
    assert _failed_logins(office_file) == 1
