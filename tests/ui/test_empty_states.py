"""An empty list says what it is and what to do (issue 18, item 12), in Persian, through
the kit's one mechanism (ui.kit.empty_state), with another sentence when a search or a
filter leaves nothing: the queue, the request search, a request's letters, orders and
history, the docket, the sessions and orders lists, the officials and the office holidays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QTableView

from pr_desk.domain.jalali import office_today
from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.services import meetings
from pr_desk.ui.kit.empty_state import EmptyState
from tests.databases import fresh_office


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
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


def register(db, admin, official, first: str = "مریم"):  # type: ignore[no-untyped-def]
    code = "001234567" + str(national_code_check_digit("001234567"))
    citizen, _new = meetings.find_or_create_citizen(db, admin, national_code=code, first_name=first, last_name="احمدی",
                                                     mobile="09121234567", district=6)
    return meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id,
                                     subject_category="urban_services", channel="in_person",
                                     description="درخواست رسیدگی به وضعیت معابر محله", confirm_duplicate=True).request


def said(state: EmptyState) -> str:
    """The sentence shown over the empty list ('' when none shows)."""
    return state.text() if state.isVisible() else ""


def persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_the_queue_and_the_search_say_what_to_do_and_what_a_search_found(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, official = office
    ws = workspace(qtbot, db, admin)
    queue = ws.queue_view
    assert queue.model.rowCount() == 0
    text = said(queue.empty)
    assert persian(text) and "ثبت درخواست" in text  # what it is and what to do: register a request
    assert "سابقه" in said(queue.history_empty)  # the history pane: choose a request to see it

    register(db, admin, official)
    queue.reload()
    assert queue.model.rowCount() == 1 and not queue.empty.isVisible()
    qtbot.mouseClick(queue.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=queue.table.visualRect(queue.model.index(0, 1)).center())
    assert queue.current() is not None
    assert queue.history.model().rowCount() > 0 or "رویدادی" in said(queue.history_empty)  # no longer "choose one"

    requests = ws.requests_view
    ws.tabs.setCurrentWidget(requests)
    requests.search.setText("ناموجود")  # set directly: keyClicks aborts on Persian
    requests.run_search(full=True)
    assert requests.model.rowCount() == 0
    found = said(requests.empty)
    assert "جستجو" in found and found != requests.empty._text  # the search's sentence, not the empty register's
    requests.search.setText("")
    requests.run_search(full=True)
    assert requests.model.rowCount() == 1 and not requests.empty.isVisible()


def test_an_empty_register_of_requests_says_how_to_fill_it(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, _official = office
    ws = workspace(qtbot, db, admin)
    ws.tabs.setCurrentWidget(ws.requests_view)
    text = said(ws.requests_view.empty)
    assert "ثبت درخواست" in text and "اکسل" in text


def test_a_request_file_says_why_its_tabs_are_empty(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.requests_view import RequestDialog

    db, admin, official = office
    request = register(db, admin, official)
    dialog = RequestDialog(db, admin, request)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.tabs.tabBar()
    expected = {1: (dialog.attachments_empty, "پیوست"), 2: (dialog.orders_empty, "روز ملاقات")}
    for tab, (state, words) in expected.items():
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        assert dialog.tabs.currentIndex() == tab
        assert words in said(state), (tab, said(state))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    assert dialog.history.model().rowCount() > 0 or persian(said(dialog.history_empty))


def test_an_empty_docket_says_how_to_add_citizens_and_the_sessions_how_to_plan(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    db, admin, official = office
    session = meetings.create_session(db, admin, official_id=official.id, session_date=office_today(), start_time="09:00",
                                      end_time="11:00", place="دفتر شهردار", capacity=3)
    ws = workspace(qtbot, db, admin)
    ws.open_docket(session)
    docket = ws.docket_view
    assert docket.model.rowCount() == 0
    assert "تکمیل از نوبت" in said(docket.empty)

    sessions = ws.sessions_view
    ws.tabs.setCurrentWidget(sessions)
    qtbot.mouseClick(sessions.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=sessions.table.visualRect(sessions.model.index(0, 0)).center())
    assert sessions.current() is not None
    assert "تکمیل از نوبت" in said(sessions.entries_empty)  # the chosen session has no one: fill it

    qtbot.mouseClick(sessions.show_past, Qt.MouseButton.LeftButton)  # all sessions: this one is still listed
    assert not sessions.empty.isVisible()

    orders = ws.orders_view
    ws.tabs.setCurrentWidget(orders)
    assert orders.model.rowCount() == 0 and persian(said(orders.empty))


def test_office_holidays_say_how_to_add_one(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings.settings_dialog import OfficeSettingsDialog

    db, admin, _official = office
    dialog = OfficeSettingsDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.holidays.count() == 0
    assert "افزودن تعطیلی" in said(dialog.holidays_empty)
    dialog.holiday_date.setDate(office_today() + dt.timedelta(days=3))
    qtbot.mouseClick(dialog.add_holiday_button, Qt.MouseButton.LeftButton)
    assert dialog.holidays.count() == 1 and not dialog.holidays_empty.isVisible()


def test_the_kit_sentence_follows_the_model_and_the_filter(qtbot) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.kit.empty_state import empty_state

    listing = QListWidget()
    qtbot.addWidget(listing)
    searching = {"on": False}
    state = empty_state(listing, "فهرست خالی است.", filtered=lambda: searching["on"])
    listing.show()
    assert said(state) == "فهرست خالی است."
    listing.addItem("یک")
    assert not state.isVisible()
    searching["on"] = True
    listing.clear()
    assert "جستجو" in said(state)  # a search left nothing: the other sentence

    table = QTableView()
    qtbot.addWidget(table)
    table.show()
    assert not empty_state(table, "بی‌مدل").isVisible() or said(empty_state(table, "بی‌مدل")) == "بی‌مدل"


def test_a_directive_draft_says_why_its_files_links_and_units_are_empty(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.services import directives as dv
    from pr_desk.ui.directives.directive_dialog import DirectiveDialog

    db, admin, _official = office
    kinds = dv.ensure_default_kinds(db, admin)
    draft = dv.create_directive(db, admin, kind_id=kinds[2].id, title="بخشنامه پیش‌نویس", body="متن نخست")
    window = DirectiveDialog(db, admin, draft.info.id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "افزودن پرونده" in said(window.attachments_empty)
    bar = window.tabs.tabBar()
    checked = set()
    for tab in range(window.tabs.count()):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        page = window.tabs.currentWidget()
        if page is window.recipients:
            assert "ابلاغ به واحدها" in said(window.recipients.empty)  # not sent yet: how to send it
            checked.add("units")
        elif window.links.isVisible():
            assert "افزودن ارتباط" in said(window.links_empty)
            checked.add("links")
    assert checked == {"units", "links"}


# -- evaluation: an inspector with nothing assigned, a period with no result ------------------------

def test_an_inspector_with_nothing_assigned_is_told_who_assigns_units(qtbot, tmp_path: Path, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.evaluation import PeriodKind
    from pr_desk.services import evaluation as ev
    from pr_desk.ui.evaluation import EvaluationWorkspace
    from tests.services.evaluation.factories import districts, small_template, staff

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    try:
        people = staff(db, admin)
        template = small_template(db, admin)
        inspector_ws = EvaluationWorkspace(db, people.inspector)
        qtbot.addWidget(inspector_ws)
        inspector_ws.resize(1400, 900)
        inspector_ws.show()
        periods = inspector_ws.periods_view
        assert periods.periods_model.rowCount() == 0
        assert "به شما سپرده نشده" in said(periods.periods_empty) and "سرپرست" in said(periods.periods_empty)

        units = districts(db, people.admin, 2)
        period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                                template_id=template.id, unit_ids=[u.id for u in units])
        periods.reload()
        assert periods.periods_model.rowCount() == 0  # an open period, but none of its units is theirs
        assert "به شما سپرده نشده" in said(periods.periods_empty)

        ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[units[0].id],
                            inspector_id=people.inspector.user_id)
        periods.reload()
        table = periods.periods_table
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(periods.periods_model.index(0, 0)).center())
        assert periods.current_period() is not None
        assert periods.units_model.rowCount() == 1 and not periods.units_empty.isVisible()
        assert not periods.periods_empty.isVisible()

        results = inspector_ws.results_view
        if results is not None:
            results.reload()
            assert results.model.rowCount() > 0 or persian(said(results.empty))
    finally:
        db.dispose()
