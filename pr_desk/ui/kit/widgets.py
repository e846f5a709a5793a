"""Small widget helpers every workspace uses: a bold heading over a part of a page, and
finding a combo box entry by its data."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the first entry whose data equals `value` (None finds an "all" entry
    whose data is None), or -1. QComboBox.findData does not compare Python objects such
    as UUIDs."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            return i
    return -1
