"""An event's window: its details (type, title, organiser unit, Jalali start and end with
optional times, venue, officials, description, expected guests, files), the status steps,
and, once saved, the planning and guest panels of the other parts as tabs.

Before a save the clashes are asked for: when there are any, they are listed above the
buttons with a box for the reason; the save goes ahead only with a reason, which is kept."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import importlib.util
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.events import EVENT_TRANSITIONS, MAX_TITLE, EventStatus, Span
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import ltr_isolate
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import report_catalog
from pr_desk.services.context import Actor
from pr_desk.services.events import events as ev
from pr_desk.ui.kit.formatting import digits, format_jalali_date, screen_locale
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.messages import FieldError, may_drop_changes, show_error
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.time_edit import TimeEdit, to_qtime, to_time
from pr_desk.ui.report_actions import ReportExporter, add_report_menu, exporter_for

if TYPE_CHECKING:
    from pr_desk.services.office import Office

# The panels of the other parts, in this order (module, class); the budget only for those
# who may see budgets. A panel is shown only when its module exists.
PANELS: tuple[tuple[str, str, Permission | None], ...] = (
    ("pr_desk.ui.events.tasks", "TasksPanel", None),
    ("pr_desk.ui.events.budget", "BudgetPanel", Permission.MANAGE_EVENT_BUDGETS),
    ("pr_desk.ui.events.guests", "GuestsPanel", None),
    ("pr_desk.ui.events.seating", "SeatingPanel", None),
    ("pr_desk.ui.events.programme", "ProgrammePanel", None),
    ("pr_desk.ui.events.checkin", "CheckInPanel", None),
)

# The event's printouts on the window's Reports menu: (report kind, its own menu title
# when the catalogue's is not the one, extra filters, the permission it needs).
EVENT_REPORTS: tuple[tuple[str, str | None, dict[str, str], Permission | None], ...] = (
    ("event-invitations", None, {}, None),
    ("event-invitations", N_("Envelope labels"), {"envelopes": "1"}, None),
    ("event-guests", None, {}, None),
    ("event-seating", None, {}, None),
    ("event-programme", None, {}, None),
    ("event-brief", None, {}, None),
    ("event-report", None, {}, None),
    ("event-budget", None, {}, Permission.MANAGE_EVENT_BUDGETS),
)

STEP_TEXTS = {
    EventStatus.IDEA: N_("Back to idea"),
    EventStatus.PLANNED: N_("Planned"),
    EventStatus.APPROVED: N_("Approve"),
    EventStatus.HELD: N_("Held"),
    EventStatus.REPORTED: N_("Report filed"),
    EventStatus.CANCELLED: N_("Cancel the event…"),
}


class CloneDialog(QDialog):
    """The clone's first day (a year later by default) and, if it clashes, the reason."""

    def __init__(self, parent: QWidget | None, day: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Clone for next year"))
        layout = QFormLayout(self)
        self.date_edit = JalaliDateEdit(self, date=day)
        self.reason = QPlainTextEdit(self)
        self.reason.setFixedHeight(50)
        self.reason.setPlaceholderText(_("Why it goes ahead anyway (kept with the event)"))
        layout.addRow(_("Starts:"), self.date_edit)
        layout.addRow(_("Reason, if it clashes:"), self.reason)
        from PySide6.QtWidgets import QDialogButtonBox

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Clone"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)


def code_text(code: str) -> str:
    """An event code as the screen shows it: the screen's digits, kept left to right."""
    return ltr_isolate(digits(code))


def combo_index(combo: QComboBox, value: object) -> int:
    """The row whose data equals `value` (findData does not compare Python objects such as UUIDs)."""
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            return row
    return -1


def available_panels(actor: Actor) -> list[tuple[str, str]]:
    out = []
    for module, cls, permission in PANELS:
        if permission is not None and not actor.can(permission):
            continue
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            out.append((module, cls))
    return out


class EventDialog(QDialog):
    """`changed(event id)` after every write."""

    changed = Signal(object)
    cloned = Signal(object)  # the new event's id (the workspace opens it)

    def __init__(self, db: Office, actor: Actor, event_id: uuid.UUID | None = None, parent: QWidget | None = None, *,
                 on: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.detail: ev.EventDetail | None = ev.get_event(db, actor, event_id) if event_id is not None else None
        self.choices = ev.event_choices(db, actor)
        self.can_manage = actor.can(Permission.MANAGE_EVENTS)
        self.clashes: list[ev.Clash] = []
        self.panels: list[QWidget] = []
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        font = self.header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.header.setFont(font)
        layout.addWidget(self.header)
        self.lessons_banner = QLabel(self)
        self.lessons_banner.setWordWrap(True)
        self.lessons_banner.setStyleSheet("background:#fff8e1; border:1px solid #ffcc80; padding:6px;")
        self.lessons_banner.hide()
        layout.addWidget(self.lessons_banner)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.details = QWidget(self)
        self.tabs.addTab(self.details, _("Details"))
        self._build_details()
        self._build_clash_box(layout)
        buttons = QHBoxLayout()
        self.status_bar = QHBoxLayout()
        buttons.addLayout(self.status_bar)
        buttons.addStretch(1)
        self.clone_button = QPushButton(_("Clone for next year…"), self)
        self.clone_button.setToolTip(_("A new event from this one on a new date: checklist, budget lines, venue and guest list"))
        buttons.addWidget(self.clone_button)
        self.clone_button.clicked.connect(lambda: self.clone())
        self.reports_button = QPushButton(_("Print"), self)
        self.reports_button.setToolTip(_("The event's printouts: invitation cards, guest list, seating chart, programme, "
                                         "brief and report, as PDF or Excel"))
        self.reports_button.setMenu(QMenu(self.reports_button))
        self.reports_button.hide()
        self.exporters: list[ReportExporter] = []
        buttons.addWidget(self.reports_button)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save the event (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.reload_button = QPushButton(_("Reload"), self)
        self.reload_button.setToolTip(_("Show the event as it is saved now (what another PC changed too)"))
        self.close_button = QPushButton(_("Close"), self)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.reload_button.clicked.connect(self.reload)
        self._saved_values: tuple[Any, ...] = ()
        add_shortcut(self, QKeySequence.StandardKey.Save, self.save, _("Event window: save the event"))
        self.save_button.setVisible(self.can_manage)
        if self.detail is None:
            self.start_date.setDate(on or ev.today())
            self.end_date.setDate(on or ev.today())
        self.load()
        if self.detail is None and self.can_manage:
            self.title_edit.setFocus()  # a new event's typing goes to its title (the tab bar swallowed it)

    # -- building ----------------------------------------------------------------------------------

    def _build_details(self) -> None:
        form = QFormLayout(self.details)
        self.type_combo = QComboBox(self.details)
        for type_id, name in self.choices.types:
            self.type_combo.addItem(name, type_id)
        self.title_edit = QLineEdit(self.details)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.unit_combo = QComboBox(self.details)
        self.unit_combo.addItem(_("(none)"), None)
        for unit_id, name in self.choices.units:
            self.unit_combo.addItem(name, unit_id)
        self.start_date = JalaliDateEdit(self.details)
        self.end_date = JalaliDateEdit(self.details)
        self.all_day = QCheckBox(_("All day (no times)"), self.details)
        self.all_day.setChecked(True)
        self.start_time = TimeEdit(QTime(9, 0), self.details)
        self.end_time = TimeEdit(QTime(12, 0), self.details)
        starts = QHBoxLayout()
        starts.addWidget(self.start_date, 2)
        starts.addWidget(self.start_time, 1)
        ends = QHBoxLayout()
        ends.addWidget(self.end_date, 2)
        ends.addWidget(self.end_time, 1)
        self.venue_combo = QComboBox(self.details)
        self.venue_combo.addItem(_("(none)"), None)
        for venue_id, name, capacity in self.choices.venues:
            text = name + (" — " + ngettext("{count} seat", "{count} seats", capacity).format(count=digits(capacity)) if capacity else "")
            self.venue_combo.addItem(text, venue_id)
        self.officials_list = QListWidget(self.details)
        self.officials_list.setMaximumHeight(110)
        for official_id, name, title in self.choices.officials:
            item = QListWidgetItem(f"{name} — {title}", self.officials_list)
            item.setData(Qt.ItemDataRole.UserRole, official_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.guests_spin = QSpinBox(self.details)
        self.guests_spin.setRange(0, 1_000_000)
        self.guests_spin.setLocale(screen_locale())
        self.description = QPlainTextEdit(self.details)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.lessons_edit = QPlainTextEdit(self.details)
        self.lessons_edit.setTabChangesFocus(True)
        self.lessons_edit.setFixedHeight(50)
        self.lessons_edit.setPlaceholderText(_("What went well, what to do differently next time"))
        self.status_label = QLabel(self.details)
        self.clash_note = QLabel(self.details)
        self.clash_note.setWordWrap(True)
        self.clash_note.hide()
        self.files_list = QListWidget(self.details)
        self.files_list.setMaximumHeight(70)
        files_bar = QHBoxLayout()
        self.add_file_button = QPushButton(_("Attach a file…"), self.details)
        self.open_file_button = QPushButton(_("Save a copy…"), self.details)
        self.remove_file_button = QPushButton(_("Remove the file"), self.details)
        for b in (self.add_file_button, self.open_file_button, self.remove_file_button):
            files_bar.addWidget(b)
        files_bar.addStretch(1)
        files = QVBoxLayout()
        files.addWidget(self.files_list)
        files.addLayout(files_bar)
        form.addRow(_("Type:"), self.type_combo)
        form.addRow(_("Title:"), self.title_edit)
        self.title_error = FieldError(self.details)
        form.addRow("", self.title_error)
        form.addRow(_("Organiser unit:"), self.unit_combo)
        form.addRow(_("Starts:"), starts)
        form.addRow(_("Ends:"), ends)
        form.addRow("", self.all_day)
        self.date_error = FieldError(self.details)
        form.addRow("", self.date_error)
        form.addRow(_("Venue:"), self.venue_combo)
        form.addRow(_("Officials taking part:"), self.officials_list)
        form.addRow(_("Expected guests:"), self.guests_spin)
        form.addRow(_("Description:"), self.description)
        form.addRow(_("Lessons learned:"), self.lessons_edit)
        form.addRow(_("Status:"), self.status_label)
        form.addRow("", self.clash_note)
        form.addRow(_("Files:"), files)
        self.all_day.toggled.connect(self._times_enabled)
        self.start_date.dateChanged.connect(self._start_moved)
        self._times_enabled(True)
        self.add_file_button.clicked.connect(self.attach_file)
        self.open_file_button.clicked.connect(self.save_file_copy)
        self.remove_file_button.clicked.connect(self.remove_file)

    def _build_clash_box(self, layout: QVBoxLayout) -> None:
        self.clash_box = QGroupBox(_("Clashes: check them before saving"), self)
        box = QVBoxLayout(self.clash_box)
        self.clash_list = QListWidget(self.clash_box)
        self.clash_list.setMaximumHeight(100)
        self.clash_reason = QPlainTextEdit(self.clash_box)
        self.clash_reason.setPlaceholderText(_("Why it goes ahead anyway (kept with the event)"))
        self.clash_reason.setFixedHeight(50)
        self.clash_error = FieldError(self.clash_box)
        box.addWidget(self.clash_list)
        box.addWidget(QLabel(_("To save anyway, write the reason:"), self.clash_box))
        box.addWidget(self.clash_reason)
        box.addWidget(self.clash_error)
        self.clash_box.hide()
        layout.addWidget(self.clash_box)

    def _times_enabled(self, all_day: bool) -> None:
        self.start_time.setEnabled(not all_day)
        self.end_time.setEnabled(not all_day)

    def _start_moved(self, day: dt.date | None) -> None:
        end = self.end_date.date()
        if day is not None and (end is None or end < day):
            self.end_date.setDate(day)

    # -- loading -------------------------------------------------------------------------------------

    def load(self) -> None:
        d = self.detail
        if d is None:
            self.setWindowTitle(_("New event"))
            self.header.setText(_("New event"))
            self.status_label.setText(EventStatus.IDEA.label)
        else:
            self.setWindowTitle(f"{d.code} — {d.title}")
            self.header.setText(f"{code_text(d.code)}  {d.title}")
            self.type_combo.setCurrentIndex(max(0, combo_index(self.type_combo, d.type_id)))
            if combo_index(self.type_combo, d.type_id) < 0:  # a retired type keeps showing
                self.type_combo.addItem(d.type_name, d.type_id)
                self.type_combo.setCurrentIndex(self.type_combo.count() - 1)
            self.title_edit.setText(d.title)
            self.unit_combo.setCurrentIndex(max(0, combo_index(self.unit_combo, d.organiser_unit_id)))
            self.start_date.setDate(d.start_on)
            self.end_date.setDate(d.end_on)
            timed = d.start_time is not None or d.end_time is not None
            self.all_day.setChecked(not timed)
            if d.start_time is not None:
                self.start_time.setTime(to_qtime(d.start_time))
            if d.end_time is not None:
                self.end_time.setTime(to_qtime(d.end_time))
            self.venue_combo.setCurrentIndex(max(0, combo_index(self.venue_combo, d.venue_id)))
            chosen = set(d.official_ids)
            for row in range(self.officials_list.count()):
                item = self.officials_list.item(row)
                item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                                   else Qt.CheckState.Unchecked)
            self.guests_spin.setValue(d.expected_guests)
            self.description.setPlainText(d.description)
            self.lessons_edit.setPlainText(d.lessons)
            self.lessons_banner.setText(_("Lessons learned at {code}: {lessons}").format(code=code_text(d.cloned_from_code),
                                                                                       lessons=d.earlier_lessons))
            self.lessons_banner.setVisible(bool(d.earlier_lessons))
            status = d.status.label + "  (" + format_jalali_date(d.status_on) + ")"
            if d.cancel_reason:
                status += " — " + d.cancel_reason
            self.status_label.setText(status)
            self.clash_note.setText(_("Went ahead despite clashes: {reason}").format(reason=d.clash_reason))
            self.clash_note.setVisible(bool(d.clash_reason))
            self.files_list.clear()
            for a in d.attachments:
                item = QListWidgetItem(a.file_name, self.files_list)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
        self._status_buttons()
        editable = self.can_manage and (d is None or d.status not in (EventStatus.CANCELLED, EventStatus.REPORTED))
        for w in (self.type_combo, self.title_edit, self.unit_combo, self.start_date, self.end_date, self.all_day,
                  self.venue_combo, self.officials_list, self.guests_spin, self.description):
            w.setEnabled(editable)
        if editable:
            self._times_enabled(self.all_day.isChecked())
        self.lessons_edit.setEnabled(self.can_manage and d is not None and d.status in (EventStatus.HELD, EventStatus.REPORTED))
        self.clone_button.setVisible(self.can_manage and d is not None)
        for b in (self.add_file_button, self.remove_file_button):
            b.setEnabled(self.can_manage and d is not None)
        self.open_file_button.setEnabled(d is not None)
        self.reload_button.setVisible(d is not None)
        self._reports_menu()
        self._panels()
        self._saved_values = self._form_values()

    def _form_values(self) -> tuple[Any, ...]:
        """What the person can type or choose in the details, to tell unsaved changes."""
        return (self.type_combo.currentData(), self.title_edit.text(), self.unit_combo.currentData(),
                self.start_date.text(), self.end_date.text(), self.all_day.isChecked(),
                None if self.all_day.isChecked() else (self.start_time.time(), self.end_time.time()),
                self.venue_combo.currentData(), tuple(self._official_ids()), self.guests_spin.value(),
                self.description.toPlainText(), self.lessons_edit.toPlainText(), self.clash_reason.toPlainText().strip())

    def is_dirty(self) -> bool:
        return self.can_manage and self._form_values() != self._saved_values

    def _reports_menu(self) -> None:
        """The event's printouts, once it is saved (its code is their filter)."""
        menu = self.reports_button.menu()
        if self.detail is None or not menu.isEmpty():
            return
        for kind, title, extra, permission in EVENT_REPORTS:
            if permission is not None and not self.actor.can(permission):
                continue
            exporter = exporter_for(self, kind, self.db, self.actor, functools.partial(self._report_params, extra))
            if exporter is not None:
                self.exporters.append(exporter)
                add_report_menu(menu, _(title) if title else report_catalog.report_title(kind), exporter)
        self.reports_button.setVisible(not menu.isEmpty())

    def _report_params(self, extra: dict[str, str]) -> dict[str, str]:
        return {"event": self.detail.code if self.detail is not None else "", **extra}

    def _status_buttons(self) -> None:
        while self.status_bar.count():
            item = self.status_bar.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.status_buttons: dict[EventStatus, QPushButton] = {}
        if self.detail is None:
            return
        for wanted in EventStatus:
            if wanted not in EVENT_TRANSITIONS[self.detail.status]:
                continue
            allowed = self.actor.can(Permission.APPROVE_EVENTS if wanted is EventStatus.APPROVED else Permission.MANAGE_EVENTS)
            if not allowed:
                continue
            button = QPushButton(_(STEP_TEXTS[wanted]), self)
            button.clicked.connect(lambda _c=False, w=wanted: self.change_status(w))
            self.status_bar.addWidget(button)
            self.status_buttons[wanted] = button

    def show_tasks(self) -> None:
        """The checklist's tab in front (what the dashboard's overdue tasks tile opens)."""
        for panel in self.panels:
            if type(panel).__name__ == "TasksPanel":
                self.tabs.setCurrentWidget(panel)

    def _panels(self) -> None:
        if self.detail is None or self.panels:
            for panel in self.panels:
                try:
                    panel.refresh()  # type: ignore[attr-defined]
                except Exception:  # a panel shows its own errors
                    pass
            return
        for module_name, cls_name in available_panels(self.actor):
            try:
                cls = getattr(importlib.import_module(module_name), cls_name)
                panel = cls(self.db, self.actor, self.detail.id, self)
            except Exception:  # a panel being built by another part: the window still opens
                continue
            self.panels.append(panel)
            self.tabs.addTab(panel, _(getattr(cls, "TITLE", cls_name)))

    # -- saving --------------------------------------------------------------------------------------

    def _dates_typed_right(self) -> bool:
        """False, with the field's reason beside the dates, while a date's text is not a
        date (1405/12/30 in a common year): the field keeps its last good date, which a
        save would otherwise take in place of the one typed."""
        for edit in (self.start_date, self.end_date):
            if not edit.isValid():
                self.date_error.set_error(edit.errorText())
                edit.setFocus()
                return False
        return True

    def _span(self) -> Span:
        start, end = self.start_date.date(), self.end_date.date()
        if start is None:
            raise UserError(N_("Give the event's first day."), field="start")
        if end is None:
            end = start
        if self.all_day.isChecked():
            return Span(start, end)
        return Span(start, end, to_time(self.start_time.time()), to_time(self.end_time.time()))

    def _official_ids(self) -> list[uuid.UUID]:
        out = []
        for row in range(self.officials_list.count()):
            item = self.officials_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def show_clashes(self, clashes: list[ev.Clash]) -> None:
        self.clashes = list(clashes)
        self.clash_list.clear()
        for c in clashes:
            QListWidgetItem(c.text, self.clash_list)
        self.clash_box.setVisible(bool(clashes))

    def save(self) -> bool:
        """Checks the clashes first: with any and no reason, they are shown and nothing is
        saved; with a reason (or none) the event is saved."""
        if not self.can_manage:
            return False
        self.title_error.set_error(None)
        self.date_error.set_error(None)
        self.clash_error.set_error(None)
        try:
            if self.detail is not None and self.detail.status is EventStatus.REPORTED:
                self.detail = ev.update_event(self.db, self.actor, self.detail.id, expected_version=self.detail.version,
                                              lessons=self.lessons_edit.toPlainText())
                self.load()
                self.changed.emit(self.detail.id)
                return True
            if not self._dates_typed_right():
                return False
            span = self._span()
            officials = self._official_ids()
            venue = self.venue_combo.currentData()
            clashes = ev.check_clashes(self.db, self.actor, span=span, venue_id=venue, official_ids=officials,
                                       exclude_event_id=self.detail.id if self.detail else None)
            self.show_clashes(clashes)
            reason = self.clash_reason.toPlainText().strip()
            if clashes and not reason:
                self.clash_error.set_error(_("Write why the event goes ahead despite the clashes, or change it."))
                self.clash_reason.setFocus()
                return False
            fields: dict[str, Any] = dict(type_id=self.type_combo.currentData(), title=self.title_edit.text(),
                                          start_on=span.start_on, end_on=span.end_on, start_time=span.start_time,
                                          end_time=span.end_time, venue_id=venue,
                                          organiser_unit_id=self.unit_combo.currentData(), official_ids=officials,
                                          description=self.description.toPlainText(),
                                          expected_guests=self.guests_spin.value(), clash_reason=reason)
            if self.detail is None:
                self.detail = ev.create_event(self.db, self.actor, **fields)
            else:
                if self.detail.status is EventStatus.HELD:
                    fields["lessons"] = self.lessons_edit.toPlainText()
                before = self.detail.start_on
                self.detail = ev.update_event(self.db, self.actor, self.detail.id, expected_version=self.detail.version,
                                              **fields)
                self._move_tasks((self.detail.start_on - before).days)
        except ev.ClashError as exc:
            self.show_clashes(exc.clashes)
            self.clash_error.set_error(str(exc))
            return False
        except UserError as exc:
            target = {"title": self.title_error, "start": self.date_error, "end": self.date_error}.get(exc.field or "")
            if target is not None:
                target.set_error(str(exc))
            else:
                show_error(self, exc)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self.clash_reason.clear()
        self.show_clashes([])
        self.load()
        self.changed.emit(self.detail.id)
        return True

    def _move_tasks(self, days: int) -> None:
        """The event moved: its open checklist tasks take their deadlines from the new day
        (the planning part's service; hand-added and finished tasks keep theirs)."""
        if not days or self.detail is None:
            return
        try:
            if importlib.util.find_spec("pr_desk.services.events.tasks") is None:
                return
            tasks = importlib.import_module("pr_desk.services.events.tasks")
            tasks.shift_tasks(self.db, self.actor, event_id=self.detail.id, days=days)
        except Exception as exc:  # the event is saved; say what did not follow
            show_error(self, exc)

    def change_status(self, wanted: EventStatus) -> bool:
        if self.detail is None:
            return False
        reason = ""
        if wanted is EventStatus.CANCELLED:
            from pr_desk.ui.kit.reason_dialog import ReasonDialog

            detail = self.detail
            dialog = ReasonDialog(self, _("Cancel the event"), _("Say why {title} is cancelled; the reason is kept.").format(
                title=detail.title), lambda text: ev.change_status(self.db, self.actor, detail.id, status=wanted,
                                                                  expected_version=detail.version, reason=text),
                label=_("Reason:"), subject=N_("Reason"), max_length=2000, ok_text=_("Cancel the event"))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            self.detail = dialog.result_value  # type: ignore[assignment]
        else:
            try:
                self.detail = ev.change_status(self.db, self.actor, self.detail.id, status=wanted,
                                               expected_version=self.detail.version, reason=reason)
            except Exception as exc:
                show_error(self, exc)
                return False
        self.load()
        assert self.detail is not None
        self.changed.emit(self.detail.id)
        return True

    def clone(self, start_on: dt.date | None = None, reason: str = "") -> ev.EventDetail | None:
        """Next year's event from this one; asks for its first day unless given."""
        if self.detail is None:
            return None
        if start_on is None:
            from pr_desk.domain.jalali import JalaliDate

            form = CloneDialog(self, JalaliDate.from_gregorian(self.detail.start_on).add_months(12).to_gregorian())
            if form.exec() != QDialog.DialogCode.Accepted or (chosen := form.date_edit.date()) is None:
                return None
            start_on, reason = chosen, form.reason.toPlainText()
        try:
            new = ev.clone_event(self.db, self.actor, self.detail.id, start_on=start_on, clash_reason=reason)
        except ev.ClashError as exc:
            show_error(self, exc)
            return None
        except Exception as exc:
            show_error(self, exc)
            return None
        self.changed.emit(new.id)
        self.cloned.emit(new.id)
        return new

    def reload(self) -> bool:
        """The event as it is saved now (after another PC's change refused a save); asks
        first when something typed here is not saved."""
        if self.detail is None:
            return False
        if self.is_dirty() and not may_drop_changes(
                self, _("Drop the changes typed here and show the event as it is saved now?")):
            return False
        try:
            self.detail = ev.get_event(self.db, self.actor, self.detail.id)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.clash_reason.clear()
        self.show_clashes([])
        self.load()
        return True

    def reject(self) -> None:
        """Close, Esc and the window's close button: asks first when something typed is not saved."""
        if self.is_dirty() and not may_drop_changes(
                self, _("The event has changes that are not saved. Close without saving them?")):
            return
        super().reject()

    # -- files ---------------------------------------------------------------------------------------

    def attach_file(self, path: str | None = None) -> bool:
        if self.detail is None:
            return False
        if not path:
            path, _f = QFileDialog.getOpenFileName(self, _("Attach a file"), "", _("Documents (*.pdf *.doc *.docx *.png *.jpg *.jpeg *.tif *.tiff)"))
        if not path:
            return False
        try:
            ev.add_attachment(self.db, self.actor, self.detail.id, file_name=Path(path).name, content=Path(path).read_bytes())
            self.detail = ev.get_event(self.db, self.actor, self.detail.id)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.load()
        self.changed.emit(self.detail.id)
        return True

    def _current_file(self) -> uuid.UUID | None:
        item = self.files_list.currentItem()
        if item is None:
            return None
        file_id: uuid.UUID = item.data(Qt.ItemDataRole.UserRole)
        return file_id

    def save_file_copy(self) -> None:
        file_id = self._current_file()
        if file_id is None:
            return
        try:
            name, _mime, content = ev.attachment_content(self.db, self.actor, file_id)
            target, _f = QFileDialog.getSaveFileName(self, _("Save a copy"), name)
            if target:
                Path(target).write_bytes(content)
        except Exception as exc:
            show_error(self, exc)

    def remove_file(self) -> None:
        file_id = self._current_file()
        if file_id is None or self.detail is None:
            return
        try:
            ev.remove_attachment(self.db, self.actor, file_id)
            self.detail = ev.get_event(self.db, self.actor, self.detail.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.load()
        self.changed.emit(self.detail.id)
