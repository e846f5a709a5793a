"""Two small charts drawn with QPainter: the totals of a period as bars (best first,
right to left in Persian) and one unit's axes as a radar, inspector against self."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget

from pr_desk.i18n import _, is_rtl
from pr_desk.ui.evaluation.common import score_text

BAR_COLOUR = QColor("#1565c0")
SELECTED_COLOUR = QColor("#ef6c00")
SELF_COLOUR = QColor("#8e24aa")


class BarChart(QWidget):
    """Horizontal bars, one per unit, longest first; the selected unit in orange. Every
    row keeps a readable height and every name its whole width (46 units and more): the
    chart grows instead, and sits in a scroll area (see `scrolled`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, Decimal]] = []
        self.selected = ""
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_items(self, items: Sequence[tuple[str, Decimal | None]], *, title: str = "", selected: str = "") -> None:
        self.items = sorted(((n, v) for n, v in items if v is not None), key=lambda i: -i[1])
        self.title = title
        self.selected = selected
        self.setMinimumSize(self.minimumSizeHint())
        self.updateGeometry()
        self.update()

    # -- geometry: the same sums for the size and the painting --------------------------

    def _row_height(self) -> float:
        return float(self.fontMetrics().height() + 6)

    def _top(self) -> float:
        return 6.0 + (self.fontMetrics().height() + 6 if self.title else 0)

    def _label_width(self) -> float:
        metrics = self.fontMetrics()
        return float(max((metrics.horizontalAdvance(n) for n, _v in self.items), default=0) + 12)

    def _value_width(self) -> float:
        return float(self.fontMetrics().horizontalAdvance("۱۰۰٫۰۰") + 10)

    def minimumSizeHint(self) -> QSize:
        rows = max(1, len(self.items))
        height = self._top() + rows * self._row_height() + 8
        width = self._label_width() + self._value_width() + 24 + 80  # at least 80 pixels of bar
        return QSize(int(width), int(height))

    def sizeHint(self) -> QSize:
        least = self.minimumSizeHint()
        return QSize(max(360, least.width()), max(300, least.height()))

    def row_rect(self, name: str) -> QRectF | None:
        """Where a unit's row is drawn (to scroll it into view), or None."""
        for i, (n, _v) in enumerate(self.items):
            if n == name:
                return QRectF(0, self._top() + i * self._row_height(), self.width(), self._row_height())
        return None

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        metrics = p.fontMetrics()
        rtl = is_rtl()
        flags = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        if self.title:
            p.drawText(QRectF(8, 6.0, self.width() - 16, metrics.height()), Qt.AlignmentFlag.AlignCenter, self.title)
        if not self.items:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No results yet."))
            return
        top, row_h = self._top(), self._row_height()
        label_w, value_w = self._label_width(), self._value_width()
        bar_w = max(10.0, self.width() - label_w - value_w - 24)
        for i, (name, value) in enumerate(self.items):
            y = top + i * row_h
            fraction = float(value) / 100.0
            length = bar_w * max(0.0, min(1.0, fraction))
            if rtl:
                label_rect = QRectF(self.width() - 8 - label_w, y, label_w - 6, row_h)
                bar = QRectF(self.width() - 8 - label_w - length, y + 3, length, row_h - 6)
                value_rect = QRectF(bar.left() - value_w, y, value_w - 4, row_h)
                value_flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            else:
                label_rect = QRectF(8, y, label_w - 6, row_h)
                bar = QRectF(8 + label_w, y + 3, length, row_h - 6)
                value_rect = QRectF(bar.right() + 4, y, value_w, row_h)
                value_flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            if i % 2:  # a faint band on every other row, so the eye follows a name to its bar
                p.fillRect(QRectF(0, y, self.width(), row_h), self.palette().alternateBase())
            p.setPen(self.palette().text().color())
            p.drawText(label_rect, flags, name)
            p.drawText(value_rect, value_flags, score_text(value))
            p.fillRect(bar, SELECTED_COLOUR if name == self.selected else BAR_COLOUR)


def scrolled(chart: BarChart, parent: QWidget | None = None) -> QScrollArea:
    """The bar chart in a scroll area that follows the selected unit."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(chart)
    return area


class RadarChart(QWidget):
    """One spoke per axis (0–100): the inspector's polygon in blue, self-assessment dashed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes: list[tuple[str, Decimal | None, Decimal | None]] = []
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_axes(self, axes: Sequence[tuple[str, Decimal | None, Decimal | None]], *, title: str = "") -> None:
        self.axes = list(axes)
        self.title = title
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        metrics = p.fontMetrics()
        top = 4.0
        if self.title:
            p.drawText(QRectF(8, top, self.width() - 16, metrics.height()), Qt.AlignmentFlag.AlignCenter, self.title)
            top += metrics.height() + 4
        legend_h = metrics.height() + 6
        if len(self.axes) < 3:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("Choose a unit with a result to see its axes."))
            return
        label_w = min(150.0, self.width() * 0.28)
        radius = max(20.0, min((self.width() - 2 * label_w) / 2 - 6, (self.height() - top - legend_h) / 2 - metrics.height() - 4))
        centre = QPointF(self.width() / 2, top + metrics.height() + 2 + radius)
        n = len(self.axes)
        # Clockwise from the top, so in Persian the first axis sits at the top and the next to its right-to-left neighbour.
        direction = -1 if is_rtl() else 1

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + direction * 2 * math.pi * i / n
            return QPointF(centre.x() + radius * value * math.cos(angle), centre.y() + radius * value * math.sin(angle))

        grid = QPen(QColor("#b0bec5"))
        p.setPen(grid)
        for ring in (0.25, 0.5, 0.75, 1.0):
            p.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        for i in range(n):
            p.drawLine(centre, point(i, 1.0))
        for values, colour, dashed in ((2, SELF_COLOUR, True), (1, BAR_COLOUR, False)):
            pts = [point(i, float(a[values] or 0) / 100) for i, a in enumerate(self.axes)]
            if all(a[values] is None for a in self.axes):
                continue
            path = QPainterPath()
            path.addPolygon(QPolygonF(pts))
            path.closeSubpath()
            fill = QColor(colour)
            fill.setAlpha(0 if dashed else 60)
            pen = QPen(colour, 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.setBrush(fill)
            p.drawPath(path)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(self.palette().text().color())
        for i, (name, inspector, _own) in enumerate(self.axes):
            tip = point(i, 1.0)
            text = f"{name} ({score_text(inspector)})"
            width = label_w
            lines = 2
            rect_h = metrics.height() * lines + 2
            dx = tip.x() - centre.x()
            if abs(dx) < radius * 0.2:
                rect = QRectF(tip.x() - width, tip.y() - rect_h if tip.y() < centre.y() else tip.y(), 2 * width, rect_h)
                align = Qt.AlignmentFlag.AlignHCenter
            elif dx > 0:
                rect = QRectF(tip.x() + 4, tip.y() - rect_h / 2, width, rect_h)
                align = Qt.AlignmentFlag.AlignLeft
            else:
                rect = QRectF(tip.x() - 4 - width, tip.y() - rect_h / 2, width, rect_h)
                align = Qt.AlignmentFlag.AlignRight
            p.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignAbsolute, text)
        # legend
        y = self.height() - legend_h
        entries = ((BAR_COLOUR, _("Inspector's score"), False), (SELF_COLOUR, _("Self-assessment"), True))
        x = self.width() / 2 - 150
        for colour, label, dashed in entries:
            p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
            p.drawLine(QPointF(x, y + legend_h / 2), QPointF(x + 24, y + legend_h / 2))
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(x + 28, y, 120, legend_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute, label)
            x += 160
