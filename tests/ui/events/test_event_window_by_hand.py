"""The event window as a PR clerk uses it, mouse first (real widgets on a real SQLite file):
a date typed wrong is refused beside the dates instead of being dropped, typed changes are
not lost on Esc or Close without a question, a save refused because another PC changed
the event can be reloaded in the window, and the event's printouts (invitation cards, the
event's report …) are on the window's Reports menu."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pr_desk.domain.jalali import JalaliDate, is_leap
from pr_desk.services.events import catalogue
from pr_desk.services.events import events as ev
from tests.services.events.calendar_helpers import quiet_day
from tests.ui.events.test_calendar_workspace import Office, office, workspace  # noqa: F401 (fixture)


def click(qtbot: Any, widget: Any) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_date(qtbot: Any, edit: Any, text: str) -> None:
    """A click in the date field, everything selected, the date typed over it."""
    line = edit.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    QTest.keyClicks(line, text)


def new_event_window(qtbot: Any, w: Any) -> Any:
    """"New event…" clicked on the workspace: the new event's window."""
    click(qtbot, w.new_button)
    window = next(x for x in w.windows.values() if x.detail is None)
    qtbot.waitExposed(window)
    return window


def non_leap_year_ahead() -> int:
    year = JalaliDate.today().year + 1
    while is_leap(year):
        year += 1
    return year


def test_a_wrong_end_date_is_refused_beside_the_dates_not_dropped(qtbot: Any, office: Office) -> None:  # noqa: F811
    w = workspace(qtbot, office, office.clerk)
    window = new_event_window(qtbot, w)
    window.title_edit.setFocus()
    window.title_edit.insert("جشنواره تابستانی Green Park")
    year = non_leap_year_ahead()
    type_date(qtbot, window.start_date, f"{year}/12/01")
    type_date(qtbot, window.end_date, f"{year}/12/30")  # Esfand has 29 days this year
    assert not window.end_date.isValid()
    click(qtbot, window.save_button)
    # nothing saved: a one-day festival in place of the typed month would mislead
    assert window.detail is None and ev.count_events(office.db, office.clerk) == 0
    assert window.date_error.isVisible() and window.date_error.text() == window.end_date.errorText()
    # the date put right: saved with the range typed
    type_date(qtbot, window.end_date, f"{year}/12/29")
    click(qtbot, window.save_button)
    if window.clash_box.isVisible():  # a holiday in the month: the reason, then save
        window.clash_reason.setPlainText("جشنواره در روزهای تعطیل هم برگزار می‌شود")
        click(qtbot, window.save_button)
    assert window.detail is not None and not window.date_error.isVisible()
    assert window.detail.start_on == JalaliDate(year, 12, 1).to_gregorian()
    assert window.detail.end_on == JalaliDate(year, 12, 29).to_gregorian()


def test_a_wrong_start_date_says_what_is_wrong_with_it(qtbot: Any, office: Office) -> None:  # noqa: F811
    w = workspace(qtbot, office, office.clerk)
    window = new_event_window(qtbot, w)
    window.title_edit.insert("افتتاح بوستان")
    type_date(qtbot, window.start_date, f"{non_leap_year_ahead()}/13/01")
    click(qtbot, window.save_button)
    assert window.detail is None and ev.count_events(office.db, office.clerk) == 0
    assert window.date_error.text() == window.start_date.errorText()


def choose_from_menu(qtbot: Any, button: Any, *titles: str) -> None:
    """A click on the menu button, then on each menu item in turn (a submenu opens under
    the mouse): what a person does to reach "Invitation cards → Export PDF…"."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    done: list[str] = []

    def click_item(menu: QMenu, rest: tuple[str, ...]) -> None:
        action = next(a for a in menu.actions() if a.text() == rest[0])
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        done.append(rest[0])
        if len(rest) > 1:
            sub = action.menu()
            qtbot.waitUntil(sub.isVisible)
            click_item(sub, rest[1:])

    def in_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu) and menu is button.menu()
        click_item(menu, titles)

    QTimer.singleShot(0, in_menu)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(done) == len(titles))


def test_the_invitation_cards_and_the_report_are_printed_from_the_event_window(qtbot: Any, office: Office, monkeypatch: Any,  # noqa: F811
                                                                             tmp_path: Any) -> None:
    from PySide6.QtWidgets import QFileDialog

    from pr_desk.domain.events import Honorific
    from pr_desk.services.events import guests as gs
    from tests.reports.helpers import pdftotext_pages, squash

    t = catalogue.list_event_types(office.db, office.clerk)[0]
    day = JalaliDate.today().add_days(20).to_gregorian()
    made = ev.create_event(office.db, office.clerk, type_id=t.id, title="افتتاح بوستان گلستان", start_on=day,
                           start_time=dt.time(10, 0), end_time=dt.time(12, 0), clash_reason="آزمون")
    gs.add_guest(office.db, office.clerk, event_id=made.id, full_name="مهدی Smith احمدی", honorific=Honorific.DR_MR,
                 mobile="+98 912 123 4567")
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(made.id)
    qtbot.waitExposed(window)
    assert window.reports_button.isVisible()
    for exporter in window.exporters:
        exporter.ask_to_open = lambda _path: False
    target = tmp_path / "cards.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    choose_from_menu(qtbot, window.reports_button, "کارت‌های دعوت رویداد", "خروجی PDF…")
    qtbot.waitUntil(target.exists)
    text = squash(pdftotext_pages(target)[0])
    assert squash("جناب آقای دکتر") in text and "Smith" in text and squash("افتتاح بوستان گلستان") in text
    # the event's report of this event, not of another
    report = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(report), "")))
    choose_from_menu(qtbot, window.reports_button, "گزارش رویداد", "خروجی PDF…")
    qtbot.waitUntil(report.exists)
    assert squash("افتتاح بوستان گلستان") in squash(pdftotext_pages(report)[0])
    # a clerk sees no budget among them; a supervisor does
    titles = [a.text() for a in window.reports_button.menu().actions()]
    assert "بودجه رویداد" not in titles and "برچسب پاکت‌ها" in titles
    w2 = workspace(qtbot, office, office.supervisor)
    other = w2.open_event(made.id)
    assert "بودجه رویداد" in [a.text() for a in other.reports_button.menu().actions()]


def test_a_new_event_has_no_printouts_until_it_is_saved(qtbot: Any, office: Office) -> None:  # noqa: F811
    w = workspace(qtbot, office, office.clerk)
    window = new_event_window(qtbot, w)
    assert not window.reports_button.isVisible()
    window.title_edit.insert("همایش روابط عمومی")
    click(qtbot, window.save_button)
    assert window.detail is not None and window.reports_button.isVisible()


def planned_event(office: Office) -> Any:  # noqa: F811
    t = catalogue.list_event_types(office.db, office.clerk)[0]
    return ev.create_event(office.db, office.clerk, type_id=t.id, title="جشن روز شهرداری", start_on=quiet_day(3))


def answer_questions(monkeypatch: Any, answers: list[bool]) -> list[str]:
    """QMessageBox.question answered from `answers` in turn (Yes/No); the questions kept."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if answers.pop(0) else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_typed_changes_are_not_lost_on_escape_or_close_without_a_question(qtbot: Any, office: Office,  # noqa: F811
                                                                         monkeypatch: Any) -> None:
    made = planned_event(office)
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(made.id)
    qtbot.waitExposed(window)
    asked = answer_questions(monkeypatch, [False, True])
    qtbot.mouseClick(window.description, Qt.MouseButton.LeftButton)
    window.description.insertPlainText("مراسم با حضور شهردار منطقه و خانواده‌های شهدا")
    qtbot.keyPress(window.description, Qt.Key.Key_Escape)  # the dialog answers the press; a closed window gets no release
    assert len(asked) == 1 and window.isVisible()  # "No": the window stays as typed
    assert "خانواده‌های شهدا" in window.description.toPlainText()
    click(qtbot, window.close_button)
    assert len(asked) == 2 and not window.isVisible()  # "Yes": closed without saving
    assert ev.get_event(office.db, office.clerk, made.id).description == ""
    # nothing typed, or all of it saved: no question
    for step in ("untouched", "saved"):
        again = w.open_event(made.id)
        qtbot.waitExposed(again)
        if step == "saved":
            again.title_edit.setFocus()
            again.title_edit.insert(" ۱۴۰۵")
            click(qtbot, again.save_button)
            assert again.detail.title == "جشن روز شهرداری ۱۴۰۵"
        qtbot.keyPress(again.title_edit, Qt.Key.Key_Escape)  # the dialog answers the press; a closed window gets no release
        assert not again.isVisible() and len(asked) == 2


def test_a_new_event_typed_but_not_saved_asks_before_closing(qtbot: Any, office: Office, monkeypatch: Any) -> None:  # noqa: F811
    w = workspace(qtbot, office, office.clerk)
    window = new_event_window(qtbot, w)
    asked = answer_questions(monkeypatch, [False])
    window.title_edit.insert("جشنواره فیلم شهر")
    qtbot.keyPress(window.title_edit, Qt.Key.Key_Escape)  # the dialog answers the press; a closed window gets no release
    assert asked and window.isVisible()


def test_a_save_another_pc_overtook_is_reloaded_in_the_window(qtbot: Any, office: Office, monkeypatch: Any) -> None:  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()) or 0)
    made = planned_event(office)
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(made.id)
    qtbot.waitExposed(window)
    # meanwhile, on another PC
    ev.update_event(office.db, office.supervisor, made.id, expected_version=made.version, expected_guests=250)
    window.description.insertPlainText("با پذیرایی")
    click(qtbot, window.save_button)
    assert len(boxes) == 1  # the services' sentence: reload, then redo the change
    assert window.reload_button.isVisible() and window.reload_button.isEnabled()
    answer_questions(monkeypatch, [True])  # drop the typed change
    click(qtbot, window.reload_button)
    assert window.guests_spin.value() == 250 and window.description.toPlainText() == ""
    window.description.insertPlainText("با پذیرایی")
    click(qtbot, window.save_button)
    saved = ev.get_event(office.db, office.clerk, made.id)
    assert len(boxes) == 1 and saved.expected_guests == 250 and saved.description == "با پذیرایی"


def test_the_guest_list_template_is_saved_filled_and_imported_from_the_guests_tab(qtbot: Any, office: Office,  # noqa: F811
                                                                                  monkeypatch: Any, tmp_path: Any) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    from pr_desk.ui.events.guests import GuestsPanel
    from pr_desk.ui.kit import import_flow

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()) or 0)
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(import_flow.ImportPreviewDialog, "exec", lambda self: int(QDialog.DialogCode.Accepted))
    made = planned_event(office)
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(made.id)
    qtbot.waitExposed(window)
    panel = next(p for p in window.panels if isinstance(p, GuestsPanel))
    window.tabs.setCurrentWidget(panel)
    template = tmp_path / "مهمانان.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(template), "")))
    click(qtbot, panel.buttons["template"])
    assert template.exists()
    # filled in Excel: the example row replaced by the office's guests
    book = load_workbook(template)
    sheet = book.worksheets[0]
    sheet.delete_rows(2)
    sheet.append(["جناب آقای", "Ali محمدی", "مدیرعامل", "شرکت Green Tech", "+98 912 765 4321", "", "", ""])
    sheet.append(["سرکار خانم", "مریم کاظمی", "خبرنگار", "روزنامه همشهری", "", "", "", ""])
    book.save(template)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(template), "")))
    click(qtbot, panel.buttons["import"])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2 or bool(boxes))
    assert boxes == []
    names = {g.full_name: g for g in panel.model.rows()}
    assert set(names) == {"Ali محمدی", "مریم کاظمی"} and names["Ali محمدی"].mobile == "09127654321"


def test_a_guest_added_twice_by_hand_is_refused_beside_the_name(qtbot: Any, office: Office, monkeypatch: Any) -> None:  # noqa: F811
    from pr_desk.services.events import guests as gs
    from pr_desk.ui.events.guests import GuestDialog, GuestsPanel

    made = planned_event(office)
    gs.add_guest(office.db, office.clerk, event_id=made.id, full_name="Ali محمدی", mobile="09127654321")
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(made.id)
    qtbot.waitExposed(window)
    panel = next(p for p in window.panels if isinstance(p, GuestsPanel))
    window.tabs.setCurrentWidget(panel)
    seen: dict[str, Any] = {}

    def fill(dialog: GuestDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.name_edit.setFocus()
        dialog.name_edit.insert("ali  محمدي")  # the same guest, typed a little differently
        dialog.mobile_edit.insert("+98 912 765 4321")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["open"], seen["error"] = dialog.isVisible(), dialog.fields["full_name"].error_label.text()
        dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(GuestDialog, "exec", fill)
    click(qtbot, panel.buttons["add"])
    assert seen["open"] and "Ali محمدی" in seen["error"]
    assert gs.guest_counts(office.db, office.clerk, made.id).total == 1 and panel.model.rowCount() == 1


def test_the_events_list_sorts_by_date_from_its_header(qtbot: Any, office: Office) -> None:  # noqa: F811
    """Sorted by title with a click, the list goes back to date order with a click on
    "When" (it did nothing: the arrow jumped back and the rows stayed by title)."""
    t = catalogue.list_event_types(office.db, office.clerk)[0]
    first = quiet_day(5)
    for days, title in ((20, "الف همایش"), (0, "ی جشنواره"), (10, "م افتتاحیه")):
        ev.create_event(office.db, office.clerk, type_id=t.id, title=title, start_on=first + dt.timedelta(days=days),
                        clash_reason="آزمون")
    w = workspace(qtbot, office, office.clerk)
    w.tabs.setCurrentWidget(w.events_page)
    page = w.events_page
    header = page.table.horizontalHeader()

    def click_header(key: str) -> None:
        section = page.model.column_index(key)
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    def titles() -> list[str]:
        return [row.title for row in page.model.rows()]

    click_header("title")
    assert titles() == ["الف همایش", "م افتتاحیه", "ی جشنواره"]
    click_header("when")
    assert titles() == ["ی جشنواره", "م افتتاحیه", "الف همایش"]
    assert header.sortIndicatorSection() == page.model.column_index("when")
    click_header("when")
    assert titles() == ["الف همایش", "م افتتاحیه", "ی جشنواره"]


def test_keyboard_only_ctrl_n_then_the_title_then_ctrl_s(qtbot: Any, office: Office) -> None:  # noqa: F811
    """Ctrl+N opens a new event with the typing going into its title (it went to the tab
    bar, which swallowed it), and Ctrl+S saves it."""
    w = workspace(qtbot, office, office.clerk)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    window = next(x for x in w.windows.values() if x.detail is None)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClicks(QApplication.focusWidget(), "Press day")
    assert window.title_edit.text() == "Press day"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.detail is not None and window.detail.title == "Press day"


def test_refresh_and_f5_show_what_another_pc_planned(qtbot: Any, office: Office) -> None:  # noqa: F811
    """An event planned on another PC appeared in neither the calendar nor the list until
    the app was opened again: Refresh (and F5) read them again."""
    day = quiet_day(3)
    w = workspace(qtbot, office, office.clerk)
    w.month_view.go_to(day)
    w.tabs.setCurrentWidget(w.events_page)
    assert w.events_page.model.total_count() == 0
    t = catalogue.list_event_types(office.db, office.supervisor)[0]
    made = ev.create_event(office.db, office.supervisor, type_id=t.id, title="جشنواره کتاب", start_on=day)
    click(qtbot, w.refresh_button)
    assert [e.title for e in w.events_page.model.rows()] == ["جشنواره کتاب"]
    assert w.month_view.grid.event_rect(made.id) is not None
    # F5 with the focus in the list: another event from the other PC
    ev.create_event(office.db, office.supervisor, type_id=t.id, title="همایش رسانه", start_on=day + dt.timedelta(days=1))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.events_page.table.setFocus()
    qtbot.keyClick(w.events_page.table, Qt.Key.Key_F5)
    assert w.events_page.model.total_count() == 2
