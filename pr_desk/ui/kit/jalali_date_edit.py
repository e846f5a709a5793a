"""A Jalali date field: type "۱۴۰۵/۰۹/۰۶" (Persian, Arabic-Indic or Latin digits) or pick
from a calendar drop-down.

All Jalali arithmetic and parsing goes through `pr_desk.domain.jalali`, not `QCalendar`
or `QDateEdit`: Qt's Jalali system disagrees with the official calendar on some leap
years (1436/1437, 1469/1470), and Qt's right-to-left QDateEdit shows ۰۶/۰۹/۱۴۰۵ — day
first. Here the editor itself is left-to-right, so the year stays at the left as Persians
write dates, while the field aligns to the right in a right-to-left form.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import JalaliDate, parse_jalali
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import _
from pr_desk.ui.kit.formatting import display_digits, persian_on_screen
from pr_desk.ui.kit.jalali_calendar import JalaliCalendarWidget, add_months, today

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; padding: 0px 2px; }"
_DIGITS_TO_SHOW = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)


def calendar_icon(palette: QPalette, size: int = 16) -> QIcon:
    """A small drawn calendar glyph in the palette's text colour (no image files needed)."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = palette.color(QPalette.ColorRole.Text)
        painter.setPen(QPen(color, 1.2))
        body = QRectF(1.5, 3.0, size - 3.0, size - 4.5)
        painter.drawRoundedRect(body, 2, 2)
        painter.fillRect(QRectF(body.left(), body.top(), body.width(), 3.0), color)
        painter.drawLine(QPoint(5, 1), QPoint(5, 4))
        painter.drawLine(QPoint(size - 5, 1), QPoint(size - 5, 4))
        accent = QColor("#c62828")
        for row in range(2):
            for col in range(3):
                x = body.left() + 2.5 + col * (body.width() - 5) / 2
                y = body.top() + 6.0 + row * 3.5
                painter.fillRect(QRectF(x - 0.9, y - 0.9, 1.8, 1.8), accent if (row, col) == (1, 0) else color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class _DateLineEdit(QLineEdit):
    """The text part; keys that change the date are handed to the JalaliDateEdit."""

    def __init__(self, owner: JalaliDateEdit) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._owner._handle_key(event):
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._owner._tidy_text()


class _CalendarPopup(QFrame):
    def __init__(self, owner: JalaliDateEdit) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = JalaliCalendarWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)


class JalaliDateEdit(QWidget):
    """A date field in the Jalali calendar; values in and out are Gregorian `datetime.date`.

    Keys: Up/Down a day, PageUp/PageDown a month, Ctrl+T today ("." too, in an empty field),
    Alt+Down or F4 the calendar. Invalid text gets a red frame and a tooltip with the reason;
    `date()` then keeps the last valid date and `isValid()` is False.
    """

    dateChanged = Signal(object)  # datetime.date | None
    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, nullable: bool = False,
                 date: dt.date | None = None, work_calendar: WorkCalendar | None = None) -> None:
        super().__init__(parent)
        self._nullable = nullable
        self._date: dt.date | None = None
        self._error: str | None = None
        self._minimum: dt.date | None = None
        self._maximum: dt.date | None = None
        self._work_calendar = work_calendar
        self._popup: _CalendarPopup | None = None

        self._edit = _DateLineEdit(self)
        # Left-to-right editor: the year stays at the left whatever the form's direction.
        self._edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._edit.setMaxLength(16)
        self._edit.setClearButtonEnabled(nullable)
        self._edit.textEdited.connect(self._on_edit_text_edited)
        self._edit.returnPressed.connect(self._tidy_text)
        self.calendar_action = QAction(calendar_icon(self.palette()), "", self)
        self.calendar_action.triggered.connect(self.showPopup)
        self._action_position: QLineEdit.ActionPosition | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        self.setFocusProxy(self._edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._place_for_direction()
        self._retranslate()
        if date is None and not nullable:
            date = today()
        self._set_date(date, emit=False)

    # public API ----------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        """The date entered (Gregorian), None when empty; the last valid one while the
        text is invalid (see `isValid`)."""
        return self._date

    def jalaliDate(self) -> JalaliDate | None:
        return None if self._date is None else JalaliDate.from_gregorian(self._date)

    def setDate(self, date: dt.date | None) -> None:
        """Show `date` (clamped to the range); None empties a nullable field."""
        if date is None and not self._nullable:
            raise ValueError("this JalaliDateEdit is not nullable")
        self._set_date(date, emit=True)

    def clear(self) -> None:
        self.setDate(None)

    def isValid(self) -> bool:
        return self._error is None

    def errorText(self) -> str | None:
        """Why the text is not a date (translated), or None."""
        return self._error

    def text(self) -> str:
        return self._edit.text()

    def lineEdit(self) -> QLineEdit:
        return self._edit

    def isNullable(self) -> bool:
        return self._nullable

    def setNullable(self, nullable: bool) -> None:
        self._nullable = nullable
        self._edit.setClearButtonEnabled(nullable)
        self._validate(self._edit.text())

    def minimumDate(self) -> dt.date | None:
        return self._minimum

    def maximumDate(self) -> dt.date | None:
        return self._maximum

    def setMinimumDate(self, date: dt.date | None) -> None:
        self._minimum = date
        if date is not None and self._maximum is not None and self._maximum < date:
            self._maximum = date
        self._on_range_changed()

    def setMaximumDate(self, date: dt.date | None) -> None:
        self._maximum = date
        if date is not None and self._minimum is not None and self._minimum > date:
            self._minimum = date
        self._on_range_changed()

    def setDateRange(self, minimum: dt.date | None, maximum: dt.date | None) -> None:
        self._minimum, self._maximum = minimum, maximum
        self._on_range_changed()

    def setWorkCalendar(self, work_calendar: WorkCalendar) -> None:
        self._work_calendar = work_calendar
        if self._popup is not None:
            self._popup.calendar.setWorkCalendar(work_calendar)

    def setPlaceholderText(self, text: str) -> None:
        self._edit.setPlaceholderText(text)

    def setReadOnly(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)
        self.calendar_action.setEnabled(not read_only)

    def calendarWidget(self) -> JalaliCalendarWidget:
        """The drop-down calendar (created on first use)."""
        return self._ensure_popup().calendar

    def isPopupVisible(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def showPopup(self) -> None:
        if self._edit.isReadOnly():
            return
        popup = self._ensure_popup()
        popup.setLayoutDirection(self.layoutDirection())
        calendar = popup.calendar
        calendar.setDateRange(self._minimum, self._maximum)
        if self._work_calendar is not None:
            calendar.setWorkCalendar(self._work_calendar)
        calendar.setSelectedDate(self._date or today())
        popup.adjustSize()
        size = popup.sizeHint()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        anchor = self.mapToGlobal(QPoint(self.width() - size.width() if rtl else 0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            x = min(max(anchor.x(), screen.left()), screen.right() - size.width())
            y = anchor.y()
            if y + size.height() > screen.bottom():
                y = self.mapToGlobal(QPoint(0, 0)).y() - size.height()
            anchor = QPoint(x, y)
        popup.move(anchor)
        popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def hidePopup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    # internals -----------------------------------------------------------------------------

    def _ensure_popup(self) -> _CalendarPopup:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.calendar.clicked.connect(self._on_calendar_chosen)
            self._popup.calendar.activated.connect(self._on_calendar_chosen)
        return self._popup

    def _on_calendar_chosen(self, date: dt.date) -> None:
        self.hidePopup()
        self._set_date(date, emit=True)
        self._edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self._edit.selectAll()

    def _format(self, date: dt.date) -> str:
        return JalaliDate.from_gregorian(date).format(persian_digits=persian_on_screen())

    def _set_date(self, date: dt.date | None, *, emit: bool) -> None:
        if date is not None:
            date = self._clamp(date)
        self._edit.setText("" if date is None else self._format(date))
        self._set_error(None)
        self._accept(date, emit=emit)

    def _accept(self, date: dt.date | None, *, emit: bool = True) -> None:
        if date != self._date:
            self._date = date
            if emit:
                self.dateChanged.emit(date)

    def _clamp(self, date: dt.date) -> dt.date:
        if self._minimum is not None and date < self._minimum:
            return self._minimum
        if self._maximum is not None and date > self._maximum:
            return self._maximum
        return date

    def _on_range_changed(self) -> None:
        if self._popup is not None:
            self._popup.calendar.setDateRange(self._minimum, self._maximum)
        if self.isValid() and self._date is not None and self._clamp(self._date) != self._date:
            self._set_date(self._clamp(self._date), emit=True)
        else:
            self._validate(self._edit.text())

    def _on_edit_text_edited(self, text: str) -> None:
        if persian_on_screen():
            shown = text.translate(_DIGITS_TO_SHOW)
            if shown != text:  # same length: the cursor stays where it was
                position = self._edit.cursorPosition()
                self._edit.setText(shown)
                self._edit.setCursorPosition(position)
        self._validate(text)

    def _validate(self, text: str) -> None:
        """Parse `text`; accept it as the date or show why not."""
        text = text.strip()
        if not text and self._nullable:
            self._set_error(None)
            self._accept(None)
            return
        try:
            day = parse_jalali(text).to_gregorian()
        except UserError as exc:
            self._set_error(display_digits(str(exc)))
            return
        except ValueError:
            self._set_error(_("This is not a valid date."))
            return
        if self._minimum is not None and day < self._minimum:
            self._set_error(_("The date must be on or after {date}.").format(date=self._format(self._minimum)))
            return
        if self._maximum is not None and day > self._maximum:
            self._set_error(_("The date must be on or before {date}.").format(date=self._format(self._maximum)))
            return
        self._set_error(None)
        self._accept(day)

    def _set_error(self, message: str | None) -> None:
        was_valid = self._error is None
        self._error = message
        self._edit.setStyleSheet(INVALID_STYLE if message else "")
        self._edit.setToolTip(message or self._help_text())
        self._edit.setProperty("invalid", message is not None)
        if was_valid != (message is None):
            self.validityChanged.emit(message is None)

    def _help_text(self) -> str:
        example = JalaliDate.today().format(persian_digits=persian_on_screen())
        return _("Year/month/day, for example {date}. Up/Down: a day, PageUp/PageDown: a month, "
                 "Ctrl+T: today, Alt+Down: calendar.").format(date=example)

    def _tidy_text(self) -> None:
        """Once the user is done typing, a valid date is rewritten in the standard form."""
        if self.isValid():
            expected = "" if self._date is None else self._format(self._date)
            if self._edit.text() != expected:
                self._edit.setText(expected)

    def _step(self, *, days: int = 0, months: int = 0) -> None:
        if self._edit.isReadOnly():
            return
        base = self._date if self.isValid() and self._date is not None else today()
        day = JalaliDate.from_gregorian(base)
        if months:
            day = add_months(day, months)
        if days:
            day = day.add_days(days)
        self._set_date(day.to_gregorian(), emit=True)
        self._edit.selectAll()

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        modifiers = event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_Up:
            self._step(days=1)
        elif key == Qt.Key.Key_Down and alt or key == Qt.Key.Key_F4:
            self.showPopup()
        elif key == Qt.Key.Key_Down:
            self._step(days=-1)
        elif key == Qt.Key.Key_PageUp:
            self._step(months=12 if ctrl else 1)
        elif key == Qt.Key.Key_PageDown:
            self._step(months=-12 if ctrl else -1)
        elif key == Qt.Key.Key_T and ctrl or (
            event.text() == "." and (not self._edit.text() or self._edit.selectedText() == self._edit.text())
        ):
            if not self._edit.isReadOnly():
                self._set_date(today(), emit=True)
                self._edit.selectAll()
        else:
            return False
        event.accept()
        return True

    def _place_for_direction(self) -> None:
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # The editor is always LTR, so "leading" is its left end: the far side in RTL forms.
        position = QLineEdit.ActionPosition.LeadingPosition if rtl else QLineEdit.ActionPosition.TrailingPosition
        if position != self._action_position:
            if self._action_position is not None:
                self._edit.removeAction(self.calendar_action)
            self._edit.addAction(self.calendar_action, position)
            self._action_position = position
        align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        self._edit.setAlignment(align | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)

    def _retranslate(self) -> None:
        self.calendar_action.setToolTip(_("Choose from the calendar (Alt+Down)"))
        if self._error is None:
            self._edit.setToolTip(self._help_text())
        # Not a real-looking date: an empty field must not read as if it held one.
        self._edit.setPlaceholderText("____/__/__")
        if self.isValid() and self._date is not None:
            self._edit.setText(self._format(self._date))
        else:
            self._validate(self._edit.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._place_for_direction()
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self.calendar_action.setIcon(calendar_icon(self.palette()))
        super().changeEvent(event)

