"""A table model that pages through a query: the first page at once, more as the view scrolls.

The model never loads a whole table. It asks a `fetch_page` callable (usually a service
query) for one page at a time; sorting is passed back to that callable so the database
sorts, never Python over the loaded rows. Memory stays bounded however far the person
scrolls: past `max_resident_rows`, the pages least recently drawn are let go (their rows
become None in `rows()`) and fetched again when they are drawn or read.

A list whose order allows it also gives `fetch_after` (keyset paging): the next page is
asked for as "the rows after this one", which the database finds through its index, where
an OFFSET walks every row before it (at the end of 1,000,000 requests, 1.4 s a page).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from pr_desk.domain.formatting import format_value
from pr_desk.i18n import _
from pr_desk.ui.kit.formatting import KINDS, persian_on_screen

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, ROW_ROLE) -> the row object (dataclass or mapping) of that line."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""data(index, SORT_ROLE) -> the raw value of the cell (a date, an int, a Decimal, ...)."""

DEFAULT_PAGE_SIZE = 200
MAX_RESIDENT_ROWS = 20_000
"""Rows kept in memory at most (whole pages); the 1,000,000-request list scrolled to its end
holds these and a None per other row (bench/meetings_bench.py measures the process)."""

_NUMERIC_KINDS = ("int", "number", "rials")
_AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: `key` names the row attribute or mapping key; `header_msgid` is an
    English msgid translated each time the header is drawn.

    `kind` decides formatting and alignment: text, int (digits, no separators), number,
    rials (integer Rials with separators), date (Gregorian date shown Jalali), datetime.
    `sortable` columns send their key to `fetch_page` when the user sorts by them.
    """

    key: str
    header_msgid: str
    kind: str = "text"
    align: Qt.AlignmentFlag | None = None
    sortable: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; expected one of {KINDS}")

    def alignment(self) -> Qt.AlignmentFlag:
        if self.align is not None:
            return self.align
        if self.kind in _NUMERIC_KINDS:
            # Absolute right, so the units digits of numbers line up in either direction.
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        if self.kind in ("date", "datetime"):
            return Qt.AlignmentFlag.AlignCenter
        return Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter


class PageFetcher(Protocol):
    """`fetch_page(offset, limit)` -> up to `limit` rows starting at `offset`.

    Only when the user sorts by a `sortable` column is it called with the sort as keywords:
    `fetch_page(offset, limit, sort_key="issued_on", descending=True)`; a fetcher for a
    table without sortable columns need not accept them.
    """

    def __call__(self, offset: int, limit: int, /, **sort: Any) -> Sequence[Any]: ...


class AfterFetcher(Protocol):
    """`fetch_after(row, limit)` -> up to `limit` rows that come right after `row` (a row this
    query returned) in the query's order, or None when it cannot page so in the current
    sort; the model then asks `fetch_page` by offset. Called with the sort as keywords, as
    `PageFetcher` is."""

    def __call__(self, row: Any, limit: int, /, **sort: Any) -> Sequence[Any] | None: ...


def cell_value(row: Any, key: str) -> Any:
    """A row's value by key (mappings) or attribute (dataclasses, named tuples)."""
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def identity(row: Any) -> Any:
    """What a row is the same by across two reads: its `id` when it has one, else itself."""
    return getattr(row, "id", row)


class PagedTableModel(QAbstractTableModel):
    """Read-only model over `fetch_page`; see `PageFetcher` for its contract.

    `count()` (optional) gives the total number of rows so the UI can say "200 of 12,345";
    without it the model stops when a page comes back short. `fetch_after` (optional, see
    `AfterFetcher`): the model keeps the last row of each page it fetched (one row a page,
    even of a page let go) and asks for the page after it by that row.

    A view given to `watch` keeps its place at a `refresh` (Refresh, F5): its screen and its
    selected row.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        fetch_page: PageFetcher | Callable[..., Sequence[Any]],
        *,
        count: Callable[[], int | None] | None = None,
        fetch_after: AfterFetcher | Callable[..., Sequence[Any] | None] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_resident_rows: int = MAX_RESIDENT_ROWS,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        if page_size < 1:
            raise ValueError("page_size must be positive")
        self._columns = tuple(columns)
        self._fetch_page = fetch_page
        self._count = count
        self._fetch_after = fetch_after
        self._page_size = page_size
        self._rows: list[Any] = []
        self._page_ends: dict[int, Any] = {}  # page number -> its last row, for fetch_after
        self._resident: OrderedDict[int, None] = OrderedDict()  # page numbers held, least recently used first
        self._max_pages = max(2, -(-max_resident_rows // page_size))
        self._total: int | None = None
        self._exhausted = False
        self._sort_key: str | None = None
        self._descending = False
        self._views: list[QTableView] = []
        self._load_first_page()

    # -- public API -------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def page_size(self) -> int:
        return self._page_size

    def loaded_count(self) -> int:
        return len(self._rows)

    def total_count(self) -> int | None:
        """All matching rows (from `count()`), or None when unknown."""
        return self._total

    def row_at(self, row: int) -> Any:
        return self._row(row)

    def rows(self) -> tuple[Any, ...]:
        """The rows loaded so far (None for a row of a page let go; `row_at` fetches it again)."""
        return tuple(self._rows)

    def loaded_rows(self) -> Iterator[tuple[int, Any]]:
        """(row number, row object: ROW_ROLE) of each row loaded so far, in order (a page let
        go is fetched again; a model over the whole list gives only the rows it holds)."""
        for number in range(self.rowCount()):
            yield number, self.data(self.index(number, 0), ROW_ROLE)

    def column_index(self, key: str) -> int:
        for i, column in enumerate(self._columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def sort_state(self) -> tuple[str | None, bool]:
        """(sort key, descending) currently sent to fetch_page."""
        return self._sort_key, self._descending

    def set_sort(self, key: str | None, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by column `key` (None: the query's own order) and reload from the first page."""
        if key is not None:
            column = self._columns[self.column_index(key)]
            if not column.sortable:
                raise ValueError(f"column {key!r} is not sortable")
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.reload()

    def reload(self) -> None:
        """Forget the loaded rows and fetch the first page again (after a change or a filter)."""
        self.beginResetModel()
        try:
            self._rows = []
            self._resident.clear()
            self._page_ends.clear()
            self._exhausted = False
            self._total = None
            self._load_first_page()
        finally:
            self.endResetModel()

    def set_fetcher(self, fetch_page: PageFetcher | Callable[..., Sequence[Any]],
                    count: Callable[[], int | None] | None = None,
                    fetch_after: AfterFetcher | Callable[..., Sequence[Any] | None] | None = None) -> None:
        """Point the model at another query (a new filter) and reload."""
        self._fetch_page = fetch_page
        self._count = count
        self._fetch_after = fetch_after
        self.reload()

    def watch(self, view: QTableView) -> None:
        """`view` shows this model: `refresh` keeps its place."""
        self._views.append(view)

    def refresh(self) -> None:
        """What another clerk changed since, read (as `reload`), each watched view kept where it
        was: the rows read again down to the last one it showed (or its selected one), its
        scroll bar put back, and its selected row (the same `id`) selected again where it is
        now among them; gone from them, no row is selected (Enter would open the row that
        took its place). A row moved further down than the rows read is not chased through
        the whole list."""
        marks = [(view, self._mark(view)) for view in self._watched()]
        self.reload()
        for view, (scrolled, last, column, chosen) in marks:
            while len(self._rows) <= last and self.canFetchMore():
                self.fetchMore()
            view.doItemsLayout()  # the scroll bar's range for the rows read, before it is put back
            view.verticalScrollBar().setValue(scrolled)
            if chosen is None:
                continue
            found = next((number for number, row in enumerate(self._rows)
                          if row is not None and row != {} and identity(row) == chosen), None)
            if found is not None:
                self._select(view, found, column)

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        row = self._row(index.row())
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(cell_value(row, column.key), column.kind, persian=persian_on_screen(), on_screen=True)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment()
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return cell_value(row, column.key)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return _(column.header_msgid)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and section >= 0:
            from pr_desk.ui.kit.formatting import display_digits

            return display_digits(str(section + 1))
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return False
        if self._total is not None:
            return len(self._rows) < self._total
        return True

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        page = self._fetch(len(self._rows))
        if not page:
            self._exhausted = True
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self._hold(first // self._page_size)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by a view with sorting enabled; only sortable columns take effect."""
        if 0 <= column < len(self._columns) and self._columns[column].sortable:
            self.set_sort(self._columns[column].key, order)
        elif column < 0:
            self.set_sort(None)

    # -- internals --------------------------------------------------------------------------

    def _mark(self, view: QTableView) -> tuple[int, int, int, Any]:
        """(scroll bar's value, the last row shown or selected, the current column, the
        selected row's identity or None) of `view`, to put it back after a refresh."""
        bottom = view.rowAt(view.viewport().height() - 1)
        index = view.currentIndex()
        chosen = None
        if index.isValid() and view.selectionModel().isSelected(index) and 0 <= index.row() < len(self._rows):
            row = self._rows[index.row()]
            chosen = identity(row) if row is not None and row != {} else None
        last = max(len(self._rows) - 1 if bottom < 0 else bottom, index.row())
        return view.verticalScrollBar().value(), last, max(index.column(), 0), chosen

    def _select(self, view: QTableView, row: int, column: int) -> None:
        """Row `row` made `view`'s current and selected, the view not scrolled to it."""
        bar = view.verticalScrollBar()
        value = bar.value()
        view.setCurrentIndex(self.index(row, column))
        bar.setValue(value)

    def _unselect(self, view: QTableView) -> None:
        """No row current or selected in `view`, the view not scrolled."""
        bar = view.verticalScrollBar()
        value = bar.value()
        view.selectionModel().clear()
        bar.setValue(value)

    def _live_views(self) -> list[QTableView]:
        """The watched views still there and shown."""
        return [view for view in self._watched() if view.isVisible()]

    def _watched(self) -> list[QTableView]:
        """The watched views still there, shown or not."""
        there = []
        for view in list(self._views):
            try:
                view.isVisible()
            except RuntimeError:  # the view is gone (its C++ object deleted)
                self._views.remove(view)
            else:
                there.append(view)
        return there

    def _sort(self) -> dict[str, Any]:
        return {} if self._sort_key is None else {"sort_key": self._sort_key, "descending": self._descending}

    def _page_from(self, start: int, limit: int) -> list[Any]:
        """`limit` rows from row `start` (the first of a page): after the previous page's
        last row when the query pages so, else by offset."""
        page = start // self._page_size
        rows: Sequence[Any] | None = None
        if self._fetch_after is not None and (page - 1) in self._page_ends:
            rows = self._fetch_after(self._page_ends[page - 1], limit, **self._sort())
        if rows is None:
            rows = self._fetch_page(start, limit, **self._sort())
        rows = list(rows)
        if self._fetch_after is not None and len(rows) == self._page_size:
            self._page_ends[page] = rows[-1]
        return rows

    def _fetch(self, offset: int) -> list[Any]:
        page = self._page_from(offset, self._page_size)
        if len(page) < self._page_size:
            self._exhausted = True
        return page

    def _load_first_page(self) -> None:
        self._total = self._count() if self._count is not None else None
        if self._total == 0:
            self._exhausted = True
            return
        self._rows = self._fetch(0)
        self._hold(0)

    def _row(self, row: int) -> Any:
        value = self._rows[row]
        page = row // self._page_size
        if value is None:
            self._refetch(page)
            value = self._rows[row]
        elif page in self._resident:
            self._resident.move_to_end(page)
        return value

    def _hold(self, page: int) -> None:
        """`page` is in memory; the least recently used pages beyond the cap are let go."""
        self._resident[page] = None
        self._resident.move_to_end(page)
        while len(self._resident) > self._max_pages:
            old, _none = self._resident.popitem(last=False)
            start = old * self._page_size
            end = min(start + self._page_size, len(self._rows))
            self._rows[start:end] = [None] * (end - start)

    def _refetch(self, page: int) -> None:
        """A page let go, fetched again where it was (rows deleted meanwhile leave empty
        rows rather than shifting the ones on screen)."""
        start = page * self._page_size
        self._place(page, self._page_from(start, min(start + self._page_size, len(self._rows)) - start))

    def _place(self, page: int, rows: Sequence[Any]) -> None:
        """`rows` put where page `page` is, and held (rows deleted meanwhile leave empty rows)."""
        start = page * self._page_size
        end = min(start + self._page_size, len(self._rows))
        fresh = list(rows[: end - start])
        fresh += [{}] * (end - start - len(fresh))
        self._rows[start:end] = fresh
        self._hold(page)


class StaticRows:
    """A list already in memory, handed to PagedTableModel a page at a time."""

    def __init__(self, rows: Sequence[Any] = ()) -> None:
        self.rows = list(rows)

    def __call__(self, offset: int, limit: int, /, **_sort: Any) -> list[Any]:
        return self.rows[offset:offset + limit]
