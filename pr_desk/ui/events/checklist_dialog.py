"""Edit an event type's checklist template (supervisors and administrators): the type
chooser, its lines (T±n, title, owner) in order, and add / edit / remove / move up / move
down, each with a button and a shortcut. A type without lines can be given the office's
usual list in one click."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.events import MAX_OFFSET_DAYS, MAX_TITLE
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.events import checklists as cl
from pr_desk.ui.events.tasks import chosen_owner, owner_combo
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import digits, screen_locale
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel, StaticRows
from pr_desk.ui.kit.table_view import list_table, select_row, selected_row

COLUMNS = (Column("offset", N_("T±n")), Column("title", N_("Task")), Column("owner", N_("Owner")))


class ChecklistModel(PagedTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, StaticRows(), parent=parent)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.row() < self.loaded_count():
            item: cl.ChecklistItemInfo = self.row_at(index.row())
            key = self.columns[index.column()].key
            if key == "offset":
                return "\u2066" + digits(item.offset_label) + "\u2069"
            if key == "owner":
                return item.owner_name or "—"
        return super().data(index, role)


class ChecklistItemDialog(FormDialog):
    """One line of a template: title, days from the event (−30 before, +3 after), owner."""

    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, type_id: uuid.UUID,
                 item: cl.ChecklistItemInfo | None = None) -> None:
        super().__init__(parent, _("Edit checklist line") if item else _("New checklist line"))
        self.db, self.actor, self.type_id, self.item = db, actor, type_id, item
        self.result_item: cl.ChecklistItemInfo | None = None
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.offset = QSpinBox(self)
        self.offset.setLocale(screen_locale())
        self.offset.setRange(-MAX_OFFSET_DAYS, MAX_OFFSET_DAYS)
        self.offset.setValue(item.offset_days if item else -7)
        self.offset.setToolTip(_("Days before the event's first day are negative (−30), days after positive (+3)."))
        self.owner = owner_combo(self, cl.owner_choices(db, actor), item.owner_user_id if item else None,
                                 item.owner_unit_id if item else None)
        self.add_field("title", _("Task"), self.title_edit)
        self.add_field("offset", _("Days from the event"), self.offset)
        self.add_field("owner", _("Owner"), self.owner)
        if item is not None:
            self.title_edit.setText(item.title)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return first_error([("title", lambda: require_text(self.title_edit.text(), N_("Task"), MAX_TITLE, field="title"))])

    def save(self) -> None:
        user_id, unit_id = chosen_owner(self.owner)
        if self.item is None:
            self.result_item = cl.add_checklist_item(self.db, self.actor, type_id=self.type_id, title=self.title_edit.text(),
                                                     offset_days=self.offset.value(), owner_user_id=user_id,
                                                     owner_unit_id=unit_id)
        else:
            self.result_item = cl.edit_checklist_item(self.db, self.actor, item_id=self.item.id, title=self.title_edit.text(),
                                                      offset_days=self.offset.value(), owner_user_id=user_id,
                                                      owner_unit_id=unit_id, expected_version=self.item.version)


class ChecklistDialog(QDialog):
    """The checklist templates of the event types; `type_id` opens on that type."""

    def __init__(self, office: Database, actor: Actor, type_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = office, actor
        self.can_edit = actor.can(Permission.APPROVE_EVENTS)
        self.setWindowTitle(_("Checklist templates"))
        self.setMinimumSize(760, 480)
        self.items: list[cl.ChecklistItemInfo] = []
        layout = QVBoxLayout(self)
        intro = QLabel(_("Each event type has a checklist: applied to an event, it makes the event's tasks with their "
                         "deadlines counted from the event's first day (T−30 is thirty days before) on working days."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Event type"), self))
        self.type_combo = QComboBox(self)
        for t in cl.list_event_types(office, actor, include_retired=True):
            self.type_combo.addItem(t.name, t.id)
        if type_id is not None:
            at = self.type_combo.findData(type_id)
            self.type_combo.setCurrentIndex(max(at, 0))
        self.type_combo.currentIndexChanged.connect(lambda *_a: self.refresh())
        top.addWidget(self.type_combo, 1)
        layout.addLayout(top)
        self.model = ChecklistModel(self)
        self.table: QTableView = list_table(self, self.model, stretch="title")
        self.table.doubleClicked.connect(lambda *_a: self.edit_item())
        layout.addWidget(self.table, 1)
        row, self.buttons = action_row(self, [Action(name, text, key, slot, allowed=self.can_edit) for name, text, key, slot in (
            ("add", _("Add line…"), "Ctrl+N", self.add_item),
            ("edit", _("Edit…"), "F2", self.edit_item),
            ("remove", _("Remove line"), "Delete", self.remove_item),
            ("up", _("Move up"), "Ctrl+Up", lambda: self.move_item(-1)),
            ("down", _("Move down"), "Ctrl+Down", lambda: self.move_item(1)),
            ("defaults", _("Usual checklist"), "Ctrl+Shift+N", self.fill_defaults),
        )])
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.refresh()

    def type_id(self) -> uuid.UUID | None:
        value = self.type_combo.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def refresh(self, select: uuid.UUID | None = None) -> None:
        type_id = self.type_id()
        self.items = cl.list_checklist(self.db, self.actor, type_id=type_id) if type_id else []
        self.model.set_fetcher(StaticRows(self.items))
        self.table.resizeColumnsToContents()
        if select is not None:
            for row, item in enumerate(self.items):
                if item.id == select:
                    select_row(self.table, row)
        self._update_buttons()

    def current(self) -> cl.ChecklistItemInfo | None:
        item = selected_row(self.table)
        return item if isinstance(item, cl.ChecklistItemInfo) else None

    def _update_buttons(self) -> None:
        item = self.current()
        for name in ("edit", "remove", "up", "down"):
            self.buttons[name].setEnabled(item is not None)
        self.buttons["defaults"].setEnabled(not self.items and self.type_id() is not None)
        self.buttons["add"].setEnabled(self.type_id() is not None)

    def add_item(self) -> None:
        type_id = self.type_id()
        if type_id is None or not self.can_edit:
            return
        dialog = ChecklistItemDialog(self, self.db, self.actor, type_id)
        if dialog.exec() and dialog.result_item is not None:
            self.refresh(dialog.result_item.id)

    def edit_item(self) -> None:
        item = self.current()
        type_id = self.type_id()
        if item is None or type_id is None or not self.can_edit:
            return
        dialog = ChecklistItemDialog(self, self.db, self.actor, type_id, item)
        if dialog.exec():
            self.refresh(item.id)

    def remove_item(self) -> None:
        item = self.current()
        if item is None or not self.can_edit:
            return
        answer = QMessageBox.question(self, _("Remove line"), _("Remove “{title}” from this type's checklist? "
                                                                "Tasks already made from it stay.").format(title=item.title))
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self, lambda: cl.remove_checklist_item(self.db, self.actor, item_id=item.id, expected_version=item.version))
        self.refresh()

    def move_item(self, step: int) -> None:
        item = self.current()
        if item is None or not self.can_edit:
            return
        ok, _r = attempt(self, lambda: cl.move_checklist_item(self.db, self.actor, item_id=item.id, step=step))
        self.refresh(item.id)

    def fill_defaults(self) -> None:
        if self.items or not self.can_edit:
            return
        attempt(self, lambda: cl.ensure_default_checklists(self.db, self.actor))
        self.refresh()
