"""An order marked Done (or Rejected) by mistake is opened again, with a reason: it was
stuck closed (editing said "reopen its request", and a request still in follow-up cannot
be reopened, nor would that reopen the order), so the unit's work dropped out of the
follow-up and the overdue lists for good."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.domain.jalali import office_today
from pr_desk.domain.meetings import OrderStatus, RequestStatus
from pr_desk.domain.roles import Role
from pr_desk.services import meetings, setup, units
from pr_desk.services.meetings import orders as mo
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings import sessions as ms
from pr_desk.ui.kit.reason_dialog import ReasonDialog
from tests.services.meetings.factories import actor, national_code


def _held_request(db, clerk, admin):  # type: ignore[no-untyped-def]
    """A request whose meeting was held today, and an active unit."""
    mayor = mr.add_official(db, admin, name="شهردار", title="شهردار منطقه ۵", district=5)
    c = mr.add_citizen(db, clerk, national_code=national_code(321), first_name="مریم", last_name="احمدی", mobile="09121234567", district=5)
    request = mr.register_request(db, clerk, citizen_id=c.id, official_id=mayor.id, subject_category="traffic", channel="phone",
                                  description="ترافیک کوچه").request
    s = ms.create_session(db, clerk, official_id=mayor.id, session_date=office_today(), start_time="09:00", end_time="11:00",
                          place="سالن", capacity=2)
    entry = ms.fill_session(db, clerk, session_id=s.id)[0]
    ms.check_in(db, clerk, entry_id=entry.id)
    ms.call_next(db, clerk, session_id=s.id)
    ms.finish_meeting(db, clerk, entry_id=entry.id)
    return request, units.list_units(db, admin, search="منطقه ۵")[0]


def test_an_order_closed_by_mistake_is_followed_up_again(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    request, unit = _held_request(db, clerk, admin)
    order = mo.add_order(db, clerk, request_id=request.id, text="آسفالت کوچه", unit_id=unit.id, deadline_days=5)
    other = mo.add_order(db, clerk, request_id=request.id, text="گزارش به معاون", unit_id=unit.id, deadline_days=5)
    with pytest.raises(UserError):
        mo.reopen_order(db, clerk, order_id=order.id, reason="اشتباه", expected_version=order.version)  # still open
    done = mo.complete_order(db, clerk, order_id=order.id, note="نامه منطقه ۵", expected_version=order.version).order
    with pytest.raises(UserError) as no_reason:
        mo.reopen_order(db, clerk, order_id=order.id, reason="", expected_version=done.version)
    assert no_reason.value.field == "reason"
    with pytest.raises(StaleRecord):
        mo.reopen_order(db, clerk, order_id=order.id, reason="اشتباه", expected_version=order.version)
    again = mo.reopen_order(db, clerk, order_id=order.id, reason="دستور دیگری را انجام‌شده زدم", expected_version=done.version)
    assert again.status is OrderStatus.OPEN and again.done_on is None and again.closing_note == ""
    assert again.due_date == order.due_date and again.given_on == order.given_on
    notes = [f.note for f in mo.list_follow_ups(db, clerk, order_id=order.id)]
    assert len(notes) == 1 and "دستور دیگری را انجام‌شده زدم" in notes[0] and "نامه منطقه ۵" in notes[0]  # nothing typed is lost
    assert mo.count_orders(db, clerk, search=mo.OrderSearch(statuses=(OrderStatus.OPEN,))) == 2
    edited = mo.update_order(db, clerk, order_id=order.id, text="آسفالت کامل کوچه", unit_id=unit.id, due_date=again.due_date,
                             expected_version=again.version)
    assert edited.text == "آسفالت کامل کوچه"
    # a rejection too; once the request is closed, the request is reopened first
    for o in (edited, other):
        mo.reject_order(db, clerk, order_id=o.id, reason="خارج از اختیار", expected_version=o.version)
    info = mr.get_request(db, clerk, request_id=request.id)
    mo.close_request(db, clerk, request_id=request.id, result="رد شد", satisfaction=3, expected_version=info.version)
    rejected = next(o for o in mo.request_orders(db, clerk, request_id=request.id) if o.id == order.id)
    with pytest.raises(UserError):
        mo.reopen_order(db, clerk, order_id=order.id, reason="اشتباه", expected_version=rejected.version)
    assert mr.get_request(db, clerk, request_id=request.id).status is RequestStatus.CLOSED


@pytest.fixture
def orders_tab(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin = setup.create_database(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    request, unit = _held_request(db, admin, admin)
    order = meetings.add_order(db, admin, request_id=request.id, text="آسفالت کوچه", unit_id=unit.id, deadline_days=5)
    meetings.complete_order(db, admin, order_id=order.id, expected_version=order.version)
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    ws.tabs.setCurrentWidget(ws.orders_view)
    yield ws.orders_view, db, admin, order
    db.dispose()


def test_the_orders_tab_reopens_an_order_clicked(qtbot, orders_tab, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    view, db, admin, order = orders_tab
    asked: list[str] = []

    def run(self: ReasonDialog) -> int:
        asked.append(self.windowTitle())
        self.text.setPlainText("اشتباهی انجام‌شده زدم")
        self.accept()
        return int(self.result())

    monkeypatch.setattr(ReasonDialog, "exec", run)
    view.status.setCurrentIndex(view.status.findData(None))  # "All statuses": the tab opens on the open orders
    table = view.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(0, 0)).center())
    assert view.current() is not None and view.current().status is OrderStatus.DONE
    assert not view.done_button.isEnabled() and view.reopen_order_button.isEnabled() and view.reopen_order_button.isVisible()
    qtbot.mouseClick(view.reopen_order_button, Qt.MouseButton.LeftButton)
    assert asked
    shown = view.current()
    assert shown is not None and shown.id == order.id and shown.status is OrderStatus.OPEN
    assert view.done_button.isEnabled() and not view.reopen_order_button.isEnabled()
    assert view.follow_model.rowCount() == 1  # the reason, as a follow-up note
    assert meetings.list_orders(db, admin)[0].status is OrderStatus.OPEN
