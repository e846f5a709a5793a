"""The event window's Budget tab (supervisors and administrators only: the window adds it
only for MANAGE_EVENT_BUDGETS): the lines by category, editable in place, amounts with
Persian thousands separators, a totals row, lines above their plan in red, and the sheet
exported to Excel (totals as formulas)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.events import check_amount
from pr_desk.domain.formatting import format_value
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import budget as bg
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import display_digits, file_filter, persian_on_screen
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.table_view import select_row, setup_table_view

_Index = QModelIndex | QPersistentModelIndex

KEYS = ("category", "description", "planned", "committed", "paid")
HEADERS = (N_("Category"), N_("Line description"), N_("Planned (Rials)"), N_("Committed (Rials)"), N_("Paid (Rials)"))
AMOUNTS = ("planned", "committed", "paid")
OVER_INK = "#c62828"
OVER_TINT = "#ffebee"


def rials(value: int) -> str:
    return format_value(value, "rials", persian=persian_on_screen(), on_screen=True)


class BudgetModel(QAbstractTableModel):
    """The lines, then a totals row; a cell edit goes straight to the service (a refusal
    is shown and the cell keeps its value)."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self.db, self.actor, self.owner = db, actor, parent
        self.budget: bg.BudgetInfo | None = None

    @property
    def lines(self) -> tuple[bg.BudgetLineInfo, ...]:
        return self.budget.lines if self.budget else ()

    def set_budget(self, budget: bg.BudgetInfo) -> None:
        self.beginResetModel()
        self.budget = budget
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(KEYS)

    def is_total(self, row: int) -> bool:
        return row == len(self.lines)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(KEYS):
            return _(HEADERS[section])
        if orientation == Qt.Orientation.Vertical:
            return "" if self.is_total(section) else display_digits(str(section + 1))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return base if self.is_total(index.row()) else base | Qt.ItemFlag.ItemIsEditable

    def _total(self, key: str) -> int:
        assert self.budget is not None
        return int(getattr(self.budget, key))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() > len(self.lines) or index.column() >= len(KEYS):
            return None
        key = KEYS[index.column()]
        total = self.is_total(index.row())
        line = None if total else self.lines[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return line
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if total:
                if key == "category":
                    return _("Total")
                return rials(self._total(key)) if key in AMOUNTS and self.budget else ""
            assert line is not None
            value = getattr(line, key)
            if key in AMOUNTS:
                return rials(value) if role == Qt.ItemDataRole.DisplayRole else display_digits(str(value))
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and key in AMOUNTS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        over = (self.budget is not None and self.budget.over_budget) if total else bool(line and line.over_budget)
        if over:
            exceeds = key in AMOUNTS and key != "planned" and (
                (self._total(key) > self._total("planned")) if line is None else getattr(line, key) > line.planned)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(OVER_INK))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#ffcdd2" if exceeds else OVER_TINT))
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Over budget: committed or paid above the planned sum.")
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.is_total(index.row()):
            return False
        line = self.lines[index.row()]
        key = KEYS[index.column()]
        fields: dict[str, Any] = {k: getattr(line, k) for k in KEYS}
        fields[key] = value
        if fields[key] == getattr(line, key) or (key in AMOUNTS and str(value).strip() == display_digits(str(getattr(line, key)))):
            return False
        try:
            bg.edit_budget_line(self.db, self.actor, line_id=line.id, expected_version=line.version, **fields)
        except Exception as exc:
            show_error(self.owner, exc)
            return False
        self.set_budget(bg.get_budget(self.db, self.actor, event_id=self.budget.event_id))  # type: ignore[union-attr]
        return True


class AmountDelegate(QStyledItemDelegate):
    """Edits an amount as typed text (Persian or Latin digits, separators); the service
    checks it, so a negative or broken amount gets its sentence."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        return editor


class BudgetLineDialog(FormDialog):
    """A new budget line: category (the usual ones offered), description, the three amounts."""

    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, event_id: uuid.UUID) -> None:
        super().__init__(parent, _("New budget line"))
        self.db, self.actor, self.event_id = db, actor, event_id
        self.result_line: bg.BudgetLineInfo | None = None
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.addItems(bg.CATEGORIES)
        self.category.setCurrentIndex(-1)
        self.category.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.description = QLineEdit(self)
        self.amounts = {}
        self.add_field("category", _("Category"), self.category)
        self.add_field("description", _("Line description"), self.description)
        for key, label in zip(AMOUNTS, HEADERS[2:], strict=True):
            edit = QLineEdit(self)
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
            edit.setPlaceholderText(display_digits("0"))
            self.amounts[key] = edit
            self.add_field(key, _(label), edit)
        self.category.editTextChanged.connect(self._category_typed)
        self.refresh_validity()

    def _category_typed(self, *_args: object) -> None:
        self._touched.add("category")
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        checks: list[Any] = [("category", lambda: require_text(self.category.currentText(), N_("Category"), bg.MAX_CATEGORY,
                                                               field="category"))]
        checks += [(key, lambda e=edit, k=key: check_amount(e.text(), field=k)) for key, edit in self.amounts.items()]
        return first_error(checks)

    def save(self) -> None:
        self.result_line = bg.add_budget_line(
            self.db, self.actor, event_id=self.event_id, category=self.category.currentText(),
            description=self.description.text(), **{k: e.text() for k, e in self.amounts.items()})


class BudgetPanel(QWidget):
    """The Budget tab of an event's window (see the brief's panel contract)."""

    TITLE = N_("Budget")

    def __init__(self, office: Database, actor: Actor, event_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.event_id = office, actor, event_id
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = BudgetModel(office, actor, self)
        self.table = QTableView(self)
        setup_table_view(self.table, self.model, stretch_last=False)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        delegate = AmountDelegate(self.table)
        for column in (2, 3, 4):
            self.table.setItemDelegateForColumn(column, delegate)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row, self.buttons = action_row(self, (
            Action("add", _("Add line…"), "Ctrl+N", self.add_line),
            Action("remove", _("Remove line"), "Delete", self.remove_line),
            Action("export", _("Export to Excel…"), "Ctrl+E", self.export),
        ))
        layout.addLayout(row)
        self.model.modelReset.connect(self._summarise)
        self.refresh()

    def refresh(self) -> None:
        ok, budget = attempt(self, lambda: bg.get_budget(self.db, self.actor, event_id=self.event_id))
        if ok and budget is not None:
            self.model.set_budget(budget)
            self.table.resizeColumnsToContents()
            self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _summarise(self) -> None:
        budget = self.model.budget
        if budget is None:
            return
        text = _("Planned {planned} Rials, committed {committed}, paid {paid}.").format(
            planned=rials(budget.planned), committed=rials(budget.committed), paid=rials(budget.paid))
        over = budget.over_lines
        if over:
            text += "\n" + ngettext("{count} line over budget: {names}.", "{count} lines over budget: {names}.", len(over)).format(
                count=display_digits(str(len(over))), names="، ".join(line.category for line in over))
        self.summary.setText(text)

    def current(self) -> bg.BudgetLineInfo | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        line = self.model.data(index, Qt.ItemDataRole.UserRole)
        return line if isinstance(line, bg.BudgetLineInfo) else None

    def add_line(self) -> None:
        dialog = BudgetLineDialog(self, self.db, self.actor, self.event_id)
        if dialog.exec() and dialog.result_line is not None:
            self.refresh()
            select_row(self.table, len(self.model.lines) - 1)

    def remove_line(self) -> None:
        line = self.current()
        if line is None or self.table.state() == QAbstractItemView.State.EditingState:
            return
        answer = QMessageBox.question(self, _("Remove line"), _("Remove the budget line “{category}”?").format(
            category=line.category))
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self, lambda: bg.remove_budget_line(self.db, self.actor, line_id=line.id, expected_version=line.version))
        self.refresh()

    def export(self, path: str | Path | None = None) -> Path | None:
        if not path:
            chosen, _f = QFileDialog.getSaveFileName(self, _("Export to Excel…"), "budget.xlsx",
                                                     file_filter(_("Excel workbooks (*.xlsx)")))
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx"
        ok, out = attempt(self, lambda: bg.export_budget_xlsx(self.db, self.actor, event_id=self.event_id, path=path))
        return out if ok else None


__all__ = ["BudgetLineDialog", "BudgetModel", "BudgetPanel"]
