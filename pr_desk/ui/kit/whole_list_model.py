"""A table model over the whole list: its row count is the list's count, so the view's one
scroll bar spans every row (as a spreadsheet's does), and a page is fetched when its rows are
painted.

PagedTableModel grows as the view scrolls near its end: its scroll bar spans the rows
fetched so far, and the end of 1,000,000 requests is 5,000 pages of Ctrl+End away. Here the
thumb's size and place say where the rows on screen are in the whole list, and the thumb
dragged to the bottom shows the last rows at once:

- a row not fetched yet paints as "…" and the page around it is fetched once the event loop
  is free (while the thumb is held, once it rests: the rows the drag passes over are not
  fetched); a reader of the row itself (`row_at`, ROW_ROLE: the selected request) has it
  fetched at once;
- a page is asked for after the last row of the page before it, or before the first row of
  the page after it (keyset paging, through an index), when that page was fetched; else, in
  the list's second half, counted from the end in the reversed order (`fetch_from_end`), so
  the last pages cost what the first do; else by offset (a jump to the middle). The keyset
  ways and the pages near either end cost what a first page does (20-30 ms at 1,000,000
  requests) and are fetched on the UI thread; an OFFSET far into a long list, from either
  end, walks the rows before it (0.4-1.2 s), so with `offsets_in_background` it runs on a
  worker thread and the view stays free;
- at most `max_resident_rows` rows are held (whole pages, the least recently drawn let go,
  as PagedTableModel does); a slot per row (8 bytes) stands for the others;
- the count is read at a reload; rows gone from the list since (deleted, or filtered out by a
  change of state) would leave the pages read from the end placed off by them, the rows where
  the two meet shown twice; a row moved in the order since (another clerk changed the column
  sorted by) is shown twice, at its old place and its new one. The model notices it by itself:
  a page that comes back short of the count, a page read after the one before it whose next
  row is not the first row of the page after it (held, read from the other end), or a page
  that cannot be read after (before) the row held next to it (`fetch_after` gives None: that
  row is gone or moved; read by offset meanwhile), has the list counted again (`recount`) and
  each watched view put back where it was: its top row and its selected request kept, those
  placed from the end at the same distance from the new end, the others at the same row.

Other lists can adopt it by giving `count` (required here) and, for fast ends, the reversed
fetchers; a reader of `rows()` must expect None for the rows not fetched (see
`loaded_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QTableView

from pr_desk.ui.kit.background import BackgroundRunner
from pr_desk.ui.kit.paged_table_model import (
    DEFAULT_PAGE_SIZE,
    MAX_RESIDENT_ROWS,
    ROW_ROLE,
    SORT_ROLE,
    AfterFetcher,
    Column,
    PagedTableModel,
    PageFetcher,
    identity,
)

NOT_FETCHED = "…"
"""What the first cell of a row not fetched yet shows (the others are empty)."""
REST_MS = 120
"""While the scroll bar's thumb is held, pages are fetched once it has rested this long."""
NEAR_ROWS = 2_000
"""An OFFSET of up to so many rows (from the start, or from the end backwards) is quick (a few
ms); past it, with `offsets_in_background`, the page is read on a worker thread."""

_ROW_ROLES = (ROW_ROLE, SORT_ROLE)  # roles that need the row itself: fetched at once
_AnyIndex = QModelIndex | QPersistentModelIndex


class WholeListModel(PagedTableModel):
    """See the module. `fetch_page` and `fetch_after` as for PagedTableModel; `count` gives
    the row count; `fetch_from_end(offset, limit, **sort)`: the list read from its last row
    backwards (offset 0 is the last row); `fetch_before(row, limit, **sort)`: the rows
    before `row`, nearest first (None when it cannot, as `fetch_after`). Here None from
    either means the list changed since `row` was read (it is gone, or moved): the page is
    read by offset and the list counted again.

    `offsets_in_background`: a page by offset is asked for on a worker thread; only for
    fetchers safe there (they read no widget: the view keeps its filters as they were at
    the last reload).

    `recounted(count)`: the list was counted again by itself (see the module), not by a
    reload the owner asked for."""

    recounted = Signal(int)

    def __init__(
        self,
        columns: Sequence[Column],
        fetch_page: PageFetcher | Callable[..., Sequence[Any]],
        *,
        count: Callable[[], int | None],
        fetch_after: AfterFetcher | Callable[..., Sequence[Any] | None] | None = None,
        fetch_from_end: PageFetcher | Callable[..., Sequence[Any]] | None = None,
        fetch_before: AfterFetcher | Callable[..., Sequence[Any] | None] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_resident_rows: int = MAX_RESIDENT_ROWS,
        offsets_in_background: bool = False,
        parent: Any = None,
    ) -> None:
        self._fetch_from_end = fetch_from_end
        self._in_background = offsets_in_background
        self._runner: BackgroundRunner | None = None
        self._reading: set[int] = set()  # pages asked for on the worker thread
        self._generation = 0  # a reload's: an answer to an older one is dropped
        self._fetch_before = fetch_before
        self._page_starts: dict[int, Any] = {}  # page number -> its first row, for fetch_before
        self._wanted: dict[int, None] = {}  # pages painted while not fetched, in the order asked
        self._halted = False  # a page failed: none is asked for on painting until a reload
        self._from_end: set[int] = set()  # pages placed by their distance from the end (at the last count)
        self._counting = False  # the count and the first page being read: nothing is stale yet
        self._settled = False  # counted again and found the same: its pages disagree with it for good, till a reload
        self._restore: dict[QTableView, tuple[Any, int, int]] = {}  # view -> (its request, where, column) after a recount
        super().__init__(columns, fetch_page, count=count, fetch_after=fetch_after, page_size=page_size,
                         max_resident_rows=max_resident_rows, parent=parent)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.fetch_wanted)
        self._stale = QTimer(self)  # a page found the count stale: counted again once the event loop is free
        self._stale.setSingleShot(True)
        self._stale.timeout.connect(self.recount)

    # -- public API -------------------------------------------------------------------------

    def loaded_count(self) -> int:
        """The rows held in memory (whole pages)."""
        return sum(1 for _row in self.loaded_rows())

    def loaded_rows(self) -> Iterator[tuple[int, Any]]:
        """(row number, row) of each row held, in the list's order; none is fetched."""
        for page in sorted(self._resident):
            start = page * self._page_size
            for number in range(start, min(start + self._page_size, len(self._rows))):
                if self._rows[number] is not None:
                    yield number, self._rows[number]

    def is_fetched(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row] is not None

    def watch(self, view: QTableView) -> None:
        """`view` shows this model: only the pages on its screen are fetched when the event
        loop is free (not those a fast scroll passed over), and while its scroll bar's thumb
        is dragged, once it rests (REST_MS) or is let go."""
        super().watch(view)
        view.verticalScrollBar().sliderReleased.connect(self._released)

    def set_fetcher(self, fetch_page: PageFetcher | Callable[..., Sequence[Any]],
                    count: Callable[[], int | None] | None = None,
                    fetch_after: AfterFetcher | Callable[..., Sequence[Any] | None] | None = None,
                    fetch_from_end: PageFetcher | Callable[..., Sequence[Any]] | None = None,
                    fetch_before: AfterFetcher | Callable[..., Sequence[Any] | None] | None = None) -> None:
        """Point the model at another query (a new filter) and reload; `count` is required."""
        if count is None:
            raise ValueError("a whole-list model needs the list's count")
        self._fetch_from_end = fetch_from_end
        self._fetch_before = fetch_before
        super().set_fetcher(fetch_page, count, fetch_after)

    def reload(self) -> None:
        """The list counted again and its first page read (a new sort or filter): each watched
        view shows the first rows."""
        self._page_starts.clear()
        self._from_end.clear()
        self._restore.clear()
        self._wanted.clear()
        self._halted = False
        self._generation += 1
        self._reading.clear()
        self._stale.stop()
        self._settled = False
        super().reload()
        # the first page, as PagedTableModel shows after a reload (its rows are that page): the
        # whole list's rows stay counted, so a view would otherwise show the rows where it was
        # scrolled, the middle of another order or the end of a filter (recount puts it back)
        for view in self._watched():
            view.scrollToTop()

    def recount(self) -> None:
        """Count the list again and read it afresh, each watched view kept where it was: its
        top row and its current row by their distance from the end when their pages were
        placed from the end (from the start otherwise), the selected request found again
        among the rows read there (see the module; `reload` shows each view the first rows)."""
        self._read_again(settle=True)
        self.recounted.emit(len(self._rows))

    def refresh(self) -> None:
        """What another clerk changed since, read (the list counted again, as `reload`), each
        watched view kept where it was and its selected request selected again, as
        `recount` does: a Refresh the person asks for while working down the list."""
        self._read_again(settle=False)

    def _read_again(self, *, settle: bool) -> None:
        """See `recount`; `settle`: the same count settles (see the module)."""
        before = len(self._rows)
        marks = [(view, self._where(view)) for view in self._live_views()]
        self.reload()
        shift = len(self._rows) - before
        # the same count: a row moved, or a count that its pages never meet (not counted
        # again at each page then, until a reload)
        self._settled = settle and not shift
        last = len(self._rows) - 1
        for view, (top, top_from_end, current, current_from_end, column, request) in marks:
            if last < 0:
                continue
            view.scrollTo(self.index(min(max(top + shift * top_from_end, 0), last), 0),
                          QTableView.ScrollHint.PositionAtTop)
            if current < 0:
                continue
            row = min(max(current + shift * current_from_end, 0), last)
            self._select(view, row, column)
            if request is not None:
                self._restore[view] = (request, row, column)
        self._found_again()

    def reading(self) -> bool:
        """Whether a page is being read on the worker thread."""
        return bool(self._reading)

    def fetch_wanted(self) -> None:
        """Fetch the pages painted while not fetched that are still on a view's screen."""
        shown = self._shown_pages()
        wanted, self._wanted = list(self._wanted), {}
        for page in wanted:
            start = page * self._page_size
            if start >= len(self._rows) or self._rows[start] is not None or (shown is not None and page not in shown):
                continue
            if self._in_background and self._far(page):
                self._read_in_background(page)
                continue
            try:
                self._refetch(page)
            except Exception:
                # said once (the error goes to the caller, as a failed fetchMore's does); the
                # rows painted since would ask again at each paint, an error a paint
                self._halted = True
                raise
            self._changed(page)

    # -- Qt model API -----------------------------------------------------------------------

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        if self._rows[index.row()] is None and role not in _ROW_ROLES:
            if role == Qt.ItemDataRole.DisplayRole:
                self._want(index.row() // self._page_size)
                return NOT_FETCHED if index.column() == 0 else None
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self._columns[index.column()].alignment()
            return None
        return super().data(index, role)

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return False  # every row is counted from the start

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        return None

    # -- internals --------------------------------------------------------------------------

    def _load_first_page(self) -> None:
        self._counting = True
        try:
            total = self._count() if self._count is not None else None
            self._total = total or 0
            self._exhausted = True
            self._rows = [None] * self._total
            if self._total:
                self._refetch(0)
        finally:
            self._counting = False

    def _page_from(self, start: int, limit: int) -> list[Any]:
        """The `limit` rows from row `start` (the first of a page), by the nearest way: after
        the page before, before the page after, from the end, else by offset. Going forward a
        whole page is asked for (the last page may have grown since the count), and cut."""
        page = start // self._page_size
        end = start + limit
        sort = self._sort()
        ways = self._ways(page)
        rows: list[Any] | None = None
        from_end = False
        if "after" in ways and self._fetch_after is not None:
            # the page after it held (read from the other end, maybe): one row more, to see they meet
            following = self._page_starts.get(page + 1) if end < len(self._rows) else None
            found = self._fetch_after(self._page_ends[page - 1], self._page_size + (following is not None), **sort)
            if found is None:  # the row held is gone, or elsewhere in the order now
                self._found_stale()
            else:
                rows, from_end = list(found[:limit]), page - 1 in self._from_end
                if following is not None and (len(found) <= limit or identity(found[limit]) != identity(following)):
                    self._found_stale()
        if rows is None and "before" in ways and self._fetch_before is not None:
            found = self._fetch_before(self._page_starts[page + 1], limit, **sort)
            if found is None:
                self._found_stale()
            else:
                rows, from_end = list(reversed(found)), page + 1 in self._from_end
        if rows is None and "end" in ways and self._fetch_from_end is not None:
            rows, from_end = list(reversed(self._fetch_from_end(len(self._rows) - end, limit, **sort))), True
        if rows is None:
            rows = list(self._fetch_page(start, self._page_size, **sort))[:limit]
        self._placed(page, rows, limit, from_end)
        return rows

    def _ways(self, page: int) -> set[str]:
        """How page `page` can be asked for besides by offset, nearest first in `_page_from`:
        after the page before, before the page after, from the end (in the second half)."""
        start = page * self._page_size
        end = min(start + self._page_size, len(self._rows))
        ways = set()
        if self._fetch_after is not None and (page - 1) in self._page_ends:
            ways.add("after")
        if self._fetch_before is not None and (page + 1) in self._page_starts:
            ways.add("before")
        if self._fetch_from_end is not None and len(self._rows) - end < start:
            ways.add("end")
        return ways

    def _placed(self, page: int, rows: list[Any], limit: int, from_end: bool) -> None:
        """A whole page's first and last rows kept, to page before and after it, and whether
        it was placed by its distance from the end; a page short of the count: the list has
        fewer rows than counted (see the module)."""
        if from_end:
            self._from_end.add(page)
        else:
            self._from_end.discard(page)
        if rows and len(rows) == limit:
            self._page_ends[page] = rows[-1]
            self._page_starts[page] = rows[0]
        elif len(rows) < limit:
            self._found_stale()

    def _found_stale(self) -> None:
        """The count is stale: counted again once the event loop is free (not while a page is
        painted or read for a caller; the page is put in place meanwhile)."""
        if not self._counting and not self._settled:
            self._stale.start(0)

    def _where(self, view: QTableView) -> tuple[int, bool, int, bool, int, Any]:
        """(top row, placed from the end, current row, placed from the end, its column, its
        request when read) of `view`, to put it back after a recount."""
        top = max(view.rowAt(0), 0)
        index = view.currentIndex()
        current = index.row() if index.isValid() else -1
        request = identity(self._rows[current]) if self.is_fetched(current) and self._rows[current] != {} else None
        return (top, self._placed_from_end(top), current, self._placed_from_end(current), max(index.column(), 0), request)

    def _placed_from_end(self, row: int) -> bool:
        """Whether row `row` was placed by its distance from the end: its page's way when it
        was read, else the way it would be (the list's second half)."""
        page = row // self._page_size
        if self.is_fetched(row) or page in self._page_starts:
            return page in self._from_end
        return "end" in self._ways(page)

    def _found_again(self) -> None:
        """After a recount, a view's selected request looked for in the rows around where it
        should be (the pages next to its row read for it), once the row there is read (at the
        next page put in place, if it was read for a caller), and selected again where found;
        not found (gone from the list), no other request is selected in its place."""
        for view, (request, row, column) in list(self._restore.items()):
            if not self.is_fetched(row):
                continue
            del self._restore[view]
            pages = range(max(row // self._page_size - 1, 0), min(row // self._page_size + 2, self._page_count()))
            for page in pages:
                if not self.is_fetched(page * self._page_size):
                    self._refetch(page)
                    self._repaint(page)
            near = range(pages[0] * self._page_size, min(pages[-1] * self._page_size + self._page_size, len(self._rows)))
            found = [number for number in near if identity(self._rows[number]) == request]
            if not found:
                self._unselect(view)
            elif found[0] != row:
                self._select(view, found[0], column)

    def _page_count(self) -> int:
        return -(-len(self._rows) // self._page_size)

    def _far(self, page: int) -> bool:
        """Whether page `page` can only be asked for by an OFFSET that walks more than
        NEAR_ROWS rows (from the start, or from the end backwards)."""
        start = page * self._page_size
        from_end = len(self._rows) - min(start + self._page_size, len(self._rows))
        ways = self._ways(page)
        if "after" in ways or "before" in ways:
            return False
        return (from_end if "end" in ways else start) > NEAR_ROWS

    def _read_in_background(self, page: int) -> None:
        if self._runner is None:
            self._runner = BackgroundRunner(self, pool="whole-list-pages", threads=1, what="a page of a list")
            self._runner.finished.connect(self._read)
        start = page * self._page_size
        limit = min(start + self._page_size, len(self._rows)) - start
        from_end = len(self._rows) - start - limit
        fetch_from_end = self._fetch_from_end if "end" in self._ways(page) else None
        fetch, sort, size = self._fetch_page, self._sort(), self._page_size

        def read() -> list[Any] | Exception:  # as _page_from would, with no page near
            try:
                if fetch_from_end is not None:
                    return list(reversed(fetch_from_end(from_end, limit, **sort)))
                return list(fetch(start, size, **sort))
            except Exception as exc:  # raised on the UI thread, as a page fetched there would be
                return exc

        self._reading.add(page)
        self._runner.start((self._generation, page), read)

    def _read(self, key: tuple[int, int], rows: list[Any] | Exception | None) -> None:
        """A page read on the worker thread, put in place unless the list was reloaded since
        or the page was fetched meanwhile (its row read at once)."""
        generation, page = key
        if generation != self._generation:
            return
        self._reading.discard(page)
        if not isinstance(rows, list):  # failed: said once, as on the UI thread (see fetch_wanted)
            self._halted = True
            if isinstance(rows, Exception):
                raise rows
            return
        start = page * self._page_size
        if start >= len(self._rows) or self._rows[start] is not None:
            return
        limit = min(start + self._page_size, len(self._rows)) - start
        rows = rows[:limit]
        self._placed(page, rows, limit, "end" in self._ways(page))
        self._place(page, rows)
        self._changed(page)

    def _changed(self, page: int) -> None:
        self._repaint(page)
        if self._restore:
            self._found_again()

    def _repaint(self, page: int) -> None:
        start = page * self._page_size
        end = min(start + self._page_size, len(self._rows)) - 1
        self.dataChanged.emit(self.index(start, 0), self.index(end, len(self._columns) - 1))

    def _want(self, page: int) -> None:
        if self._halted or page in self._reading:
            return
        self._wanted[page] = None
        if any(view.verticalScrollBar().isSliderDown() for view in self._live_views()):
            self._pending.start(REST_MS)  # again at each paint of the drag: once the thumb rests
        elif not self._pending.isActive():
            self._pending.start(0)

    def _released(self) -> None:
        if self._pending.isActive():  # the thumb let go where it rests: no wait
            self._pending.start(0)

    def _shown_pages(self) -> set[int] | None:
        """The pages whose rows are on a watched view's screen; None when no view is watched."""
        views = self._live_views()
        if not views:
            return None
        pages: set[int] = set()
        for view in views:
            top = max(view.rowAt(0), 0)
            bottom = view.rowAt(view.viewport().height() - 1)
            bottom = len(self._rows) - 1 if bottom < 0 else bottom  # the rows end above the bottom
            pages.update(range(top // self._page_size, bottom // self._page_size + 1))
        return pages
