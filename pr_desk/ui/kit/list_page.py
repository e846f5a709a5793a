"""The list page every workspace builds its lists on: a filter bar (search text and the
page's own filters), a paged table whose headers sort in the query, the page's buttons with
Export PDF / Excel / Print at the end, a count, and an empty state that says what the list
is and what to do.

A page subclasses ListPage, adds its filters and buttons, and answers two questions:
`fetch_rows(offset, limit, **sort)` (one page, sorted by the database) and `count_rows()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pr_desk.i18n import _
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.shortcuts import add_open_keys, add_shortcut
from pr_desk.ui.kit.table_view import (
    COLUMNS_SIZED,
    fit_columns_to_contents,
    list_table,
    remember_columns,
    select_row,
    selected_row,
)
from pr_desk.ui.report_actions import ReportExporter, add_report_buttons

SEARCH_DELAY_MS = 300
"""Typing in the search box reloads the list once the user pauses this long."""


def refresh_button(page: QWidget, reload: Callable[[], object]) -> QPushButton:
    """A list's Refresh button, and F5 while the focus is in `page`: the list read again
    (`reload`), for what another clerk, program or backup did since."""
    button = QPushButton(_("Refresh"), page)
    button.setToolTip(_("Read the list again (F5)"))
    button.clicked.connect(lambda _checked=False: reload())
    add_shortcut(page, "F5", reload, _("A list: read it again"), context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return button


class ListPage(QWidget):
    """A list screen; see the module. Built in two steps: the constructor lays the page out
    without querying, the subclass adds its filters and buttons, then calls `reload()`."""

    def __init__(self, columns: Sequence[Column], *, search_placeholder: str, empty_text: str,
                 count_text: str | Callable[[int], str], stretch: str | None = None, widths: Sequence[int] = (),
                 columns_key: str | None = None,
                 model_factory: Callable[..., PagedTableModel] = PagedTableModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.count_text = count_text
        self._ready = False  # no query before the subclass has its filters
        self._error: BaseException | None = None
        layout = QVBoxLayout(self)

        self.filter_bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(search_placeholder)
        self.search.setClearButtonEnabled(True)
        self.filter_bar.addWidget(QLabel(_("Search:"), self))
        self.filter_bar.addWidget(self.search, 2)
        layout.addLayout(self.filter_bar)

        self.model = model_factory(columns, self._fetch, count=self._count, parent=self)
        self.table = list_table(self, self.model, stretch=stretch, sortable=True)
        self.model.watch(self.table)  # a Refresh keeps the screen and the selected row
        if widths:
            self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            for column, width in enumerate(widths):
                self.table.setColumnWidth(column, width)
            self.table.setProperty(COLUMNS_SIZED, True)  # the page's own widths stand for the first sizing
        # The widths the person sets are kept for this list (a reload, a search, a new window).
        remember_columns(self.table, columns_key or type(self).__name__)
        # (nothing said before the first query: the subclass has no filters yet)
        self.empty_state = empty_state(self.table, lambda: self.empty_text if self._ready else "",
                                       filtered=lambda: self._ready and self.is_filtered())
        layout.addWidget(self.table, 1)

        self.button_bar = QHBoxLayout()
        self._page_buttons = 0  # the page's own buttons come first, then a stretch, exports, count
        self.button_bar.addStretch(1)
        self.count_label = QLabel(self)
        self.button_bar.addWidget(self.count_label)
        layout.addLayout(self.button_bar)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())

    # -- what a page answers ----------------------------------------------------------------

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> Sequence[Any]:
        """One page of rows from the page's service, sorted as `sort` says (sort_key, descending)."""
        raise NotImplementedError

    def count_rows(self) -> int | None:
        """How many rows the filters match."""
        raise NotImplementedError

    def is_filtered(self) -> bool:
        """Whether a filter hides rows (the empty state then says to change it)."""
        return bool(self.search_text())

    def reading(self) -> None:
        """A reload or refresh starts: what the page kept from the last one's reading (for
        its count and its pages) is forgotten here."""

    # -- building ---------------------------------------------------------------------------

    def search_text(self) -> str:
        return self.search.text().strip()

    def add_filter(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.filter_bar.addWidget(widget, stretch)
        return widget

    def add_refresh_button(self) -> QPushButton:
        """Refresh at the end of the filter bar, and F5 while the focus is in the page: the list
        read again, for what another clerk, program or backup did since (see `refresh`)."""
        button = refresh_button(self, self.refresh)
        self.add_filter(button)
        return button

    def add_page_button(self, text: str, tooltip: str = "") -> QPushButton:
        """A button of the page, after the ones before it and before the exports."""
        button = QPushButton(text, self)
        if tooltip:
            button.setToolTip(tooltip)
        self.button_bar.insertWidget(self._page_buttons, button)
        self._page_buttons += 1
        return button

    def add_exports(self, exporter: ReportExporter) -> list[QPushButton]:
        """Export PDF / Excel / Print of the page's report, before the count."""
        self.exporter = exporter
        row = QHBoxLayout()
        self.report_buttons = add_report_buttons(self, row, exporter)
        self.button_bar.insertLayout(self.button_bar.count() - 1, row)
        return self.report_buttons

    def on_activated(self, action: Callable[[], object], what: str = "") -> None:
        """Double-click or Enter on a row runs `action` (open or edit it); `what` says so in
        the list of shortcuts."""
        self.table.doubleClicked.connect(lambda _i: action())
        add_open_keys(self.table, action, what or _("Open the selected row"))

    # -- using ------------------------------------------------------------------------------

    def reload(self) -> bool:
        """Asks the service again from the first page (filters, sort and all); False after
        an error, which is shown."""
        return self._load(self.model.reload)

    def refresh(self) -> bool:
        """Refresh (the button, F5): the list read again as `reload` does, the screen kept and
        the selected record (by its id) selected again if it is still there, none otherwise
        (see PagedTableModel.refresh); a search typed and not read yet reads from the top, as
        the search would. False after an error, which is shown."""
        return self._load(self.model.reload if self.search_timer.isActive() else self.model.refresh)

    def _load(self, read: Callable[[], None]) -> bool:
        """The rows read by `read` (the model's reload or refresh), the count and the empty
        state after them; False after an error, which is shown."""
        self.search_timer.stop()
        self._ready = True
        self._error = None
        self.reading()
        read()
        self.fit_columns()
        error, self._error = self._error, None
        total = self.model.total_count()
        # a callable gives the plural form for the count ("1 event", "3 events")
        text = self.count_text(total or 0) if callable(self.count_text) else self.count_text
        self.count_label.setText(text.format(count=digits(total or 0)))
        self._show_empty_state()
        if error is not None:
            show_error(self, error)
            return False
        return True

    def fit_columns(self) -> None:
        """Columns sized to what they show, the first time the list has rows only (the
        widths the person sets are kept after that, see table_view.remember_columns)."""
        fit_columns_to_contents(self.table)

    def current(self) -> Any:
        """The selected row's object, or None."""
        return selected_row(self.table)

    def select_where(self, match: Callable[[Any], bool], *, fetch_more: bool = True) -> bool:
        """Selects the first row that matches, loading further pages while none does
        (`fetch_more`); whether one was found."""
        looked = 0
        while True:
            rows = self.model.rows()
            for row in range(looked, len(rows)):
                if rows[row] is not None and match(rows[row]):
                    select_row(self.table, row)  # QTableView.selectRow selects nothing right to left
                    return True
            looked = len(rows)
            if not fetch_more or not self.model.canFetchMore():
                return False
            self.model.fetchMore()

    # -- internals --------------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int, /, **sort: Any) -> Sequence[Any]:
        if not self._ready:
            return []
        try:
            return self.fetch_rows(offset, limit, **sort)
        except Exception as exc:  # shown once the model is consistent again, not inside its reset
            self._failed(exc)
            return []

    def _count(self) -> int | None:
        if not self._ready:
            return 0
        try:
            return self.count_rows()
        except Exception as exc:
            self._failed(exc)
            return 0

    def _failed(self, exc: BaseException) -> None:
        if self._error is None:
            self._error = exc
            QTimer.singleShot(0, self._show_pending_error)

    def _show_pending_error(self) -> None:
        error, self._error = self._error, None
        if error is not None:  # a sort or a further page failed (reload() shows its own)
            self._show_empty_state()
            show_error(self, error)

    def _show_empty_state(self) -> None:
        self.empty_state.refresh()


class WholeListPage(ListPage):
    """A list page over a short list its service gives whole, sorted (files on disk, the
    field copies): read once per reload and sort, filtered here by the search box, its
    pages and its count taken from that one reading. A page answers `read_all(**sort)` and
    `matches(row, text)` (`text` is the search, case-folded) instead of fetch/count."""

    _read: tuple[tuple[Any, ...], str, list[Any]] | None = None  # (sort, search, the matching rows)

    def read_all(self, **sort: Any) -> Sequence[Any]:
        """Every row, sorted as `sort` says (sort_key, descending)."""
        raise NotImplementedError

    def matches(self, row: Any, text: str) -> bool:
        """Whether the search `text` (case-folded, not empty) finds `row`."""
        raise NotImplementedError

    def reading(self) -> None:
        self._read = None  # read again: files or copies may have changed since

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> Sequence[Any]:
        return self._matching(tuple(sorted(sort.items())))[offset:offset + limit]

    def count_rows(self) -> int:
        # the count does not depend on the order: any reading of this search will do
        read = self._read
        if read is not None and read[1] == self.search_text():
            return len(read[2])
        return len(self._matching(()))

    def _matching(self, sort: tuple[Any, ...]) -> list[Any]:
        search = self.search_text()
        read = self._read
        if read is None or read[0] != sort or read[1] != search:
            rows = self.read_all(**dict(sort))
            text = search.casefold()
            read = self._read = (sort, search, [r for r in rows if self.matches(r, text)] if text else list(rows))
        return read[2]
