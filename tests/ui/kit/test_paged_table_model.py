"""PagedTableModel: pages on demand over a huge query, sort handed to the query, display."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from pr_desk.ui.kit import ROW_ROLE, SORT_ROLE, Column, PagedTableModel

TOTAL = 1_000_000


@dataclass(frozen=True)
class Request:
    number: int
    name: str
    received_on: dt.date
    budget: int
    score: Decimal


class SyntheticQuery:
    """A fake service query over a million rows, made on demand; records each call."""

    def __init__(self, total: int = TOTAL) -> None:
        self.total = total
        self.calls: list[tuple] = []

    def row(self, i: int) -> Request:
        return Request(i + 1, f"متقاضی {i + 1}", dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                       (i + 1) * 1000, Decimal("12.5"))

    def fetch_page(self, offset: int, limit: int, *, sort_key: str | None = None,
                   descending: bool = False) -> list[Request]:
        self.calls.append((offset, limit, sort_key, descending))
        stop = min(offset + limit, self.total)
        indexes = range(offset, stop)
        if descending:
            indexes = range(self.total - 1 - offset, self.total - 1 - stop, -1)
        return [self.row(i) for i in indexes]

    def count(self) -> int:
        return self.total


COLUMNS = [
    Column("number", "Number", kind="int", sortable=True),
    Column("name", "Name"),
    Column("received_on", "Date", kind="date", sortable=True),
    Column("budget", "Budget (Rials)", kind="rials"),
    Column("score", "Score", kind="number"),
]


@pytest.fixture
def query():
    return SyntheticQuery()


@pytest.fixture
def model(query, persian):
    return PagedTableModel(COLUMNS, query.fetch_page, count=query.count)


def _shown(qtbot, model: PagedTableModel, height: int) -> QTableView:  # type: ignore[no-untyped-def]
    """A real view of `model`, shown and exposed (so it asks for the rows it draws)."""
    view = QTableView()
    view.setModel(model)
    view.resize(600, height)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_first_page_at_once_and_only_one_page(model, query):
    assert query.calls == [(0, 200, None, False)]
    assert model.rowCount() == 200
    assert model.columnCount() == 5
    assert model.total_count() == TOTAL
    assert model.canFetchMore(QModelIndex())


def test_fetch_more_adds_a_page(qtbot, model, query):
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args[1:] == [200, 399]
    assert model.rowCount() == 400
    assert query.calls[-1] == (200, 200, None, False)
    assert model.data(model.index(399, 0), ROW_ROLE).number == 400


def test_view_fetches_only_what_it_shows(qtbot, model, query):
    view = _shown(qtbot, model, 400)
    assert len(query.calls) <= 2
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 400)
    assert model.rowCount() < 2000


def test_model_passes_qtmodeltester(qtmodeltester, model):
    qtmodeltester.check(model)


def test_model_with_small_query_stops(qtmodeltester):
    query = SyntheticQuery(total=450)
    model = PagedTableModel(COLUMNS, query.fetch_page)  # no count: stops on a short page
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert len(query.calls) == 3
    qtmodeltester.check(model)


def test_empty_query():
    query = SyntheticQuery(total=0)
    model = PagedTableModel(COLUMNS, query.fetch_page, count=query.count)
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    assert query.calls == []


def test_display_is_persian_and_aligned(model):
    index = model.index(0, 0)
    assert model.data(model.index(0, 0)) == "۱"
    assert model.data(model.index(0, 2)) == "۱۴۰۴/۱۰/۱۱"  # 2026-01-01
    assert model.data(model.index(0, 3)) == "۱٬۰۰۰"
    assert model.data(model.index(0, 4)) == "۱۲٫۵"
    assert model.data(model.index(0, 1)) == "متقاضی 1"  # text stays as typed
    assert model.data(index, SORT_ROLE) == 1
    assert model.data(model.index(0, 2), SORT_ROLE) == dt.date(2026, 1, 1)
    assert model.data(model.index(0, 3), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeading
    assert model.data(model.index(0, 0), ROW_ROLE) == Request(1, "متقاضی 1", dt.date(2026, 1, 1), 1000,
                                                               Decimal("12.5"))
    assert model.rowCount(index) == 0


def test_headers_translate_at_call_time(model):
    from pr_desk import i18n

    assert model.headerData(2, Qt.Orientation.Horizontal) == "تاریخ"
    i18n.set_language("en")
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Date"
    assert model.data(model.index(0, 3)) == "1,000"


def test_sort_goes_to_the_query(qtbot, model, query):
    with qtbot.waitSignal(model.modelReset):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    assert query.calls[-1] == (0, 200, "number", True)
    assert model.data(model.index(0, 0), ROW_ROLE).number == TOTAL
    assert model.rowCount() == 200
    model.fetchMore(QModelIndex())
    assert query.calls[-1] == (200, 200, "number", True)
    calls = len(query.calls)
    model.sort(1, Qt.SortOrder.AscendingOrder)  # not sortable: ignored
    assert len(query.calls) == calls
    with pytest.raises(ValueError):
        model.set_sort("name")
    model.set_sort(None)
    assert query.calls[-1] == (0, 200, None, False)


def test_mappings_work_as_rows(qtmodeltester, persian):
    rows = [{"number": i, "name": f"n{i}"} for i in range(5)]
    model = PagedTableModel([Column("number", "Number", kind="int"), Column("name", "Name")],
                            lambda offset, limit: rows[offset:offset + limit])
    assert model.rowCount() == 5
    assert model.data(model.index(3, 0)) == "۳"
    qtmodeltester.check(model)


def test_reload_refetches_first_page(qtbot, model, query):
    model.fetchMore(QModelIndex())
    with qtbot.waitSignal(model.modelReset):
        model.reload()
    assert model.rowCount() == 200
    assert query.calls[-1] == (0, 200, None, False)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Column("x", "X", kind="money")


def test_memory_stays_bounded_however_far_one_scrolls(qtbot, query, persian):
    """Past `max_resident_rows` the least recently drawn pages are let go and fetched again
    where they were when drawn: scrolling a million-row list to its end holds a few pages
    (issue 17, §4: the 1,000,000-request list under 300 MB)."""
    model = PagedTableModel(COLUMNS, query.fetch_page, count=query.count, page_size=100, max_resident_rows=300)
    view = _shown(qtbot, model, 300)
    while model.rowCount() < 3000:
        view.scrollToBottom()  # the view asks for the next page
        qtbot.wait(1)
    loaded = model.rows()
    last = len(loaded) - 1
    assert model.rowCount() == len(loaded) >= 3000
    held = [r for r in loaded if r is not None]
    assert 0 < len(held) <= 300
    assert loaded[0] is None  # the first page was let go ...
    calls = len(query.calls)
    assert model.data(model.index(0, 1)) == "متقاضی 1"  # ... and comes back when drawn
    assert query.calls[calls:] == [(0, 100, None, False)]
    assert model.row_at(150).number == 151 and len([r for r in model.rows() if r is not None]) <= 300
    view.scrollToTop()
    qtbot.wait(1)
    assert model.data(model.index(last, 0), ROW_ROLE).number == last + 1


class KeysetQuery(SyntheticQuery):
    """The synthetic query that also pages after a row (its own order only), as the requests
    list does; records ("after", number of the row, limit) for those calls."""

    def fetch_after(self, row: Request, limit: int, **sort: object) -> list[Request] | None:
        if sort:
            return None  # a column's order: the model asks by offset
        self.calls.append(("after", row.number, limit))
        return [self.row(i) for i in range(row.number, min(row.number + limit, self.total))]


def _keyset_model(query: KeysetQuery, **kw: int) -> PagedTableModel:
    return PagedTableModel(COLUMNS, query.fetch_page, count=query.count, fetch_after=query.fetch_after, **kw)


def test_next_pages_come_after_the_last_row_not_by_offset(qtbot, persian):
    """Scrolling to the end of a million rows with the mouse and Ctrl+End: every page after the
    first is asked for after the row before it (an OFFSET would walk every row before it)."""
    query = KeysetQuery()
    model = _keyset_model(query)
    view = _shown(qtbot, model, 300)
    view.setFocus()
    while model.rowCount() < 1000:
        qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the view asks for one more page
        qtbot.wait(1)
    assert query.calls[0] == (0, 200, None, False)
    assert query.calls[1:5] == [("after", 200, 200), ("after", 400, 200), ("after", 600, 200), ("after", 800, 200)]
    last = model.rowCount() - 1
    rect = view.visualRect(model.index(last, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == last
    assert model.data(view.currentIndex(), ROW_ROLE) == query.row(last)
    assert [r.number for r in model.rows()] == list(range(1, model.rowCount() + 1))


def test_a_page_let_go_comes_back_after_the_row_before_it(qtbot, persian):
    """The last row of every page is kept (one row a page) when the page is let go, so a page
    drawn again is asked for after it; the first page by offset 0."""
    query = KeysetQuery()
    model = _keyset_model(query, page_size=100, max_resident_rows=300)
    view = _shown(qtbot, model, 300)
    while model.rowCount() < 3000:
        view.scrollToBottom()
        qtbot.wait(1)
    assert all(call[0] == "after" for call in query.calls[1:])
    loaded = model.rows()
    assert loaded[0] is None and loaded[1500] is None
    assert 0 < len([r for r in loaded if r is not None]) <= 300
    calls = len(query.calls)
    view.scrollTo(model.index(1550, 0), QTableView.ScrollHint.PositionAtTop)
    qtbot.wait(1)
    assert ("after", 1500, 100) in query.calls[calls:]
    assert not [c for c in query.calls[calls:] if c[0] != "after"]
    rect = view.visualRect(model.index(1552, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert model.data(view.currentIndex(), ROW_ROLE).number == 1553
    calls = len(query.calls)
    view.scrollToTop()
    qtbot.wait(1)
    assert (0, 100, None, False) in query.calls[calls:]
    assert model.data(model.index(0, 1)) == "متقاضی 1"
    assert [model.row_at(i).number for i in (0, 99, 100, 1499, 1500, 2999)] == [1, 100, 101, 1500, 1501, 3000]


def test_sorted_lists_and_reloads_page_by_offset_when_the_query_cannot_page_after(qtbot, persian, qtmodeltester):
    query = KeysetQuery()
    model = _keyset_model(query)
    model.fetchMore(QModelIndex())
    assert query.calls[-1] == ("after", 200, 200)
    with qtbot.waitSignal(model.modelReset):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    model.fetchMore(QModelIndex())
    assert query.calls[-2:] == [(0, 200, "number", True), (200, 200, "number", True)]
    assert model.row_at(399).number == TOTAL - 399
    with qtbot.waitSignal(model.modelReset):
        model.set_sort(None)
    model.fetchMore(QModelIndex())
    assert query.calls[-2:] == [(0, 200, None, False), ("after", 200, 200)]  # the ends of the sorted pages forgotten
    qtmodeltester.check(model)


def test_the_end_of_a_short_list_with_fetch_after(qtmodeltester, persian):
    query = KeysetQuery(total=450)
    model = PagedTableModel(COLUMNS, query.fetch_page, fetch_after=query.fetch_after)  # no count: stops on a short page
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert query.calls == [(0, 200, None, False), ("after", 200, 200), ("after", 400, 200)]
    qtmodeltester.check(model)
