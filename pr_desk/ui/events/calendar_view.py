"""The Jalali month view of event planning: six weeks, Saturday first at the right, Friday
(the weekend) tinted, the language's digits and month names, each day listing its events (coloured by status),
its occasions (holidays in red) and the count of the officials' meeting sessions.

Drawn by one widget (no widget per cell), so a month with many events opens at once.
Mouse: click an event to open it, double-click a day for a new event on it. Keys: arrows
move the day, Enter a new event on it, Page Up / Page Down the month, Ctrl+T today."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from pr_desk.domain.events import EventStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.text import ltr_isolate
from pr_desk.i18n import _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import calendar as cal
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.jalali_calendar import month_name, weekday_name
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.shortcuts import add_shortcut

if TYPE_CHECKING:
    from pr_desk.services.office import Office

STATUS_COLOURS = {
    EventStatus.IDEA: "#9e9e9e",
    EventStatus.PLANNED: "#1e88e5",
    EventStatus.APPROVED: "#2e7d32",
    EventStatus.HELD: "#6a1b9a",
    EventStatus.REPORTED: "#455a64",
    EventStatus.CANCELLED: "#bdbdbd",
}
HOLIDAY_COLOUR = "#c62828"
OCCASION_COLOUR = "#8d6e00"
WEEKEND_TINT = "#fdecea"
OTHER_MONTH_TINT = "#f5f5f5"
TODAY_FRAME = "#ff8f00"
SELECTED_TINT = "#e3f2fd"
HEADER_HEIGHT = 26
LINE_HEIGHT = 17


def sessions_text(count: int) -> str:
    """A day's meeting sessions: "1 session", "3 sessions" ("۳ جلسه")."""
    return ngettext("{count} session", "{count} sessions", count).format(count=digits(count))


class MonthGrid(QWidget):
    """The drawn grid; `day_activated(date)` on a double-click or Enter, `event_clicked(id)`
    on a click on an event's line, `selected(date)` when the day changes."""

    day_activated = Signal(object)
    event_clicked = Signal(object)
    selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month: cal.MonthData | None = None
        self.current: dt.date | None = None
        self._event_rects: list[tuple[QRect, uuid.UUID]] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(QSize(640, 460))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_month(self, month: cal.MonthData, current: dt.date | None = None) -> None:
        self.month = month
        days = [d.day for d in month.days]
        if current is None or current not in days:
            current = self.current if self.current in days else days[0]
        self.current = current
        self.update()

    # -- geometry (right to left: Saturday is the rightmost column) ----------------------------

    def _cell_size(self) -> tuple[float, float]:
        return self.width() / 7, (self.height() - HEADER_HEIGHT) / 6

    def cell_rect(self, on: dt.date) -> QRect:
        """Where a day of the grid is drawn (for clicks and tests)."""
        assert self.month is not None
        for row, week in enumerate(self.month.weeks):
            for col, day in enumerate(week):
                if day.day == on:
                    return self._rect(row, col)
        raise KeyError(on)

    def _rect(self, row: int, col: int) -> QRect:
        cw, ch = self._cell_size()
        x = self.width() - (col + 1) * cw if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else col * cw
        return QRect(int(x), int(HEADER_HEIGHT + row * ch), int(cw) - 1, int(ch) - 1)

    def day_at(self, point: QPoint) -> dt.date | None:
        if self.month is None:
            return None
        for row, week in enumerate(self.month.weeks):
            for col, day in enumerate(week):
                if self._rect(row, col).contains(point):
                    return day.day
        return None

    def _cell_lines(self, day: cal.CalendarDay, inner: QRect
                    ) -> tuple[list[tuple[str, str, uuid.UUID | None, QRect]], tuple[QRect, int] | None]:
        """The lines a day's cell shows (occasions, then events) with where each goes, and
        where "and n more" goes when they do not all fit."""
        items: list[tuple[str, str, uuid.UUID | None]] = []
        for occ in day.occasions:
            items.append((occ.name + (" *" if occ.estimated else ""), HOLIDAY_COLOUR if occ.holiday else OCCASION_COLOUR, None))
        for e in day.events:
            items.append((e.title, STATUS_COLOURS[e.status], e.id))
        y = inner.y() + LINE_HEIGHT
        room = max(0, (inner.bottom() - y) // LINE_HEIGHT)
        shown = items if len(items) <= room else items[: max(0, room - 1)]
        out = []
        for text, colour, eid in shown:
            out.append((text, colour, eid, QRect(inner.x(), y, inner.width(), LINE_HEIGHT - 1)))
            y += LINE_HEIGHT
        more = (QRect(inner.x(), y, inner.width(), LINE_HEIGHT), len(items) - len(shown)) if len(shown) < len(items) else None
        return out, more

    def _all_event_rects(self) -> list[tuple[QRect, uuid.UUID]]:
        if self.month is None:
            return []
        out = []
        for row, week in enumerate(self.month.weeks):
            for col, day in enumerate(week):
                inner = self._rect(row, col).adjusted(4, 2, -4, -2)
                out += [(line, eid) for _t, _c, eid, line in self._cell_lines(day, inner)[0] if eid is not None]
        return out

    def event_rect(self, event_id: uuid.UUID) -> QRect | None:
        """Where an event's line is drawn in the grid (for clicks and tests)."""
        for rect, eid in self._all_event_rects():
            if eid == event_id:
                return rect
        return None

    # -- drawing ----------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        self._event_rects = []
        if self.month is None:
            return
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        align = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignAbsolute
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        bold = QFont(base)
        bold.setBold(True)
        cw, _ch = self._cell_size()
        for col in range(7):
            x = self.width() - (col + 1) * cw if rtl else col * cw
            header = QRect(int(x), 0, int(cw) - 1, HEADER_HEIGHT - 2)
            painter.fillRect(header, QColor("#eceff1" if col < 6 else WEEKEND_TINT))
            painter.setFont(bold)
            painter.setPen(QColor(HOLIDAY_COLOUR if col == 6 else "#263238"))
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter, weekday_name(col))
        today = JalaliDate.today().to_gregorian()
        for row, week in enumerate(self.month.weeks):
            for col, day in enumerate(week):
                rect = self._rect(row, col)
                tint = "white"
                if not day.in_month:
                    tint = OTHER_MONTH_TINT
                elif day.weekend or day.holiday:
                    tint = WEEKEND_TINT
                if day.day == self.current:
                    tint = SELECTED_TINT
                painter.fillRect(rect, QColor(tint))
                painter.setPen(QColor(TODAY_FRAME if day.day == today else "#cfd8dc"))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
                if day.day == today:
                    painter.drawRect(rect.adjusted(1, 1, -2, -2))
                inner = rect.adjusted(4, 2, -4, -2)
                painter.setFont(bold)
                red = day.weekend or day.holiday
                painter.setPen(QColor(HOLIDAY_COLOUR if red else ("#263238" if day.in_month else "#9e9e9e")))
                painter.drawText(QRect(inner.x(), inner.y(), inner.width(), LINE_HEIGHT), align | Qt.AlignmentFlag.AlignTop,
                                 digits(day.jalali.day))
                if day.sessions:
                    painter.setFont(small)
                    painter.setPen(QColor("#00695c"))
                    other = (Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight) | Qt.AlignmentFlag.AlignAbsolute
                    painter.drawText(QRect(inner.x(), inner.y(), inner.width(), LINE_HEIGHT), other | Qt.AlignmentFlag.AlignTop,
                                     sessions_text(len(day.sessions)))
                painter.setFont(small)
                lines, more_at = self._cell_lines(day, inner)
                for text, colour, eid, line in lines:
                    if eid is not None:
                        painter.fillRect(line, QColor(colour).lighter(160))
                        painter.fillRect(QRect(line.right() - 2 if rtl else line.x(), line.y(), 3, line.height()), QColor(colour))
                        self._event_rects.append((line, eid))
                    painter.setPen(QColor(colour if eid is None else "#212121"))
                    elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, line.width() - 6)
                    painter.drawText(line.adjusted(4, 0, -4, 0), align | Qt.AlignmentFlag.AlignVCenter, elided)
                if more_at is not None:
                    rect_more, count = more_at
                    painter.setPen(QColor("#546e7a"))
                    painter.drawText(rect_more, align, _("and {count} more").format(count=digits(count)))
        painter.end()

    # -- mouse and keys --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        for rect, eid in self._all_event_rects():
            if rect.contains(point):
                self._select(self.day_at(point))
                self.event_clicked.emit(eid)
                return
        self._select(self.day_at(point))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if any(rect.contains(point) for rect, _e in self._all_event_rects()):
            return
        day = self.day_at(point)
        if day is not None:
            self._select(day)
            self.day_activated.emit(day)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        over = any(rect.contains(point) for rect, _e in self._all_event_rects())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        day = self.day_at(point)
        if day is not None and self.month is not None:
            cell = self.month.day(day)
            tips = [o.name + (" (" + _("estimated date") + ")" if o.estimated else "") for o in cell.occasions]
            tips += [f"{ltr_isolate(digits(e.code))}  {e.title} — {e.status.label}" for e in cell.events]
            tips += [_("Meeting session: {official}").format(official=s.official) for s in cell.sessions]
            self.setToolTip("\n".join(tips))

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        assert isinstance(event, QKeyEvent)
        if self.current is None:
            return super().keyPressEvent(event)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        step = {Qt.Key.Key_Left: 1 if rtl else -1, Qt.Key.Key_Right: -1 if rtl else 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = Qt.Key(event.key())
        if key in step:
            self._select(self.current + dt.timedelta(days=step[key]), move_month=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.day_activated.emit(self.current)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.turn.emit(-1 if key == Qt.Key.Key_PageUp else 1)
        else:
            super().keyPressEvent(event)

    move_to = Signal(object)  # a day outside the month shown: the view turns the month
    turn = Signal(int)  # Page Up / Page Down: a month back or forward

    def _select(self, day: dt.date | None, *, move_month: bool = False) -> None:
        if day is None or self.month is None:
            return
        if move_month and day not in [d.day for d in self.month.days]:
            self.move_to.emit(day)
            return
        self.current = day
        self.selected.emit(day)
        self.update()


def calendar_exporter(parent: QWidget, db: object, actor: Actor, params: Any) -> Any:
    """Export PDF / Excel / Print of the events-calendar report with the view's year and
    month; None while the report kind is not registered."""
    from pr_desk.services import report_catalog
    from pr_desk.ui.report_actions import ReportExporter

    try:
        kinds = {kind.name for kind in report_catalog.report_kinds()}
    except Exception:  # no report engine is no reason to lose the screen
        kinds = set()
    if "events-calendar" not in kinds:
        return None
    return ReportExporter(parent, "events-calendar", db, actor, params)


class MonthView(QWidget):
    """The month grid with its bar: previous, today, next, and the month's name."""

    open_event = Signal(object)  # event id
    new_event = Signal(object)  # date

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        today = JalaliDate.today()
        self.year, self.month_no = today.year, today.month
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button = QPushButton(_("Previous month"), self)
        self.prev_button.setToolTip(_("The month before (Page Up)"))
        self.today_button = QPushButton(_("Today"), self)
        self.today_button.setToolTip(_("This month, today selected (Ctrl+T)"))
        self.next_button = QPushButton(_("Next month"), self)
        self.next_button.setToolTip(_("The month after (Page Down)"))
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setText("  ".join(f'<span style="color:{STATUS_COLOURS[s]}">■</span> {s.label}' for s in EventStatus)
                            + f'  <span style="color:{HOLIDAY_COLOUR}">■</span> ' + _("Holiday"))
        bar.addWidget(self.prev_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.legend)
        layout.addLayout(bar)
        self.exporter = calendar_exporter(self, db, actor, lambda: {"year": str(self.year), "month": str(self.month_no)})
        self.report_buttons: list[QPushButton] = []
        if self.exporter is not None:
            from pr_desk.ui.report_actions import add_report_buttons

            bar.addSpacing(12)
            self.report_buttons = add_report_buttons(self, bar, self.exporter)
        self.grid = MonthGrid(self)
        layout.addWidget(self.grid, 1)
        self.prev_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        self.today_button.clicked.connect(self.go_today)
        self.grid.event_clicked.connect(self.open_event.emit)
        self.grid.day_activated.connect(self.new_event.emit)
        self.grid.move_to.connect(self.go_to)
        self.grid.turn.connect(self.turn)
        for keys, slot, what in ((QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.turn(-1),
                                  _("Events calendar: the month before")),
                                 (QKeySequence.StandardKey.MoveToNextPage, lambda: self.turn(1),
                                  _("Events calendar: the month after"))):
            add_shortcut(self, keys, slot, what, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(self, "Ctrl+T", self.go_today, _("Events calendar: go to today"),
                     context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    def reload(self, current: dt.date | None = None) -> bool:
        try:
            data = cal.month_data(self.db, self.actor, year=self.year, month=self.month_no)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.data = data
        self.title.setText(f"{month_name(self.month_no)} {digits(self.year)}")
        self.grid.set_month(data, current)
        return True

    def turn(self, months: int) -> None:
        jd = JalaliDate(self.year, self.month_no, 1).add_months(months)
        self.year, self.month_no = jd.year, jd.month
        self.reload()

    def go_to(self, day: dt.date) -> None:
        jd = JalaliDate.from_gregorian(day)
        self.year, self.month_no = jd.year, jd.month
        self.reload(day)

    def go_today(self) -> None:
        self.go_to(JalaliDate.today().to_gregorian())
        self.grid.setFocus()
