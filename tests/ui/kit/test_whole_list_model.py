"""WholeListModel: the row count is the list's count, pages come when painted, each by the
nearest way (after the page before, before the page after, from the end, by offset), and
memory stays bounded however far the view goes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from pr_desk.ui.kit.paged_table_model import ROW_ROLE, Column
from pr_desk.ui.kit.whole_list_model import NOT_FETCHED, WholeListModel

COLUMNS = [Column("number", "Number", kind="int", sortable=True), Column("name", "Name")]


class Listed:
    """A fake query over `total` numbered rows (descending: reversed) less those `gone` (as
    rows deleted or filtered out); records each call as (how, where, limit)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.gone: set[int] = set()
        self.calls: list[tuple[str, Any, int]] = []

    def _order(self, descending: bool = False) -> list[int]:
        numbers = range(self.total - 1, -1, -1) if descending else range(self.total)
        return [n for n in numbers if n not in self.gone]

    def _rows(self, numbers: list[int]) -> list[dict[str, Any]]:
        return [{"number": n, "name": f"row {n}"} for n in numbers]

    def page(self, offset: int, limit: int, /, *, sort_key: str | None = None, descending: bool = False) -> list[dict[str, Any]]:
        self.calls.append(("offset", offset, limit))
        return self._rows(self._order(descending)[offset:offset + limit])

    def from_end(self, offset: int, limit: int, /, *, sort_key: str | None = None, descending: bool = False) -> list[dict[str, Any]]:
        self.calls.append(("from_end", offset, limit))
        return self._rows(self._order(not descending)[offset:offset + limit])

    def after(self, row: dict[str, Any], limit: int, /, *, sort_key: str | None = None,
              descending: bool = False) -> list[dict[str, Any]]:
        self.calls.append(("after", row["number"], limit))
        order = self._order(descending)
        at = order.index(row["number"])
        return self._rows(order[at + 1:at + 1 + limit])

    def before(self, row: dict[str, Any], limit: int, /, *, sort_key: str | None = None,
               descending: bool = False) -> list[dict[str, Any]]:
        self.calls.append(("before", row["number"], limit))
        order = self._order(not descending)
        at = order.index(row["number"])
        return self._rows(order[at + 1:at + 1 + limit])

    def count(self) -> int:
        return self.total - len(self.gone)

    def model(self, **kwargs: Any) -> WholeListModel:
        return WholeListModel(COLUMNS, self.page, count=self.count, fetch_after=self.after, fetch_from_end=self.from_end,
                              fetch_before=self.before, page_size=10, **kwargs)


def number(model: WholeListModel, row: int) -> int:
    value: int = model.data(model.index(row, 0), ROW_ROLE)["number"]
    return value


def test_the_count_is_the_row_count_and_only_the_first_page_is_fetched(qtbot) -> None:  # type: ignore[no-untyped-def]
    listed = Listed(95)
    model = listed.model()
    assert model.rowCount() == 95 and model.loaded_count() == 10 and not model.canFetchMore()
    assert listed.calls == [("offset", 0, 10)]
    assert model.data(model.index(5, 1)) == "row 5"
    # a row not fetched paints "…" (its other cells empty) and comes once the event loop is free
    assert model.data(model.index(50, 0)) == NOT_FETCHED and model.data(model.index(50, 1)) is None
    assert not model.is_fetched(50)
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert model.is_fetched(50) and model.data(model.index(50, 1)) == "row 50"
    assert listed.calls[-1] == ("from_end", 35, 10)  # rows 59 down to 50: 35 rows below them


def test_each_page_comes_the_nearest_way(qtbot) -> None:  # type: ignore[no-untyped-def]
    listed = Listed(95)
    model = listed.model()
    assert number(model, 94) == 94  # the last page, 5 rows: from the end, at its start
    assert listed.calls[-1] == ("from_end", 0, 5)
    assert number(model, 85) == 85  # the page above it: before its first row
    assert listed.calls[-1] == ("before", 90, 10)
    assert number(model, 15) == 15  # the page below the first: after its last row (a whole page asked)
    assert listed.calls[-1] == ("after", 9, 10)
    assert number(model, 35) == 35  # nothing fetched near, in the first half: by offset
    assert listed.calls[-1] == ("offset", 30, 10)
    assert number(model, 65) == 65  # in the second half: from the end
    assert listed.calls[-1] == ("from_end", 25, 10)
    assert [number(model, row) for row in range(95)] == list(range(95))


def test_a_sort_reads_its_end_from_the_other_direction(qtbot) -> None:  # type: ignore[no-untyped-def]
    listed = Listed(95)
    model = listed.model()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 95 and number(model, 0) == 94
    assert number(model, 94) == 0 and listed.calls[-1] == ("from_end", 0, 5)
    assert [number(model, row) for row in range(95)] == list(range(94, -1, -1))


def test_memory_stays_bounded_and_pages_let_go_come_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    listed = Listed(1000)
    model = listed.model(max_resident_rows=50)
    for row in range(0, 1000, 7):
        assert number(model, row) == row
        assert model.loaded_count() <= 50
    assert [row for row, _value in model.loaded_rows()] == list(range(950, 1000))
    assert not model.is_fetched(0)
    assert number(model, 0) == 0 and model.loaded_count() == 50


def test_only_the_pages_on_screen_are_fetched(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A fast scroll paints rows it passes over; those pages are not fetched."""
    listed = Listed(5000)
    model = listed.model()
    view = shown_view(qtbot, model)
    for row in (1000, 2000, 4985):
        view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        view.viewport().repaint()  # painted there: the pages are wanted
    top, bottom = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    assert top == 4985 and bottom > 4990
    qtbot.waitUntil(lambda: model.is_fetched(bottom))
    fetched = {page for page in range(500) if model.is_fetched(page * 10)}
    assert fetched == {0, 498, 499}
    assert view.model().data(view.model().index(view.rowAt(0), 1)) == f"row {view.rowAt(0)}"


def test_a_page_that_fails_is_said_once_and_asked_again_after_a_reload(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The database gone: the error comes once, not at every paint of the rows left "…"."""
    listed = Listed(95)
    failing = [True]

    def from_end(offset: int, limit: int, /, **sort: Any) -> list[dict[str, Any]]:
        if failing[0]:
            listed.calls.append(("failed", offset, limit))
            raise OSError("the server went away")
        return listed.from_end(offset, limit, **sort)

    model = WholeListModel(COLUMNS, listed.page, count=listed.count, fetch_from_end=from_end, page_size=10)
    with qtbot.captureExceptions() as errors:
        for _ in range(3):  # painted again and again
            assert model.data(model.index(90, 0)) == NOT_FETCHED
            assert model.data(model.index(80, 1)) is None
            qtbot.wait(5)
    assert len(errors) == 1 and isinstance(errors[0][1], OSError)
    assert [call for call in listed.calls if call[0] == "failed"] == [("failed", 0, 5)]
    failing[0] = False
    model.reload()
    model.data(model.index(90, 0))
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert model.data(model.index(90, 1)) == "row 90"


def test_a_page_far_from_both_ends_is_read_on_a_worker_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """With `offsets_in_background`, a jump far from both ends (no page near, an OFFSET that
    walks more than NEAR_ROWS rows) leaves the UI thread free; the page is put in place when
    read, and an answer to a list reloaded since is dropped. Near an end: at once."""
    import threading

    from pr_desk.ui.kit.whole_list_model import NEAR_ROWS

    listed = Listed(10_000)
    assert 3_000 > NEAR_ROWS
    threads: list[tuple[str, int, str]] = []
    answered: list[int] = []
    release = threading.Event()

    def page(offset: int, limit: int, /, **sort: Any) -> list[dict[str, Any]]:
        threads.append(("offset", offset, threading.current_thread().name))
        if offset:
            assert release.wait(10)
        rows = listed.page(offset, limit, **sort)
        answered.append(offset)
        return rows

    def from_end(offset: int, limit: int, /, **sort: Any) -> list[dict[str, Any]]:
        threads.append(("from_end", offset, threading.current_thread().name))
        return listed.from_end(offset, limit, **sort)

    model = WholeListModel(COLUMNS, page, count=listed.count, fetch_after=listed.after, fetch_from_end=from_end,
                           fetch_before=listed.before, page_size=10, offsets_in_background=True)
    main = threading.current_thread().name
    assert threads == [("offset", 0, main)]  # the first page: at once
    model.data(model.index(3_005, 0))
    qtbot.waitUntil(model.reading)
    assert not model.is_fetched(3_005) and model.data(model.index(3_005, 1)) is None  # the UI thread goes on meanwhile
    assert model.data(model.index(15, 0)) == NOT_FETCHED  # after the first page: keyset, on the UI thread
    qtbot.waitUntil(lambda: model.is_fetched(15))
    release.set()
    qtbot.waitUntil(lambda: model.is_fetched(3_005))
    assert model.data(model.index(3_005, 1)) == "row 3005" and not model.reading()
    assert [(way, offset) for way, offset, thread in threads if thread != main] == [("offset", 3_000)]

    for row in (9_995, 7_005):  # near the end: at once; far from it: from the end, on the worker thread
        model.data(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.is_fetched(row))
        assert model.data(model.index(row, 1)) == f"row {row}"
    assert [(way, offset, thread == main) for way, offset, thread in threads[-2:]] == [
        ("from_end", 0, True), ("from_end", 2_990, False)]

    release.clear()
    model.reload()
    model.data(model.index(4_505, 0))  # far from both ends: in the background
    qtbot.waitUntil(model.reading)
    model.reload()  # the answer to come is for the list before this reload
    release.set()
    qtbot.waitUntil(lambda: answered[-1] == 4_500)
    qtbot.wait(50)  # its answer delivered to the UI thread
    assert not model.is_fetched(4_505) and model.loaded_count() == 10


def test_a_page_that_fails_on_the_worker_thread_is_said_once_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    listed = Listed(10_000)
    asked: list[int] = []

    def page(offset: int, limit: int, /, **sort: Any) -> list[dict[str, Any]]:
        asked.append(offset)
        if offset:
            raise OSError("the server went away")
        return listed.page(offset, limit, **sort)

    model = WholeListModel(COLUMNS, page, count=listed.count, fetch_from_end=listed.from_end, page_size=10,
                           offsets_in_background=True)
    with qtbot.captureExceptions() as errors:
        model.data(model.index(3_005, 0))
        qtbot.waitUntil(lambda: len(errors) == 1)
        for _ in range(3):  # painted again and again
            assert model.data(model.index(3_005, 0)) == NOT_FETCHED
            model.data(model.index(2_505, 0))
            qtbot.wait(5)
    assert isinstance(errors[0][1], OSError) and len(errors) == 1
    assert asked == [0, 3_000]


def shown_view(qtbot, model: WholeListModel) -> QTableView:  # type: ignore[no-untyped-def]
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.watch(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_rows_gone_since_the_count_are_noticed_where_the_two_ends_meet(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Rows filtered out after the count: the pages read from the end sit 3 rows too low and
    the rows where they meet the pages read from the start would show twice. The page read
    after the one above the end's pages does not lead to the first of them: the list is
    counted again, and the view keeps its top row and its selected row (placed from the end:
    3 rows up)."""
    listed = Listed(95)
    model = listed.model()
    view = shown_view(qtbot, model)
    recounted: list[int] = []
    model.recounted.connect(recounted.append)
    listed.gone.update({40, 41, 42})  # another clerk's changes, after the count
    view.scrollToBottom()
    bottom = view.rowAt(view.viewport().height() - 1)
    qtbot.waitUntil(lambda: model.is_fetched(view.rowAt(0)) and model.is_fetched(bottom))
    top = view.rowAt(0)
    assert bottom == 94 and number(model, 94) == 94 and number(model, top) == top  # by their distance from the end
    view.setCurrentIndex(model.index(92, 1))
    assert model.rowCount() == 95 and not recounted

    assert [number(model, row) for row in range(10, 61, 10)] == [10, 20, 30, 43, 53, 63]  # page after page from the start
    assert not recounted
    assert number(model, 70) == 73  # the page before the end's: its next row is not the one they hold
    assert listed.calls[-1] == ("after", 72, 11)  # one row more than a page, to see that
    qtbot.waitUntil(lambda: recounted == [92])
    assert model.rowCount() == 92
    qtbot.waitUntil(lambda: model.is_fetched(view.rowAt(0)) and model.is_fetched(view.currentIndex().row()))
    assert number(model, view.rowAt(0)) == top  # the same row at the top, 3 rows up
    assert view.currentIndex().row() == 89 and number(model, 89) == 92 and view.currentIndex().column() == 1
    assert [number(model, row) for row in range(92)] == [n for n in range(95) if n not in listed.gone]


def test_a_page_short_of_the_count_has_the_list_counted_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Read page after page from the start, the last comes back short: counted again; the
    view's top row (placed from the start) stays."""
    listed = Listed(95)
    model = listed.model()
    view = shown_view(qtbot, model)
    for row in range(0, 90, 10):
        number(model, row)
    view.scrollTo(model.index(50, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    listed.gone.update({3, 91})
    assert number(model, 93) == 94 and model.data(model.index(94, 1)) == ""  # 4 rows where 5 were counted: one left empty
    recounted: list[int] = []
    model.recounted.connect(recounted.append)
    qtbot.waitUntil(lambda: recounted == [93])
    qtbot.waitUntil(lambda: all(model.is_fetched(row) for row in range(view.rowAt(0), view.rowAt(0) + 5)))
    assert view.rowAt(0) == 50 and number(model, 50) == 51  # the row 50 of the list as it is now
    assert [number(model, row) for row in range(93)] == [n for n in range(95) if n not in listed.gone]


def test_the_model_alone_and_a_sort_recount_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    """No view watched: counted again all the same; the sort is kept."""
    listed = Listed(95)
    model = listed.model()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    listed.gone.add(50)
    assert number(model, 94) == 0 and number(model, 85) == 9  # the end's, from the other direction
    for row in range(10, 80, 10):
        number(model, row)
    qtbot.waitUntil(lambda: model.rowCount() == 94)
    assert model.sort_state() == ("number", True)
    assert [number(model, row) for row in range(94)] == [n for n in range(94, -1, -1) if n != 50]


def test_a_count_its_pages_never_meet_is_read_again_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A count one more than the rows there are: the short last page has it counted again,
    the same; not again at each page read after that (until a reload)."""
    listed = Listed(95)
    model = WholeListModel(COLUMNS, listed.page, count=lambda: listed.count() + 1, fetch_after=listed.after,
                           fetch_from_end=listed.from_end, fetch_before=listed.before, page_size=10)
    recounted: list[int] = []
    model.recounted.connect(recounted.append)
    for row in range(0, 96, 10):
        number(model, row)
    qtbot.waitUntil(lambda: recounted == [96])
    for row in range(0, 96, 10):
        model.row_at(row)
    qtbot.wait(20)
    assert recounted == [96]
    model.reload()
    for row in range(0, 96, 10):
        model.row_at(row)
    qtbot.waitUntil(lambda: recounted == [96, 96])
