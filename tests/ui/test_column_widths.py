"""Column widths are the person's (issue 18, item 11): sized to their contents once, on
the first fill; a width the clerk drags is kept through a reload, a search and a check-in,
and a new window of the same list starts with it; the last or the spare-width column
fills the table, so no grey band shows beside the columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from pr_desk.domain.jalali import office_today
from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.services import meetings
from tests.databases import fresh_office


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    for n, (first, last) in enumerate((("مریم", "احمدی"), ("علی", "رضایی"), ("زهرا", "کریمی"))):
        nine = f"00123456{n}"
        citizen, _new = meetings.find_or_create_citizen(db, admin, national_code=nine + str(national_code_check_digit(nine)),
                                                         first_name=first, last_name=last, mobile="09121234567", district=6)
        meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                  subject_category="urban_services", channel="in_person",
                                  description="درخواست رسیدگی به وضعیت معابر محله", confirm_duplicate=True)
    yield db, admin, official
    db.dispose()


def workspace(qtbot, db, admin):  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    return ws


def widths(view: QTableView) -> list[int]:
    header = view.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())]


def no_grey_band(view: QTableView) -> bool:
    return sum(widths(view)) >= view.viewport().width() - 2


def drag_column(qtbot, view: QTableView, column: int, by: int) -> None:  # type: ignore[no-untyped-def]
    """Drags the column's end edge (its left edge right to left) with the mouse, `by`
    pixels wider."""
    header = view.horizontalHeader()
    start = header.sectionViewportPosition(column)
    rtl = view.isRightToLeft()
    edge = start + 1 if rtl else start + header.sectionSize(column) - 1
    y = header.height() // 2
    before = header.sectionSize(column)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + (-by if rtl else by) // 2, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + (-by if rtl else by), y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + (-by if rtl else by), y))
    assert header.sectionSize(column) > before, (before, header.sectionSize(column))


@pytest.mark.parametrize("direction", [Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight])
def test_a_dragged_width_survives_reload_search_and_a_new_window(qtbot, office, no_modal_boxes, direction) -> None:  # type: ignore[no-untyped-def]
    db, admin, _official = office
    ws = workspace(qtbot, db, admin)
    ws.setLayoutDirection(direction)
    queue = ws.queue_view
    assert queue is not None and queue.model.rowCount() == 3
    table = queue.table
    assert no_grey_band(table)
    name = queue.model.column_index("citizen_name")
    drag_column(qtbot, table, name, 120)
    wanted = widths(table)[name]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(queue.model.index(1, name)).center())
    queue.reload()
    assert widths(table)[name] == wanted
    assert no_grey_band(table)

    requests = ws.requests_view
    assert requests is not None
    ws.tabs.setCurrentWidget(requests)
    listing = requests.table
    requests.search.setText("")
    requests.reload()
    assert requests.model.rowCount() == 3
    column = requests.model.column_index("citizen_name")
    drag_column(qtbot, listing, column, 90)
    wanted_there = widths(listing)[column]
    requests.search.setText("زهرا")  # typed Persian is set directly (keyClicks aborts on it)
    requests.run_search(full=True)
    assert requests.model.rowCount() == 1
    assert widths(listing)[column] == wanted_there  # one row found: the columns do not collapse to it
    assert no_grey_band(listing)
    requests.search.setText("")
    requests.run_search(full=True)
    assert widths(listing)[column] == wanted_there

    again = workspace(qtbot, db, admin)  # a new window, as after logging in again
    again.setLayoutDirection(direction)
    assert again.queue_view is not None and again.requests_view is not None
    assert widths(again.queue_view.table)[name] == wanted
    assert widths(again.requests_view.table)[column] == wanted_there
    assert no_grey_band(again.queue_view.table)


def test_a_check_in_keeps_the_docket_columns(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, official = office
    session = meetings.create_session(db, admin, official_id=official.id, session_date=office_today(), start_time="09:00",
                                      end_time="11:00", place="دفتر شهردار", capacity=3)
    meetings.fill_session(db, admin, session_id=session.id)
    ws = workspace(qtbot, db, admin)
    ws.open_docket(session)
    docket = ws.docket_view
    assert docket is not None and docket.model.rowCount() == 3
    table = docket.table
    column = docket.model.column_index("citizen_name")
    drag_column(qtbot, table, column, 100)
    wanted = widths(table)[column]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(docket.model.index(0, column)).center())
    qtbot.mouseClick(docket.check_in_button, Qt.MouseButton.LeftButton)
    assert widths(table)[column] == wanted
    assert no_grey_band(table)


def test_sized_to_the_contents_once_on_the_first_fill(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.kit.table_view import COLUMNS_SIZED

    db, admin, _official = office
    ws = workspace(qtbot, db, admin)
    queue = ws.queue_view
    assert queue is not None
    table = queue.table
    assert table.property(COLUMNS_SIZED)  # the first fill had rows: sized then
    name = queue.model.column_index("citizen_name")
    table.horizontalHeader().resizeSection(name, 400)  # as a drag does
    queue.reload()
    assert widths(table)[name] == 400


def test_a_list_page_keeps_its_widths_through_a_search_and_in_a_new_page(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin, _official = office

    def page() -> UnitsPage:
        shown = UnitsPage(db, admin)
        qtbot.addWidget(shown)
        shown.resize(1200, 600)
        shown.show()
        qtbot.waitExposed(shown)
        return shown

    first = page()
    name = first.model.column_index("name")
    drag_column(qtbot, first.table, name, 80)
    wanted = widths(first.table)[name]
    first.search.setText("چیزی که نیست")
    first.reload()
    assert first.empty_state.isVisible()
    assert widths(first.table)[name] == wanted and no_grey_band(first.table)
    assert widths(page().table)[name] == wanted  # a new page of the same list starts with it
