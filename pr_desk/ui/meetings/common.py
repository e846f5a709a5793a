"""Pieces the meeting queue's views share: the official chooser, list tables, a reason
dialog, a model that colours rows, and small formatting helpers."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from pr_desk.domain.jalali import office_today
from pr_desk.domain.meetings import MAX_REASON
from pr_desk.i18n import _
from pr_desk.services import meetings
from pr_desk.services.context import Actor

# The kit's pieces; those imported "x as x" are re-exported for the meeting views (mypy reads
# the form as a re-export).
from pr_desk.ui.kit.formatting import digits as digits
from pr_desk.ui.kit.formatting import display_digits
from pr_desk.ui.kit.paged_table_model import ROW_ROLE as ROW_ROLE
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.paged_table_model import StaticRows as StaticRows
from pr_desk.ui.kit.reason_dialog import ReasonDialog as KitReasonDialog
from pr_desk.ui.kit.table_view import list_table as list_table
from pr_desk.ui.kit.table_view import select_row as select_row
from pr_desk.ui.kit.table_view import select_where as select_where
from pr_desk.ui.kit.table_view import selected_row as selected_row
from pr_desk.ui.kit.table_view import setup_table_view as setup_table_view
from pr_desk.ui.kit.widgets import find_data as find_data
from pr_desk.ui.kit.widgets import heading as heading

if TYPE_CHECKING:
    from pr_desk.services.office import Office

SEARCH_DELAY_MS = 250


def fill_official_combo(combo: QComboBox, db: Office, actor: Actor, *, all_text: str | None = None) -> None:
    """The active officials by their title and name (data: their id); keeps the choice."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if all_text is not None:
        combo.addItem(all_text, None)
    try:
        officials = meetings.list_officials(db, actor)
    except Exception:
        officials = []
    for o in officials:
        combo.addItem(display_digits(o.display_name), o.id)
    index = find_data(combo, current) if current is not None else -1
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def official_combo(parent: QWidget, db: Office, actor: Actor, *, all_text: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setMinimumContentsLength(24)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    fill_official_combo(combo, db, actor, all_text=all_text)
    return combo


_Index = QModelIndex | QPersistentModelIndex


class ColouredTableModel(PagedTableModel):
    """A paged model whose rows may carry a colour: a tinted background and a dot in the
    first column (the reminder ladder of orders, the state of a citizen on the day)."""

    def __init__(self, columns: Sequence[Column], fetch_page: Any, *, colour: Callable[[Any], str | None],
                 count: Callable[[], int | None] | None = None, parent: Any = None) -> None:
        self._colour = colour
        super().__init__(columns, fetch_page, count=count, parent=parent)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole):
            name = self._colour(self.row_at(index.row()))
            if not name:
                return None
            colour = QColor(name)
            if role == Qt.ItemDataRole.DecorationRole:
                return colour if index.column() == 0 else None
            colour.setAlpha(48)
            return colour
        return super().data(index, role)


class ReasonDialog(KitReasonDialog):
    """The meeting queue's reasons (up to MAX_REASON characters): runs `action(reason)` on OK."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, action: Callable[[str], object],
                 *, ok_text: str | None = None, label: str | None = None) -> None:
        super().__init__(parent, title, intro, action, label=label or _("Reason"), subject=_("The reason"),
                         max_length=MAX_REASON, ok_text=ok_text)


def same_id(a: uuid.UUID | None) -> Callable[[Any], bool]:
    return lambda info: getattr(info, "id", None) == a


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)
