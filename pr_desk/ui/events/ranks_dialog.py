"""The office's protocol ranks (وزیر، استاندار، شهردار …) in their order: add one, rename
one, move it up or down, retire or restore it. For those who may (APPROVE_EVENTS)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.roles import Permission
from pr_desk.i18n import _
from pr_desk.services.context import Actor
from pr_desk.services.events import guests as gs
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.forms import FormDialog, attempt
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.table_view import select_row


class RankDialog(FormDialog):
    def __init__(self, db: Any, actor: Actor, rank: gs.RankInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New rank") if rank is None else _("Rename rank"))
        self.db, self.actor, self.rank = db, actor, rank
        self.saved: gs.RankInfo | None = None
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(120)
        self.add_field("name", _("Protocol rank"), self.name_edit)
        if rank is not None:
            self.name_edit.setText(rank.name)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return {} if self.name_edit.text().strip() else {"name": _("Enter the rank's name.")}

    def save(self) -> None:
        r = self.rank
        self.saved = gs.save_rank(self.db, self.actor, rank_id=r.id if r else None, name=self.name_edit.text(),
                                  retired=r.retired if r else False, expected_version=r.version if r else None)


class RanksDialog(QDialog):
    """The ranks, first (sits first) on top; `changed` is True after a write."""

    def __init__(self, db: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.changed = False
        self.can_edit = actor.can(Permission.APPROVE_EVENTS)
        self.ranks: list[gs.RankInfo] = []
        self.setWindowTitle(_("Protocol ranks"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(460, 460)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("Order"), _("Protocol rank"), _("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, key, slot in (
            ("add", _("Add…"), "Ctrl+N", self.add_rank),
            ("rename", _("Rename…"), "F2", self.rename_rank),
            ("up", _("Move up"), "Ctrl+Up", lambda: self.move_selected(up=True)),
            ("down", _("Move down"), "Ctrl+Down", lambda: self.move_selected(up=False)),
            ("retire", _("Retire"), "Ctrl+R", self.toggle_retired),
        ):
            button = QPushButton(text, self)
            button.setToolTip(f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
            button.clicked.connect(slot)
            button.setEnabled(self.can_edit)
            add_shortcut(self, key, slot, text.replace("&", "").rstrip("…").strip()).setEnabled(self.can_edit)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.itemDoubleClicked.connect(lambda _item: self.rename_rank())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self, select: Any = None) -> None:
        self.ranks = gs.list_ranks(self.db, self.actor, include_retired=True)
        self.table.setRowCount(len(self.ranks))
        for r, rank in enumerate(self.ranks):
            status = _("Retired") if rank.retired else _("In use")
            for c, text in enumerate((digits(r + 1), rank.name, status)):
                item = QTableWidgetItem(text)
                if rank.retired:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        if select is not None:
            for r, rank in enumerate(self.ranks):
                if rank.id == select:
                    select_row(self.table, r)
        self._update_buttons()

    def current(self) -> gs.RankInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ranks[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        rank = self.current()
        for name in ("rename", "up", "down", "retire"):
            self.buttons[name].setEnabled(self.can_edit and rank is not None)
        if rank is not None:
            self.buttons["retire"].setText(_("Restore") if rank.retired else _("Retire"))

    def add_rank(self) -> None:
        if not self.can_edit:
            return
        dialog = RankDialog(self.db, self.actor, None, self)
        if dialog.exec() and dialog.saved is not None:
            self.changed = True
            self.reload(dialog.saved.id)

    def rename_rank(self) -> None:
        rank = self.current()
        if rank is None or not self.can_edit:
            return
        dialog = RankDialog(self.db, self.actor, rank, self)
        if dialog.exec():
            self.changed = True
            self.reload(rank.id)

    def move_selected(self, *, up: bool) -> None:
        rank = self.current()
        if rank is None or not self.can_edit:
            return
        ok, _r = attempt(self, lambda: gs.move_rank(self.db, self.actor, rank.id, up=up))
        if ok:
            self.changed = True
        self.reload(rank.id)

    def toggle_retired(self) -> None:
        rank = self.current()
        if rank is None or not self.can_edit:
            return
        ok, _r = attempt(self, lambda: gs.save_rank(self.db, self.actor, rank_id=rank.id, name=rank.name,
                                                    retired=not rank.retired, expected_version=rank.version))
        if ok:
            self.changed = True
        self.reload(rank.id)
