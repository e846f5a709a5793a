"""One scroll bar over the whole requests list (issue 17 §4): the list counts every request
that matches, so the thumb dragged to the bottom with the mouse shows the last requests at
once (the service's own last page, read from the end), a click there selects the request
clicked, and the rows passed over on the way are not fetched. Keys (PgUp from the end,
Ctrl+Home), a header click and the search box keep working on the whole list. SQLite and
PostgreSQL (the drag)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from pr_desk.services import meetings
from pr_desk.services.meetings.demo import build_demo as build_meetings_demo
from pr_desk.ui.kit.whole_list_model import NEAR_ROWS, NOT_FETCHED
from tests.ui.test_list_pages import click_header, shown
from tests.ui.test_meetings_requests_paging import record_find_requests


def with_many_requests(office):  # type: ignore[no-untyped-def]
    """5,000 requests: 25 pages of 200."""
    db, admin = office
    build_meetings_demo(db, admin, size="medium", rng=random.Random(7))
    return db, admin


@pytest.fixture
def many_requests(office):  # type: ignore[no-untyped-def]
    return with_many_requests(office)


@pytest.fixture
def many_requests_sqlite(sqlite_office):  # type: ignore[no-untyped-def]
    return with_many_requests(sqlite_office)


def thumb_centre(bar: Any) -> QPoint:
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    return bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                      QStyle.SubControl.SC_ScrollBarSlider, bar).center()


def drag_thumb_to_bottom(qtbot, table) -> list[bool]:  # type: ignore[no-untyped-def]
    """The vertical scroll bar's thumb pressed, moved down in steps as a hand does, past the
    bar's end, and released there; whether the list's last row was fetched at each step of
    the drag (painted between the steps)."""
    return drag_thumb(qtbot, table, table.verticalScrollBar().height() + 20)


def drag_thumb(qtbot, table, to_y: int) -> list[bool]:  # type: ignore[no-untyped-def]
    """The thumb dragged down to `to_y` (the bar's own coordinates): see drag_thumb_to_bottom."""
    bar = table.verticalScrollBar()
    start = thumb_centre(bar)
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    assert bar.isSliderDown()
    model = table.model()
    fetched_on_the_way = []
    for y in [*range(start.y(), to_y, max(1, bar.height() // 8)), to_y]:
        qtbot.mouseMove(bar, QPoint(start.x(), y))
        table.viewport().repaint()  # painted at each step, as the screen is while the hand moves
        fetched_on_the_way.append(model.is_fetched(model.rowCount() - 1))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), to_y))
    return fetched_on_the_way


def shown_rows(table) -> range:  # type: ignore[no-untyped-def]
    model = table.model()
    bottom = table.rowAt(table.viewport().height() - 1)
    return range(table.rowAt(0), (model.rowCount() - 1 if bottom < 0 else bottom) + 1)


def wait_fetched(qtbot, table) -> range:  # type: ignore[no-untyped-def]
    """The rows on screen once their pages have come (painted "…" until then)."""
    model = table.model()
    qtbot.waitUntil(lambda: all(model.is_fetched(row) for row in shown_rows(table)))
    return shown_rows(table)


def click_row(qtbot, table, row: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(row, 1)).center())


def test_the_thumb_dragged_to_the_bottom_shows_the_last_requests(qtbot, many_requests, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = many_requests
    total = meetings.count_requests(db, admin)
    last_page = meetings.find_requests(db, admin, offset=total - 200, limit=200)  # the service's own, by offset
    assert total == 5_000 and len(last_page) == 200
    asked = record_find_requests(monkeypatch)
    view = shown(qtbot, RequestsView(db, admin))
    model, table = view.model, view.table
    bar = table.verticalScrollBar()
    assert model.rowCount() == total and model.loaded_count() == 200
    # the thumb is as long as the screen is against the whole list: small, at the top
    assert bar.value() == 0 and bar.pageStep() * 20 < bar.maximum()
    del asked[:]

    fetched_on_the_way = drag_thumb_to_bottom(qtbot, table)
    assert bar.value() == bar.maximum()
    assert not any(fetched_on_the_way), "nothing is fetched while the thumb moves"
    assert model.data(model.index(total - 1, 0)) == NOT_FETCHED  # painted "…" until its page comes
    rows = wait_fetched(qtbot, table)
    assert rows[-1] == total - 1 and len(rows) > 5
    on_screen = [model.row_at(row).id for row in rows]
    assert on_screen == [r.id for r in last_page[len(last_page) - len(rows):]]
    shown_codes = [model.data(model.index(row, model.column_index("tracking_code"))) for row in rows]
    assert all(code and code != NOT_FETCHED for code in shown_codes)
    # the last page read from the end (offset 0 backwards): no OFFSET walks the 4,800 rows before
    assert asked and all(k.get("backwards") and k.get("offset", 0) == 0 for k in asked), asked
    assert model.loaded_count() == 400  # the first page and the last: none of the rows between

    click_row(qtbot, table, total - 1)
    assert view.current() is not None and view.current().id == last_page[-1].id
    click_row(qtbot, table, rows[0])
    assert view.current().id == last_page[len(last_page) - len(rows)].id

    # PgUp from there: the page above comes before the first row of the last (keyset, backwards)
    before = meetings.find_requests(db, admin, offset=total - 400, limit=200)
    del asked[:]
    for _ in range(len(rows) // 2 + 40):
        if table.rowAt(0) < total - 200:
            break
        qtbot.keyClick(table, Qt.Key.Key_PageUp)
    above = wait_fetched(qtbot, table)
    assert above[0] < total - 200
    assert [model.row_at(row).id for row in above if row < total - 200] == [r.id for r in before[above[0] - (total - 400):]]
    assert [k["after"].id for k in asked if "after" in k] == [last_page[0].id]
    assert all(k.get("backwards") for k in asked)

    # the thumb taken to the middle of the list: nothing near, far from both ends: its page by
    # an OFFSET (read on a worker thread)
    table.verticalScrollBar().setValue(0)
    wait_fetched(qtbot, table)
    del asked[:]
    drag_thumb(qtbot, table, table.verticalScrollBar().height() // 2)
    middle = wait_fetched(qtbot, table)
    assert NEAR_ROWS < middle[0] and middle[-1] < total - NEAR_ROWS
    pages = [k for k in asked if k.get("limit", 0) > len(middle)]
    assert pages and not [k for k in pages if "after" in k]
    assert all(k["offset"] > NEAR_ROWS for k in pages)
    there = meetings.find_requests(db, admin, offset=middle[0], limit=len(middle))
    assert [model.row_at(row).id for row in middle] == [r.id for r in there]


def test_a_sort_and_a_search_keep_the_one_scroll_bar(qtbot, many_requests_sqlite) -> None:  # type: ignore[no-untyped-def]
    """A header click sorts the whole list (the thumb to the bottom shows the sort's last
    requests); a search narrows the count and the bar with it; Ctrl+Home goes back up.
    (SQLite: the sorted pages on PostgreSQL are the service tests' and the test above's.)"""
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = many_requests_sqlite
    view = shown(qtbot, RequestsView(db, admin))
    model, table = view.model, view.table
    click_header(qtbot, table, "citizen_name")
    click_header(qtbot, table, "citizen_name")  # the second click: down
    assert model.sort_state() == ("citizen_name", True)
    total = meetings.count_requests(db, admin)
    sorted_last = meetings.find_requests(db, admin, offset=total - 200, limit=200, sort_key="citizen_name", descending=True)
    drag_thumb_to_bottom(qtbot, table)
    rows = wait_fetched(qtbot, table)
    assert [model.row_at(row).id for row in rows] == [r.id for r in sorted_last[len(sorted_last) - len(rows):]]
    click_row(qtbot, table, rows[1])
    assert view.current().id == sorted_last[len(sorted_last) - len(rows) + 1].id

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    first = meetings.find_requests(db, admin, offset=0, limit=5, sort_key="citizen_name", descending=True)
    assert table.currentIndex().row() == 0 and view.current().id == first[0].id

    name = sorted_last[-1].citizen_name.split()[-1]
    search = meetings.RequestSearch(text=name, mode="name")
    found = meetings.count_requests(db, admin, search=search)
    assert 0 < found < total
    view.search.setText(name)
    qtbot.waitUntil(lambda: model.rowCount() == found)
    assert table.verticalScrollBar().value() == 0
    matching = meetings.find_requests(db, admin, search=search, offset=max(0, found - 200), limit=200,
                                      sort_key="citizen_name", descending=True)
    drag_thumb_to_bottom(qtbot, table)
    rows = wait_fetched(qtbot, table)
    assert [model.row_at(row).id for row in rows] == [r.id for r in matching[len(matching) - len(rows):]]



def test_a_sort_or_a_filter_from_the_middle_of_the_list_shows_its_first_rows(qtbot, many_requests_sqlite) -> None:  # type: ignore[no-untyped-def]
    """The thumb dragged to the middle of the 5,000 requests, then a header clicked: the list
    shows the first requests of that order (the thumb at the top), not the middle of it; from
    the middle again, the waiting ones chosen in the status box: their first, not their last
    (the bar kept its place, clamped to the shorter list's end)."""
    from pr_desk.domain.meetings import RequestStatus
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = many_requests_sqlite
    view = shown(qtbot, RequestsView(db, admin))
    model, table, bar = view.model, view.table, view.table.verticalScrollBar()

    def from_the_middle() -> None:
        drag_thumb(qtbot, table, bar.height() // 2)
        qtbot.waitUntil(lambda: not model.reading())
        assert wait_fetched(qtbot, table)[0] > NEAR_ROWS

    def first_rows_shown(search: meetings.RequestSearch, **sort: Any) -> None:
        rows = wait_fetched(qtbot, table)
        assert bar.value() == 0 and rows[0] == 0
        first = meetings.find_requests(db, admin, search=search, offset=0, limit=len(rows), **sort)
        assert [model.row_at(row).id for row in rows] == [r.id for r in first]

    from_the_middle()
    click_header(qtbot, table, "district")
    first_rows_shown(meetings.RequestSearch(), sort_key="district", descending=False)
    from_the_middle()
    view.status.setCurrentIndex(view.status.findData(RequestStatus.WAITING))
    first_rows_shown(meetings.RequestSearch(statuses=(RequestStatus.WAITING,)), sort_key="district", descending=False)


def test_refresh_by_click_or_f5_counts_what_another_clerk_registered(qtbot, sqlite_office) -> None:  # type: ignore[no-untyped-def]
    """The list is counted whole at each reload: a request registered by another clerk since
    is in the count and in the list after a click on Refresh, or F5."""
    from PySide6.QtGui import QKeySequence, QShortcut

    from pr_desk.ui.kit.formatting import digits
    from pr_desk.ui.meetings.requests_view import RequestsView
    from tests.services.meetings.factories import national_code
    from tests.ui.test_meetings_list_sorting import _office_with_requests

    db, admin, official, registered = _office_with_requests(sqlite_office)
    view = shown(qtbot, RequestsView(db, admin))
    model = view.model
    assert model.rowCount() == len(registered)
    assert view.refresh_button.toolTip() == "خواندن دوبارهٔ فهرست (F5)"

    def another_clerk_registers(n: int) -> Any:
        citizen = meetings.add_citizen(db, admin, national_code=national_code(800 + n), first_name="نرگس",
                                       last_name="کریمی", district=3)
        return meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                         subject_category="urban_services", channel="in_person",
                                         description="درخواست رسیدگی").request

    def ids_shown() -> set[Any]:
        wait_fetched(qtbot, view.table)
        return {model.row_at(row).id for row in range(model.rowCount())}

    first = another_clerk_registers(1)
    assert model.rowCount() == len(registered) and first.id not in ids_shown()  # not until read again
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == len(registered) + 1 and first.id in ids_shown()
    assert digits(len(registered) + 1) in view.count_label.text()

    second = another_clerk_registers(2)
    (f5,) = [s for s in view.findChildren(QShortcut) if s.key() == QKeySequence("F5")]
    assert f5.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut and f5.parent() is view
    f5.activated.emit()
    assert model.rowCount() == len(registered) + 2 and second.id in ids_shown()


def click_below_thumb(qtbot, bar) -> None:  # type: ignore[no-untyped-def]
    """A click on the scroll bar's groove below the thumb: a screen further down."""
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    below = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarAddPage, bar)
    assert below.height() > 0
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=below.center())


def _the_waiting_list(qtbot, db, admin):  # type: ignore[no-untyped-def]
    """The requests view shown with the waiting requests: (view, their search, their count,
    between 400 and 600: three pages)."""
    from pr_desk.domain.meetings import RequestStatus
    from pr_desk.ui.meetings.requests_view import RequestsView

    view = shown(qtbot, RequestsView(db, admin))
    view.status.setCurrentIndex(view.status.findData(RequestStatus.WAITING))
    waiting = meetings.RequestSearch(statuses=(RequestStatus.WAITING,))
    total = meetings.count_requests(db, admin, search=waiting)
    assert view.model.rowCount() == total and 400 < total <= 600
    return view, waiting, total


def the_whole_list(db, admin, **sort: Any) -> list[meetings.RequestInfo]:  # type: ignore[no-untyped-def]
    """Every request in the list's order as the service gives it now (a page is at most 1,000)."""
    rows: list[meetings.RequestInfo] = []
    while chunk := meetings.find_requests(db, admin, offset=len(rows), limit=1_000, **sort):
        rows.extend(chunk)
    return rows


def test_refresh_keeps_the_screen_and_the_selected_request(qtbot, many_requests) -> None:  # type: ignore[no-untyped-def]
    """The waiting list, a screen at a time down with clicks on the bar, a request chosen with
    the mouse. From another PC, another clerk registers a request (the newest: the top of the
    list) and cancels one above the screen: F5 reads them (the count says so) and keeps the
    screen where it was and the chosen request selected, in its new row. Then the chosen
    request is cancelled there too: a click on Refresh leaves nothing selected, rather than
    the request that took its row (Enter would open it)."""
    from PySide6.QtGui import QKeySequence, QShortcut

    from pr_desk.services.setup import open_or_create
    from pr_desk.ui.kit.formatting import digits
    from tests.services.meetings.factories import national_code

    db, admin = many_requests
    view, waiting, total = _the_waiting_list(qtbot, db, admin)
    model, table, bar = view.model, view.table, view.table.verticalScrollBar()
    while table.rowAt(0) < 150:
        click_below_thumb(qtbot, bar)
        wait_fetched(qtbot, table)
    top = table.rowAt(0)
    click_row(qtbot, table, top + 5)
    chosen = view.current()
    listed = meetings.find_requests(db, admin, search=waiting, offset=0, limit=total)
    assert chosen is not None and chosen.id == listed[top + 5].id
    other_pc = open_or_create(db.url, create=False).db
    try:
        citizen = meetings.add_citizen(other_pc, admin, national_code=national_code(901), first_name="نرگس",
                                       last_name="کریمی", district=3)
        meetings.register_request(other_pc, admin, citizen_id=citizen.id, official_id=chosen.official_id,
                                  subject_category="urban_services", channel="in_person", description="درخواست رسیدگی")
        for request in (listed[20], listed[21]):
            meetings.cancel_request(other_pc, admin, request_id=request.id, reason="انصراف شهروند",
                                    expected_version=request.version)
        (f5,) = [s for s in view.findChildren(QShortcut) if s.key() == QKeySequence("F5")]
        f5.activated.emit()
        now = meetings.find_requests(db, admin, search=waiting, offset=0, limit=total)
        assert model.rowCount() == total - 1 and digits(total - 1) in view.count_label.text()
        assert table.rowAt(0) == top
        assert view.current() is not None and view.current().id == chosen.id
        assert table.currentIndex().row() == top + 4 and now[top + 4].id == chosen.id
        on_screen = wait_fetched(qtbot, table)
        assert [model.row_at(row).id for row in on_screen] == [r.id for r in now[on_screen[0]:on_screen[-1] + 1]]

        meetings.cancel_request(other_pc, admin, request_id=chosen.id, reason="انصراف شهروند", expected_version=chosen.version)
    finally:
        other_pc.dispose()
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == total - 2 and table.rowAt(0) == top
    assert view.current() is None and not table.selectionModel().hasSelection()
    assert not view.open_button.isEnabled()
    now = meetings.find_requests(db, admin, search=waiting, offset=0, limit=total)
    on_screen = wait_fetched(qtbot, table)
    assert [model.row_at(row).id for row in on_screen] == [r.id for r in now[on_screen[0]:on_screen[-1] + 1]]


def test_requests_gone_since_the_count_are_noticed_and_the_list_put_right(qtbot, many_requests) -> None:  # type: ignore[no-untyped-def]
    """Another clerk cancels three waiting requests after the list of the waiting ones was
    counted: the thumb dragged to the bottom shows the last ones, read from the end, three
    rows below their place. Back at the top and down a screen at a time with clicks on the
    bar, the page read after the first does not lead to the end's page: the list is counted
    again by itself, each request shown once, in its place, the count said, the screen where
    it was and the request selected at the end still selected."""
    from pr_desk.ui.kit.formatting import digits

    db, admin = many_requests
    view, waiting, total = _the_waiting_list(qtbot, db, admin)  # three pages, the last read from the end
    model, table, bar = view.model, view.table, view.table.verticalScrollBar()
    for request in meetings.find_requests(db, admin, search=waiting, offset=250, limit=3):
        meetings.cancel_request(db, admin, request_id=request.id, reason="انصراف شهروند", expected_version=request.version)
    listed = meetings.find_requests(db, admin, search=waiting, offset=0, limit=total)
    assert len(listed) == total - 3
    recounted: list[int] = []
    model.recounted.connect(recounted.append)

    drag_thumb_to_bottom(qtbot, table)
    rows = wait_fetched(qtbot, table)
    assert model.rowCount() == total and rows[-1] == total - 1  # not known yet: placed by their distance from the end
    assert [model.row_at(row).id for row in rows] == [r.id for r in listed[len(listed) - len(rows):]]
    click_row(qtbot, table, total - 2)
    chosen = view.current()
    assert chosen is not None and chosen.id == listed[-2].id

    drag_thumb(qtbot, table, 0)  # back to the top
    assert bar.value() == 0
    wait_fetched(qtbot, table)
    for _ in range(60):
        if recounted:
            break
        click_below_thumb(qtbot, bar)
        top = table.rowAt(0)
        wait_fetched(qtbot, table)
    qtbot.waitUntil(lambda: bool(recounted))
    assert recounted == [total - 3] and model.rowCount() == total - 3
    assert digits(total - 3) in view.count_label.text()
    assert 0 < top < 400 and table.rowAt(0) == top  # the screen where it was: its rows read from the start
    on_screen = wait_fetched(qtbot, table)
    assert [model.row_at(row).id for row in on_screen] == [r.id for r in listed[on_screen[0]:on_screen[-1] + 1]]
    qtbot.waitUntil(lambda: view.current() is not None)
    assert table.currentIndex().row() == total - 5 and view.current().id == chosen.id  # three rows up, as the end's
    assert [model.row_at(row).id for row in range(model.rowCount())] == [r.id for r in listed]  # each once


def test_the_end_read_on_from_the_start_comes_back_short_and_is_counted_again(qtbot, many_requests) -> None:  # type: ignore[no-untyped-def]
    """Down a screen at a time from the top with clicks on the bar, then three requests near the
    end cancelled by another clerk, then the thumb dragged to the bottom: the last page, read
    after the one before it, comes back three rows short of the count. The list is counted
    again by itself and the bottom shows the last requests, each once."""
    from pr_desk.ui.kit.formatting import digits

    db, admin = many_requests
    view, waiting, total = _the_waiting_list(qtbot, db, admin)
    model, table, bar = view.model, view.table, view.table.verticalScrollBar()
    recounted: list[int] = []
    model.recounted.connect(recounted.append)
    while table.rowAt(0) < 200:  # the second page on screen, read after the first
        click_below_thumb(qtbot, bar)
        wait_fetched(qtbot, table)
    for request in meetings.find_requests(db, admin, search=waiting, offset=total - 20, limit=3):
        meetings.cancel_request(db, admin, request_id=request.id, reason="انصراف شهروند", expected_version=request.version)
    listed = meetings.find_requests(db, admin, search=waiting, offset=0, limit=total)

    drag_thumb_to_bottom(qtbot, table)
    qtbot.waitUntil(lambda: bool(recounted))
    assert recounted == [total - 3] and model.rowCount() == total - 3 and digits(total - 3) in view.count_label.text()
    rows = wait_fetched(qtbot, table)
    assert rows[-1] == total - 4
    assert [model.row_at(row).id for row in rows] == [r.id for r in listed[rows[0]:]]
    assert [model.row_at(row).id for row in range(model.rowCount())] == [r.id for r in listed]


def test_a_request_moved_in_the_sort_by_another_clerk_is_noticed_and_the_list_put_right(qtbot, many_requests) -> None:  # type: ignore[no-untyped-def]
    """The list sorted by subject with a header click, a request chosen with the mouse; from
    another PC, another clerk changes the subject of the last request of the first page, so
    it belongs in the middle of the list. Down a screen at a time with clicks on the bar: the second page
    is not read after that request's new place (the rows of another subject), but by offset,
    and the list is counted again by itself: each request shown once, in the order the
    service gives now, the chosen request still selected."""
    from pr_desk.services.setup import open_or_create
    from pr_desk.ui.meetings.requests_view import RequestsView

    db, admin = many_requests
    view = shown(qtbot, RequestsView(db, admin))
    model, table, bar = view.model, view.table, view.table.verticalScrollBar()
    click_header(qtbot, table, "subject_label")
    sort = {"sort_key": "subject_label", "descending": False}
    assert model.sort_state() == ("subject_label", False)
    total = meetings.count_requests(db, admin)
    listed = the_whole_list(db, admin, **sort)
    assert len(listed) == total
    click_row(qtbot, table, 3)
    chosen = view.current()
    assert chosen is not None and chosen.id == listed[3].id
    recounted: list[int] = []
    model.recounted.connect(recounted.append)

    moved, there = listed[model.page_size - 1], listed[total // 2]  # a subject in the middle: pages of rows after it
    assert moved.subject_category != there.subject_category
    other_pc = open_or_create(db.url, create=False).db
    try:
        meetings.update_request(other_pc, admin, request_id=moved.id, subject_category=there.subject_category,
                                channel=moved.channel, description=moved.description, expected_version=moved.version)
    finally:
        other_pc.dispose()
    now = the_whole_list(db, admin, **sort)
    assert [r.id for r in now] != [r.id for r in listed]

    while table.rowAt(0) < 2 * model.page_size:
        click_below_thumb(qtbot, bar)
        wait_fetched(qtbot, table)
    qtbot.waitUntil(lambda: bool(recounted))
    assert recounted == [total] and model.rowCount() == total
    on_screen = wait_fetched(qtbot, table)
    assert [model.row_at(row).id for row in on_screen] == [r.id for r in now[on_screen[0]:on_screen[-1] + 1]]
    assert view.current() is not None and view.current().id == chosen.id
    assert [model.row_at(row).id for row in range(model.rowCount())] == [r.id for r in now]  # each once
