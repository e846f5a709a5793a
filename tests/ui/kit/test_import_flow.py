"""The kit's import flow on the real pages, driven with qtbot: the real preview dialog
opens (window-modal, as a user sees it), its buttons are clicked; every bad row is named
by row, column, value and problem; Import is offered only for a clean file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from pr_desk.services import units, users
from pr_desk.ui.kit.import_flow import ImportPreviewDialog
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db, admin
    db.dispose()


def _workbook(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
        for cell in book.active[book.active.max_row]:
            cell.data_type = "s"  # as Excel keeps what was typed into a text cell: "=جمع" stays text
    book.save(path)
    return path


def when_preview_shows(qtbot, act: Callable[[ImportPreviewDialog], None]) -> list[ImportPreviewDialog]:  # type: ignore[no-untyped-def]
    """Runs `act` on the preview dialog once it is open (the flow waits in its exec())."""
    seen: list[ImportPreviewDialog] = []

    def look() -> None:
        open_now = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportPreviewDialog) and w.isVisible()]
        if not open_now:
            QTimer.singleShot(20, look)
            return
        seen.append(open_now[0])
        try:
            act(open_now[0])
        except BaseException:
            open_now[0].done(0)  # closed when `act` failed, so exec() returns and the failure shows
            raise

    QTimer.singleShot(0, look)
    return seen


def _headers(dialog: ImportPreviewDialog) -> list[str]:
    model = dialog.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_a_clean_units_file_is_imported_by_clicking_import(qtbot, office, tmp_path: Path, no_modal_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin = office
    path = _workbook(tmp_path / "units.xlsx", ["کد", "نام واحد", "نوع", "منطقه", "توضیحات"],
                     [["ORG-301", "سازمان سیصد و یک", "سازمان وابسته", "", ""], ["CO-302", "شرکت سیصد و دو", "company", "", "=جمع"]])
    page = UnitsPage(db, admin)
    qtbot.addWidget(page)

    def press_import(dialog: ImportPreviewDialog) -> None:
        assert dialog.import_button is not None and not dialog.only_bad.isVisible()
        assert _headers(dialog)[:3] == ["ردیف", "کد", "نام واحد"]
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    seen = when_preview_shows(qtbot, press_import)
    result = page.import_file(path)
    assert len(seen) == 1 and result is not None and result.added == 2
    assert units.get_unit(db, admin, next(u.id for u in units.list_units(db, admin, search="CO-302"))).notes == "=جمع"
    assert no_modal_boxes == ["ورود انجام شد: ۲ افزوده، ۰ به\u200cروز، ۰ بدون تغییر."]


def test_bad_rows_are_named_and_import_is_not_offered(qtbot, office, tmp_path: Path, no_modal_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin = office
    path = _workbook(tmp_path / "bad units.xlsx", ["Code", "Unit name", "Kind", "District", "Notes"],
                     [["ORG-401", "سازمان چهارصد و یک", "organisation", "", ""], ["ORG-402", "سازمان دوم", "نوع عجیب", "", ""],
                      ["D09", "منطقه نه", "district", "40", ""]])
    page = UnitsPage(db, admin)
    qtbot.addWidget(page)
    before = units.count_units(db, admin)
    looked: list[list[list[str]]] = []

    def look_then_close(dialog: ImportPreviewDialog) -> None:
        assert dialog.import_button is None  # only Close
        assert _headers(dialog) == ["ردیف", "ستون", "مقدار", "ایراد"]
        looked.append([[dialog.model.index(r, c).data() for c in range(4)] for r in range(dialog.model.rowCount())])
        assert "\u2068bad units.xlsx\u2069" in dialog.summary.text() and "۲ ردیف" in dialog.summary.text()
        dialog.accept()  # Enter on the dialog: nothing is imported while any row is wrong
        assert dialog.isVisible()
        dialog.only_bad.setChecked(False)  # every row of the file, the bad ones tinted with their reasons
        assert [r.row_number for r in dialog.model.rows()] == [2, 3, 4]
        bad = dialog.model.index(1, 0)
        assert bad.data(Qt.ItemDataRole.BackgroundRole) is not None and "نوع" in bad.data(Qt.ItemDataRole.ToolTipRole)
        assert dialog.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = when_preview_shows(qtbot, look_then_close)
    assert page.import_file(path) is None
    assert len(seen) == 1 and not seen[0].isVisible()
    assert looked == [[["۳", "نوع", "\u2068نوع عجیب\u2069", "نوع واحد نامعلوم است: نوع عجیب"],
                       ["۴", "منطقه", "\u206840\u2069", "منطقه باید عددی از ۱ تا ۲۲ باشد."]]]
    assert units.count_units(db, admin) == before and no_modal_boxes == []


def test_the_users_flow_names_a_formula_cell_and_its_column(qtbot, office, tmp_path: Path, no_modal_boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.users_page import UsersPage

    db, admin = office
    path = _workbook(tmp_path / "users.xlsx", ["نام کاربری", "نام و نام خانوادگی", "نقش"], [["a.user", "@cmd", "کارشناس"]])
    page = UsersPage(db, admin)
    qtbot.addWidget(page)
    rows: list[list[str]] = []

    def close(dialog: ImportPreviewDialog) -> None:
        rows.extend([dialog.model.index(r, c).data() for c in range(4)] for r in range(dialog.model.rowCount()))
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    when_preview_shows(qtbot, close)
    assert page.import_file(path) is None
    assert [r[:3] for r in rows] == [["۲", "نام و نام خانوادگی", "\u2068@cmd\u2069"]] and "فرمول" in rows[0][3]
    assert users.count_users(db, admin) == 1 and no_modal_boxes == []


def test_templates_are_saved_through_the_services(qtbot, office, tmp_path: Path, no_modal_boxes: list[str],  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from pr_desk.ui.units_page import UnitsPage
    from pr_desk.ui.users_page import UsersPage

    db, admin = office
    for page_type, name in ((UnitsPage, "units-template"), (UsersPage, "users-template")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, target=target, **_k: (str(target), "")))
        page = page_type(db, admin)
        qtbot.addWidget(page)
        page.template_button.click()
        assert (tmp_path / f"{name}.xlsx").is_file()  # the .xlsx added
    assert len(no_modal_boxes) == 2 and all(f"{tmp_path}" in text for text in no_modal_boxes)
