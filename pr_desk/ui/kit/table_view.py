"""One look for every list: row selection, alternating rows, sensible header sizes; and a
row selection that works right to left."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from pr_desk.ui.kit.paged_table_model import ROW_ROLE, PagedTableModel


def setup_table_view(view: QTableView, model: QAbstractItemModel | None = None, *,
                     sortable: bool = False, stretch_last: bool = True) -> None:
    """Configure `view` the PR Desk way (and set `model` if given).

    With `sortable`, header clicks sort through the model (for PagedTableModel: in the
    query), a second click reverses; no column is sorted at first, so the query's own order
    shows until a click. A click on a column the model cannot sort by changes nothing.
    """
    if model is not None:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    row_height = view.fontMetrics().height() + 10
    vertical = view.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(row_height)
    vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(stretch_last)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setMinimumSectionSize(48)
    # Sizing a column to its contents looks at the first rows only: a page of 200 rows
    # measured in full costs a noticeable part of a second per list at start-up.
    header.setResizeContentsPrecision(40)
    vertical.setResizeContentsPrecision(40)
    header.setSortIndicatorShown(sortable)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        kept: list[Any] = []  # the selected row while the view sorts (the model resets)
        header.sortIndicatorChanged.connect(lambda *_a: kept.insert(0, selected_row(view)))
    view.setSortingEnabled(sortable)  # connects the view's own sorting: it runs between the two
    if sortable:
        header.sortIndicatorChanged.connect(lambda section, _order: _after_sort(view, section, kept.pop(0)))
    if view.model() is not None:
        view.resizeColumnsToContents()


def _after_sort(view: QTableView, section: int, was_selected: Any) -> None:
    """The arrow tells the truth, and the row selected before the sort is selected again
    (a sort reloads the rows, which drops the selection) if it is among the rows loaded."""
    _keep_indicator_truthful(view, section)
    if was_selected is None or selected_row(view) is not None:
        return
    key = getattr(was_selected, "id", None)
    select_where(view, (lambda row: getattr(row, "id", None) == key) if key is not None else (lambda row: row == was_selected))


def _keep_indicator_truthful(view: QTableView, section: int) -> None:
    """After a click on a column the model does not sort by (the view has asked the model,
    which ignored it), the header's arrow goes back to the order the rows are really in."""
    model = view.model()
    if not isinstance(model, PagedTableModel) or section < 0 or (
            section < len(model.columns) and model.columns[section].sortable):
        return
    key, descending = model.sort_state()
    header = view.horizontalHeader()
    header.blockSignals(True)
    try:
        header.setSortIndicator(model.column_index(key) if key is not None else -1,
                                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    finally:
        header.blockSignals(False)
    header.viewport().update()


def select_row(view: QTableView, row: int, *, add: bool = False) -> None:
    """Selects a whole row and makes it current (`add`: keep the rows already selected).
    (QTableView.selectRow finds no column at the viewport's far edge in a right-to-left
    window and leaves no current index.)"""
    index = view.model().index(row, 0)
    if not index.isValid():
        return
    mode = QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect
    view.selectionModel().setCurrentIndex(index, mode | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(index)


def selected_row(view: QTableView) -> Any:
    """The row object (ROW_ROLE) of the current row when it is selected, else None."""
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isSelected(index):
        return None
    return view.model().data(index, ROW_ROLE)


def list_table(parent: QWidget, model: Any, *, stretch: str | None = None, multi: bool = False,
               sortable: bool = False) -> QTableView:
    """A read-only list over a PagedTableModel, one row selected at a time (`multi`: many);
    the `stretch` column takes the spare width; `sortable`: header clicks sort (see
    setup_table_view)."""
    view = QTableView(parent)
    setup_table_view(view, model, sortable=sortable, stretch_last=stretch is None)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTextElideMode(Qt.TextElideMode.ElideLeft)
    view.verticalHeader().hide()
    if stretch is not None:
        column = model.column_index(stretch)

        def spread() -> None:  # a model reset forgets the header's resize modes
            view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        spread()
        model.modelReset.connect(spread)
    return view


def fit_columns_to_contents(view: QTableView) -> None:
    """Each column sized to its contents, except the one that takes the spare width
    (QTableView.resizeColumnsToContents sizes that one too, and it stays narrow beside a
    grey band until the window is resized)."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            view.resizeColumnToContents(column)


def select_where(view: QTableView, match: Callable[[Any], bool]) -> bool:
    """Selects the first loaded row whose row object (ROW_ROLE) matches; whether one did."""
    model = view.model()
    for row in range(model.rowCount()):
        if match(model.data(model.index(row, 0), ROW_ROLE)):
            select_row(view, row)
            return True
    return False
