"""Meeting sessions (جلسات ملاقات): an official's sessions by Jalali date, a new session,
filling it from the head of the queue, adjusting its list, the agenda and the notify list."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord, UserError
from pr_desk.domain.meetings import SessionStatus
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import span
from pr_desk.domain.validation import require_text
from pr_desk.domain.workweek import WorkCalendar, iranian_weekday
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import meetings, office_settings
from pr_desk.services.context import Actor
from pr_desk.services.meetings import EntryInfo, SessionInfo
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import display_digits, screen_locale
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.jalali_calendar import weekday_name
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.list_page import refresh_button
from pr_desk.ui.kit.messages import FieldError
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.panes import add_split, column_pane
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.kit.time_edit import time_edit
from pr_desk.ui.meetings.common import (
    ReasonDialog,
    StaticRows,
    digits,
    fill_official_combo,
    find_data,
    heading,
    list_table,
    official_combo,
    same_id,
    select_where,
    selected_row,
    today,
)
from pr_desk.ui.report_actions import ReportExporter

if TYPE_CHECKING:
    import uuid

    from pr_desk.services.office import Office

SESSION_COLUMNS = (
    Column("session_date", N_("Date"), kind="date", sortable=True),
    Column("time_text", N_("Time"), sortable=True),
    Column("official_text", N_("Official"), sortable=True),
    Column("place", N_("Place"), sortable=True),
    Column("capacity", N_("Capacity"), kind="int", sortable=True),
    Column("entry_count", N_("Citizens"), kind="int", sortable=True),
    Column("status_label", N_("Status"), sortable=True),
)
ENTRY_COLUMNS = (
    Column("position", N_("Order"), kind="int"),
    Column("tracking_code", N_("Tracking code"), kind="number"),
    Column("citizen_name", N_("Citizen")),
    Column("mobile", N_("Mobile"), kind="number"),
    Column("subject_label", N_("Subject")),
    Column("state_label", N_("State")),
)


def time_text(start: dt.time, end: dt.time) -> str:
    """"۰۹:۰۰ تا ۱۱:۰۰": the start first in the reader's direction (never isolated left to right)."""
    return digits(span(f"{start:%H:%M}", f"{end:%H:%M}"))


class SessionRow:
    """A session as one line of the list (its fields plus what the columns show)."""

    def __init__(self, info: SessionInfo) -> None:
        self.info = info
        self.id = info.id
        self.session_date = info.session_date
        self.time_text = time_text(info.start_time, info.end_time)
        self.official_text = display_digits(info.official_title or info.official_name)
        self.place = display_digits(info.place)
        self.capacity = info.capacity
        self.entry_count = info.entry_count
        self.status_label = info.status_label


class EntryRow:
    def __init__(self, entry: EntryInfo) -> None:
        self.entry = entry
        self.id = entry.id
        self.position = entry.position
        self.tracking_code = entry.tracking_code
        self.citizen_name = entry.citizen_name
        self.mobile = entry.mobile
        self.subject_label = entry.subject_category.label
        self.state_label = entry.state_label


def _qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


class SessionDialog(FormDialog):
    """A new session (`session` None) or changes to a planned one."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None,
                 official_id: uuid.UUID | None = None) -> None:
        super().__init__(parent, _("New meeting session"))
        self.db = db
        self.actor = actor
        self.session: SessionInfo | None = None
        self.saved: SessionInfo | None = None
        self.official = QComboBox(self)
        fill_official_combo(self.official, db, actor)
        if official_id is not None and find_data(self.official, official_id) >= 0:
            self.official.setCurrentIndex(find_data(self.official, official_id))
        self.date = JalaliDateEdit(self)
        self.start = time_edit(dt.time(9, 0), self)
        self.end = time_edit(dt.time(11, 0), self)
        self.place = QLineEdit(self)
        self.place.setMaxLength(200)
        self.capacity = QSpinBox(self)
        self.capacity.setLocale(screen_locale())
        self.capacity.setRange(1, 200)
        self.capacity.setValue(8)
        self.official.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_field("official", _("Official"), self.official)
        self.add_field("session_date", _("Date"), self.date)
        # a day the office is closed or that has passed: said beside the date, not refused
        # (a session may be recorded afterwards, or held on a holiday on purpose)
        self.day_note = FieldError(self)
        self.day_note.setWordWrap(False)  # one short line: wrapped, the form row cut it off
        self.form.addRow("", self.day_note)
        self._calendar: WorkCalendar | None = None
        self.add_field("start_time", _("Starts at"), self.start)
        self.add_field("end_time", _("Ends at"), self.end)
        self.add_field("place", _("Place"), self.place)
        self.add_field("capacity", _("Capacity (citizens)"), self.capacity)
        self.date.dateChanged.connect(lambda _d: self._changed("session_date"))
        self.start.timeChanged.connect(lambda _t: self._changed("end_time"))
        self.end.timeChanged.connect(lambda _t: self._changed("end_time"))
        self.official.currentIndexChanged.connect(lambda _i: self._apply_regular_slot())
        self._apply_regular_slot()
        self._note_day()
        self.refresh_validity()

    def _changed(self, name: str) -> None:
        if name == "session_date":
            self._note_day()
        self._touched.add(name)
        self.general_error.set_error(None)
        self.refresh_validity()

    def _note_day(self) -> None:
        """The citizens would be told to come on a day the office is closed, or gone."""
        day = self.date.date() if self.date.isValid() else None
        if day is None:
            self.day_note.set_error(None)
            return
        if self._calendar is None:
            _ok, self._calendar = attempt(self, lambda: office_settings.work_calendar(self.db, self.actor))
        calendar = self._calendar
        if calendar is not None and iranian_weekday(day) in calendar.weekend:
            note = _("That day is a {weekday}, the office's weekend.").format(weekday=weekday_name(iranian_weekday(day)))
        elif calendar is not None and day in calendar.holidays:
            note = _("That day is an official holiday.")
        elif day < today():
            note = _("That day has passed.")
        else:
            note = ""
        self.day_note.set_error(note)

    def _apply_regular_slot(self) -> None:
        """A new session starts from the official's regular slot (e.g. Mondays 9–11)."""
        if self.session is not None or self.official.currentData() is None:
            return
        _ok, official = attempt(self, lambda: meetings.get_official(self.db, self.actor, official_id=self.official.currentData()))
        slots = official.regular_slots if official is not None else ()
        if not slots:
            return
        slot = slots[0]
        self.start.setTime(_qtime(slot.start))
        self.end.setTime(_qtime(slot.end))
        if slot.place and not self.place.text():
            self.place.setText(slot.place)
        from pr_desk.domain.jalali import JalaliDate

        day = JalaliDate.today()
        for _step in range(7):  # the next day of the slot's weekday
            if day.weekday() == slot.weekday:
                break
            day = day.add_days(1)
        self.date.setDate(day.to_gregorian())

    def load(self, session: SessionInfo) -> None:
        self.session = session
        self.setWindowTitle(_("Edit meeting session"))
        self.official.setCurrentIndex(find_data(self.official, session.official_id))
        self.official.setEnabled(False)
        self.date.setDate(session.session_date)
        self.start.setTime(_qtime(session.start_time))
        self.end.setTime(_qtime(session.end_time))
        self.place.setText(session.place)
        self.capacity.setValue(session.capacity)
        self._touched.clear()
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = first_error([("place", lambda: require_text(self.place.text(), _("Place"), 200, field="place"))])
        if not self.date.isValid() or self.date.date() is None:
            problems["session_date"] = self.date.errorText() or _("Enter a date.")
        if self.end.time() <= self.start.time():
            problems["end_time"] = _("A session must end after it starts.")
        if self.official.currentData() is None:
            problems["official"] = _("Choose the official.")
        return problems

    def save(self) -> None:
        day = self.date.date()
        if day is None:  # validate() keeps OK disabled without a date
            raise UserError(N_("Enter a date."), field="session_date")
        start, end = _pytime(self.start.time()), _pytime(self.end.time())
        place, capacity = self.place.text(), self.capacity.value()
        if self.session is None:
            self.saved = meetings.create_session(self.db, self.actor, official_id=self.official.currentData(), session_date=day,
                                                 start_time=start, end_time=end, place=place, capacity=capacity)
        else:
            self.saved = meetings.update_session(self.db, self.actor, session_id=self.session.id, notes=self.session.notes,
                                                 expected_version=self.session.version, session_date=day,
                                                 start_time=start, end_time=end, place=place, capacity=capacity)

    def show_user_error(self, exc: Any) -> None:
        super().show_user_error(exc)
        if isinstance(exc, StaleRecord):
            self.ok_button.setEnabled(False)


class SessionsView(QWidget):
    changed = Signal()
    open_docket = Signal(object)  # SessionInfo

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_MEETINGS)
        self.can_see_citizens = actor.can(Permission.VIEW_CITIZENS)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.official = official_combo(self, db, actor, all_text=_("All officials"))
        self.show_past = QCheckBox(_("Show past sessions"), self)
        self.count_label = QLabel(self)
        top.addWidget(QLabel(_("Official:"), self))
        top.addWidget(self.official, 1)
        top.addWidget(self.show_past)
        top.addStretch(1)
        top.addWidget(self.count_label)
        self.refresh_button = refresh_button(self, lambda: self.reload())  # and F5: what another PC did since
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        self.model = PagedTableModel(SESSION_COLUMNS, self._fetch, count=self._count, parent=self)
        self.table = list_table(self, self.model, stretch="place", sortable=True, remember="meetings.sessions")

        self.entries_title = heading(_("Citizens of the selected session"), self)
        self.entry_rows = StaticRows()
        self.entries_model = PagedTableModel(ENTRY_COLUMNS, self.entry_rows, parent=self)
        self.entries = list_table(self, self.entries_model, stretch="subject_label", remember="meetings.sessions.entries")
        self.empty = empty_state(
            self.table, _("No session is planned. Plan one with “New session…” (official, date, time, place and "
                          "capacity), then place the waiting citizens in it with “Fill from queue”."),
            filtered=lambda: not self.show_past.isChecked() or self.official.currentData() is not None,
            when_filtered=_("No upcoming session matches. Tick “Show past sessions” or choose all officials to see "
                            "more, or plan one with “New session…”."))
        self.entries_empty = empty_state(self.entries, lambda: (
            _("Choose a session to see the citizens placed in it.") if self.current() is None else
            _("No citizen is placed in this session yet. Press “Fill from queue” to place the citizens waiting "
              "for this official, in their turn.")))
        entry_buttons = QHBoxLayout()
        self.remove_button = QPushButton(_("Take out…"), self)
        self.remove_button.setToolTip(_("Take the selected citizen out of the session; the request goes back to its turn in the queue"))
        self.up_button = QPushButton(_("Up"), self)
        self.up_button.setToolTip(_("Call the selected citizen earlier (Ctrl+Up)"))
        self.down_button = QPushButton(_("Down"), self)
        self.down_button.setToolTip(_("Call the selected citizen later (Ctrl+Down)"))
        for b in (self.remove_button, self.up_button, self.down_button):
            entry_buttons.addWidget(b)
        entry_buttons.addStretch(1)
        entries_box = column_pane(self, self.entries_title, self.entries, entry_buttons, grow=self.entries)
        add_split(layout, self, self.table, entries_box, stretch=(2, 2))
        entries_box.setVisible(self.can_see_citizens)

        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("New session…"), self)
        self.new_button.setToolTip(_("A new meeting session (Ctrl+Shift+N)"))
        self.edit_button = QPushButton(_("Edit…"), self)
        self.fill_button = QPushButton(_("Fill from queue"), self)
        self.fill_button.setToolTip(_("Fill the free places from the head of the official's queue"))
        self.day_button = QPushButton(_("Meeting day"), self)
        self.day_button.setToolTip(_("Open the selected session's docket: check-in, calling, orders"))
        self.cancel_button = QPushButton(_("Cancel session…"), self)
        self.agenda_button = QPushButton(_("Print agenda…"), self)
        self.notify_button = QPushButton(_("Notify list (Excel)…"), self)
        self.notify_button.setToolTip(_("Names, mobiles, date, time and place for the office's SMS panel"))
        self.minutes_button = QPushButton(_("Minutes (PDF)…"), self)
        for b in (self.new_button, self.edit_button, self.fill_button, self.day_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.agenda_button, self.notify_button, self.minutes_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        for b in (self.day_button, self.agenda_button, self.notify_button, self.minutes_button):
            b.setVisible(self.can_see_citizens)
        for b in (self.new_button, self.edit_button, self.fill_button, self.cancel_button):
            b.setVisible(self.can_manage)

        def params() -> dict[str, str]:
            session = self.current()
            return {"session": str(session.id) if session else ""}

        self.agenda = ReportExporter(self, "meeting-agenda", db, actor, params)
        self.notify = ReportExporter(self, "meeting-notify", db, actor, params)
        self.minutes = ReportExporter(self, "meeting-minutes", db, actor, params)

        self.official.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_past.toggled.connect(lambda _c: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection_changed())
        self.entries.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self._open_day())
        self.new_button.clicked.connect(self.new_session)
        self.edit_button.clicked.connect(self.edit_session)
        self.fill_button.clicked.connect(self.fill_selected)
        self.day_button.clicked.connect(self._open_day)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.agenda_button.clicked.connect(lambda: self._report(self.agenda, None))
        self.notify_button.clicked.connect(lambda: self._report(self.notify, ".xlsx"))
        self.minutes_button.clicked.connect(lambda: self._report(self.minutes, ".pdf"))
        self.remove_button.clicked.connect(self.remove_entry)
        self.up_button.clicked.connect(lambda: self.move_entry(-1))
        self.down_button.clicked.connect(lambda: self.move_entry(1))
        add_shortcut(self, "Ctrl+Shift+N", self.new_session, _("Sessions: plan a new session"))
        add_shortcut(self.entries, "Ctrl+Up", lambda: self.move_entry(-1), _("Sessions: move the citizen up the running order"),
                     context=Qt.ShortcutContext.WidgetShortcut)
        add_shortcut(self.entries, "Ctrl+Down", lambda: self.move_entry(1), _("Sessions: move the citizen down the running order"),
                     context=Qt.ShortcutContext.WidgetShortcut)
        self.reload()

    # -- data -----------------------------------------------------------------------------

    def _filters(self) -> dict[str, Any]:
        """Today's and later sessions; with "Show past sessions", the earlier ones too."""
        past = self.show_past.isChecked()
        return {"official_id": self.official.currentData(), "date_from": None if past else today()}

    def _fetch(self, offset: int, limit: int, /, **sort: Any) -> list[SessionRow]:
        past = self.show_past.isChecked()
        return [SessionRow(s) for s in meetings.list_sessions(self.db, self.actor, offset=offset, limit=limit,
                                                              newest_first=past, **self._filters(), **sort)]

    def _count(self) -> int:
        return meetings.count_sessions(self.db, self.actor, **self._filters())

    def refresh_officials(self) -> None:
        fill_official_combo(self.official, self.db, self.actor, all_text=_("All officials"))

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        current = self.current()
        attempt(self, self.model.reload)
        wanted = select_id or (current.id if current else None)
        if wanted is not None:
            select_where(self.table, same_id(wanted))
        total = self.model.total_count() or 0
        self.count_label.setText(ngettext("{count} session", "{count} sessions", total).format(count=digits(total)))
        fit_columns_to_contents(self.table)
        self._on_selection_changed()

    def current(self) -> SessionInfo | None:
        row = selected_row(self.table)
        return row.info if row is not None else None

    def current_entry(self) -> EntryInfo | None:
        row = selected_row(self.entries)
        return row.entry if row is not None else None

    def _on_selection_changed(self, select_entry: uuid.UUID | None = None) -> None:
        session = self.current()
        rows: list[EntryRow] = []
        if session is not None and self.can_see_citizens:
            _ok, found = attempt(self, lambda: meetings.session_entries(self.db, self.actor, session_id=session.id))
            rows = [EntryRow(e) for e in found or []]
        self.entry_rows.rows = rows
        self.entries_model.reload()
        fit_columns_to_contents(self.entries)
        if select_entry is not None:
            select_where(self.entries, same_id(select_entry))
        if session is not None:
            self.entries_title.setText(_("Citizens of the session on {date}, {time} ({count} of {capacity})").format(
                date=session.date_text, time=time_text(session.start_time, session.end_time),
                count=digits(session.entry_count), capacity=digits(session.capacity)))
        else:
            self.entries_title.setText(_("Citizens of the selected session"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        session = self.current()
        planned = session is not None and session.status is SessionStatus.PLANNED
        entry = self.current_entry()
        self.edit_button.setEnabled(planned)
        self.fill_button.setEnabled(planned)
        self.cancel_button.setEnabled(planned)
        self.day_button.setEnabled(session is not None and session.status is not SessionStatus.CANCELLED)
        for b in (self.agenda_button, self.notify_button, self.minutes_button):
            b.setEnabled(session is not None)
        movable = self.can_manage and planned and entry is not None
        self.remove_button.setEnabled(movable)
        rows = self.entry_rows.rows
        index = next((i for i, r in enumerate(rows) if entry is not None and r.id == entry.id), -1)
        self.up_button.setEnabled(movable and index > 0)
        self.down_button.setEnabled(movable and 0 <= index < len(rows) - 1)

    # -- actions --------------------------------------------------------------------------

    def _after_write(self, select_id: uuid.UUID | None = None) -> None:
        self.reload(select_id=select_id)
        self.changed.emit()

    def session_dialog(self) -> SessionDialog:
        return SessionDialog(self.db, self.actor, self, official_id=self.official.currentData())

    def new_session(self) -> None:
        if not self.can_manage:
            return
        dialog = self.session_dialog()
        if dialog.exec() and dialog.saved is not None:
            self._after_write(dialog.saved.id)

    def edit_session(self) -> None:
        session = self.current()
        if session is None or not self.can_manage:
            return
        dialog = SessionDialog(self.db, self.actor, self)
        dialog.load(session)
        if dialog.exec() and dialog.saved is not None:
            self._after_write(dialog.saved.id)
        elif not dialog.ok_button.isEnabled() and dialog.general_error.error():
            self.reload()

    def fill_selected(self) -> int | None:
        """Fills the selected session from the queue; the number of citizens added."""
        session = self.current()
        if session is None or not self.can_manage:
            return None
        _ok, added = attempt(self, lambda: meetings.fill_session(self.db, self.actor, session_id=session.id))
        if added is None:
            return None
        count = len(added)
        self._after_write(session.id)
        if count == 0:
            QMessageBox.information(self, _("Fill from queue"), _("Nobody is waiting in this official's queue."))
        return count

    def cancel_selected(self) -> None:
        session = self.current()
        if session is None or not self.can_manage:
            return
        dialog = ReasonDialog(
            self, _("Cancel session"),
            _("Cancel the session on {date}? Its citizens go back to their turns in the queue.").format(date=session.date_text),
            lambda reason: meetings.cancel_session(self.db, self.actor, session_id=session.id, reason=reason,
                                                   expected_version=session.version),
            ok_text=_("Cancel session"))
        if dialog.exec():
            self._after_write(session.id)

    def remove_entry(self) -> None:
        session, entry = self.current(), self.current_entry()
        if session is None or entry is None or not self.can_manage:
            return
        answer = QMessageBox.question(
            self, _("Take out of the session"),
            _("Take {name} ({code}) out of this session? The request goes back to its turn in the queue.").format(
                name=entry.citizen_name, code=digits(entry.tracking_code)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _r = attempt(self, lambda: meetings.remove_from_session(self.db, self.actor, entry_id=entry.id))
        if ok:
            self._after_write(session.id)

    def move_entry(self, step: int) -> None:
        session, entry = self.current(), self.current_entry()
        if session is None or entry is None or not self.can_manage:
            return
        ids = [r.id for r in self.entry_rows.rows]
        index = ids.index(entry.id)
        target = index + step
        if not 0 <= target < len(ids):
            return
        ids[index], ids[target] = ids[target], ids[index]
        ok, _r = attempt(self, lambda: meetings.reorder_session(self.db, self.actor, session_id=session.id,
                                                                entry_ids=ids, expected_version=session.version))
        self.reload(select_id=session.id)
        if ok:
            self._on_selection_changed(select_entry=entry.id)
            self.changed.emit()

    def _open_day(self) -> None:
        session = self.current()
        if session is not None and self.can_see_citizens:
            self.open_docket.emit(session)

    def _report(self, exporter: ReportExporter, suffix: str | None) -> None:
        if self.current() is None:
            return
        if suffix is None:
            exporter.print_preview()
        else:
            exporter.export(suffix)
