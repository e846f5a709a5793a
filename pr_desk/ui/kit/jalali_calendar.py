"""A month calendar in the official Jalali calendar, Saturday to Friday, weekends in red.

All calendar arithmetic goes through `pr_desk.domain.jalali`, never `QCalendar`: Qt's
Jalali system uses an arithmetic rule that disagrees with the official (astronomical)
calendar on some leap years (1436/1437, 1469/1470), and the domain is our single source
of truth. Dates in and out are Gregorian `datetime.date`, as stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain import jalali
from pr_desk.domain.jalali import JalaliDate, office_today
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import N_, _
from pr_desk.ui.kit.formatting import display_digits, persian_on_screen, screen_locale

WEEKEND_COLOR = QColor("#c62828")
HOLIDAY_BACKGROUND = QColor("#fdecea")
ROWS, COLUMNS = 6, 7
MIN_YEAR, MAX_YEAR = 1300, 1500

# Column headers, Saturday first (Persian: ش ی د س چ پ ج).
WEEKDAY_SHORT_MSGIDS: tuple[str, ...] = (N_("Sa"), N_("Su"), N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"))


def month_name(month: int) -> str:
    """The Jalali month's name in the current language (1 = Farvardin)."""
    names: Sequence[str] = jalali.MONTH_NAMES if persian_on_screen() else jalali.MONTH_NAMES_EN
    return names[month] if len(names) == 13 else names[month - 1]


def weekday_name(weekday: int) -> str:
    """Full weekday name, 0 = Saturday."""
    names: Sequence[str] = jalali.WEEKDAY_NAMES if persian_on_screen() else jalali.WEEKDAY_NAMES_EN
    return names[weekday]


def add_months(day: JalaliDate, months: int) -> JalaliDate:
    """Same day `months` later (or earlier); the 31st becomes the month's last day."""
    return day.add_months(months)


today = office_today  # the office's day, Tehran's (one definition: domain/jalali.py)


@dataclass(frozen=True)
class CalendarCell:
    """One square of the month grid, as the calendar shows it."""

    date: dt.date
    jalali: JalaliDate
    row: int
    column: int  # 0 = Saturday ... 6 = Friday, whatever the layout direction
    in_month: bool
    weekend: bool
    holiday: bool
    today: bool
    selected: bool
    enabled: bool  # within the minimum/maximum date


class _MonthGrid(QWidget):
    """Paints the weekday header and 6 x 7 day cells; turns clicks and keys into dates."""

    def __init__(self, calendar: JalaliCalendarWidget) -> None:
        super().__init__(calendar)
        self._calendar = calendar
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._hover: dt.date | None = None

    # geometry -------------------------------------------------------------------------------

    def _cell_size(self) -> tuple[float, float]:
        return self.width() / COLUMNS, self.height() / (ROWS + 1)

    def cell_rect(self, row: int, column: int) -> QRect:
        """The rectangle of a day cell; row -1 is the weekday header."""
        cw, ch = self._cell_size()
        visual = column if self.layoutDirection() == Qt.LayoutDirection.LeftToRight else COLUMNS - 1 - column
        x, x2 = round(visual * cw), round((visual + 1) * cw)
        y, y2 = round((row + 1) * ch), round((row + 2) * ch)
        return QRect(x, y, max(x2 - x, 1), max(y2 - y, 1))

    def cell_at(self, pos: QPoint) -> CalendarCell | None:
        cw, ch = self._cell_size()
        if cw <= 0 or ch <= 0:
            return None
        row = int(pos.y() // ch) - 1
        visual = int(pos.x() // cw)
        if not (0 <= row < ROWS and 0 <= visual < COLUMNS):
            return None
        column = visual if self.layoutDirection() == Qt.LayoutDirection.LeftToRight else COLUMNS - 1 - visual
        return self._calendar.cells()[row * COLUMNS + column]

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        side = max(fm.horizontalAdvance("۳۰") + 20, fm.height() + 16, 32)
        return QSize(side * COLUMNS, (fm.height() + 12) * (ROWS + 1))

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize((fm.horizontalAdvance("۳۰") + 8) * COLUMNS, (fm.height() + 4) * (ROWS + 1))

    # painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base_font = self.font()
        bold = QFont(base_font)
        bold.setBold(True)
        self._paint_weekdays(painter, palette, bold)
        for cell in self._calendar.cells():
            painter.setFont(bold if cell.today or cell.selected else base_font)
            self._paint_day(painter, palette, cell)
        if self.hasFocus():
            self._paint_focus(painter, palette)
        painter.end()

    def _paint_weekdays(self, painter: QPainter, palette: QPalette, bold: QFont) -> None:
        """The weekday header (weekend days in their colour) and the line under it."""
        weekend_days = self._calendar.weekend_days()
        painter.setFont(bold)
        for column in range(COLUMNS):
            rect = self.cell_rect(-1, column)
            color = WEEKEND_COLOR if column in weekend_days else palette.color(QPalette.ColorRole.WindowText)
            painter.setPen(color)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _(WEEKDAY_SHORT_MSGIDS[column]))
        ch = self._cell_size()[1]
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, round(ch) - 1, self.width(), round(ch) - 1)

    def _paint_day(self, painter: QPainter, palette: QPalette, cell: CalendarCell) -> None:
        """One day: holiday, selection or hover background, today's frame, then its number."""
        highlight = palette.color(QPalette.ColorRole.Highlight)
        rect = self.cell_rect(cell.row, cell.column).adjusted(2, 2, -2, -2)
        if cell.holiday and cell.in_month and not cell.selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(HOLIDAY_BACKGROUND)
            painter.drawRoundedRect(rect, 4, 4)
        if cell.selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(rect, 4, 4)
        elif cell.date == self._hover and cell.enabled:
            hover = QColor(highlight)
            hover.setAlpha(40)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hover)
            painter.drawRoundedRect(rect, 4, 4)
        if cell.today:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen_color = palette.color(QPalette.ColorRole.HighlightedText) if cell.selected else highlight
            painter.setPen(pen_color)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        painter.setPen(self._day_color(palette, cell))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, display_digits(str(cell.jalali.day)))

    @staticmethod
    def _day_color(palette: QPalette, cell: CalendarCell) -> QColor:
        """The number's colour: selected, weekend or holiday, or plain; faded outside the month or range."""
        if cell.selected:
            text_color = palette.color(QPalette.ColorRole.HighlightedText)
        elif cell.weekend or cell.holiday:
            text_color = QColor(WEEKEND_COLOR)
        else:
            text_color = palette.color(QPalette.ColorRole.WindowText)
        if not cell.in_month or not cell.enabled:
            text_color.setAlpha(90)
        return text_color

    def _paint_focus(self, painter: QPainter, palette: QPalette) -> None:
        """A frame inside the selected day while the grid has the keyboard focus."""
        selected = self._calendar.selectedDate()
        for cell in self._calendar.cells():
            if cell.date == selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
                painter.drawRoundedRect(self.cell_rect(cell.row, cell.column).adjusted(4, 4, -4, -4), 3, 3)

    # input ----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and cell.enabled:
            self._calendar._choose(cell.date, clicked=True)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None and cell.enabled:
            self._calendar._choose(cell.date, activated=True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        hover = cell.date if cell else None
        if hover != self._hover:
            self._hover = hover
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._calendar._handle_key(event):
            super().keyPressEvent(event)


class JalaliCalendarWidget(QWidget):
    """A Jalali month view: header with month/year and prev/next, a Saturday-first grid
    (Saturday at the right in a right-to-left layout), Friday and office holidays in red,
    today outlined. Keys: arrows move a day/week, PageUp/PageDown a month (with Ctrl a
    year), Home/End the month's ends, Enter activates.

    Signals carry Gregorian `datetime.date`.
    """

    clicked = Signal(object)
    activated = Signal(object)
    selectionChanged = Signal()
    currentPageChanged = Signal(int, int)  # Jalali year, month

    def __init__(self, parent: QWidget | None = None, *, work_calendar: WorkCalendar | None = None) -> None:
        super().__init__(parent)
        self._work_calendar = work_calendar or WorkCalendar()
        self._selected: dt.date | None = None
        self._minimum: dt.date | None = None
        self._maximum: dt.date | None = None
        today = JalaliDate.today()
        self._year, self._month = today.year, today.month
        self._cells: list[CalendarCell] | None = None

        self.prev_year_button = self._nav_button(self.showPreviousYear)
        self.prev_month_button = self._nav_button(self.showPreviousMonth)
        self.next_month_button = self._nav_button(self.showNextMonth)
        self.next_year_button = self._nav_button(self.showNextYear)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(self.font().pointSizeF() * 1.1)
        self.month_button = QToolButton(self)
        self.month_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.month_button.setAutoRaise(True)
        self.month_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.month_button.setFont(title_font)
        # The whole title opens the month list; the small menu arrow only overlapped the name.
        self.month_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self._month_menu = QMenu(self.month_button)
        self.month_button.setMenu(self._month_menu)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(MIN_YEAR, MAX_YEAR)
        self.year_spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.year_spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.year_spin.setFrame(False)
        self.year_spin.setFont(title_font)
        self.year_spin.setStyleSheet("QSpinBox { background: transparent; }")
        self.year_spin.setFixedWidth(self.year_spin.fontMetrics().horizontalAdvance("۱۴۰۵۰") + 8)
        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        self.today_button = QToolButton(self)
        self.today_button.setAutoRaise(True)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.grid = _MonthGrid(self)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(2)
        header.addWidget(self.prev_year_button)
        header.addWidget(self.prev_month_button)
        header.addStretch(1)
        header.addWidget(self.month_button)
        header.addWidget(self.year_spin)
        header.addStretch(1)
        header.addWidget(self.next_month_button)
        header.addWidget(self.next_year_button)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addStretch(1)
        footer.addWidget(self.today_button)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.grid, 1)
        layout.addLayout(footer)
        self.setFocusProxy(self.grid)
        self._retranslate()
        self._refresh()

    # public API ----------------------------------------------------------------------------

    def selectedDate(self) -> dt.date | None:
        return self._selected

    def setSelectedDate(self, date: dt.date | None) -> None:
        """Select `date` (clamped to the range) and show its month; None clears it."""
        if date is not None:
            date = self._clamp(date)
        if date is not None:
            day = JalaliDate.from_gregorian(date)
            self.setCurrentPage(day.year, day.month)
        if date != self._selected:
            self._selected = date
            self._refresh()
            self.selectionChanged.emit()

    def currentPage(self) -> tuple[int, int]:
        """(Jalali year, month) on show."""
        return self._year, self._month

    def setCurrentPage(self, year: int, month: int) -> None:
        if not 1 <= month <= 12:
            raise ValueError(f"month out of range: {month}")
        if (year, month) == (self._year, self._month):
            return
        self._year, self._month = year, month
        self._refresh()
        self.currentPageChanged.emit(year, month)

    def showNextMonth(self) -> None:
        self._show_months_later(1)

    def showPreviousMonth(self) -> None:
        self._show_months_later(-1)

    def showNextYear(self) -> None:
        self._show_months_later(12)

    def showPreviousYear(self) -> None:
        self._show_months_later(-12)

    def showToday(self) -> None:
        today = JalaliDate.today()
        self.setCurrentPage(today.year, today.month)

    def workCalendar(self) -> WorkCalendar:
        return self._work_calendar

    def setWorkCalendar(self, work_calendar: WorkCalendar) -> None:
        """Weekend days and office holidays (shown in red) come from `work_calendar`."""
        self._work_calendar = work_calendar
        self._refresh()

    def weekend_days(self) -> frozenset[int]:
        """Weekend weekdays, 0 = Saturday (Friday = 6)."""
        return frozenset(getattr(self._work_calendar, "weekend", frozenset({6})))

    def minimumDate(self) -> dt.date | None:
        return self._minimum

    def maximumDate(self) -> dt.date | None:
        return self._maximum

    def setMinimumDate(self, date: dt.date | None) -> None:
        maximum = self._maximum
        if date is not None and maximum is not None and maximum < date:
            maximum = date
        self.setDateRange(date, maximum)

    def setMaximumDate(self, date: dt.date | None) -> None:
        minimum = self._minimum
        if date is not None and minimum is not None and minimum > date:
            minimum = date
        self.setDateRange(minimum, date)

    def setDateRange(self, minimum: dt.date | None, maximum: dt.date | None) -> None:
        self._minimum, self._maximum = minimum, maximum
        if self._selected is not None and self._clamp(self._selected) != self._selected:
            self.setSelectedDate(self._clamp(self._selected))
        self._refresh()

    def cells(self) -> list[CalendarCell]:
        """The 42 cells on show (6 weeks from the Saturday on or before the 1st)."""
        if self._cells is None:
            self._cells = self._build_cells()
        return self._cells

    def dayRect(self, date: dt.date) -> QRect | None:
        """Where `date` is drawn, in `self.grid` coordinates (None if not on show)."""
        for cell in self.cells():
            if cell.date == date:
                return self.grid.cell_rect(cell.row, cell.column)
        return None

    # internals -----------------------------------------------------------------------------

    def _nav_button(self, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * 1.3)
        button.setFont(font)
        side = button.fontMetrics().height() + 6
        button.setFixedSize(side, side)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _retranslate(self) -> None:
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # The "earlier" buttons sit at the start side and point outwards.
        earlier_month, later_month = ("›", "‹") if rtl else ("‹", "›")
        earlier_year, later_year = ("»", "«") if rtl else ("«", "»")
        self.prev_month_button.setText(earlier_month)
        self.next_month_button.setText(later_month)
        self.prev_year_button.setText(earlier_year)
        self.next_year_button.setText(later_year)
        self.prev_month_button.setToolTip(_("Previous month"))
        self.next_month_button.setToolTip(_("Next month"))
        self.prev_year_button.setToolTip(_("Previous year"))
        self.next_year_button.setToolTip(_("Next year"))
        self.today_button.setText(_("Today: {date}").format(date=JalaliDate.today().format(
            persian_digits=persian_on_screen())))
        self._month_menu.clear()
        for month in range(1, 13):
            action = QAction(month_name(month), self._month_menu)
            action.triggered.connect(lambda _checked=False, m=month: self.setCurrentPage(self._year, m))
            self._month_menu.addAction(action)
        self.year_spin.setLocale(screen_locale())
        self._update_header()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LayoutDirectionChange, QEvent.Type.LanguageChange):
            self._retranslate()
            self.grid.update()
        super().changeEvent(event)

    def _update_header(self) -> None:
        self.month_button.setText(month_name(self._month))
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(self._year)
        self.year_spin.blockSignals(False)

    def _refresh(self) -> None:
        self._cells = None
        self._update_header()
        self.grid.update()

    def _build_cells(self) -> list[CalendarCell]:
        now = today()
        weekend = self.weekend_days()
        cells = []
        for index, day in enumerate(d for week in jalali.month_grid(self._year, self._month) for d in week):
            gregorian = day.to_gregorian()
            row, column = divmod(index, COLUMNS)
            is_weekend = column in weekend
            holiday = not is_weekend and not self._work_calendar.is_working_day(gregorian)
            cells.append(CalendarCell(
                date=gregorian, jalali=day, row=row, column=column,
                in_month=(day.year, day.month) == (self._year, self._month),
                weekend=is_weekend, holiday=holiday, today=gregorian == now,
                selected=gregorian == self._selected,
                enabled=self._clamp(gregorian) == gregorian,
            ))
        return cells

    def _clamp(self, date: dt.date) -> dt.date:
        if self._minimum is not None and date < self._minimum:
            return self._minimum
        if self._maximum is not None and date > self._maximum:
            return self._maximum
        return date

    def _show_months_later(self, months: int) -> None:
        page = add_months(JalaliDate(self._year, self._month, 1), months)
        if MIN_YEAR <= page.year <= MAX_YEAR:
            self.setCurrentPage(page.year, page.month)

    def _choose(self, date: dt.date, *, clicked: bool = False, activated: bool = False) -> None:
        self.setSelectedDate(date)
        if clicked:
            self.clicked.emit(self._selected)
        if activated:
            self.activated.emit(self._selected)

    def _on_year_spin_value_changed(self, year: int) -> None:
        self.setCurrentPage(year, self._month)

    def _on_today_button_clicked(self) -> None:
        self._choose(today(), clicked=True)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        current = self._selected or self._clamp(JalaliDate(self._year, self._month, 1).to_gregorian())
        day = JalaliDate.from_gregorian(current)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        target: JalaliDate | None = None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._selected is None:
                self.setSelectedDate(current)
            self.activated.emit(self._selected)
            return True
        if key == Qt.Key.Key_Left:
            target = day.add_days(1 if rtl else -1)
        elif key == Qt.Key.Key_Right:
            target = day.add_days(-1 if rtl else 1)
        elif key == Qt.Key.Key_Up:
            target = day.add_days(-7)
        elif key == Qt.Key.Key_Down:
            target = day.add_days(7)
        elif key == Qt.Key.Key_PageUp:
            target = add_months(day, -12 if ctrl else -1)
        elif key == Qt.Key.Key_PageDown:
            target = add_months(day, 12 if ctrl else 1)
        elif key == Qt.Key.Key_Home:
            target = JalaliDate(day.year, day.month, 1)
        elif key == Qt.Key.Key_End:
            target = JalaliDate(day.year, day.month, jalali.days_in_month(day.year, day.month))
        if target is None:
            return False
        self.setSelectedDate(target.to_gregorian())
        return True
