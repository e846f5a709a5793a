"""Pieces the evaluation views share: list tables over rows already loaded, score text,
row selection that works right to left, and a dialog asking for a written reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QTableView,
    QWidget,
)

from pr_desk.domain.evaluation import Trend, format_score
from pr_desk.domain.formatting import format_value

# The kit's pieces; those imported "x as x" are re-exported for the evaluation views (mypy
# reads the form as a re-export).
from pr_desk.ui.kit.formatting import digits as digits
from pr_desk.ui.kit.formatting import persian_on_screen
from pr_desk.ui.kit.paged_table_model import ROW_ROLE, Column, PagedTableModel, StaticRows
from pr_desk.ui.kit.reason_dialog import ReasonDialog as KitReasonDialog
from pr_desk.ui.kit.table_view import list_table as list_table
from pr_desk.ui.kit.table_view import select_row as select_row
from pr_desk.ui.kit.table_view import select_where as select_where
from pr_desk.ui.kit.table_view import selected_row as selected_row
from pr_desk.ui.kit.table_view import setup_table_view as setup_table_view
from pr_desk.ui.kit.widgets import find_data as find_data
from pr_desk.ui.kit.widgets import heading as heading

MAX_REASON = 4000
TREND_COLOURS = {Trend.UP: "#2e7d32", Trend.DOWN: "#c62828", Trend.STEADY: "#546e7a", Trend.NEW: "#757575"}
PROGRESS_COLOURS = {
    "not_started": "#9e9e9e", "draft": "#f9a825", "returned": "#ef6c00", "submitted": "#1565c0", "approved": "#2e7d32",
}


def score_text(value: Decimal | None) -> str:
    """A score with two decimals and the screen's digits; "—" when there is none."""
    return "—" if value is None else format_score(value, persian=persian_on_screen())


def signed_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = score_text(abs(value))
    # Isolated left to right, so the sign stays before the number inside Persian text.
    return "\u2066" + ("+" if value > 0 else "\u2212" if value < 0 else "") + text + "\u2069"


_Index = QModelIndex | QPersistentModelIndex


class RowsModel(PagedTableModel):
    """A paged model whose cells may be coloured (`colour(row, key)` -> a colour name or
    None) and whose text may come from a function (`text(row, key)` -> str or None).

    Its rows are `rows` (set_rows changes them), or come from `fetch` (a service query that
    sorts, see PageFetcher) when one is given."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any] = (), *,
                 fetch: Callable[..., Sequence[Any]] | None = None,
                 colour: Callable[[Any, str], str | None] | None = None,
                 text: Callable[[Any, str], str | None] | None = None, parent: Any = None) -> None:
        self._colour = colour
        self._text = text
        self._source = StaticRows(rows)
        if fetch is not None:
            super().__init__(columns, fetch, parent=parent)
        else:
            super().__init__(columns, self._source, count=lambda: len(self._source.rows), parent=parent)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._source.rows = list(rows)
        self.reload()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        key = self.columns[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole and self._text is not None:
            text = self._text(self.row_at(index.row()), key)
            if text is not None:
                return text
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            name = self._colour(self.row_at(index.row()), key)
            return QColor(name) if name else None
        return super().data(index, role)


def selected_rows(view: QTableView) -> list[Any]:
    model = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    return [model.data(model.index(r, 0), ROW_ROLE) for r in rows]


def cell(value: Any, kind: str = "text") -> str:
    return format_value(value, kind, persian=persian_on_screen(), on_screen=True)


class ReasonDialog(KitReasonDialog):
    """The evaluation's reasons and comments (up to MAX_REASON characters): runs
    `action(text)` on OK; a refusal of the comments shows beside them."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, label: str,
                 action: Callable[[str], object], *, ok_text: str | None = None) -> None:
        super().__init__(parent, title, intro, action, label=label, subject=label, max_length=MAX_REASON,
                         ok_text=ok_text, height=100, fields=("comments", "reason"))


def message_lines(problems: Sequence[object]) -> str:
    return "\n".join(str(p) for p in problems)


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

