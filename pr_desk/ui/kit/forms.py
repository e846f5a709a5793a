"""A dialog base for the app's small forms: fields with their messages beside them, OK
kept disabled while the input is invalid, and `load()`/`save()` in each subclass.

`validate()` runs pure checks as the user types (messages only for fields already
touched); `save()` calls one service and may raise UserError, whose `.field` picks the
field that shows the sentence. Anything else is our bug and gets the apology box.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.i18n import _, is_rtl
from pr_desk.ui.kit.messages import FieldError, FormField, show_error

log = logging.getLogger("pr_desk")

T = TypeVar("T")


class FormDialog(QDialog):
    """Subclasses add fields with `add_field`, implement `validate()` and `save()`."""

    def __init__(self, parent: QWidget | None, title: str, *, ok_text: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setMinimumWidth(440)
        self.fields: dict[str, FormField] = {}
        self._touched: set[str] = set()
        self._saving = False
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.addLayout(self.form)
        self.general_error = FieldError(self)
        self.general_error.setAlignment(
            (Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignAbsolute
        )
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or _("Save"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- building -----------------------------------------------------------------------

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, name: str, label: str, widget: QWidget) -> FormField:
        field = FormField(widget, self)
        # Messages follow the language's direction even beside a left-to-right field.
        edge = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        field.error_label.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self.fields[name] = field
        self.form.addRow(label, field)
        self._watch(name, widget)
        return field

    def _watch(self, name: str, widget: QWidget) -> None:
        def changed(*_args: object) -> None:
            self._touched.add(name)
            self.general_error.set_error(None)
            self.refresh_validity()

        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(changed)

    # -- validation -----------------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        """Field name -> message for what is wrong now (pure checks, no database)."""
        return {}

    def refresh_validity(self) -> bool:
        problems = self.validate()
        for name, field in self.fields.items():
            field.set_error(problems.get(name) if name in self._touched else None)
        ok = not problems
        self.ok_button.setEnabled(ok)
        return ok

    def show_user_error(self, exc: UserError) -> None:
        """The sentence beside the field it names, else under the form."""
        field = self.fields.get(exc.field or "")
        if field is not None:
            field.set_error(str(exc))
            field.field.setFocus()
        else:
            self.general_error.set_error(str(exc))
        self.grow_to_fit()

    def grow_to_fit(self) -> None:
        """Taller, when a message shown since it opened needs more lines than it has: the
        dialog kept its first height, and a two-line message under a field was cut off by
        the next row."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Write through a service; raise UserError to keep the dialog open."""

    def accept(self) -> None:
        if self._saving or not self.refresh_validity():
            return
        self._saving = True
        try:
            self.save()
        except UserError as exc:
            self.show_user_error(exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        finally:
            self._saving = False
        super().accept()


def ltr(text: str) -> str:
    """Latin text (paths, URLs, usernames) kept left to right inside a Persian sentence."""
    return "\u2066" + text + "\u2069"


def password_edit(parent: QWidget | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


def latin_edit(parent: QWidget | None = None, max_length: int = 64) -> QLineEdit:
    """A field for Latin input (usernames, codes, URLs): left to right in either language."""
    edit = QLineEdit(parent)
    edit.setMaxLength(max_length)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


def first_error(checks: list[tuple[str, Callable[[], object]]]) -> dict[str, str]:
    """Runs (field, check) pairs; each UserError becomes that field's message."""
    problems: dict[str, str] = {}
    for name, check in checks:
        if name in problems:
            continue
        try:
            check()
        except UserError as exc:
            problems[name] = str(exc)
    return problems


def attempt(parent: QWidget | None, action: Callable[[], T]) -> tuple[bool, T | None]:
    """Runs one service call for a button: (True, result), or (False, None) after showing
    a UserError as a warning or anything else as the apology (logged). The result keeps
    the action's type; a caller that needs it checks it against None (or `ok` where the
    action may itself return None)."""
    try:
        return True, action()
    except Exception as exc:
        show_error(parent, exc)
        return False, None
