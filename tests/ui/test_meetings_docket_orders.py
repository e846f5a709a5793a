"""The meeting day's orders, driven with the mouse and the keyboard as a clerk in the
official's room would: an order typed while the citizen is in the room shows in their list
at once (it is referred at once), can be changed or taken back until the meeting is
finished, and is only read after it. (It once vanished from the list until the end.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import office_today
from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.services import meetings, units
from pr_desk.ui.meetings.common import find_data
from tests.databases import fresh_office


@pytest.fixture
def room(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    citizen, _new = meetings.find_or_create_citizen(db, admin, national_code="001234567" + str(national_code_check_digit("001234567")),
                                                     first_name="مریم", last_name="احمدی", mobile="09121234567", district=6)
    request = meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                        subject_category="urban_services", channel="in_person",
                                        description="درخواست رسیدگی به وضعیت معابر محله", confirm_duplicate=True).request
    session = meetings.create_session(db, admin, official_id=official.id, session_date=office_today(), start_time="09:00",
                                      end_time="11:00", place="دفتر شهردار", capacity=3)
    meetings.fill_session(db, admin, session_id=session.id)
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    ws.open_docket(session)
    yield ws, ws.docket_view, db, admin, request
    db.dispose()


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isEnabled() and widget.isVisible(), widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    index = view.model().index(row, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def click_order(qtbot, docket, row: int) -> None:  # type: ignore[no-untyped-def]
    item = docket.orders_list.item(row)
    qtbot.mouseClick(docket.orders_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=docket.orders_list.visualItemRect(item).center())


def type_order(qtbot, docket, text: str) -> None:  # type: ignore[no-untyped-def]
    """Persian typed as a Persian keyboard layout delivers it (QTest types ASCII only),
    over what the field holds, then Ctrl+Enter."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    docket.order_text.setFocus()
    docket.order_text.selectAll()
    typed = QInputMethodEvent()
    typed.setCommitString(text)
    QApplication.sendEvent(docket.order_text, typed)
    qtbot.keyClick(docket.order_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def shown_orders(docket) -> list[str]:  # type: ignore[no-untyped-def]
    return [docket.orders_list.item(i).text() for i in range(docket.orders_list.count())]


def test_an_order_shows_at_once_and_can_be_changed_or_taken_back_until_the_meeting_ends(
        qtbot, room, monkeypatch: pytest.MonkeyPatch) -> None:
    ws, docket, db, admin, request = room
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    ws.tabs.setCurrentWidget(docket)
    click_row(qtbot, docket.table, 0)
    click(qtbot, docket.check_in_button)
    click(qtbot, docket.call_button)
    assert docket.docket.in_meeting is not None
    unit = units.list_units(db, admin, limit=2)[1]
    docket.unit.setCurrentIndex(find_data(docket.unit, unit.id))

    type_order(qtbot, docket, "بازدید از محل")
    assert docket.order_text.toPlainText() == ""
    assert len(shown_orders(docket)) == 1 and "بازدید از محل" in shown_orders(docket)[0]  # at once
    assert docket.orders_hint.isVisible()

    # changed: a click on it puts it in the form; Ctrl+Enter saves the change
    click_order(qtbot, docket, 0)
    assert docket.order_text.toPlainText() == "بازدید از محل" and docket.add_order_button.text() == "ذخیره تغییرات"
    assert docket.unit.currentData() == unit.id
    type_order(qtbot, docket, "بازدید از محل و گزارش کتبی")
    assert [o.text for o in meetings.request_orders(db, admin, request_id=request.id)] == ["بازدید از محل و گزارش کتبی"]
    assert len(shown_orders(docket)) == 1 and "گزارش کتبی" in shown_orders(docket)[0]
    assert docket.add_order_button.text() == "افزودن دستور"

    # a second one, typed by mistake, taken back
    type_order(qtbot, docket, "دستور تکراری")
    assert len(shown_orders(docket)) == 2
    click_order(qtbot, docket, 1)
    click(qtbot, docket.remove_order_button)
    assert [o.text for o in meetings.request_orders(db, admin, request_id=request.id)] == ["بازدید از محل و گزارش کتبی"]
    assert len(shown_orders(docket)) == 1

    # finished: the orders stay in the list, and are only read
    click(qtbot, docket.finish_button)
    click_row(qtbot, docket.table, 0)
    assert len(shown_orders(docket)) == 1 and "گزارش کتبی" in shown_orders(docket)[0]
    assert not docket.orders_hint.isVisible()
    click_order(qtbot, docket, 0)
    assert docket.order_text.toPlainText() == "" and not docket.remove_order_button.isVisible()
    order = meetings.request_orders(db, admin, request_id=request.id)[0]
    with pytest.raises(UserError):
        meetings.remove_order(db, admin, order_id=order.id, expected_version=order.version)
