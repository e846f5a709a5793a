"""A unit's pending list shows the reminder ladder (the level's label in its colour) and
prints the unit's reminder letter from its "Reminder letter…" button; the recipients of a
directive show the same column. On a real SQLite register made through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pr_desk.domain.followup import REMINDER_COLOURS, ReminderLevel
from pr_desk.ui.directives.distribution import RECIPIENT_COLUMNS
from pr_desk.ui.directives.follow_up import PENDING_COLUMNS, PendingView
from tests.reports.helpers import pdftotext_pages
from tests.services.directives.test_reports import build_register


def test_pending_list_shows_the_ladder_and_prints_the_reminder_letter(qtbot: Any, sqlite_office: Any, tmp_path: Path,
                                                                      monkeypatch: Any, no_modal_boxes: list[str]) -> None:
    db, admin = sqlite_office
    reg = build_register(db, admin)
    view = PendingView(db, reg.people.clerk)
    qtbot.addWidget(view)
    view.show()
    view.choose_unit(reg.unit["D04"].id)
    column = [c.key for c in PENDING_COLUMNS].index("reminder")
    assert "reminder" in [c.key for c in RECIPIENT_COLUMNS]
    row = next(i for i, r in enumerate(view.rows.rows) if r.directive_id == reg.a.id)
    index = view.model.index(row, column)
    assert view.rows.rows[row].reminder is ReminderLevel.ESCALATED  # refused evidence, 20 days past its deadline
    assert view.model.data(index) == "ارجاع به سرپرست"
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole).color().name() == REMINDER_COLOURS[ReminderLevel.ESCALATED]
    assert view.model.headerData(column, Qt.Orientation.Horizontal) == "یادآوری"

    assert view.reminder_button.isVisible() and view.reminder_button.isEnabled()
    target = tmp_path / "reminder.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    assert view.reminder_exporter is not None
    view.reminder_exporter.ask_to_open = lambda _path: False
    view.reminder_pdf_action.trigger()
    text = "\n".join(pdftotext_pages(target)).replace("\u200c", "")
    assert "روابط عمومی منطقه ۴" in text and "پوشش خبری رویدادهای شهری" in text
    assert len(pdftotext_pages(target)) == 1 and not no_modal_boxes

    view.choose_unit(reg.unit["D01"].id)  # nothing pending: no letter to print
    assert not view.reminder_button.isEnabled()
