"""Telling the user what went wrong: error boxes in two kinds, and messages beside fields."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from pr_desk.domain.errors import UserError
from pr_desk.i18n import _

log = logging.getLogger("pr_desk")

ERROR_COLOR = "#c62828"


def error_box(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """The message box `show_error` shows (built apart so it can be checked in tests).

    A UserError is the user's to fix: its translated sentence, as a warning. Anything else
    is our bug: logged with its traceback, shown as an apology with what to do next.
    A failed database connection (not a refusal of what was asked) is neither: the open
    databases reconnect here, the one place every service error of the app passes, and
    the person is asked to try again instead of the app staying broken.
    """
    # imported here: the login dialog (and its kit) comes up before SQLAlchemy is loaded
    from pr_desk.services.office import connection_lost, reconnect_offices

    box = QMessageBox(parent)
    box.setWindowTitle(_("PR Desk"))
    if not isinstance(exc, UserError) and connection_lost(exc):
        log.error("Database connection failed; reconnecting", exc_info=(type(exc), exc, exc.__traceback__))
        reconnect_offices()
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(_("The connection to the database was lost and has been opened again. Try again."))
    elif isinstance(exc, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(exc))
    else:
        log.error("Unexpected error: %s", exc, exc_info=(type(exc), exc, exc.__traceback__))
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(_("An unexpected error happened. We are sorry."))
        box.setInformativeText(
            _("The details were written to the log file. Please try again, and if it "
              "happens again send the log file to the system administrator.")
        )
        box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show `exc` to the user (modal) the right way for its kind; see `error_box`."""
    error_box(parent, exc).exec()


def may_drop_changes(parent: QWidget | None, question: str) -> bool:
    """Whether the person lets the window's unsaved changes go: `question` (translated)
    answered Yes."""
    answer = QMessageBox.question(parent, _("Unsaved changes"), question)
    return answer == QMessageBox.StandardButton.Yes


class FieldError(QLabel):
    """A small red message under or beside a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR};")
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        self.setFont(font)
        self.hide()

    def set_error(self, message: str | None) -> None:
        """Show `message` (already translated), or hide when None/empty."""
        self.setText(message or "")
        self.setVisible(bool(message))

    def error(self) -> str | None:
        return self.text() or None


class FormField(QWidget):
    """A field with its FieldError below it, for a QFormLayout row:

        self.code = FormField(QLineEdit())
        form.addRow(_("National code"), self.code)
        self.code.set_error(_("The check digit does not match."))
    """

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error_label = FieldError(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error_label)
        self.setFocusProxy(field)

    def set_error(self, message: str | None) -> None:
        self.error_label.set_error(message)
        self.field.setProperty("invalid", bool(message))
        self.field.setToolTip(message or "")

    def error(self) -> str | None:
        return self.error_label.error()

    def is_valid(self) -> bool:
        return not self.error_label.error()
