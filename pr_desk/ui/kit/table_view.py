"""One look for every list: row selection, alternating rows, sensible header sizes; and a
row selection that works right to left."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from pr_desk.ui.kit.paged_table_model import ROW_ROLE, PagedTableModel, identity


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
    chosen = identity(was_selected)
    select_where(view, lambda row: identity(row) == chosen)


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
               sortable: bool = False, remember: str | None = None) -> QTableView:
    """A read-only list over a PagedTableModel, one row selected at a time (`multi`: many);
    the `stretch` column takes the spare width; `sortable`: header clicks sort (see
    setup_table_view); `remember`: the key under which the widths the person sets are kept
    (see remember_columns)."""
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
    if remember is not None:
        remember_columns(view, remember)
    return view


COLUMNS_SIZED = "prDeskColumnsSized"
"""A view's property: its columns have had their first sizing (or the person's widths)."""


class ColumnMemory(QObject):
    """Keeps the widths the person gives a view's columns, under a key of the view's own
    (settings `columns/<key>`), so a reload, a search or a new window of the same list
    shows them again. Only the columns a person can drag are kept: not the one that
    takes the spare width, nor the last one when it stretches."""

    def __init__(self, view: QTableView, key: str) -> None:
        super().__init__(view)
        self.view = view
        self.key = f"columns/{key}"
        self._quiet = 0
        view.horizontalHeader().sectionResized.connect(self._resized)
        view._pr_desk_column_memory = self  # type: ignore[attr-defined]

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Resizes made by the program inside are not the person's."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def saved(self) -> list[int] | None:
        from pr_desk.ui.settings import settings_store

        value = settings_store().value(self.key)
        try:
            widths = [int(part) for part in str(value).split(",")] if value else []
        except ValueError:
            return None
        return widths if widths and len(widths) == self.view.horizontalHeader().count() else None

    def restore(self) -> bool:
        """The saved widths given back; whether there were any (for these columns)."""
        widths = self.saved()
        if widths is None:
            return False
        header = self.view.horizontalHeader()
        with self.quiet():
            for column, width in enumerate(widths):
                if _draggable(header, column):
                    header.resizeSection(column, max(width, header.minimumSectionSize()))
        self.view.setProperty(COLUMNS_SIZED, True)
        return True

    def _resized(self, column: int, _old: int, _new: int) -> None:
        header = self.view.horizontalHeader()
        if self._quiet or not _draggable(header, column):
            return
        from pr_desk.ui.settings import settings_store

        self.view.setProperty(COLUMNS_SIZED, True)  # the person's widths: no sizing to the contents after this
        store = settings_store()
        store.setValue(self.key, ",".join(str(header.sectionSize(c)) for c in range(header.count())))


def _draggable(header: QHeaderView, column: int) -> bool:
    """Whether the person sets this column's width (an Interactive section that does not
    take the spare width)."""
    if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
        return False
    return not (header.stretchLastSection() and column == _last_visible(header))


def _last_visible(header: QHeaderView) -> int:
    for visual in range(header.count() - 1, -1, -1):
        column = header.logicalIndex(visual)
        if not header.isSectionHidden(column):
            return column
    return -1


def remember_columns(view: QTableView, key: str) -> ColumnMemory:
    """`view` keeps the column widths the person sets, under `key` (one per list); a new
    view with the same key starts with them (see ColumnMemory)."""
    existing = getattr(view, "_pr_desk_column_memory", None)
    if isinstance(existing, ColumnMemory):
        return existing
    memory = ColumnMemory(view, key)
    memory.restore()
    return memory


def fit_columns_to_contents(view: QTableView, *, widest: int | Mapping[int, int] | None = None) -> None:
    """Each column sized to its contents, once: the first time the view shows rows (unless
    the person's widths were kept for it, see remember_columns). A reload, a search or a
    check-in leaves the widths as they are, so columns never collapse to what one page
    holds. The column that takes the spare width is not sized (it would stay narrow beside
    a grey band), nor the last one when it stretches; `widest` caps the columns' width (a
    mapping: the width of the columns it names)."""
    if view.property(COLUMNS_SIZED):
        return
    memory = getattr(view, "_pr_desk_column_memory", None)
    if isinstance(memory, ColumnMemory) and memory.restore():
        return
    header = view.horizontalHeader()
    with memory.quiet() if isinstance(memory, ColumnMemory) else nullcontext():
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch or (
                    header.stretchLastSection() and column == _last_visible(header)):
                continue
            view.resizeColumnToContents(column)
            cap = widest.get(column) if isinstance(widest, Mapping) else widest
            if cap is not None and header.sectionSize(column) > cap:
                header.resizeSection(column, cap)
    model = view.model()
    if model is not None and model.rowCount() > 0:
        view.setProperty(COLUMNS_SIZED, True)


def select_where(view: QTableView, match: Callable[[Any], bool]) -> bool:
    """Selects the first loaded row whose row object (ROW_ROLE) matches; whether one did."""
    model = view.model()
    if isinstance(model, PagedTableModel):  # not every row of a whole-list model is fetched
        rows: Iterator[tuple[int, Any]] = model.loaded_rows()
    else:
        rows = ((row, model.data(model.index(row, 0), ROW_ROLE)) for row in range(model.rowCount()))
    for row, value in rows:
        if match(value):
            select_row(view, row)
            return True
    return False
