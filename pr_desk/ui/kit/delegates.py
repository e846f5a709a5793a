"""Item delegates for editable tables: Persian digits on show, Persian or Latin digits in.

`PagedTableModel` already formats its DisplayRole; these are for models that hand raw
values (int, Decimal, datetime.date) to the view, as editable models do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from pr_desk.domain.formatting import format_value
from pr_desk.domain.text import to_latin_digits
from pr_desk.ui.kit.formatting import display_digits, persian_on_screen
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit

_AnyIndex = QModelIndex | QPersistentModelIndex


def parse_number(text: str, *, decimals: int | None) -> int | Decimal | None:
    """'۱۲٬۳۴۵' / '12,345' / '١٢٣٫٥' -> a number; None when empty or not a number."""
    cleaned = (to_latin_digits(text).replace("\u066c", "").replace(",", "").replace("\u066b", ".")
               .replace("\u2212", "-").strip())
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if decimals == 0:
        return int(value) if value == value.to_integral_value() else None
    return value if decimals is None else value.quantize(Decimal(1).scaleb(-decimals))


class PersianNumberDelegate(QStyledItemDelegate):
    """Shows numbers with Persian digits and separators; edits accept any digits.

    `decimals=0` (the default) edits integers (counts, Rials); None keeps any Decimal.
    """

    def __init__(self, parent: Any = None, *, decimals: int | None = 0, kind: str = "number") -> None:
        super().__init__(parent)
        self._decimals = decimals
        self._kind = kind

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return format_value(value, self._kind, persian=persian_on_screen(), on_screen=True)
        return display_digits("" if value is None else str(value))

    def initStyleOption(self, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(Qt.ItemDataRole.TextAlignmentRole) is None:
            option.displayAlignment = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                                       | Qt.AlignmentFlag.AlignVCenter)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _AnyIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        return editor

    def setEditorData(self, editor: QWidget, index: _AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value is None else display_digits(str(value)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        value = parse_number(editor.text(), decimals=self._decimals)
        if value is not None or not editor.text().strip():
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class JalaliDateDelegate(QStyledItemDelegate):
    """Shows a Gregorian `datetime.date` as Jalali ("۱۴۰۵/۰۹/۰۶"); edits with a JalaliDateEdit."""

    def __init__(self, parent: Any = None, *, nullable: bool = True) -> None:
        super().__init__(parent)
        self._nullable = nullable

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        if isinstance(value, dt.date):
            return format_value(value, "date", persian=persian_on_screen(), on_screen=True)
        return super().displayText(value, locale)

    def initStyleOption(self, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(Qt.ItemDataRole.TextAlignmentRole) is None:
            option.displayAlignment = Qt.AlignmentFlag.AlignCenter

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _AnyIndex) -> QWidget:
        editor = JalaliDateEdit(parent, nullable=self._nullable)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: _AnyIndex) -> None:
        assert isinstance(editor, JalaliDateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) or (value is None and editor.isNullable()):
            editor.setDate(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _AnyIndex) -> None:
        assert isinstance(editor, JalaliDateEdit)
        if editor.isValid():
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class LeftToRightDelegate(QStyledItemDelegate):
    """Draws a Latin cell left to right (a username ending in "_", a password) at the
    column's usual place. The text itself stays clean: Ctrl+C copies exactly what to type."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        super().initStyleOption(option, index)
        if option.direction == Qt.LayoutDirection.RightToLeft:
            option.direction = Qt.LayoutDirection.LeftToRight
            option.displayAlignment = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                                       | Qt.AlignmentFlag.AlignVCenter)


def show_left_to_right(view: Any, model: Any, keys: Sequence[str]) -> None:
    """The columns `keys` of `model` (a PagedTableModel) drawn left to right in `view`."""
    delegate = LeftToRightDelegate(view)
    for key in keys:
        view.setItemDelegateForColumn(model.column_index(key), delegate)
