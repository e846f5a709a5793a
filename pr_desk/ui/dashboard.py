"""The dashboard: the first tab after login. The week's official occasions along the top,
then the role's tiles (services/dashboard.py), each loaded in its own worker thread with
a placeholder until it comes, so a slow tile never holds the window or another tile.
Clicking a tile (or Enter on it) asks the main window to open the list it summarises.
Tiles load again after any change the main window hears of (`refresh`) and every minute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.text import isolate
from pr_desk.i18n import _, is_rtl
from pr_desk.services import dashboard as ds
from pr_desk.services.context import Actor
from pr_desk.ui.kit.background import BackgroundRunner
from pr_desk.ui.kit.formatting import digits, display_digits, format_jalali_date

REFRESH_MS = 60_000
COLUMNS = 3
ALERT_COLOUR = "#c62828"
BAR_COLOUR = QColor("#1565c0")


def apply_filter(page: QWidget, pairs: Sequence[tuple[str, str]]) -> bool:
    """Shows in a workspace page what a tile's link names: ("view", attribute) turns its
    inner tabs to that view, ("show", method) calls that method, ("show", "method:argument")
    calls it with the argument. True if anything applied (False: the page only came to the front)."""
    applied = False
    for key, value in pairs:
        if key == "view":
            view = getattr(page, value, None)
            tabs = getattr(page, "tabs", None)
            if isinstance(view, QWidget) and isinstance(tabs, QTabWidget) and tabs.indexOf(view) >= 0:
                tabs.setCurrentWidget(view)
                applied = True
        elif key == "show":
            name, colon, argument = value.partition(":")
            method = getattr(page, name, None)
            if callable(method):
                method(argument) if colon else method()
                applied = True
    return applied


class BarStrip(QWidget):
    """A month of figures as vertical bars (QPainter), the first day on the reading side's start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: tuple[tuple[str, int], ...] = ()
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(360, 110)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self.bars = tuple(bars)
        self.update()

    def paintEvent(self, _event: object) -> None:
        if not self.bars:
            return
        p = QPainter(self)
        metrics = p.fontMetrics()
        label_h = metrics.height()
        top, bottom = 4.0, float(self.height() - label_h - 2)
        n = len(self.bars)
        step = self.width() / n
        high = max((v for _l, v in self.bars), default=0) or 1
        rtl = is_rtl()
        for i, (label, value) in enumerate(self.bars):
            x = (self.width() - (i + 1) * step) if rtl else i * step
            h = (bottom - top) * value / high
            p.fillRect(QRectF(x + step * 0.15, bottom - h, step * 0.7, h), BAR_COLOUR)
            if i % 5 == 0 or i == n - 1:
                p.drawText(QRectF(x - step, bottom + 1, step * 3, label_h), Qt.AlignmentFlag.AlignHCenter, label)
        p.end()


class TileWidget(QFrame):
    """One tile: its title, a big figure, a line under it, a short list or a bar strip."""

    clicked = Signal()

    def __init__(self, spec: ds.TileSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.data: ds.TileData | None = None
        self.loaded = False
        self.setObjectName("dashboardTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if spec.link.target:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(_(spec.title))
        layout = QVBoxLayout(self)
        self.title_label = QLabel(_(spec.title), self)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.count_label = QLabel(_("Loading…"), self)
        if is_rtl():  # a figure alone reads left to right: keep it under the title
            self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        font = self.count_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        self.count_label.setFont(font)
        self.note_label = QLabel("", self)
        self.note_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.rows_label = QLabel("", self)  # one line a row: a wrapped label is squeezed by the grid
        self.rows_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.rows_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart = BarStrip(self) if spec.wide else None
        for w in (self.title_label, self.count_label, self.note_label, self.rows_label):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(w)
        if self.chart is not None:
            self.chart.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(self.chart)
        layout.addStretch(1)
        self.setMinimumWidth(240)

    def show_data(self, data: ds.TileData | None) -> None:
        self.data = data
        self.loaded = True
        if data is None:
            self.count_label.setText("—")
            self.note_label.setText(_("This tile could not be loaded; details are in the log."))
            self.rows_label.setText("")
            return
        self.count_label.setText(digits(data.count) if data.count is not None else "")  # the language's digits
        self.count_label.setVisible(data.count is not None)
        self.count_label.setStyleSheet(f"color: {ALERT_COLOUR};" if data.alert else "")
        self.note_label.setText(display_digits(data.note))
        self.note_label.setVisible(bool(data.note))
        self._show_rows()
        self.setToolTip("\n".join(display_digits(f"{r.label} — {r.value}" if r.value else r.label) for r in data.rows))
        self.rows_label.setVisible(bool(data.rows))
        if self.chart is not None:
            self.chart.set_bars(data.bars)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.data is not None and self.data.rows:
            self._show_rows()  # shortened again to the new width

    def _show_rows(self) -> None:
        """The rows, each on one line of the tile's width: a name too long gives way in its
        middle, then the figure at its end (the whole row stays in the tooltip). A line
        wider than the tile was cut at its start on a narrow window: the names lost."""
        assert self.data is not None
        width = self.rows_label.width() - 4
        metrics = self.rows_label.fontMetrics()
        self.rows_label.setText(_rows_html(self.data.rows, metrics, width))

    def text(self) -> str:
        """What the tile says, as plain text (tests, accessibility)."""
        parts = [self.title_label.text(), self.count_label.text(), self.note_label.text()]
        if self.data is not None:
            parts += [f"{r.label} {r.value}" for r in self.data.rows]
        return "\n".join(p for p in parts if p)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ROW_CHARACTERS = 48  # a longer name is shortened: the row's figure stays in sight


def _short(text: str, room: int = ROW_CHARACTERS, least: int = 16) -> str:
    """`text` in `room` characters, shortened in the middle: names in a tile often differ
    only at their end ("روابط عمومی منطقه ۳", "... منطقه ۱۲"), which a cut at the end hid."""
    room = max(least, room)
    if len(text) <= room:
        return text
    cut = len(text) - room // 2
    tail = text[cut:]
    if " " not in text[cut - 1:cut + 1] and " " in tail.strip():  # whole words at the end
        tail = tail.strip().split(" ", 1)[1]
    tail = tail.strip()
    cut = room - 1 - len(tail)
    head = text[:cut]
    if " " not in text[cut - 1:cut + 1] and " " in head.strip():  # and at the start
        head = head[:head.rstrip().rfind(" ")]
    return head.rstrip() + "…" + tail


def _fit(metrics: QFontMetrics, width: int, label: str, value: str) -> tuple[str, str]:
    """`label` and `value` (as shown, digits and all) within `width` pixels with the
    bullet and the dash: the label shortened first, down to a few letters, then the value
    cut at its end."""
    def wide(text: str) -> int:
        return metrics.horizontalAdvance(text)

    # the name keeps at least about two fifths of the line: a long figure gives way first
    room = max(width - wide("• " + (" — " + value if value else "")), min(wide(label), width * 2 // 5))
    if wide(label) > room:
        for size in range(len(label) - 1, 5, -1):
            if wide(short := _short(label, size, least=6)) <= room:
                label = short
                break
        else:
            label = _short(label, 6, least=6)
    if value and wide("• " + label + " — " + value) > width:
        value = metrics.elidedText(value, Qt.TextElideMode.ElideRight, max(0, width - wide("• " + label + " — ")))
    return label, value


def _rows_html(rows: Sequence[ds.TileRow], metrics: QFontMetrics, width: int) -> str:
    """The rows as lines, each fitted to `width` pixels (as shown: the language's digits)."""
    lines = []
    for r in rows:
        label, value_text = _fit(metrics, width, display_digits(r.label), display_digits(r.value) if r.value else "")
        value = f" — {_escape(value_text)}" if value_text else ""
        style = f' style="color:{ALERT_COLOUR}"' if r.alert else ""
        # the name isolated: a figure after a Persian name would join its run ("3 — منطقه ۷ overdue")
        lines.append(f"<span{style}>• {isolate(_escape(label))}{value}</span>")
    # the lines read in the language's direction whatever the first name's script: an
    # English line led by a Persian unit name was drawn right to left, its figure first
    return f'<div dir="{"rtl" if is_rtl() else "ltr"}">' + "<br>".join(lines) + "</div>"


class DashboardPage(QWidget):
    """The role's tiles. `open_requested(target, filter)` asks for a workspace's list."""

    open_requested = Signal(str, object)
    all_loaded = Signal()

    def __init__(self, db: Any, actor: Actor, parent: QWidget | None = None, *, field_copy: bool | None = None,
                 on: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.on = on
        if field_copy is None:
            from pr_desk.services import sync

            field_copy = sync.is_field_copy(db)
        self.field_copy = field_copy
        self._running: dict[str, Callable[[Any], None]] = {}
        self._again: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}
        # the dashboard's own few threads (never the global pool other work may fill); a
        # tile that ends after the page is gone or stopped is dropped
        self._runner = BackgroundRunner(self, pool="dashboard", threads=4, what="dashboard")
        self._runner.finished.connect(self._on_runner_finished)
        outer = QVBoxLayout(self)
        self.occasions_label = QLabel("", self)
        self.occasions_label.setWordWrap(True)
        self.occasions_label.setObjectName("dashboardOccasions")
        self.occasions_label.setStyleSheet("padding: 6px; background: #fff8e1; border-radius: 4px;")
        self.occasions_label.hide()
        outer.addWidget(self.occasions_label)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        self.grid = QGridLayout(body)
        self.grid.setSpacing(10)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.body = body
        self.tiles: dict[str, TileWidget] = {}
        self._laid_out = False
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        # which tiles, found off the UI thread too: their modules import the workspaces'
        # services, which the window need not have loaded yet
        self._start("", lambda: ds.tiles_for(actor, field_copy=field_copy), self._lay_out)
        self._load_occasions()

    def _lay_out(self, specs: Sequence[ds.TileSpec] | None) -> None:
        row = col = 0
        specs = specs or []
        for spec in [s for s in specs if not s.wide] + [s for s in specs if s.wide]:  # charts last: no holes
            tile = TileWidget(spec, self.body)
            tile.clicked.connect(lambda spec=spec: self._open(spec))
            span = 2 if spec.wide else 1
            if col + span > COLUMNS:
                row, col = row + 1, 0
            self.grid.addWidget(tile, row, col, 1, span)
            col += span
            self.tiles[spec.key] = tile
        for c in range(COLUMNS):
            self.grid.setColumnStretch(c, 1)
        self.grid.setRowStretch(row + 1, 1)
        self.empty_label = QLabel(_("Nothing to show for your role yet."), self.body)
        self.empty_label.setVisible(not self.tiles)
        self.grid.addWidget(self.empty_label, row + 1, 0, 1, COLUMNS)
        self._laid_out = True
        self._load_tiles()

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Loads every tile again, each in its own worker (one already loading loads once more after)."""
        self._load_occasions()
        self._load_tiles()

    def _load_occasions(self) -> None:
        self._start("occasions", lambda: ds.week_occasions(self.db, self.actor, on=self.on), self._show_occasions)

    def _load_tiles(self) -> None:
        for key, tile in self.tiles.items():
            self._start(key, self._loader(tile.spec), self._shower(tile))

    def _loader(self, spec: ds.TileSpec) -> Callable[[], Any]:
        return lambda: ds.load_tile(self.db, self.actor, spec, on=self.on)

    @staticmethod
    def _shower(tile: TileWidget) -> Callable[[Any], None]:
        return lambda result: tile.show_data(result.data if isinstance(result, ds.Tile) else None)

    def _start(self, key: str, load: Callable[[], Any], show: Callable[[Any], None]) -> None:
        if key in self._running:  # loads once more when this round ends
            self._again[key] = (load, show)
            return
        self._running[key] = show
        self._runner.start(key, load)

    def _on_runner_finished(self, key: str, value: object) -> None:
        show = self._running.pop(key, None)
        if show is not None:
            show(value)
        again = self._again.pop(key, None)
        if again is not None:
            self._start(key, *again)
        elif self.loaded():
            self.all_loaded.emit()

    def loaded(self) -> bool:
        """Every tile and the week's occasions in, nothing still loading."""
        return self._laid_out and not self._running and all(t.loaded for t in self.tiles.values())

    def tiles_loaded(self) -> bool:
        """Every tile in (the occasions strip may still be loading)."""
        return self._laid_out and all(t.loaded for t in self.tiles.values())

    def _show_occasions(self, occasions: Sequence[Any] | None) -> None:
        if not occasions:
            self.occasions_label.hide()
            return
        parts = [f"{format_jalali_date(o.on)}: {o.name}" + (f" ({_('holiday')})" if o.holiday else "") for o in occasions]
        joined = parts[0]
        for part in parts[1:]:  # a middle dot would read as a Persian zero beside the dates
            joined = _("{first}; {second}").format(first=joined, second=part)
        self.occasions_label.setText(_("This week: {occasions}").format(occasions=joined))
        self.occasions_label.show()

    def _open(self, spec: ds.TileSpec) -> None:
        """The list the tile summarises: its link, narrowed by what its data adds."""
        if spec.link.target:
            tile = self.tiles.get(spec.key)
            extra = tile.data.filter if tile is not None and tile.data is not None else ()
            self.open_requested.emit(spec.link.target, tuple(spec.link.filter) + tuple(extra))

    def stop(self) -> None:
        """Stops the timer; a tile still loading is dropped when it ends."""
        self.timer.stop()
        self._runner.close()

    def tile(self, key: str) -> TileWidget:
        return self.tiles[key]
