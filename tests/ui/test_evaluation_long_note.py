"""An inspector pastes a long evidence note into a form's note cell (mouse on the table,
then the cell's editor) and clicks Save: a note past the limit is refused on its line and
stays in its cell as pasted, instead of being saved cut at 4,000 characters without a word."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from pr_desk.services import evaluation as ev
from pr_desk.services.evaluation.forms import MAX_NOTE
from pr_desk.ui.evaluation.score_model import INSPECTOR, NOTE
from tests.ui.test_evaluation_workspace import editor_for, office, open_period  # noqa: F401 (fixture)


def type_in_cell(qtbot: Any, editor: Any, row: int, column: int, text: str) -> None:
    """A double-click on the cell, the text pasted into its editor, Enter."""
    table = editor.table
    rect = table.visualRect(editor.model.index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and table.isAncestorOf(line)
    line.selectAll()
    line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the view commits it queued


def test_a_pasted_note_past_the_limit_is_refused_and_kept_in_its_cell(qtbot: Any, office: Any,  # noqa: F811
                                                                      no_modal_boxes: list[str]) -> None:
    db, people, template = office
    period, units = open_period(db, people, template)
    editor = editor_for(qtbot, db, people.inspector, period, units[0])
    editor.resize(1180, 780)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    pasted = "گزارش بازدید از واحد و پوشش خبری مراسم. " * 130  # about 5,000 characters
    assert len(pasted) > MAX_NOTE
    type_in_cell(qtbot, editor, 0, INSPECTOR, "8")
    type_in_cell(qtbot, editor, 0, NOTE, pasted)
    assert editor.model.data(editor.model.index(0, NOTE), Qt.ItemDataRole.EditRole) == pasted
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert no_modal_boxes and editor.detail.lines[0].name in no_modal_boxes[-1]
    stored = ev.get_form(db, people.inspector, editor.detail.id)
    assert stored.lines[0].evidence_note == "" and stored.lines[0].inspector_score is None  # nothing cut, nothing saved
    note = editor.model.index(0, NOTE)
    assert editor.model.data(note, Qt.ItemDataRole.EditRole) == pasted  # the pasted text is still there to shorten
    assert editor.detail.lines[0].name in editor.model.data(note, Qt.ItemDataRole.ToolTipRole)
    assert editor.is_dirty()
