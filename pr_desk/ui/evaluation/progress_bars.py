"""Progress of a period as a bar (issue 18, item 18): the units' forms as stacked segments,
approved first from the reading side, then submitted, returned, draft and not started, in
the colours of the progress column; one bar per period in the periods list and one per
inspector of the chosen period."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from pr_desk.domain.evaluation import Progress
from pr_desk.i18n import _, is_rtl
from pr_desk.services import evaluation as ev
from pr_desk.ui.evaluation.common import PROGRESS_COLOURS, digits
from pr_desk.ui.kit.paged_table_model import ROW_ROLE

# From the reading side: what is done first, what is not begun last.
ORDER = (Progress.APPROVED, Progress.SUBMITTED, Progress.RETURNED, Progress.DRAFT, Progress.NOT_STARTED)


def counts(summary: ev.ProgressSummary) -> list[tuple[Progress, int]]:
    return [(p, int(getattr(summary, p.value))) for p in ORDER]


def progress_text(summary: ev.ProgressSummary) -> str:
    """Every count in words, for a tip or a reader of the screen."""
    return _("{approved} approved, {submitted} submitted, {draft} draft, {returned} returned, {not_started} not started").format(
        approved=digits(summary.approved), submitted=digits(summary.submitted), draft=digits(summary.draft),
        returned=digits(summary.returned), not_started=digits(summary.not_started))


def segments(summary: ev.ProgressSummary, rect: QRectF, *, rtl: bool) -> list[tuple[Progress, int, QRectF]]:
    """Each non-empty status's share of `rect`, from the right in a right-to-left screen."""
    total = summary.total
    out: list[tuple[Progress, int, QRectF]] = []
    if total <= 0:
        return out
    x = 0.0
    for progress, n in counts(summary):
        if n <= 0:
            continue
        width = rect.width() * n / total
        left = rect.right() - x - width if rtl else rect.left() + x
        out.append((progress, n, QRectF(left, rect.top(), width, rect.height())))
        x += width
    return out


def paint_progress(p: QPainter, rect: QRectF, summary: ev.ProgressSummary, palette: QPalette) -> None:
    """The stacked bar in `rect`, each segment with its count when it fits."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(palette.alternateBase())
    p.drawRoundedRect(rect, 3, 3)
    metrics = p.fontMetrics()
    for progress, n, part in segments(summary, rect, rtl=is_rtl()):
        p.fillRect(part, QColor(PROGRESS_COLOURS[progress.value]))
        text = digits(n)
        if metrics.horizontalAdvance(text) + 4 <= part.width() and metrics.height() <= part.height() + 4:
            p.setPen(QColor("white"))
            p.drawText(part, Qt.AlignmentFlag.AlignCenter, text)
            p.setPen(Qt.PenStyle.NoPen)
    if summary.total == 0:
        p.setPen(palette.placeholderText().color())
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, _("No units"))
    p.restore()


class ProgressBar(QWidget):
    """One stacked bar; its tip says every count in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = ev.ProgressSummary()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)

    def set_summary(self, summary: ev.ProgressSummary) -> None:
        self.summary = summary
        self.setToolTip(progress_text(summary))
        self.setAccessibleDescription(progress_text(summary))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, self.fontMetrics().height() + 8)

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        paint_progress(p, QRectF(self.rect()).adjusted(1, 2, -1, -2), self.summary, self.palette())
        p.end()


class ProgressDelegate(QStyledItemDelegate):
    """Draws a row's progress (its `summary`) as a bar in the cell, the words in its tip."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(ROW_ROLE)
        summary = getattr(row, "summary", None)
        if summary is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        paint_progress(painter, QRectF(option.rect).adjusted(4, 3, -4, -3), summary, option.palette)

    def helpEvent(self, event: Any, view: Any, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> bool:
        row = index.data(ROW_ROLE)
        if getattr(row, "summary", None) is not None:
            from PySide6.QtWidgets import QToolTip

            QToolTip.showText(event.globalPos(), progress_text(row.summary), view)
            return True
        return bool(super().helpEvent(event, view, option, index))


def legend_text() -> str:
    """The colours' key, as rich text."""
    parts = [f"<span style='color:{PROGRESS_COLOURS[p.value]}'>■</span>&nbsp;{p.label}" for p in ORDER]
    return "&nbsp;&nbsp; ".join(parts)


class InspectorProgressPanel(QWidget):
    """A line per inspector of the period: the name, the bar, approved of all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(1, 1)
        self.bars: dict[str, ProgressBar] = {}
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_items(self, items: Sequence[ev.InspectorProgress]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.bars = {}
        for row, entry in enumerate(items):
            name = entry.inspector_name or _("Not assigned")
            label = QLabel(name, self)
            bar = ProgressBar(self)
            bar.set_summary(entry.summary)
            done = QLabel(_("{approved} of {total} approved").format(
                approved=digits(entry.summary.approved), total=digits(entry.summary.total)), self)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(bar, row, 1)
            self.grid.addWidget(done, row, 2)
            self.bars[name] = bar
        self.setVisible(len(items) > 1)  # one line (an inspector's own units) would repeat the period's bar
