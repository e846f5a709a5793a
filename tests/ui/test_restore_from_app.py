"""File → Restore from a backup… in the app: the checks of `pr-desk restore`, the current
state kept first, administrators only (issue 18, around it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.services import maintenance, setup, units, users
from tests.databases import fresh_office

PASSWORD = "admin-pass-1405"


@pytest.fixture
def office(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("pr_desk.ui.restore.backup_dir", lambda: tmp_path / "kept")
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر", admin_password=PASSWORD)
    yield db, admin, tmp_path
    db.dispose()


def _click_menu_item(qtbot, window, action) -> None:  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(file_menu.isVisible)
    qtbot.mouseClick(file_menu, Qt.MouseButton.LeftButton, pos=file_menu.actionGeometry(action).center())


def _window(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _unit_names(path: Path) -> set[str]:
    opened = setup.open_or_create(str(path), create=False)
    try:
        from pr_desk.services import auth

        admin = auth.login(opened.db, "admin", PASSWORD)
        return {u.name for u in units.list_units(opened.db, admin)}
    finally:
        opened.db.dispose()


def test_restore_from_the_file_menu_keeps_the_current_state_and_asks_for_a_new_login(
        qtbot, office, no_modal_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, tmp = office
    backup = maintenance.backup(db, tmp / "before.sqlite", actor=admin)
    units.add_unit(db, admin, name="واحد افزوده پس از پشتیبان", kind=UnitKind.ORGANISATION)
    assert "واحد افزوده پس از پشتیبان" in _unit_names(tmp / "office.sqlite")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(backup), "")))
    window = _window(qtbot, db, admin)
    reopened: list[str] = []
    window.database_chosen.connect(reopened.append)
    _click_menu_item(qtbot, window, window.restore_action)
    qtbot.waitUntil(lambda: bool(reopened), timeout=20000)
    assert Path(reopened[0]) == tmp / "office.sqlite"
    assert "واحد افزوده پس از پشتیبان" not in _unit_names(tmp / "office.sqlite")
    kept = list((tmp / "kept").glob("office-before-restore-*.sqlite"))
    assert len(kept) == 1 and "واحد افزوده پس از پشتیبان" in _unit_names(kept[0])
    assert any("restored" in text or "بازیابی" in text for text in no_modal_boxes)


def test_a_damaged_backup_is_refused_and_nothing_changes(qtbot, office, no_modal_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, tmp = office
    bad = tmp / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    before = (tmp / "office.sqlite").read_bytes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(bad), "")))
    shown: list[str] = []
    monkeypatch.setattr("pr_desk.ui.restore.show_error", lambda _w, exc: shown.append(str(exc)))
    window = _window(qtbot, db, admin)
    reopened: list[str] = []
    window.database_chosen.connect(reopened.append)
    _click_menu_item(qtbot, window, window.restore_action)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert reopened == [] and (tmp / "office.sqlite").read_bytes() == before
    assert not (tmp / "kept").exists()


def test_only_an_administrator_sees_restore(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, admin, _tmp = office
    users.add_user(db, admin, username="clerk", display_name="کارشناس", role=Role.CLERK, password="clerk-pass-1405")
    from pr_desk.services import auth

    clerk = auth.login(db, "clerk", "clerk-pass-1405")
    assert _window(qtbot, db, admin).restore_action.isVisible()
    assert not _window(qtbot, db, clerk).restore_action.isVisible()
