"""The app recovers from a failed database connection (issue 19, item 2): the connections
the app holds start failing as SQLite says it ("database disk image is malformed" on the
log-in's write, as in the issue; "unable to open database file" that SQLAlchemy does not
take for a lost connection by itself); the person is told in one sentence that the
connection was opened again, and the next click works on fresh connections instead of
the app staying broken until it is restarted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import event

from pr_desk.services.office import connection_lost
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"
RECONNECTED = "ارتباط با پایگاه داده قطع شد و دوباره برقرار شد. کار را دوباره انجام دهید."


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Any]:
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, admin
    db.dispose()


def _break_the_open_connections(db: Any, error: Exception) -> list[int]:
    """Every statement on a connection the engine holds now fails with `error` (sqlite3's
    own exception, raised where the driver would raise it); connections opened later work.
    Returns the list of failures raised, for the test to count."""
    with db.engine.connect() as conn:  # the pooled connection the app has been using
        broken = {id(conn.connection.dbapi_connection)}
    failures: list[int] = []

    def fail(cursor: Any, _statement: str, _parameters: Any, _context: Any) -> None:
        if id(cursor.connection) in broken:
            failures.append(1)
            raise error

    event.listen(db.engine, "do_execute", fail)
    event.listen(db.engine, "do_execute_no_params", lambda cursor, statement, context: fail(cursor, statement, None, context))
    return failures


@pytest.mark.parametrize("error", [
    sqlite3.DatabaseError("database disk image is malformed"),
    sqlite3.OperationalError("unable to open database file"),
], ids=["malformed", "unable-to-open"])
def test_the_login_after_a_failed_connection_works(qtbot, no_modal_boxes, office, error) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import LoginDialog

    db, _admin = office
    failures = _break_the_open_connections(db, error)
    dialog = LoginDialog(db, database_name=db.display_name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert failures, "the broken connection was not used"
    assert no_modal_boxes == [RECONNECTED]
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()

    if not dialog.password.text():
        qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    before = len(failures)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(failures) == before  # fresh connections
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "admin"
    assert no_modal_boxes == [RECONNECTED]


def test_a_unit_added_after_a_failed_connection_is_saved(qtbot, no_modal_boxes, office) -> None:  # type: ignore[no-untyped-def]
    """The units page: the list's reload fails once, is shown the sentence, and the next
    reload and an added unit go through."""
    from pr_desk.services import units
    from pr_desk.ui.units_page import UnitsPage

    db, admin = office
    page = UnitsPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    failures = _break_the_open_connections(db, sqlite3.OperationalError("unable to open database file"))
    page.reload()
    qtbot.waitUntil(lambda: bool(no_modal_boxes))
    assert failures and no_modal_boxes == [RECONNECTED]
    page.reload()
    qtbot.wait(50)
    assert no_modal_boxes == [RECONNECTED] and page.model.total_count() == 22
    units.add_unit(db, admin, name="پس از قطع ارتباط", kind="organisation")
    page.reload()
    assert page.model.total_count() == 23


def test_what_counts_as_a_lost_connection() -> None:
    from sqlalchemy import exc

    def wrapped(kind: type[exc.DBAPIError], orig: Exception) -> exc.DBAPIError:
        return kind("SELECT 1", {}, orig)

    assert connection_lost(wrapped(exc.DatabaseError, sqlite3.DatabaseError("database disk image is malformed")))
    assert connection_lost(wrapped(exc.OperationalError, sqlite3.OperationalError("server closed the connection unexpectedly")))
    assert not connection_lost(wrapped(exc.IntegrityError, sqlite3.IntegrityError("UNIQUE constraint failed: unit.code")))
    assert not connection_lost(wrapped(exc.OperationalError, sqlite3.OperationalError("no such table: unit")))
    assert not connection_lost(wrapped(exc.OperationalError, sqlite3.OperationalError("database is locked")))
    assert not connection_lost(ValueError("not a database error"))
    try:
        try:
            raise wrapped(exc.DatabaseError, sqlite3.DatabaseError("file is not a database"))
        except exc.DatabaseError as inner:
            raise RuntimeError("a service's own wrapping") from inner
    except RuntimeError as outer:
        assert connection_lost(outer)
