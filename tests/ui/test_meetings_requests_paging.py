"""The requests list scrolled to its end the way a clerk does it (Ctrl+End, a click on the
last row): the list counts every request from the start (one scroll bar over the whole
list), every page after the first is asked for after the last row of the page before
(keyset paging, issue 17 §4), and the rows are exactly the list by offset, newest first."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from tests.ui.test_list_pages import shown


def record_find_requests(monkeypatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The keyword arguments of every `meetings.find_requests` call from now on (the calls
    go through)."""
    asked: list[dict[str, Any]] = []
    find = meetings.find_requests

    def recording(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs)
        return find(*args, **kwargs)

    monkeypatch.setattr(meetings, "find_requests", recording)
    return asked


def ctrl_end_to_the_end(qtbot, table, model) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+End in the list, as a clerk presses it to reach the end: the list's last row is
    current and fetched, and the rows painted there are fetched."""
    table.setFocus()
    last = model.rowCount() - 1
    for _ in range(2):  # with no current row yet, the first press makes the first row current
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        if table.currentIndex().row() == last:
            break
    assert table.currentIndex().row() == last
    assert not model.canFetchMore(QModelIndex())  # nothing more to fetch: the list was counted whole
    qtbot.waitUntil(lambda: all(model.is_fetched(row) for row in range(max(0, table.rowAt(0)), last + 1)))


def test_the_requests_list_to_its_end_pages_after_the_last_row(qtbot, sqlite_office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = sqlite_office
    build_meetings_demo(db, admin, size="small", rng=random.Random(12))  # 300 requests: two pages
    expected = meetings.find_requests(db, admin, offset=0, limit=1000)
    assert len(expected) > 200
    asked = record_find_requests(monkeypatch)
    view = shown(qtbot, RequestsView(db, admin))
    model, table = view.model, view.table
    assert model.rowCount() == len(expected) and model.loaded_count() == 200  # counted whole, the first page fetched
    ctrl_end_to_the_end(qtbot, table, model)
    assert model.rowCount() == len(expected)
    assert [r.id for r in model.rows()] == [r.id for r in expected]
    pages = [k for k in asked if k.get("limit") == model.page_size]
    assert [k.get("offset") for k in pages if "after" not in k] == [0] * (len(pages) - 1)  # the first page (each reload)
    assert [k["after"].id for k in pages if "after" in k] == [expected[199].id]

    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = model.rowCount() - 1
    qtbot.waitUntil(lambda: table.visualRect(model.index(last, 1)).isValid()
                    and table.viewport().rect().contains(table.visualRect(model.index(last, 1)).center()))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(last, 1)).center())
    current = view.current()
    assert current is not None and current.id == expected[-1].id
