"""A dialog that asks for a written reason (required) and runs one service call with it:
reject an order, cancel a request, return a form, revise an approved one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from pr_desk.domain.validation import require_text
from pr_desk.ui.kit.forms import FormDialog, first_error


class ReasonDialog(FormDialog):
    """`action(text)` runs on OK (its result in `result_value`); the text is named `label`
    beside the field and `subject` in the sentence when it is missing or too long. A
    refusal the service ties to one of `fields` shows beside the text."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, action: Callable[[str], object], *,
                 label: str, subject: str, max_length: int, ok_text: str | None = None, height: int = 90,
                 fields: Sequence[str] = ("reason",)) -> None:
        super().__init__(parent, title, ok_text=ok_text)
        self.set_intro(intro)
        self.action = action
        self.subject = subject
        self.max_length = max_length
        self.service_fields = tuple(fields)
        self.result_value: object = None
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(height)
        self.add_field("reason", label, self.text)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return first_error([("reason", lambda: require_text(self.text.toPlainText(), self.subject, self.max_length,
                                                            field="reason", multiline=True))])

    def show_user_error(self, exc: Any) -> None:
        if getattr(exc, "field", None) in self.service_fields:
            self.fields["reason"].set_error(str(exc))
        else:
            super().show_user_error(exc)

    def save(self) -> None:
        self.result_value = self.action(self.text.toPlainText())
