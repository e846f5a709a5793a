"""The conflict queue: every conflict still open after an import, each record named so a
person recognises it, field by field with the starting, office and field values; keep the
office value, take the field value or type a merged one (the decision is written off the UI
thread). Until a conflict is decided the office value stands."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _, is_rtl
from pr_desk.services import sync
from pr_desk.services.sync.reports import (
    field_label,
    kind_label,
    kind_sentence,
    table_label,
    typed_value,
    value_text,
)
from pr_desk.ui.kit import run_with_progress, setup_table_view, show_error
from pr_desk.ui.kit.forms import ltr
from pr_desk.ui.kit.table_view import fit_columns_to_contents, remember_columns, select_row

log = logging.getLogger("pr_desk")

COLUMNS = (N_("Which record"), N_("Field"), N_("Starting value"), N_("Office value"), N_("Field value"))


def conflict_names(db: Any, actor: Any, conflicts: Any) -> dict[str, str]:
    """Each conflict's record named for a person (sync.conflict_names). A nicety: should
    naming fail, the records are named by their kind only and the failure is logged."""
    if not conflicts:
        return {}
    try:
        return sync.conflict_names(db, actor, conflicts)
    except Exception:
        log.warning("naming the records of sync conflicts failed", exc_info=True)
        return {}


class ConflictsDialog(QDialog):
    def __init__(self, db: Any, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
        self.setWindowTitle(_("Sync conflicts"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.conflicts: list[sync.ConflictView] = []
        self.names: dict[str, str] = {}  # conflict key -> the record's name
        intro = QLabel(_("Conflicts waiting for a decision. Until a conflict is decided the office value stands."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        setup_table_view(self.table)
        remember_columns(self.table, "sync.conflicts")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(_("No conflict is waiting for a decision."), self)
        self.details = QLabel(self)  # what happened to the selected conflict's record, as a sentence
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.office_button = QPushButton(_("Keep the office value"), self)
        self.field_button = QPushButton(_("Take the field value"), self)
        self.value_button = QPushButton(_("Type a merged value…"), self)
        self.office_button.clicked.connect(lambda: self.decide_selected("office"))
        self.field_button.clicked.connect(lambda: self.decide_selected("field"))
        self.value_button.clicked.connect(lambda: self.decide_selected("value"))
        row = QHBoxLayout()
        for b in (self.office_button, self.field_button, self.value_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(860, 420)
        self.reload()

    def reload(self) -> None:
        try:
            self.conflicts = sync.list_conflicts(self.db, self.actor)
        except UserError as exc:
            show_error(self, exc)
            self.conflicts = []
        self.names = conflict_names(self.db, self.actor, self.conflicts)
        self._row_conflict: list[int] = []
        self.table.clearSpans()
        self.table.setRowCount(sum(len(c.fields) for c in self.conflicts))
        row = 0
        for index, c in enumerate(self.conflicts):
            first = row
            record = self.names.get(c.key) or table_label(c.table)
            explained = kind_sentence(c.kind)
            for name in c.fields:
                cells = [
                    record,
                    field_label(name) if name != "*" else kind_label(c.kind),
                    value_text(c.table, name, (c.base or {}).get(name)) if c.base is not None else "—",
                    value_text(c.table, name, (c.office or {}).get(name)) if c.office is not None else _("deleted"),
                    value_text(c.table, name, (c.field or {}).get(name)) if c.field is not None else _("deleted"),
                ]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text if col > 1 else explained if col else f"{record}\n{explained}\n{ltr(c.record_id)}")
                    self.table.setItem(row, col, item)
                self._row_conflict.append(index)
                row += 1
            if row - first > 1:
                self.table.setSpan(first, 0, row - first, 1)
        fit_columns_to_contents(self.table)
        self.empty.setVisible(not self.conflicts)
        self.table.setVisible(bool(self.conflicts))
        self._update_buttons()

    def selected(self) -> sync.ConflictView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index = rows[0].row() if rows else self.table.currentRow()
        if index < 0 or index >= len(self._row_conflict):
            return None
        return self.conflicts[self._row_conflict[index]]

    def select(self, conflict_index: int) -> None:
        row = self._row_conflict.index(conflict_index)
        select_row(self.table, row)

    def _update_buttons(self) -> None:
        c = self.selected()
        for b in (self.office_button, self.field_button):
            b.setEnabled(c is not None)
        self.value_button.setEnabled(c is not None and "*" not in c.fields)
        if c is None:
            self.details.setText(_("Choose a conflict to see what happened to its record.") if self.conflicts else "")
        else:
            self.details.setText(f"{self.names.get(c.key) or table_label(c.table)}: {kind_sentence(c.kind)}")

    def ask_values(self, c: sync.ConflictView) -> dict[str, Any] | None:
        """The typed value of each field of the conflict (None: the user cancelled)."""
        values: dict[str, Any] = {}
        for name in c.fields:
            start = value_text(c.table, name, (c.office or {}).get(name)) if c.office else ""
            text, ok = QInputDialog.getText(self, _("Type a merged value"),
                                            _("{field} (office: {office}, field: {incoming}):").format(
                                                field=field_label(name), office=start,
                                                incoming=value_text(c.table, name, (c.field or {}).get(name)) if c.field else _("deleted")),
                                            text="" if start == "—" else start)
            if not ok:
                return None
            values[name] = typed_value(c.table, name, text)
        return values

    def decide_selected(self, choice: str) -> None:
        c = self.selected()
        if c is None or c.conflict_id is None:
            return
        try:
            value = self.ask_values(c) if choice == "value" else None
        except UserError as exc:  # a typed value that does not fit its field
            show_error(self, exc)
            return
        if choice == "value" and value is None:
            return
        db, actor, conflict_id = self.db, self.actor, c.conflict_id
        result = run_with_progress(
            self, _("Saving the decision…"),
            lambda progress, cancelled: sync.decide_conflict(db, actor, conflict_id, choice=choice, value=value),
            cancellable=False,
        )
        if result.error is not None:
            show_error(self, result.error)  # a UserError's sentence, or the apology (logged)
        self.reload()
