"""The sessions and orders tabs read again on Refresh or F5, for what another PC did: they
had neither (only the docket and the requests list did), so a session filled at another
desk showed empty and an order closed there stayed open, its Done refused as changed by
someone else, until the clerk changed a filter back and forth or restarted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.jalali import office_today
from pr_desk.domain.meetings import OrderStatus
from pr_desk.services import meetings, setup, units
from tests.ui.meetings_desks import office_with_two_waiting, shown_workspace


@pytest.fixture
def two_pcs(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    path, db, admin, official = office_with_two_waiting(tmp_path)
    held = meetings.create_session(db, admin, official_id=official.id, session_date=office_today(), start_time="08:00",
                                   end_time="09:00", place="دفتر شهردار", capacity=1)
    entry = meetings.fill_session(db, admin, session_id=held.id)[0]
    meetings.check_in(db, admin, entry_id=entry.id)
    meetings.call_next(db, admin, session_id=held.id)
    meetings.finish_meeting(db, admin, entry_id=entry.id)
    unit = units.list_units(db, admin, search="منطقه ۶")[0]
    order = meetings.add_order(db, admin, request_id=entry.request_id, text="آسفالت کوچه", unit_id=unit.id, deadline_days=5)
    later = meetings.create_session(db, admin, official_id=official.id, session_date=office_today(), start_time="10:00",
                                    end_time="11:00", place="دفتر شهردار", capacity=3)
    other_pc = setup.open_or_create(path, create=False).db
    ws = shown_workspace(qtbot, db, admin)
    yield ws, other_pc, admin, later, order
    other_pc.dispose()
    db.dispose()


def click_row_of(qtbot, table, wanted) -> None:  # type: ignore[no-untyped-def]
    rows = table.model().rows()
    row = next(i for i, r in enumerate(rows) if r.id == wanted)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(row, 0)).center())


def test_f5_in_the_sessions_tab_shows_a_fill_made_at_another_pc(qtbot, two_pcs) -> None:  # type: ignore[no-untyped-def]
    ws, other_pc, admin, later, _order = two_pcs
    ws.tabs.setCurrentWidget(ws.sessions_view)
    view = ws.sessions_view
    click_row_of(qtbot, view.table, later.id)
    assert view.current().id == later.id and view.entries_model.rowCount() == 0
    meetings.fill_session(other_pc, admin, session_id=later.id)
    qtbot.keyClick(view.table, Qt.Key.Key_F5)
    assert view.current() is not None and view.current().id == later.id and view.current().entry_count == 1
    assert view.entries_model.rowCount() == 1


def test_refresh_in_the_orders_tab_shows_an_order_closed_at_another_pc(qtbot, two_pcs) -> None:  # type: ignore[no-untyped-def]
    ws, other_pc, admin, _later, order = two_pcs
    ws.tabs.setCurrentWidget(ws.orders_view)
    view = ws.orders_view
    view.status.setCurrentIndex(view.status.findData(None))  # every status
    click_row_of(qtbot, view.table, order.id)
    assert view.done_button.isEnabled()
    meetings.complete_order(other_pc, admin, order_id=order.id, expected_version=order.version)
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert view.current() is not None and view.current().status is OrderStatus.DONE
    assert not view.done_button.isEnabled()
    meetings.reopen_order(other_pc, admin, order_id=order.id, reason="اشتباه", expected_version=view.current().version)
    qtbot.keyClick(view.table, Qt.Key.Key_F5)
    assert view.current().status is OrderStatus.OPEN and view.done_button.isEnabled()
