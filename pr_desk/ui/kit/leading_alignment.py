"""Labels aligned by the side their window reads from, whatever their text (see
qt_language.py): a label of digits stands beside its caption as words do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QWidget


class LeadingAlignment(QProxyStyle):
    """Every label whose text is aligned to the leading side (Qt's default) is aligned to
    the side its window reads from, whatever its text: digits stand beside their caption
    as words do (see the module)."""

    def polish(self, target: object) -> object:  # type: ignore[override]
        if isinstance(target, QPalette):
            return super().polish(target)
        if isinstance(target, QApplication):
            super().polish(target)
            return None
        if not isinstance(target, QWidget):
            return None
        super().polish(target)
        if isinstance(target, QLabel):
            anchor_leading(target)
        return None


def anchor_leading(label: QLabel) -> None:
    """`label`'s leading alignment made absolute for its direction (other alignments kept)."""
    alignment = label.alignment()
    horizontal = alignment & Qt.AlignmentFlag.AlignHorizontal_Mask
    if horizontal != Qt.AlignmentFlag.AlignLeft or alignment & Qt.AlignmentFlag.AlignAbsolute:
        return  # centred, trailing, justified or already absolute: as the code asked
    side = (Qt.AlignmentFlag.AlignRight if label.layoutDirection() == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft)
    label.setAlignment((alignment & ~Qt.AlignmentFlag.AlignHorizontal_Mask) | side | Qt.AlignmentFlag.AlignAbsolute)
