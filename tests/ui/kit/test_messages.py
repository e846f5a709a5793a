"""show_error and field messages."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLineEdit, QMessageBox

from pr_desk.domain.errors import UserError
from pr_desk.ui.kit import FieldError, FormField, error_box, show_error


def test_user_error_is_a_translated_warning(qtbot, persian, caplog):
    box = error_box(None, UserError("This is not a valid date."))
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "این تاریخ معتبر نیست."
    assert not caplog.records


def test_bug_is_logged_and_apologised_for(qtbot, persian, caplog):
    try:
        {}["missing"]
    except KeyError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="pr_desk"):
        box = error_box(None, error)
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert "پوزش" in box.text()
    assert "KeyError" in box.detailedText()
    record = caplog.records[-1]
    assert record.name == "pr_desk" and record.exc_info[0] is KeyError


def test_show_error_runs_the_box(qtbot, monkeypatch, english):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    show_error(None, UserError("This is not a valid date."))
    assert shown == ["This is not a valid date."]


def test_field_error_shows_and_hides(qtbot):
    field = FormField(QLineEdit())
    qtbot.addWidget(field)
    field.show()
    assert field.is_valid() and field.error_label.isHidden()
    field.set_error("Too short")
    assert not field.is_valid()
    assert field.error_label.isVisible() and field.error() == "Too short"
    assert field.field.toolTip() == "Too short"
    field.set_error(None)
    assert field.is_valid() and field.error_label.isHidden()
    label = FieldError()
    qtbot.addWidget(label)
    label.set_error("x")
    assert label.error() == "x"
