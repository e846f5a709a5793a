"""The first start on an empty data folder (issue 16, item 4): the window that offers to
create the office database, open an existing file or try the demo, each choice clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from pr_desk import paths
from pr_desk.services import auth, setup
from pr_desk.ui import first_run
from pr_desk.ui.first_run import FirstRunDialog


def shown_dialog(qtbot) -> FirstRunDialog:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_an_empty_data_folder_is_a_first_start_and_a_made_database_ends_it() -> None:
    assert first_run.is_first_start()
    db, _admin = setup.create_database(str(paths.default_database()), admin_username="admin",
                                       admin_display_name="مدیر", admin_password="admin-pass-1405")
    db.dispose()
    assert not first_run.is_first_start()


def test_create_chooses_the_default_database_in_the_data_folder(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown_dialog(qtbot)
    assert dialog.windowTitle() == "به میز روابط عمومی خوش آمدید"
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.target == str(paths.default_database())
    assert not paths.default_database().exists()  # made by the app's start, with its administrator


def test_open_takes_the_chosen_file_and_a_cancelled_choice_stays(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  no_modal_boxes: list[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = shown_dialog(qtbot)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)  # the file dialog chose nothing
    assert dialog.isVisible() and dialog.target is None
    office = tmp_path / "office copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(office), "")))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.target == str(office)


def test_quit_chooses_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown_dialog(qtbot)
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.target is None


@pytest.mark.slow  # the small demo: ~20 s on an idle machine, minutes on a loaded one
def test_the_demo_is_built_in_the_data_folder_opened_and_its_accounts_told(  # type: ignore[no-untyped-def]
        qtbot, no_modal_boxes: list[str]) -> None:
    dialog = shown_dialog(qtbot)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)  # behind its progress dialog
    demo_file = paths.data_dir() / "pr-desk-demo.sqlite"
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.target == str(demo_file)
    assert demo_file.exists() and not paths.default_database().exists()  # the office's own stays apart
    assert len(no_modal_boxes) == 1
    told = no_modal_boxes[0]
    assert "حساب‌های نمایشی" in told and "demo-admin-1405" in told and "clerk" in told and "demo-1405" in told
    db = setup.open_or_create(str(demo_file), create=False).db
    try:
        assert auth.login(db, "admin", "demo-admin-1405").username == "admin"
        assert auth.login(db, "clerk", "demo-1405").username == "clerk"
    finally:
        db.dispose()
    # A second try opens the same demo at once, without building it again.
    again = shown_dialog(qtbot)
    before = demo_file.stat().st_mtime_ns
    qtbot.mouseClick(again.demo_button, Qt.MouseButton.LeftButton)
    assert again.target == str(demo_file) and demo_file.stat().st_mtime_ns == before


def test_the_app_asks_on_a_first_start_and_quitting_makes_no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui import app

    asked: list[bool] = []
    monkeypatch.setattr(app, "choose_start_database", lambda *_a: asked.append(True))  # returns None: Quit
    assert app.run([]) == 0
    assert asked == [True]
    assert not paths.default_database().exists()


def test_no_first_run_window_once_the_office_database_exists_or_a_file_is_given(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pr_desk.ui import app

    def never(*_a: object) -> None:
        raise AssertionError("the first-run window was shown")

    monkeypatch.setattr(app, "choose_start_database", never)
    opened: list[str] = []
    monkeypatch.setattr(app.DeskController, "start", lambda _self, target: opened.append(target) and False)
    given = str(tmp_path / "given.sqlite")
    assert app.run(["--db", given]) == 0
    paths.default_database().write_bytes(b"")
    assert app.run([]) == 0
    assert opened == [given, str(paths.default_database())]
