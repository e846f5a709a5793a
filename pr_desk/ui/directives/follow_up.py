"""Follow-up: the distribution matrix (directives in force x units, each cell coloured by
the unit's state, overdue ones in red), a page at a time with its filters; and per unit
what it still has to acknowledge or implement. A cell or a line opens that unit's window."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.directives import RecipientState
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import N_, _
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor
from pr_desk.services.directives.follow_up import units_to_follow
from pr_desk.ui.directives.common import (
    OVERDUE_TEXT,
    fill_kind_combo,
    kinds_for,
    number_text,
    report_buttons,
    unit_short_name,
    year_combo,
)
from pr_desk.ui.directives.distribution import (
    RecipientDialog,
    find_recipient,
    open_recipient,
    recipient_model,
)
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.list_page import SEARCH_DELAY_MS, refresh_button
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import ROW_ROLE, Column, StaticRows
from pr_desk.ui.kit.shortcuts import add_open_keys
from pr_desk.ui.kit.table_view import (
    fit_columns_to_contents,
    list_table,
    selected_row,
    setup_table_view,
)
from pr_desk.ui.report_actions import exporter_for

if TYPE_CHECKING:
    from pr_desk.services.office import Office

_Index = QModelIndex | QPersistentModelIndex
MATRIX_PAGE = 50
"""Directives per page of the matrix."""
FIXED_COLUMNS = 2  # the number and the title, before the units
CELL_ROLE = Qt.ItemDataRole.UserRole + 3
"""data(index, CELL_ROLE) -> (directive id, unit id, recipient id or None) of a unit's cell."""


class MatrixModel(QAbstractTableModel):
    """One page of the distribution matrix: a row per directive, its number and title, then
    a column per unit; a cell is the unit's state (empty when it was not sent there)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._matrix: dv.DistributionMatrix | None = None
        self._offset = 0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_matrix(self, matrix: dv.DistributionMatrix | None, offset: int = 0) -> None:
        self.beginResetModel()
        self._matrix = matrix
        self._offset = offset
        self.endResetModel()

    def matrix(self) -> dv.DistributionMatrix | None:
        return self._matrix

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._matrix is None else len(self._matrix.directives)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._matrix is None else FIXED_COLUMNS + len(self._matrix.units)

    def unit_at(self, column: int) -> dv.UnitColumn | None:
        if self._matrix is None or column < FIXED_COLUMNS or column - FIXED_COLUMNS >= len(self._matrix.units):
            return None
        return self._matrix.units[column - FIXED_COLUMNS]

    def unit_column(self, unit_id: uuid.UUID) -> int:
        assert self._matrix is not None
        for i, unit in enumerate(self._matrix.units):
            if unit.id == unit_id:
                return FIXED_COLUMNS + i
        raise KeyError(unit_id)

    def directive_row(self, directive_id: uuid.UUID) -> int:
        assert self._matrix is not None
        for i, d in enumerate(self._matrix.directives):
            if d.id == directive_id:
                return i
        raise KeyError(directive_id)

    def state_at(self, index: _Index) -> RecipientState | None:
        unit = self.unit_at(index.column())
        if self._matrix is None or unit is None or not 0 <= index.row() < len(self._matrix.directives):
            return None
        return self._matrix.cells.get((self._matrix.directives[index.row()].id, unit.id))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self._matrix
        if m is None or not index.isValid() or index.row() >= len(m.directives) or index.column() >= self.columnCount():
            return None
        directive = m.directives[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return directive
        if column < FIXED_COLUMNS:
            if role == Qt.ItemDataRole.DisplayRole:
                return number_text(directive.number) if column == 0 else directive.title
            if role == Qt.ItemDataRole.ToolTipRole and column == 1:
                return directive.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
            return None
        unit = self.unit_at(column)
        assert unit is not None
        state = m.cells.get((directive.id, unit.id))
        if role == CELL_ROLE:
            return directive.id, unit.id, m.recipient_ids.get((directive.id, unit.id))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            head = f"{unit.name}\n{number_text(directive.number)} {directive.title}"
            return f"{head}\n{state.label if state is not None else _('Not sent to this unit')}"
        if state is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "!" if state.overdue else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(state.colour))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(OVERDUE_TEXT if state.overdue else "#000000"))
        if role == Qt.ItemDataRole.FontRole and state.overdue:
            return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return state.label
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return digits(self._offset + section + 1)
            return None
        if section < FIXED_COLUMNS:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Number") if section == 0 else _("Title")
            return None
        unit = self.unit_at(section)
        if unit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name = unit_short_name(unit.name)
            return f"{name}\n{_('{count} overdue').format(count=digits(unit.overdue))}" if unit.overdue else name
        if role == Qt.ItemDataRole.ToolTipRole:
            overdue = _("{count} overdue").format(count=digits(unit.overdue)) if unit.overdue else _("nothing overdue")
            return f"{unit.name} ({unit.code})\n{overdue}"
        if role == Qt.ItemDataRole.ForegroundRole and unit.overdue:
            return QBrush(QColor(OVERDUE_TEXT))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def legend(parent: QWidget) -> QHBoxLayout:
    """A swatch and the name of each state, in the order of the flow."""
    row = QHBoxLayout()
    for state in RecipientState:
        label = QLabel(("! " if state.overdue else "") + state.label, parent)
        label.setStyleSheet(f"background: {state.colour}; color: {OVERDUE_TEXT if state.overdue else 'black'};"
                            " padding: 2px 6px; border-radius: 3px;")
        row.addWidget(label)
    row.addStretch(1)
    return row


class MatrixView(QWidget):
    """The matrix with its filters and pages; `changed` after a write from a cell's window,
    `open_directive(id)` from a number or title."""

    changed = Signal()
    open_directive = Signal(object)

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.offset = 0
        self.last_dialog: RecipientDialog | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by number, title or subject…"))
        self.search.setClearButtonEnabled(True)
        self.year_filter = year_combo(self, all_text=_("All years"))
        self.kind_filter = QComboBox(self)
        self.unit_kind_filter = QComboBox(self)
        self.unit_kind_filter.addItem(_("All units"), None)
        for kind in UnitKind:
            self.unit_kind_filter.addItem(kind.label, kind)
        bar.addWidget(QLabel(_("Search:"), self))
        bar.addWidget(self.search, 2)
        bar.addWidget(self.year_filter)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.unit_kind_filter)
        self.refresh_button = refresh_button(self, self.refresh)  # what another PC recorded since
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

        self.model = MatrixModel(self)
        self.table = QTableView(self)
        setup_table_view(self.table, self.model, stretch_last=False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setMinimumSectionSize(36)
        layout.addWidget(self.table, 1)
        self.empty = empty_state(
            self.table, _("No directive in force has been sent to units yet. Issue a directive, then send it "
                          "to units from its window (“Send to units…”)."),
            filtered=lambda: any(v for v in self.filters().values()))
        layout.addLayout(legend(self))

        pages = QHBoxLayout()
        self.previous_button = QPushButton(_("Previous page"), self)
        self.next_button = QPushButton(_("Next page"), self)
        self.page_label = QLabel(self)
        self.open_button = QPushButton(_("Open the unit's window"), self)
        self.open_button.setToolTip(_("The acknowledgement and implementation of the chosen cell (Enter or double-click)"))
        pages.addWidget(self.open_button)
        pages.addStretch(1)
        self.export_buttons = report_buttons(self, pages, "directive-compliance", db, actor, self.report_filters)
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label)
        pages.addWidget(self.next_button)
        layout.addLayout(pages)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.first_page)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        for combo in (self.year_filter, self.kind_filter, self.unit_kind_filter):
            combo.currentIndexChanged.connect(lambda _i: self.first_page())
        self.previous_button.clicked.connect(lambda: self.go(self.offset - MATRIX_PAGE))
        self.next_button.clicked.connect(lambda: self.go(self.offset + MATRIX_PAGE))
        self.open_button.clicked.connect(lambda: self.open_cell(self.table.currentIndex()))
        self.table.doubleClicked.connect(self.open_cell)
        add_open_keys(self.table, lambda: self.open_cell(self.table.currentIndex()),
                      _("Distribution matrix: open the unit's state of the directive"))
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.refresh_kinds()
        self.reload()

    def _update_buttons(self) -> None:
        """Open: a unit's cell the directive was sent to, or a directive's number or title."""
        index = self.table.currentIndex()
        if not index.isValid():
            self.open_button.setEnabled(False)
            return
        self.open_button.setEnabled(index.column() < FIXED_COLUMNS or self.model.data(index, CELL_ROLE)[2] is not None)

    def refresh_kinds(self) -> None:
        try:
            kinds = kinds_for(self.db, self.actor)
        except Exception:  # reload() shows what is wrong
            kinds = []
        fill_kind_combo(self.kind_filter, kinds, all_text=_("All kinds"))

    def filters(self) -> dict[str, Any]:
        unit_kind = self.unit_kind_filter.currentData()
        return {"search": self.search.text().strip(), "year": self.year_filter.currentData(),
                "kind_id": self.kind_filter.currentData(), "unit_kind": str(unit_kind) if unit_kind else None}

    def report_filters(self) -> dict[str, Any]:
        f = self.filters()
        return {"year": f["year"] or "all", "kind": self.kind_filter.currentText() if f["kind_id"] else None,
                "unit_kind": f["unit_kind"], "search": f["search"]}

    def first_page(self) -> None:
        self.go(0)

    def go(self, offset: int) -> None:
        self.offset = max(0, offset)
        self.reload()

    def reload(self) -> bool:
        self.search_timer.stop()
        try:
            matrix = dv.matrix(self.db, self.actor, offset=self.offset, limit=MATRIX_PAGE, **self.filters())
        except Exception as exc:
            self.model.set_matrix(None)
            show_error(self, exc)
            return False
        if not matrix.directives and self.offset and matrix.total:
            self.offset = max(0, (matrix.total - 1) // MATRIX_PAGE * MATRIX_PAGE)  # the last page, after a filter
            return self.reload()
        self.model.set_matrix(matrix, self.offset)
        self._size_columns()
        shown = len(matrix.directives)
        self.page_label.setText(_("{first}–{last} of {total}").format(
            first=digits(self.offset + 1 if shown else 0), last=digits(self.offset + shown), total=digits(matrix.total)))
        self.previous_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + shown < matrix.total)
        self.empty.refresh()  # the filters may have changed with the same (empty) rows
        return True

    def refresh(self) -> bool:
        """Reads the page again and keeps the chosen cell (its directive and unit) chosen."""
        current = self.table.currentIndex()
        cell = self.model.data(current, CELL_ROLE) if current.isValid() else None
        row = self.model.data(current, ROW_ROLE) if current.isValid() else None
        if not self.reload():
            return False
        try:
            if cell is not None:
                self.table.setCurrentIndex(self.model.index(self.model.directive_row(cell[0]), self.model.unit_column(cell[1])))
            elif row is not None:
                self.table.setCurrentIndex(self.model.index(self.model.directive_row(row.id), current.column()))
        except KeyError:  # no longer on this page (or no longer in force)
            pass
        return True

    def _size_columns(self) -> None:
        """The columns sized when the set of units shown changes (a filter by kind), not on
        every reload or page: the widths the person drags stay."""
        if getattr(self, "_sized_for", None) == self.model.columnCount() and self.model.rowCount():
            return
        if self.model.rowCount():
            self._sized_for = self.model.columnCount()
        header = self.table.horizontalHeader()
        self.table.resizeColumnToContents(0)
        header.resizeSection(1, 260)
        for column in range(FIXED_COLUMNS, self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, max(header.sectionSize(column), 56))

    def cell_rect_center(self, directive_id: uuid.UUID, unit_id: uuid.UUID) -> Any:
        index = self.model.index(self.model.directive_row(directive_id), self.model.unit_column(unit_id))
        self.table.scrollTo(index)
        return self.table.visualRect(index).center()

    def open_cell(self, index: _Index) -> RecipientDialog | None:
        """A unit's cell opens that unit's window; the number or title opens the directive."""
        if not index.isValid():
            return None
        if index.column() < FIXED_COLUMNS:
            directive = self.model.data(index, ROW_ROLE)
            if directive is not None:
                self.open_directive.emit(directive.id)
            return None
        directive_id, _unit_id, recipient_id = self.model.data(index, CELL_ROLE)
        if recipient_id is None:
            return None
        try:
            recipient = find_recipient(self.db, self.actor, directive_id, recipient_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        if recipient is None:
            self.reload()
            return None
        self.last_dialog = open_recipient(self, self.db, self.actor, recipient, self._after_unit_changed)
        return self.last_dialog

    def _after_unit_changed(self) -> None:
        current = self.table.currentIndex()
        row, column = current.row(), current.column()
        self.reload()
        if 0 <= row < self.model.rowCount() and 0 <= column < self.model.columnCount():
            self.table.setCurrentIndex(self.model.index(row, column))
        self.changed.emit()


PENDING_COLUMNS = (
    Column("number", N_("Number")),
    Column("directive_title", N_("Title")),
    Column("state", N_("Status")),
    Column("reminder", N_("Reminder")),
    Column("communicated_on", N_("Communicated"), kind="date"),
    Column("ack_due", N_("Acknowledge by"), kind="date"),
    Column("impl_due", N_("Implement by"), kind="date"),
    Column("acknowledged", N_("Acknowledged")),
)


class PendingView(QWidget):
    """A unit's "still to acknowledge / to implement" list (overdue first)."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.last_dialog: RecipientDialog | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.unit = QComboBox(self)
        self.unit.setMinimumContentsLength(28)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        bar.addWidget(QLabel(_("Unit:"), self))
        bar.addWidget(self.unit, 1)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        self.refresh_button = refresh_button(self, self.refresh)  # what another PC recorded since
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.rows = StaticRows()
        self.model = recipient_model(self.rows, self, PENDING_COLUMNS)
        self.table = list_table(self, self.model, stretch="directive_title", remember="directives.pending")
        self.model.watch(self.table)  # a Refresh keeps the screen and the selected directive
        layout.addWidget(self.table, 1)
        self.empty = empty_state(self.table, lambda: (
            _("No unit to follow: the units assigned to you show here.") if self.unit_id() is None
            else _("Nothing is pending for this unit: every directive sent to it is acknowledged, "
                   "implemented and its evidence accepted.")))
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Acknowledgement and implementation…"), self)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.export_buttons = report_buttons(self, buttons, "directive-pending", db, actor, self.report_filters)
        self.reminder_exporter = exporter_for(self, "directive-reminder", db, actor, self.report_filters)
        self.reminder_button = QPushButton(_("Reminder letter…"), self)
        self.reminder_button.setToolTip(_("A letter to the unit listing what it still has to acknowledge or carry out, "
                                          "with the deadlines"))
        reminder_menu = QMenu(self.reminder_button)
        self.reminder_pdf_action = reminder_menu.addAction(_("Save as PDF…"), self._save_reminder)
        self.reminder_print_action = reminder_menu.addAction(_("Print…"), self._print_reminder)
        self.reminder_button.setMenu(reminder_menu)
        self.reminder_button.setVisible(self.reminder_exporter is not None)
        buttons.insertWidget(1, self.reminder_button)
        layout.addLayout(buttons)
        self.unit.currentIndexChanged.connect(lambda _i: self.reload())
        self.open_button.clicked.connect(self.open_current)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        add_open_keys(self.table, self.open_current, _("Pending by unit: open the selected directive"))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.refresh_units()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(selected_row(self.table) is not None)

    def refresh_units(self) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        try:
            found = units_to_follow(self.db, self.actor)
        except Exception as exc:
            found = []
            show_error(self, exc)
        for u in found:
            self.unit.addItem(u.name, (u.id, u.code))
        index = next((i for i in range(self.unit.count()) if current and self.unit.itemData(i)[0] == current[0]), 0)
        self.unit.setCurrentIndex(index)
        self.unit.blockSignals(False)
        self.reload()

    def unit_id(self) -> uuid.UUID | None:
        data = self.unit.currentData()
        return data[0] if data else None

    def choose_unit(self, unit_id: uuid.UUID) -> None:
        index = next((i for i in range(self.unit.count()) if self.unit.itemData(i)[0] == unit_id), -1)
        if index >= 0:
            self.unit.setCurrentIndex(index)

    def report_filters(self) -> dict[str, Any]:
        data = self.unit.currentData()
        return {"unit": data[1] if data else None}

    def reload(self) -> None:
        """The unit's list read from the top (another unit chosen, a change elsewhere)."""
        self._load(self.model.reload)

    def refresh(self) -> None:
        """Refresh (the button, F5), and after a write in a unit's window: the list read again,
        the screen kept and the selected directive selected again if it is still pending,
        none otherwise (PagedTableModel.refresh)."""
        self._load(self.model.refresh)

    def _load(self, read: Callable[[], None]) -> None:
        unit_id = self.unit_id()
        try:
            self.rows.rows = dv.pending_for_unit(self.db, self.actor, unit_id) if unit_id is not None else []
        except Exception as exc:
            self.rows.rows = []
            show_error(self, exc)
        read()
        fit_columns_to_contents(self.table)
        overdue = sum(1 for r in self.rows.rows if r.state.overdue)
        self.count_label.setText(_("{count} pending, {overdue} overdue").format(count=digits(len(self.rows.rows)),
                                                                               overdue=digits(overdue)))
        self.empty.refresh()
        self.reminder_button.setEnabled(any(r.state is not RecipientState.IMPLEMENTED for r in self.rows.rows))

    def _save_reminder(self) -> None:
        if self.reminder_exporter is not None:
            self.reminder_exporter.export(".pdf")

    def _print_reminder(self) -> None:
        if self.reminder_exporter is not None:
            self.reminder_exporter.print_preview()

    def open_current(self) -> RecipientDialog | None:
        r = selected_row(self.table)
        if r is None:
            return None
        self.last_dialog = open_recipient(self, self.db, self.actor, r, self._after_unit_changed)
        return self.last_dialog

    def _after_unit_changed(self) -> None:
        self.refresh()
        self.changed.emit()
