"""The requests list sorted by a header click, taken to its end the way a clerk does it (Ctrl+End,
or the mouse on the scroll bar, then a click on the last row): every page after the first is
asked for after the last row shown in that column's order (keyset paging, issue 17 §4), and
the rows are exactly the sorted list by offset."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from tests.ui.test_list_pages import click_header, shown
from tests.ui.test_meetings_requests_paging import ctrl_end_to_the_end, record_find_requests


@pytest.mark.parametrize("how", ["keys", "mouse"])
def test_the_sorted_requests_list_to_its_end_pages_after_the_last_row(qtbot, sqlite_office, monkeypatch, how) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = sqlite_office
    build_meetings_demo(db, admin, size="small", rng=random.Random(12))  # 300 requests: two pages
    find = meetings.find_requests
    asked = record_find_requests(monkeypatch)
    view = shown(qtbot, RequestsView(db, admin))
    model, table = view.model, view.table
    for descending in (False, True):  # the first click sorts up, the second down
        click_header(qtbot, table, "citizen_name")
        assert model.sort_state() == ("citizen_name", descending)
        expected = find(db, admin, offset=0, limit=1000, sort_key="citizen_name", descending=descending)
        assert len(expected) > 200 and model.rowCount() == len(expected) and model.loaded_count() == 200
        del asked[:]
        if how == "keys":
            ctrl_end_to_the_end(qtbot, table, model)
        else:
            bar = table.verticalScrollBar()
            for _ in range(40):  # clicks on the bar's trough near its end, as a person pages down by mouse
                if not model.canFetchMore(QModelIndex()) and bar.value() == bar.maximum():
                    break
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.width() // 2, bar.height() - bar.width() - 3))
                qtbot.wait(1)
        assert model.rowCount() == len(expected)
        assert [r.id for r in model.rows()] == [r.id for r in expected]
        pages = [k for k in asked if k.get("limit") == model.page_size]
        assert pages and all(k.get("sort_key") == "citizen_name" and k.get("descending") is descending for k in pages)
        assert [k["after"].id for k in pages if "after" in k] == [expected[199].id]
        assert not [k for k in pages if "after" not in k], "no page asked by offset"

        if how == "keys":
            qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        else:
            assert table.verticalScrollBar().value() == table.verticalScrollBar().maximum()  # the clicks reached the end
        last = model.rowCount() - 1
        qtbot.waitUntil(lambda last=last: table.visualRect(model.index(last, 1)).isValid()
                        and table.viewport().rect().contains(table.visualRect(model.index(last, 1)).center()))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(last, 1)).center())
        current = view.current()
        assert current is not None and current.id == expected[-1].id


def test_every_column_both_ways_shows_the_services_rows_wherever_the_clerk_goes(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    """Each sortable column clicked up then down on the 5,000-request list: the thumb dragged
    to the bottom (the end read backwards), a screen up from there with PageUp (the page
    before the end's), the thumb dragged to the middle (a page by offset, on the worker
    thread), and Ctrl+Home show exactly the service's rows of that order there, none from
    the order before; the count is the list's; a double-click opens the request clicked."""
    from pr_desk.ui.kit.formatting import digits
    from pr_desk.ui.meetings.requests_view import REQUEST_COLUMNS, RequestsView
    from tests.ui.test_meetings_requests_scrollbar import (
        click_row,
        drag_thumb,
        drag_thumb_to_bottom,
        the_whole_list,
        wait_fetched,
        with_many_requests,
    )

    db, admin = with_many_requests(sqlite_office)
    view = shown(qtbot, RequestsView(db, admin))
    model, table = view.model, view.table
    total = meetings.count_requests(db, admin)
    opened: list[meetings.RequestInfo] = []
    view.open_request.connect(opened.append)

    def shown_ids(expected: list[object]) -> None:
        qtbot.waitUntil(lambda: not model.reading())
        rows = wait_fetched(qtbot, table)
        assert [model.row_at(row).id for row in rows] == expected[rows[0]:rows[-1] + 1], (column.key, descending)

    for column in REQUEST_COLUMNS:
        for descending in (False, True):
            click_header(qtbot, table, column.key)
            assert model.sort_state() == (column.key, descending)
            expected = [r.id for r in the_whole_list(db, admin, sort_key=column.key, descending=descending)]
            assert model.rowCount() == total == len(expected) and view.count_label.text() == f"{digits(total)} درخواست"
            drag_thumb_to_bottom(qtbot, table)
            shown_ids(expected)
            click_row(qtbot, table, total - 1)
            for _ in range(model.page_size):
                if table.rowAt(0) < total - model.page_size:
                    break
                qtbot.keyClick(table, Qt.Key.Key_PageUp)
            assert table.rowAt(0) < total - model.page_size
            shown_ids(expected)
            drag_thumb(qtbot, table, table.verticalScrollBar().height() // 2)
            shown_ids(expected)
            qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
            shown_ids(expected)
            assert view.current() is not None and view.current().id == expected[0]
    rows = wait_fetched(qtbot, table)
    click_row(qtbot, table, rows[4])
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(rows[4], 1)).center())
    assert [r.id for r in opened] == [expected[rows[4]]]
