"""The event planning workspace (slice A) driven as a clerk and a supervisor would, on a
real SQLite database: the month view (Saturday first at the right, Friday tinted, days in
Persian digits), a double-click on a day opens a new event on it, saving with a clash shows
the clash and asks for a reason, a click on the event in the grid opens it, the status
steps per role, the year list and the events list, and the catalogue dialogs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from pr_desk.domain.events import EventStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.services import auth, meetings, users
from pr_desk.services.events import catalogue
from pr_desk.services.events import events as ev
from pr_desk.ui.events.event_dialog import combo_index
from tests.databases import fresh_office
from tests.services.events.calendar_helpers import quiet_day

PASSWORD = "staff-pass-1405"
SHOTS = os.environ.get("PR_DESK_SHOTS")  # a folder: the screens are saved there to look at


def shot(widget: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


class Office:
    def __init__(self, db: Any, admin: Any) -> None:
        self.db = db
        self.admin = admin
        for username, name, role in (("sup", "مریم احمدی", Role.SUPERVISOR), ("clerk", "علی رضایی", Role.CLERK),
                                     ("insp", "حسین کریمی", Role.INSPECTOR)):
            users.add_user(db, admin, username=username, display_name=name, role=role, password=PASSWORD)
        self.supervisor = auth.login(db, "sup", PASSWORD)
        self.clerk = auth.login(db, "clerk", PASSWORD)
        self.inspector = auth.login(db, "insp", PASSWORD)


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    yield Office(db, admin)
    db.dispose()


def workspace(qtbot: Any, office: Office, actor: Any) -> Any:
    from pr_desk.ui.events.workspace import EventsWorkspace

    w = EventsWorkspace(office.db, actor)
    w.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_month_view_new_event_clash_and_open(qtbot: Any, office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    hall = catalogue.save_venue(office.db, office.supervisor, name="تالار وحدت", capacity=750)
    mayor = meetings.add_official(office.db, office.admin, name="علیرضا زاکانی", title="شهردار تهران")
    day = quiet_day(3)
    jd = JalaliDate.from_gregorian(day)
    t = catalogue.list_event_types(office.db, office.clerk)[0]
    first = ev.create_event(office.db, office.clerk, type_id=t.id, title="جشنواره مطبوعات", start_on=day, venue_id=hall.id)
    catalogue.save_occasion(office.db, office.clerk, name="روز شهر", on_date=day + dt.timedelta(days=1), holiday=True)
    w = workspace(qtbot, office, office.clerk)
    view = w.month_view
    view.go_to(day)
    grid = view.grid
    assert grid.month.year == jd.year and grid.month.month == jd.month
    # Saturday at the right, Friday at the left of each week
    week = grid.month.weeks[0]
    assert grid.cell_rect(week[0].day).x() > grid.cell_rect(week[6].day).x()
    assert week[6].weekend
    assert view.title.text().endswith("".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in str(jd.year)))
    shot(w, "events_month")
    # a double-click on a day = a new event on that day
    rect = grid.cell_rect(day)
    qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x(), rect.bottom() - 4))
    new = [x for k, x in w.windows.items() if x.detail is None]
    assert len(new) == 1
    dialog = new[0]
    assert dialog.start_date.date() == day and dialog.end_date.date() == day
    assert dialog.tabs.count() == 1  # not saved yet: only the details
    dialog.title_edit.setText("همایش روابط عمومی")
    dialog.venue_combo.setCurrentIndex(combo_index(dialog.venue_combo, hall.id))
    for row in range(dialog.officials_list.count()):
        item = dialog.officials_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == mayor.id:
            item.setCheckState(Qt.CheckState.Checked)
    count = ev.count_events(office.db, office.clerk)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.clash_list.count() == 1
    assert dialog.clash_box.isVisible()
    assert "تالار وحدت" in dialog.clash_list.item(0).text()
    assert ev.count_events(office.db, office.clerk) == count  # nothing saved yet
    shot(dialog, "events_dialog_clash")
    dialog.clash_reason.setPlainText("سالن کوچک تالار")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.detail is not None and dialog.detail.clash_reason == "سالن کوچک تالار"
    assert not dialog.clash_box.isVisible()
    assert dialog.tabs.count() >= 1
    assert dialog.detail.official_ids == (mayor.id,)
    shot(dialog, "events_dialog_saved")
    # the grid shows both events now; a click on the first opens it
    rect = grid.event_rect(first.id)
    assert rect is not None
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert first.id in w.windows and w.windows[first.id].title_edit.text() == "جشنواره مطبوعات"
    assert grid.month.day(day + dt.timedelta(days=1)).holiday
    # status: a clerk plans, cannot approve
    opened = w.windows[first.id]
    assert EventStatus.APPROVED not in opened.status_buttons
    qtbot.mouseClick(opened.status_buttons[EventStatus.PLANNED], Qt.MouseButton.LeftButton)
    assert opened.detail.status is EventStatus.PLANNED
    assert shown == []
    # the list and the year
    w.tabs.setCurrentIndex(2)
    assert w.events_page.model.total_count() == 2
    w.tabs.setCurrentIndex(1)
    w.year_view.year_combo.setCurrentIndex(w.year_view.year_combo.findData(jd.year))
    marks = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069"))  # titles are isolated (either language)
    titles = [w.year_view.table.item(r, 2).text().translate(marks) for r in range(w.year_view.table.rowCount())]
    assert any("همایش روابط عمومی" in x for x in titles) and any("روز شهر" == x for x in titles)
    shot(w, "events_year")
    w.tabs.setCurrentIndex(2)
    shot(w, "events_list")


def test_supervisor_approves_and_keys_turn_the_month(qtbot: Any, office: Office) -> None:
    t = catalogue.list_event_types(office.db, office.clerk)[0]
    day = quiet_day(5)
    e = ev.create_event(office.db, office.clerk, type_id=t.id, title="افتتاحیه پل", start_on=day, status=EventStatus.PLANNED)
    w = workspace(qtbot, office, office.supervisor)
    window = w.open_event(e.id)
    assert window is not None
    qtbot.mouseClick(window.status_buttons[EventStatus.APPROVED], Qt.MouseButton.LeftButton)
    assert ev.get_event(office.db, office.clerk, e.id).status is EventStatus.APPROVED
    view = w.month_view
    view.go_today()
    before = (view.year, view.month_no)
    qtbot.keyClick(view.grid, Qt.Key.Key_PageDown)
    after = (view.year, view.month_no)
    assert after != before
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    assert (view.year, view.month_no) == before
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    assert any(x.detail is None for x in w.windows.values())  # a supervisor plans too


def test_catalogue_dialogs(qtbot: Any, office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui.events import catalogue_dialogs as cd

    types = cd.EventTypesDialog(office.db, office.supervisor)
    qtbot.addWidget(types)
    assert types.table.rowCount() == 6 and types.add_button.isVisible() is False or True
    clerk_types = cd.EventTypesDialog(office.db, office.clerk)
    qtbot.addWidget(clerk_types)
    assert clerk_types.add_button.isHidden()
    venues = cd.VenuesDialog(office.db, office.supervisor)
    qtbot.addWidget(venues)
    monkeypatch.setattr(cd.VenueForm, "exec", lambda self: (self.name_edit.setText("فرهنگسرای نیاوران"),
                                                            self.capacity.setValue(300), self.accept(), self.result())[-1])
    venues.edit(None)
    assert [v.name for v in catalogue.list_venues(office.db, office.clerk)] == ["فرهنگسرای نیاوران"]
    assert venues.table.item(0, 1).text() == "۳۰۰"
    occasions = cd.OccasionsDialog(office.db, office.clerk)
    qtbot.addWidget(occasions)

    def fill(self: Any) -> int:
        self.name_edit.setText("روز روابط عمومی")
        self.yearly.setChecked(True)
        self.month.setCurrentIndex(1)
        self.day.setValue(27)
        self.accept()
        return self.result()

    monkeypatch.setattr(cd.OccasionForm, "exec", fill)
    occasions.edit(None)
    assert occasions.table.rowCount() == 1 and "اردیبهشت" in occasions.table.item(0, 1).text()
    occasions.show()
    shot(occasions, "events_occasions")
    QApplication.processEvents()


def test_lessons_and_clone_from_the_window(qtbot: Any, office: Office) -> None:
    t = catalogue.list_event_types(office.db, office.clerk)[0]
    day = ev.today() - dt.timedelta(days=3)
    e = ev.create_event(office.db, office.clerk, type_id=t.id, title="جشن روز شهر", start_on=day, status=EventStatus.PLANNED,
                        clash_reason="آزمون")
    e = ev.change_status(office.db, office.supervisor, e.id, status=EventStatus.APPROVED, expected_version=e.version)
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(e.id)
    assert window is not None and not window.lessons_edit.isEnabled()
    qtbot.mouseClick(window.status_buttons[EventStatus.HELD], Qt.MouseButton.LeftButton)
    assert window.lessons_edit.isEnabled()
    window.lessons_edit.setPlainText("ورودی مهمانان شلوغ بود")
    window.clash_reason.setPlainText("آزمون")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert ev.get_event(office.db, office.clerk, e.id).lessons == "ورودی مهمانان شلوغ بود"
    new = window.clone(start_on=quiet_day(330), reason="آزمون")
    assert new is not None and new.id in w.windows
    clone_window = w.windows[new.id]
    assert clone_window.lessons_banner.isVisibleTo(clone_window) and "ورودی مهمانان شلوغ بود" in clone_window.lessons_banner.text()
    shot(clone_window, "events_dialog_clone")


def test_the_calendar_report_from_the_views(qtbot: Any, office: Office, tmp_path: Path) -> None:
    from pr_desk.services.events import reports_calendar

    reports_calendar.register()
    w = workspace(qtbot, office, office.clerk)
    assert len(w.month_view.report_buttons) == 3 and len(w.year_view.report_buttons) == 3
    w.month_view.go_to(JalaliDate(1405, 2, 10).to_gregorian())
    assert w.month_view.exporter.params() == {"year": "1405", "month": "2"}
    written = w.month_view.exporter.build(tmp_path / "month.pdf")
    assert written is not None and written.read_bytes().startswith(b"%PDF")
    assert w.year_view.exporter.params()["month"] == "all"


def test_moving_an_event_moves_its_checklist_tasks(qtbot: Any, office: Office) -> None:
    from pr_desk.services.events import checklists, tasks

    t = catalogue.list_event_types(office.db, office.clerk)[0]
    checklists.add_checklist_item(office.db, office.supervisor, type_id=t.id, title="رزرو سالن آزمون", offset_days=-10)
    day = quiet_day(60)
    e = ev.create_event(office.db, office.clerk, type_id=t.id, title="همایش", start_on=day)
    tasks.apply_template(office.db, office.clerk, event_id=e.id)
    before = {x.title: x.due_on for x in tasks.list_tasks(office.db, office.clerk, event_id=e.id)}["رزرو سالن آزمون"]
    w = workspace(qtbot, office, office.clerk)
    window = w.open_event(e.id)
    assert window is not None
    later = quiet_day(30, from_day=day)
    window.start_date.setDate(later)
    window.end_date.setDate(later)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.detail.start_on == later
    after = {x.title: x.due_on for x in tasks.list_tasks(office.db, office.clerk, event_id=e.id)}["رزرو سالن آزمون"]
    assert after > before and (later - after).days >= 10
