"""The directive's window refuses what it cannot keep whole, beside the field, and leaves the
database as it was: subject tags beyond the limit (too many, or one too long) were cut
without a word before."""

from __future__ import annotations

from pr_desk.domain.directives import MAX_TAG, MAX_TAGS
from pr_desk.services import directives as dv
from pr_desk.ui.directives.common import number_text
from tests.ui import test_directives_workspace as kit
from tests.ui.test_directives_workspace import boxes, office

__all__ = ["boxes", "office"]  # the fixtures, used by name


def test_too_many_or_too_long_subjects_are_refused_beside_the_field(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    ws = kit.workspace(qtbot, office, office.clerk)
    window = ws.open_directive(None)
    assert window is not None
    kit.type_text(qtbot, window.title_edit, "پوشش خبری رویدادها")
    many = "، ".join(f"موضوع {i + 1}" for i in range(MAX_TAGS + 1))
    window.tags.setText(many)  # pasted
    kit.click(qtbot, window.save_button)
    assert window.detail is None and window.fields["tags"].error()
    assert dv.count_directives(office.db, office.clerk) == 0 and not boxes

    window.tags.setText("رسانه، " + "ب" * (MAX_TAG + 1))
    kit.click(qtbot, window.save_button)
    assert window.detail is None and window.fields["tags"].error()
    assert dv.count_directives(office.db, office.clerk) == 0

    window.tags.setText("، ".join(f"موضوع {i + 1}" for i in range(MAX_TAGS)))
    kit.click(qtbot, window.save_button)
    assert window.detail is not None and not window.fields["tags"].error()
    assert len(dv.get_directive(office.db, office.clerk, window.detail.info.id).info.tags) == MAX_TAGS


def test_a_number_copied_from_the_register_finds_its_directive(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    old = kit.issued(office, "بخشنامه قدیمی")
    newer = kit.issued(office, "بخشنامه جدید")
    ws = kit.workspace(qtbot, office, office.supervisor)
    page = ws.register_page
    row = next(i for i, r in enumerate(page.model.rows()) if r.id == old.info.id)
    cell = page.table.visualRect(page.model.index(row, page.model.column_index("number")))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    kit.focus(qtbot, page.table)
    qtbot.keySequence(page.table, QKeySequence.StandardKey.Copy)  # the number as the screen shows it

    window = ws.open_directive(newer.info.id)
    window.tabs.setCurrentIndex(2)
    kit.click(qtbot, window.add_link_button)
    link = window.step_dialog
    kit.focus(qtbot, link.number)
    qtbot.keySequence(link.number, QKeySequence.StandardKey.Paste)
    assert link.number.text() == number_text(old.info.number)
    assert link.target is not None and link.target.id == old.info.id, link.found.text()
    assert link.ok_button.isEnabled() and not boxes
