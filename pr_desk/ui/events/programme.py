"""The event window's Programme tab: the running order (time, minutes, item, speaker, note);
add, edit, remove, move up or down. A time left empty follows the item before it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import span
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import guests as gs
from pr_desk.services.events import programme as pg
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.forms import FormDialog, attempt
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel, StaticRows
from pr_desk.ui.kit.table_view import list_table, select_row, selected_row
from pr_desk.ui.kit.time_edit import time_edit, to_time
from pr_desk.ui.kit.widgets import find_data

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    Column("position", N_("No."), "int"),
    Column("time", N_("Time")),
    Column("minutes", N_("Duration (minutes)"), "int"),
    Column("title", N_("Programme item")),
    Column("speaker_text", N_("Speaker")),
    Column("note", N_("Note")),
)


def time_text(t: dt.time | None) -> str:
    return digits(t.strftime("%H:%M")) if t else ""


def span_text(item: pg.ProgrammeItemInfo) -> str:
    if item.start is None:
        return "—"
    if item.minutes and item.end is not None:
        return span(time_text(item.start), time_text(item.end))
    return time_text(item.start)


class ProgrammeModel(PagedTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, StaticRows(), parent=parent)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.loaded_count() and role == Qt.ItemDataRole.DisplayRole:
            item: pg.ProgrammeItemInfo = self.row_at(index.row())
            if self.columns[index.column()].key == "time":
                return span_text(item)
        return super().data(index, role)


class ProgrammeItemDialog(FormDialog):
    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, event_id: uuid.UUID,
                 item: pg.ProgrammeItemInfo | None = None, *, default_start: dt.time | None = None) -> None:
        super().__init__(parent, _("Edit programme item") if item else _("New programme item"))
        self.db, self.actor, self.event_id, self.item = db, actor, event_id, item
        self.saved: pg.ProgrammeItemInfo | None = None
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(300)
        self.fixed = QCheckBox(_("At a set time"), self)
        start = (item.starts_at if item else None) or (item.start if item else None) or default_start or dt.time(9, 0)
        self.start = time_edit(start, self)
        self.fixed.setChecked(bool(item and item.starts_at))
        self.start.setEnabled(self.fixed.isChecked())
        self.fixed.toggled.connect(self.start.setEnabled)
        time_row = QWidget(self)
        row = QHBoxLayout(time_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fixed)
        row.addWidget(self.start, 1)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, pg.MAX_MINUTES)
        self.speaker_guest = QComboBox(self)
        self.speaker_guest.addItem(_("(not a guest)"), None)
        for g in gs.list_guests(db, actor, event_id):
            self.speaker_guest.addItem(g.address, g.id)
        self.speaker = QLineEdit(self)
        self.speaker.setMaxLength(200)
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(60)
        self.add_field("title", _("Programme item"), self.title_edit)
        self.add_field("starts_at", _("Time"), time_row)
        self.add_field("minutes", _("Duration (minutes)"), self.minutes)
        self.add_field("guest", _("Speaker (a guest)"), self.speaker_guest)
        self.add_field("speaker", _("Speaker (as written)"), self.speaker)
        self.add_field("note", _("Note"), self.note)
        if item is not None:
            self.title_edit.setText(item.title)
            self.minutes.setValue(item.minutes)
            self.speaker.setText(item.speaker)
            self.note.setPlainText(item.note)
            if item.guest_id:
                self.speaker_guest.setCurrentIndex(max(find_data(self.speaker_guest, item.guest_id), 0))
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return {} if self.title_edit.text().strip() else {"title": _("Enter what happens in this item.")}

    def save(self) -> None:
        values: dict[str, Any] = {
            "title": self.title_edit.text(), "starts_at": to_time(self.start.time()) if self.fixed.isChecked() else None,
            "minutes": self.minutes.value(), "speaker": self.speaker.text(), "guest_id": self.speaker_guest.currentData(),
            "note": self.note.toPlainText()}
        if self.item is None:
            self.saved = pg.add_item(self.db, self.actor, event_id=self.event_id, **values)
        else:
            self.saved = pg.update_item(self.db, self.actor, self.item.id, expected_version=self.item.version, **values)


class ProgrammePanel(QWidget):
    """The Programme tab of an event's window (see the brief's panel contract)."""

    TITLE = N_("Programme")

    def __init__(self, office: Database, actor: Actor, event_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.event_id = office, actor, event_id
        self.can_edit = actor.can(Permission.MANAGE_EVENTS)
        self.items: list[pg.ProgrammeItemInfo] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.model = ProgrammeModel(self)
        self.table: QTableView = list_table(self, self.model, stretch="title")
        self.table.doubleClicked.connect(lambda *_a: self.edit_item())
        layout.addWidget(self.table, 1)
        actions: tuple[tuple[str, str, str, Callable[[], None]], ...] = (
            ("add", _("Add item…"), "Ctrl+N", self.add_item),
            ("edit", _("Edit…"), "F2", self.edit_item),
            ("up", _("Move up"), "Ctrl+Up", lambda: self.move_selected(up=True)),
            ("down", _("Move down"), "Ctrl+Down", lambda: self.move_selected(up=False)),
            ("remove", _("Remove"), "Delete", self.remove_item),
        )
        row, self.buttons = action_row(self, (Action(*action, self.can_edit) for action in actions))
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        current = self.current()
        self.items = pg.list_programme(self.db, self.actor, self.event_id)
        self.model.set_fetcher(StaticRows(self.items))
        self.table.resizeColumnsToContents()
        if not self.items:
            self.summary.setText(_("No programme yet: add its items in their running order."))
        else:
            last = self.items[-1]
            ends = time_text(last.end) if last.end else "—"
            self.summary.setText(ngettext("{count} item; the programme ends at {time}.",
                                          "{count} items; the programme ends at {time}.", len(self.items)).format(
                count=digits(len(self.items)), time=ends))
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def current(self) -> pg.ProgrammeItemInfo | None:
        item = selected_row(self.table)
        return item if isinstance(item, pg.ProgrammeItemInfo) else None

    def select(self, item_id: uuid.UUID) -> None:
        for row, item in enumerate(self.items):
            if item.id == item_id:
                select_row(self.table, row)

    def _update_buttons(self) -> None:
        item = self.current()
        for name in ("edit", "remove", "up", "down"):
            self.buttons[name].setEnabled(item is not None)

    def add_item(self) -> None:
        if not self.can_edit:
            return
        default = self.items[-1].end if self.items else None
        dialog = ProgrammeItemDialog(self, self.db, self.actor, self.event_id, default_start=default)
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self.select(dialog.saved.id)

    def edit_item(self) -> None:
        item = self.current()
        if item is None or not self.can_edit:
            return
        if ProgrammeItemDialog(self, self.db, self.actor, self.event_id, item).exec():
            self.refresh()

    def move_selected(self, *, up: bool) -> None:
        item = self.current()
        if item is None or not self.can_edit:
            return
        attempt(self, lambda: pg.move_item(self.db, self.actor, item.id, up=up))
        self.refresh()
        self.select(item.id)

    def remove_item(self) -> None:
        item = self.current()
        if item is None or not self.can_edit:
            return
        answer = QMessageBox.question(self, _("Remove item"), _("Remove “{item}” from the programme?").format(item=item.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self, lambda: pg.remove_item(self.db, self.actor, item.id, expected_version=item.version))
        self.refresh()
