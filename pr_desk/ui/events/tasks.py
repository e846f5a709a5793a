"""The event window's Tasks tab: the event's checklist with real deadlines (Jalali, T±n),
owners and status, coloured by the reminder ladder (amber due soon, orange overdue, red
escalated); apply the type's template, add or edit a task by hand, mark it done, not
needed (with a note) or open again, remove one added by mistake. Every action has a
button and a keyboard shortcut."""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.events import MAX_TEXT, MAX_TITLE, TaskStatus
from pr_desk.domain.followup import REMINDER_COLOURS, ReminderLevel
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import checklists as cl
from pr_desk.services.events import tasks as tk
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel, StaticRows
from pr_desk.ui.kit.reason_dialog import ReasonDialog
from pr_desk.ui.kit.table_view import list_table, select_row, selected_row
from pr_desk.ui.kit.widgets import find_data

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    Column("due_on", N_("Deadline"), "date"),
    Column("offset", N_("T±n")),
    Column("title", N_("Task")),
    Column("owner", N_("Owner")),
    Column("status", N_("Status")),
    Column("done_on", N_("Done on"), "date"),
    Column("note", N_("Note")),
)
# Ink on the ladder's colours: dark on amber, white on orange and red.
_INK = {ReminderLevel.DUE_SOON: "#000000", ReminderLevel.OVERDUE: "#ffffff", ReminderLevel.ESCALATED: "#ffffff"}


def status_text(task: tk.TaskInfo) -> str:
    """'Not done yet', or the ladder's word for an open task near or past its deadline."""
    if task.status is TaskStatus.OPEN and task.reminder is not ReminderLevel.NONE:
        return task.reminder.label
    if task.status is TaskStatus.DONE and task.done_late:
        return ngettext("Done, {days} day late", "Done, {days} days late", task.days_late).format(days=digits(task.days_late))
    return task.status.label


def offset_cell(task: tk.TaskInfo) -> str:
    """T±n kept left to right (T−30 reads as written)."""
    return "\u2066" + digits(task.offset_label) + "\u2069"


class TasksModel(PagedTableModel):
    """An event's tasks (a short list, in memory) with the status cell on the ladder's colour."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, StaticRows(), parent=parent)

    def set_tasks(self, tasks: Sequence[tk.TaskInfo]) -> None:
        self.set_fetcher(StaticRows(tasks))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.loaded_count() and index.column() < len(self.columns):
            task: tk.TaskInfo = self.row_at(index.row())
            key = self.columns[index.column()].key
            if role == Qt.ItemDataRole.DisplayRole:
                if key == "offset":
                    return offset_cell(task)
                if key == "owner":
                    return task.owner_name or "—"
                if key == "status":
                    return status_text(task)
            if key == "status" and task.status is TaskStatus.OPEN and task.reminder is not ReminderLevel.NONE:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(QColor(REMINDER_COLOURS[task.reminder] or "#ffffff"))
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor(_INK[task.reminder]))
            if role == Qt.ItemDataRole.ForegroundRole and task.status is TaskStatus.DROPPED:
                return QBrush(QColor("#78909c"))
            if role == Qt.ItemDataRole.ToolTipRole and key in ("note", "title") and task.note:
                return task.note
        return super().data(index, role)


def owner_combo(parent: QWidget, choices: Sequence[cl.OwnerChoice], user_id: uuid.UUID | None,
                unit_id: uuid.UUID | None) -> QComboBox:
    """Nobody, then the users, then the units; the current owner chosen."""
    combo = QComboBox(parent)
    combo.addItem(_("Nobody yet"), None)
    for c in choices:
        label = c.name if c.kind == "user" else _("{unit} (unit)").format(unit=c.name)
        combo.addItem(label, (c.kind, c.id))
    current = ("user", user_id) if user_id else ("unit", unit_id) if unit_id else None
    at = find_data(combo, current) if current else 0
    combo.setCurrentIndex(max(at, 0))
    return combo


def chosen_owner(combo: QComboBox) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    data = combo.currentData()
    if not data:
        return None, None
    kind, owner_id = data
    return (owner_id, None) if kind == "user" else (None, owner_id)


class TaskDialog(FormDialog):
    """Add a task by hand, or edit one: title, deadline, owner, note."""

    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, event_id: uuid.UUID,
                 task: tk.TaskInfo | None = None, *, default_due: dt.date | None = None) -> None:
        super().__init__(parent, _("Edit task") if task else _("New task"))
        self.db, self.actor, self.event_id, self.task = db, actor, event_id, task
        self.result_task: tk.TaskInfo | None = None
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.due = JalaliDateEdit(self, date=task.due_on if task else default_due or tk.today())
        self.owner = owner_combo(self, cl.owner_choices(db, actor), task.owner_user_id if task else None,
                                 task.owner_unit_id if task else None)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.add_field("title", _("Task"), self.title_edit)
        self.add_field("due_on", _("Deadline"), self.due)
        self.add_field("owner", _("Owner"), self.owner)
        self.add_field("note", _("Note"), self.note)
        self.due.dateChanged.connect(lambda *_a: self.refresh_validity())
        if task is not None:
            self.title_edit.setText(task.title)
            self.note.setPlainText(task.note)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = first_error([("title", lambda: require_text(self.title_edit.text(), N_("Task"), MAX_TITLE, field="title"))])
        if not self.due.isValid() or self.due.date() is None:
            problems.setdefault("due_on", self.due.errorText() or _("Give the task's deadline."))
        if len(self.note.toPlainText()) > MAX_TEXT:
            problems.setdefault("note", _("The note is too long."))
        return problems

    def save(self) -> None:
        user_id, unit_id = chosen_owner(self.owner)
        due = self.due.date()
        assert due is not None
        if self.task is None:
            self.result_task = tk.add_task(self.db, self.actor, event_id=self.event_id, title=self.title_edit.text(),
                                           due_on=due, owner_user_id=user_id, owner_unit_id=unit_id,
                                           note=self.note.toPlainText())
        else:
            self.result_task = tk.edit_task(self.db, self.actor, task_id=self.task.id, title=self.title_edit.text(),
                                            due_on=due, owner_user_id=user_id, owner_unit_id=unit_id,
                                            note=self.note.toPlainText(), expected_version=self.task.version)


class TasksPanel(QWidget):
    """The Tasks tab of an event's window (see the brief's panel contract)."""

    TITLE = N_("Tasks")

    def __init__(self, office: Database, actor: Actor, event_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.event_id = office, actor, event_id
        self.can_edit = actor.can(Permission.MANAGE_EVENTS)
        self.tasks: list[tk.TaskInfo] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = TasksModel(self)
        self.table: QTableView = list_table(self, self.model, stretch="title")
        self.table.doubleClicked.connect(lambda *_a: self.edit_task())
        layout.addWidget(self.table, 1)
        legend = QLabel(self)  # the ladder's colours, as the meeting orders show them
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setText(" &nbsp; ".join(
            f"<span style='color:{level.colour}'>●</span> {html.escape(level.label)}"
            for level in (ReminderLevel.DUE_SOON, ReminderLevel.OVERDUE, ReminderLevel.ESCALATED)))
        layout.addWidget(legend)
        row, self.buttons = action_row(self, (Action(name, text, key, slot, self.can_edit) for name, text, key, slot in (
            ("apply", _("Apply the checklist"), "Ctrl+T", self.apply_template),
            ("add", _("Add task…"), "Ctrl+N", self.add_task),
            ("edit", _("Edit…"), "F2", self.edit_task),
            ("done", _("Done"), "Ctrl+D", self.mark_done),
            ("dropped", _("Not needed…"), "Ctrl+Shift+D", self.mark_not_needed),
            ("reopen", _("Reopen"), "Ctrl+R", self.reopen),
            ("remove", _("Remove"), "Delete", self.remove),
        )))
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.refresh()

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current()
        self.tasks = tk.list_tasks(self.db, self.actor, event_id=self.event_id)
        self.model.set_tasks(self.tasks)
        self.table.resizeColumnsToContents()
        s = tk.task_summary(self.tasks)
        if not self.tasks:
            self.summary.setText(_("No tasks yet: apply the checklist of the event's type, or add tasks by hand."))
        else:
            self.summary.setText(ngettext(
                "{total} task: {open} open, {done} done, {dropped} not needed; {overdue} overdue.",
                "{total} tasks: {open} open, {done} done, {dropped} not needed; {overdue} overdue.", len(self.tasks)).format(
                total=digits(len(self.tasks)), open=digits(s.open), done=digits(s.done), dropped=digits(s.dropped),
                overdue=digits(s.overdue)))
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def current(self) -> tk.TaskInfo | None:
        task = selected_row(self.table)
        return task if isinstance(task, tk.TaskInfo) else None

    def select(self, task_id: uuid.UUID) -> None:
        for row, task in enumerate(self.tasks):
            if task.id == task_id:
                select_row(self.table, row)
                return

    def _update_buttons(self) -> None:
        task = self.current()
        self.buttons["edit"].setEnabled(task is not None)
        self.buttons["remove"].setEnabled(task is not None)
        self.buttons["done"].setEnabled(task is not None and task.status is not TaskStatus.DONE)
        self.buttons["dropped"].setEnabled(task is not None and task.status is not TaskStatus.DROPPED)
        self.buttons["reopen"].setEnabled(task is not None and task.status is not TaskStatus.OPEN)

    # -- actions ----------------------------------------------------------------------------

    def apply_template(self) -> None:
        ok, result = attempt(self, lambda: tk.apply_template(self.db, self.actor, event_id=self.event_id))
        if ok and result is not None:
            self.refresh()
            if result.added == 0:
                QMessageBox.information(self, _("Apply the checklist"),
                                        _("The event already has every task of its checklist."))

    def add_task(self) -> None:
        dialog = TaskDialog(self, self.db, self.actor, self.event_id)
        if dialog.exec() and dialog.result_task is not None:
            self.refresh()
            self.select(dialog.result_task.id)

    def edit_task(self) -> None:
        task = self.current()
        if task is None or not self.can_edit:
            return
        dialog = TaskDialog(self, self.db, self.actor, self.event_id, task)
        if dialog.exec():
            self.refresh()

    def mark_done(self) -> None:
        task = self.current()
        if task is None or task.status is TaskStatus.DONE:
            return
        ok, _r = attempt(self, lambda: tk.mark_done(self.db, self.actor, task_id=task.id, expected_version=task.version))
        self.refresh()

    def mark_not_needed(self) -> None:
        task = self.current()
        if task is None or task.status is TaskStatus.DROPPED:
            return
        dialog = ReasonDialog(
            self, _("Not needed"), _("Why is “{task}” not needed for this event?").format(task=task.title),
            lambda text: tk.mark_not_needed(self.db, self.actor, task_id=task.id, note=text,
                                            expected_version=task.version),
            label=_("Why"), subject=N_("Why it is not needed"), max_length=MAX_TEXT, fields=("note",))
        if dialog.exec():
            self.refresh()

    def reopen(self) -> None:
        task = self.current()
        if task is None or task.status is TaskStatus.OPEN:
            return
        attempt(self, lambda: tk.reopen_task(self.db, self.actor, task_id=task.id, expected_version=task.version))
        self.refresh()

    def remove(self) -> None:
        task = self.current()
        if task is None:
            return
        answer = QMessageBox.question(self, _("Remove task"), _("Remove the task “{task}”?").format(task=task.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self, lambda: tk.remove_task(self.db, self.actor, task_id=task.id, expected_version=task.version))
        self.refresh()


def offer_to_shift_tasks(parent: QWidget | None, office: Database, actor: Actor, event_id: uuid.UUID, days: int) -> int:
    """After an event's new date is saved (moved by `days`): asks whether its open tasks
    made from the checklist should move with it, and moves them; how many moved. The
    event window calls it when the first day changed."""
    if not days or not actor.can(Permission.MANAGE_EVENTS):
        return 0
    open_made = [t for t in tk.list_tasks(office, actor, event_id=event_id)
                 if t.status is TaskStatus.OPEN and t.from_template]
    if not open_made:
        return 0
    moved_by = ngettext("The event moved by {days} day.", "The event moved by {days} days.", abs(days)).format(days=digits(days))
    move_too = ngettext("Move the deadline of its {count} open checklist task with it?",
                        "Move the deadlines of its {count} open checklist tasks with it?", len(open_made)).format(
        count=digits(len(open_made)))
    answer = QMessageBox.question(parent, _("Move the tasks too?"), moved_by + " " + move_too)
    if answer != QMessageBox.StandardButton.Yes:
        return 0
    ok, moved = attempt(parent, lambda: tk.shift_tasks(office, actor, event_id=event_id, days=days))
    return len(moved) if ok and moved is not None else 0
