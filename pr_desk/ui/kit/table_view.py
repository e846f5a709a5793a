"""One look for every list: row selection, alternating rows, sensible header sizes; and a
row selection that works right to left."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def setup_table_view(view: QTableView, model: QAbstractItemModel | None = None, *,
                     sortable: bool = False, stretch_last: bool = True) -> None:
    """Configure `view` the PR Desk way (and set `model` if given).

    With `sortable`, header clicks sort through the model (for PagedTableModel: in the
    query); no column is sorted at first, so the query's own order shows until a click.
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
    view.setSortingEnabled(sortable)
    if view.model() is not None:
        view.resizeColumnsToContents()


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
    from pr_desk.ui.kit.paged_table_model import ROW_ROLE

    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isSelected(index):
        return None
    return view.model().data(index, ROW_ROLE)
