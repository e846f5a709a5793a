"""The events workspace's own buttons for Excel: a clerk clicks "Import events from Excel…",
chooses the file, presses Import in the preview, and the events are in the calendar's list;
"Save Excel template…" writes the template a clerk fills in."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pr_desk.services.events import events as ev
from pr_desk.ui.events.workspace import EventsWorkspace
from pr_desk.ui.kit.import_flow import ImportPreviewDialog
from tests.ui.kit.test_import_flow import office, when_preview_shows  # noqa: F401  (the office fixture)


def test_import_button_brings_the_years_events_in(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],  # noqa: F811
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    book = Workbook()
    book.active.append(["کد رویداد", "نوع رویداد", "عنوان رویداد", "تاریخ شروع", "تاریخ پایان"])
    book.active.append(["", "جشن", "جشن روز تهران", "1405/07/14", ""])
    book.active.append(["", "همایش و نشست", "همایش روابط عمومی شهری", "1405/08/20", "1405/08/21"])
    path = tmp_path / "رویدادها.xlsx"
    book.save(path)

    page = EventsWorkspace(db, admin)
    qtbot.addWidget(page)
    page.show()
    assert page.import_button.isVisible() and page.template_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    seen = when_preview_shows(qtbot, lambda dialog: qtbot.mouseClick(_import(dialog), Qt.MouseButton.LeftButton))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    titles = {e.title for e in ev.list_events(db, admin, year=1405)}
    assert {"جشن روز تهران", "همایش روابط عمومی شهری"} <= titles

    template = tmp_path / "الگو.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(template), "")))
    qtbot.mouseClick(page.template_button, Qt.MouseButton.LeftButton)
    assert "عنوان رویداد" in [c.value for c in next(load_workbook(template).worksheets[0].iter_rows(max_row=1))]


def _import(dialog: ImportPreviewDialog):  # type: ignore[no-untyped-def]
    assert dialog.import_button is not None
    return dialog.import_button
