"""An administrator gives an inspector events on the Users page (issue 14): the Events
access button, only for an inspector; the role column says what was given; the granted
inspector's window has the Events tab (view: no planning buttons), the others' has none."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pr_desk.domain.roles import EventsGrant
from pr_desk.services import auth
from pr_desk.services.event_grants import list_events_grants
from pr_desk.ui import users_page
from pr_desk.ui.kit.table_view import select_row
from tests.databases import fresh_office
from tests.services.evaluation.factories import PASSWORD, staff


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin", admin_display_name="مدیر سامانه",
                                admin_password="admin-pass-1405")
    yield db, admin, staff(db, admin)
    db.dispose()


def _row_of(page: users_page.UsersPage, username: str) -> int:
    for row in range(page.model.rowCount()):
        if page.model.row_at(row).username == username:
            return row
    raise AssertionError(username)


def _choose(qtbot: Any, page: users_page.UsersPage, username: str) -> None:
    row = _row_of(page, username)
    rect = page.table.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if page.current_user() is None or page.current_user().username != username:  # type: ignore[union-attr]
        select_row(page.table, row)
    assert page.current_user().username == username  # type: ignore[union-attr]


def _give(monkeypatch: pytest.MonkeyPatch, qtbot: Any, page: users_page.UsersPage, grant: EventsGrant | None) -> None:
    def exec_(dialog: users_page.EventsAccessDialog) -> int:
        dialog.access.setCurrentIndex(dialog.access.findData(grant.value if grant is not None else ""))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(users_page.EventsAccessDialog, "exec", exec_)
    assert page.events_button.isVisible() and page.events_button.isEnabled()
    qtbot.mouseClick(page.events_button, Qt.MouseButton.LeftButton)


def _tabs(qtbot: Any, db: Any, actor: Any) -> Any:
    from pr_desk.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_administrator_gives_and_takes_back_events_and_the_inspector_sees_the_tab(
        qtbot, office, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.i18n import _

    db, admin, people = office
    page = users_page.UsersPage(db, admin)
    qtbot.addWidget(page)
    page.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    page.resize(1100, 500)
    page.show()
    qtbot.waitExposed(page)

    _choose(qtbot, page, people.clerk.username)
    assert not page.events_button.isEnabled()  # a clerk has events by role
    _choose(qtbot, page, people.inspector.username)
    _give(monkeypatch, qtbot, page, EventsGrant.VIEW)
    assert list_events_grants(db, admin) == {people.inspector.user_id: EventsGrant.VIEW}
    role_text = page.model.row_at(_row_of(page, people.inspector.username)).role_label
    assert _("View events") in role_text and _("Inspector") in role_text
    assert page.model.row_at(_row_of(page, people.other_inspector.username)).role_label == _("Inspector")

    granted = auth.login(db, people.inspector.username, PASSWORD)
    window, tabs = _tabs(qtbot, db, granted)
    assert _("Events") in tabs
    events = window.page("events")
    assert events is not None and not events.new_button.isVisible() and not events.import_button.isVisible()
    if os.environ.get("PR_DESK_SHOTS"):
        window.tabs.setCurrentWidget(window._lazy["events"])
        window.resize(1200, 760)
        qtbot.wait(200)
        window.grab().save(str(Path(os.environ["PR_DESK_SHOTS"]) / "events-granted-inspector.png"))
    _window, others = _tabs(qtbot, db, auth.login(db, people.other_inspector.username, PASSWORD))
    assert _("Events") not in others

    _choose(qtbot, page, people.inspector.username)
    _give(monkeypatch, qtbot, page, None)
    assert list_events_grants(db, admin) == {}
    _window, after = _tabs(qtbot, db, auth.login(db, people.inspector.username, PASSWORD))
    assert _("Events") not in after


def test_a_supervisor_sees_no_events_access_button(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    db, _admin, people = office
    page = users_page.UsersPage(db, people.supervisor)
    qtbot.addWidget(page)
    assert not page.events_button.isVisibleTo(page)
    assert QDialog  # the dialog is the administrator's only
