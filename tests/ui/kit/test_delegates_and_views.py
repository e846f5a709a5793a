"""Delegates, the table view set-up and the PySide work-around."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem, QTableView

from pr_desk.domain.jalali import JalaliDate
from pr_desk.ui.kit import (
    Column,
    JalaliDateDelegate,
    JalaliDateEdit,
    PagedTableModel,
    PersianNumberDelegate,
    parse_number,
    pyside_fixes,
    setup_table_view,
)


def test_parse_number_accepts_any_digits():
    assert parse_number("۱۲٬۳۴۵", decimals=0) == 12345
    assert parse_number("12,345", decimals=0) == 12345
    assert parse_number("١٢٣٫٥", decimals=None) == Decimal("123.5")
    assert parse_number("۱۲٫۵", decimals=0) is None
    assert parse_number("abc", decimals=0) is None
    assert parse_number("  ", decimals=0) is None
    assert parse_number("−۵", decimals=0) == -5


def test_number_delegate_shows_persian_and_edits(qtbot):
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData(1234567, Qt.ItemDataRole.EditRole)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    delegate = PersianNumberDelegate(view, kind="rials")
    view.setItemDelegate(delegate)
    view.setModel(model)
    assert delegate.displayText(1234567, QLocale()) == "۱٬۲۳۴٬۵۶۷"
    index = model.index(0, 0)
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QLineEdit)
    delegate.setEditorData(editor, index)
    assert editor.text() == "۱۲۳۴۵۶۷"
    editor.setText("۲٬۰۰۰")
    delegate.setModelData(editor, model, index)
    assert model.data(index, Qt.ItemDataRole.EditRole) == 2000


def test_date_delegate_shows_jalali_and_edits(qtbot):
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData(dt.date(2026, 11, 27), Qt.ItemDataRole.EditRole)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    delegate = JalaliDateDelegate(view)
    view.setModel(model)
    assert delegate.displayText(dt.date(2026, 11, 27), QLocale()) == "۱۴۰۵/۰۹/۰۶"
    index = model.index(0, 0)
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, JalaliDateEdit)  # owned by the view's viewport
    delegate.setEditorData(editor, index)
    assert editor.text() == "۱۴۰۵/۰۹/۰۶"
    editor.setDate(JalaliDate(1405, 9, 20).to_gregorian())
    delegate.setModelData(editor, model, index)
    assert model.data(index, Qt.ItemDataRole.EditRole) == JalaliDate(1405, 9, 20).to_gregorian()


def test_setup_table_view_does_not_sort_on_its_own(qtbot):
    calls = []

    def fetch(offset, limit, **sort):
        calls.append(sort)
        return [{"n": i} for i in range(offset, min(offset + limit, 10))]

    model = PagedTableModel([Column("n", "Number", kind="int", sortable=True)], fetch)
    view = QTableView()
    qtbot.addWidget(view)
    setup_table_view(view, model, sortable=True)
    assert view.isSortingEnabled()
    assert calls == [{}]  # no reload with a sort just from enabling sorting
    view.horizontalHeader().sectionClicked.emit(0)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert calls[-1] == {"sort_key": "n", "descending": True}


def test_emits_keep_true_alive():
    class Probe(QObject):
        pinged = Signal(bool)

    pyside_fixes.install()
    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(200):
        probe.pinged.emit(True)
    assert sys.getrefcount(True) >= before
