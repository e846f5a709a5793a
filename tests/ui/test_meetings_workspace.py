"""The meeting queue workspace driven like a clerk would: real dialogs on a real SQLite
database made through the services; no modal is ever left open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pr_desk.domain.jalali import office_today
from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.domain.roles import Role
from pr_desk.services import auth, meetings, units, users
from pr_desk.ui.meetings.common import find_data, select_row
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


def national_code(first_nine: str) -> str:
    return first_nine + str(national_code_check_digit(first_nine))


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    yield db, admin, official
    db.dispose()


def workspace(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    ws = MeetingsWorkspace(db, actor)
    qtbot.addWidget(ws)
    return ws


def register(db, actor, official, code: str, first: str = "مریم", last: str = "احمدی"):  # type: ignore[no-untyped-def]
    citizen, _new = meetings.find_or_create_citizen(db, actor, national_code=code, first_name=first, last_name=last,
                                                     mobile="09121234567", district=6)
    return meetings.register_request(db, actor, citizen_id=citizen.id, official_id=official.id,
                                     subject_category="urban_services", channel="in_person",
                                     description="درخواست رسیدگی به وضعیت معابر محله", confirm_duplicate=True).request


# -- registering ------------------------------------------------------------------------------

def test_register_through_the_dialog_shows_the_tracking_code_and_the_request_in_the_queue(
        qtbot, office, no_modal_boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin, official = office
    ws = workspace(qtbot, db, admin)
    dialog = ws.register_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.national_code, national_code("001234567"))
    assert not dialog.fields["national_code"].error()
    assert dialog.form.isRowVisible(dialog.fields["first_name"])  # a new citizen: their fields are asked
    dialog.first_name.insert("مریم")
    dialog.last_name.insert("احمدی")
    qtbot.keyClicks(dialog.mobile, "09121234567")
    dialog.district.setValue(6)
    dialog.description.insertPlainText("آسفالت کوچه پس از حفاری رها شده است")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"0" * (6 * 1024 * 1024))
    assert not dialog.add_file(big)
    assert "۵" in (dialog.fields["attachment"].error() or "")  # the size limit, next to the field
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4 scanned letter")
    assert dialog.add_file(letter)
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.registered is not None
    ws.after_registered(dialog)
    code = dialog.registered.request.tracking_code
    from pr_desk.domain.text import to_persian_digits

    assert any(to_persian_digits(code) in text for text in no_modal_boxes)
    queue = ws.queue_view
    assert queue is not None and [r.tracking_code for r in queue.model.rows()] == [code]
    assert queue.current() is not None and queue.current().id == dialog.registered.request.id
    assert len(meetings.list_attachments(db, admin, request_id=dialog.registered.request.id)) == 1

    # The same citizen again: their details and earlier request show, and the duplicate is pointed out.
    again = ws.register_dialog()
    qtbot.addWidget(again)
    again.national_code.setText(national_code("001234567"))
    assert again.citizen is not None and "مریم احمدی" in again.found.text()
    assert again.earlier.count() == 1 and again.earlier.item(0).text().startswith(to_persian_digits(code))
    assert not again.form.isRowVisible(again.fields["first_name"])
    again.description.insertPlainText("پیگیری همان موضوع")
    no_modal_boxes.clear()
    again.accept()
    assert again.registered is not None and any(to_persian_digits(code) in text for text in no_modal_boxes)
    assert meetings.count_queue(db, admin, official_id=official.id) == 2


def test_a_wrong_national_code_shows_beside_the_field_and_saves_nothing(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, _official = office
    ws = workspace(qtbot, db, admin)
    dialog = ws.register_dialog()
    qtbot.addWidget(dialog)
    wrong = national_code("001234567")[:9] + str((int(national_code("001234567")[9]) + 1) % 10)
    qtbot.keyClicks(dialog.national_code, wrong)
    dialog.description.insertPlainText("شرح")
    assert dialog.fields["national_code"].error()
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.registered is None
    assert meetings.list_citizens(db, admin) == []
    assert meetings.count_requests(db, admin) == 0


# -- the queue --------------------------------------------------------------------------------

def test_a_move_without_a_reason_is_refused_and_with_one_it_is_kept_in_the_history(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, official = office
    register(db, admin, official, national_code("001234567"))
    second = register(db, admin, official, national_code("002345678"), "حسن", "کریمی")
    ws = workspace(qtbot, db, admin)
    queue = ws.queue_view
    queue.reload()
    select_row(queue.table, 1)
    dialog = queue.move_dialog()
    qtbot.addWidget(dialog)
    dialog.position.setValue(1)
    dialog.accept()
    assert dialog.saved is None
    assert dialog.fields["reason"].error()
    assert meetings.queue_history(db, admin, request_id=second.id) == []
    dialog.reason.insertPlainText("بیماری متقاضی با گواهی پزشک")
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.queue_position == 1
    queue.reload(select_id=second.id)
    assert queue.model.rows()[0].id == second.id
    assert queue.history_model.rowCount() == 1
    assert "بیماری" in queue.history_model.rows()[0].reason


# -- sessions, the day and orders -------------------------------------------------------------

def test_session_fill_check_in_finish_and_orders(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, official = office
    request = register(db, admin, official, national_code("001234567"))
    register(db, admin, official, national_code("002345678"), "حسن", "کریمی")
    ws = workspace(qtbot, db, admin)
    sessions = ws.sessions_view
    dialog = sessions.session_dialog()
    qtbot.addWidget(dialog)
    dialog.official.setCurrentIndex(find_data(dialog.official, official.id))
    dialog.place.insert("دفتر شهردار")
    dialog.capacity.setValue(1)
    dialog.accept()
    assert dialog.saved is not None, (dialog.validate(), dialog.general_error.error())
    sessions._after_write(dialog.saved.id)
    assert sessions.current() is not None and sessions.current().id == dialog.saved.id
    assert sessions.fill_selected() == 1
    assert [r.tracking_code for r in sessions.entry_rows.rows] == [request.tracking_code]
    no_modal_boxes.clear()
    assert sessions.fill_selected() is None  # full: said so
    assert any("۱" in text for text in no_modal_boxes)

    ws.open_docket(sessions.current())
    docket = ws.docket_view
    assert ws.tabs.currentWidget() is docket and docket.session_id() == dialog.saved.id
    select_row(docket.table, 0)
    docket.check_in()
    assert docket.docket.next_up is not None
    docket.call_next()
    assert docket.docket.in_meeting is not None and "مریم" in docket.now_label.text()
    unit = units.list_units(db, admin, limit=1)[0]
    docket.unit.setCurrentIndex(find_data(docket.unit, unit.id))
    docket.order_text.insertPlainText("بازدید از محل و ارائه گزارش")
    docket.add_order()
    # typed while the citizen is in the room: a referral at once, nothing held back
    assert [o.text for o in meetings.request_orders(db, admin, request_id=request.id)] == ["بازدید از محل و ارائه گزارش"]
    docket.finish()
    assert not docket.has_pending_orders()
    select_row(docket.table, 0)
    docket.order_text.insertPlainText("پاسخ کتبی به شهروند")
    docket.add_order()
    orders = meetings.request_orders(db, admin, request_id=request.id)
    assert sorted(o.text for o in orders) == ["بازدید از محل و ارائه گزارش", "پاسخ کتبی به شهروند"]
    assert all(o.unit_id == unit.id for o in orders)
    assert docket.orders_list.count() == 2
    ws.orders_view.reload()
    assert ws.orders_view.model.total_count() == 2


def test_the_overdue_count_shows_in_the_status_bar_and_opens_the_orders(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    db, admin, official = office
    request = register(db, admin, official, national_code("001234567"))
    session = meetings.create_session(db, admin, official_id=official.id, session_date=meetings.find_requests(db, admin)[0].registered_on,
                                      start_time="09:00", end_time="11:00", place="دفتر", capacity=4)
    entry = meetings.fill_session(db, admin, session_id=session.id)[0]
    meetings.check_in(db, admin, entry_id=entry.id)
    meetings.call_next(db, admin, session_id=session.id)
    meetings.finish_meeting(db, admin, entry_id=entry.id)
    unit = units.list_units(db, admin, limit=1)[0]
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    assert window.tab_titles()[:2] == ["پیشخوان", "ملاقات مردمی"]  # the dashboard first
    assert "۰" in window.overdue_button.text() and not window.overdue_button.styleSheet()
    meetings.add_order(db, admin, request_id=request.id, text="رسیدگی فوری", unit_id=unit.id,
                       given_on=office_today() - dt.timedelta(days=60), deadline_days=1)
    window.page("meetings").changed.emit()
    assert "۱" in window.overdue_button.text() and "#c62828" in window.overdue_button.styleSheet()
    window.overdue_button.click()
    orders = window.page("meetings").orders_view
    assert window.page("meetings").tabs.currentWidget() is orders and orders.overdue_only.isChecked()
    assert orders.model.total_count() == 1 and orders.model.rows()[0].overdue


def test_an_inspector_sees_no_citizen_data(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.main_window import MainWindow

    db, admin, official = office
    register(db, admin, official, national_code("001234567"))
    users.add_user(db, admin, username="insp", display_name="بازرس", role=Role.INSPECTOR, password="insp-pass-1405")
    inspector = auth.login(db, "insp", "insp-pass-1405")
    window = MainWindow(db, inspector)
    qtbot.addWidget(window)
    ws = window.page("meetings")
    assert ws is not None
    assert ws.queue_view is None and ws.requests_view is None and ws.docket_view is None
    assert ws.register_button.isHidden() and ws.settings_button.isHidden()
    assert ws.sessions_view.entries.parentWidget().isHidden()
    personal = {"citizen_name", "national_code", "mobile"}
    for view in ws.views():
        assert not personal & {c.key for c in view.model.columns}
    select_row(ws.sessions_view.table, 0)
    assert ws.sessions_view.entries_model.rowCount() == 0  # never read: the service would refuse it
    assert not no_modal_boxes  # nothing was refused on the way
