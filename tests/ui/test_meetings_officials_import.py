"""The officials tab and importing meeting requests from Excel in the meeting workspace,
driven like a clerk would on a real SQLite database, right to left as in the office; and
the Units tab's row selection right to left. No modal is ever left open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.domain.units import UnitKind
from pr_desk.services import meetings, units
from pr_desk.services.meetings import RegularSlot
from pr_desk.spreadsheets.meetings import write_meetings_template
from pr_desk.ui.kit.import_flow import ImportPreviewDialog
from pr_desk.ui.meetings.common import find_data
from pr_desk.ui.meetings.officials_view import OfficialDialog
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


def national_code(first_nine: str) -> str:
    return first_nine + str(national_code_check_digit(first_nine))


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    yield db, admin, official
    db.dispose()


@pytest.fixture
def rtl(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The application right to left, as it runs in Persian."""
    before = qapp.layoutDirection()
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    qapp.setLayoutDirection(before)


def workspace(qtbot, db, actor):  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    ws = MeetingsWorkspace(db, actor)
    ws.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(ws)
    return ws


def run_modal(monkeypatch: pytest.MonkeyPatch, dialog: QDialog) -> None:
    """The dialog's exec() presses OK instead of waiting for a person."""
    def press_ok() -> int:
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(dialog, "exec", press_ok)


# -- officials ----------------------------------------------------------------------------

def test_add_an_official_with_regular_slots_through_the_dialog(qtbot, office, no_modal_boxes, rtl, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, _mayor = office
    ws = workspace(qtbot, db, admin)
    view = ws.officials_view
    assert ws.tabs.tabText(ws.tabs.indexOf(view)) == "مقام‌ها"
    dialog = view.official_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # title and name required
    dialog.title.setText("معاون خدمات شهری")
    dialog.name.setText("محمد امینی")
    dialog.district.setValue(6)
    row = dialog.slots.add_slot()
    assert dialog.slots.widget(row, dialog.slots.START).text() == "۰۹:۰۰"  # hours first, right to left too
    dialog.slots.widget(row, dialog.slots.WEEKDAY).setCurrentIndex(2)  # Monday
    dialog.slots.widget(row, dialog.slots.PLACE).setText("سالن جلسات")
    dialog.slots.widget(row, dialog.slots.END).setTime(dialog.slots.widget(row, dialog.slots.START).time().addSecs(-3600))
    assert not dialog.ok_button.isEnabled()
    assert dialog.fields["regular_slots"].error() == "زمان ۱: پایان جلسه باید پس از شروع آن باشد."
    dialog.slots.widget(row, dialog.slots.END).setTime(dialog.slots.widget(row, dialog.slots.START).time().addSecs(2 * 3600))
    assert dialog.ok_button.isEnabled() and not dialog.fields["regular_slots"].error()
    second = dialog.slots.add_slot()  # starts a day after the one above
    assert dialog.slots.widget(second, dialog.slots.WEEKDAY).currentData() == 3
    dialog.slots.remove_current()
    assert dialog.slots.table.rowCount() == 1

    monkeypatch.setattr(view, "official_dialog", lambda official=None: dialog)
    run_modal(monkeypatch, dialog)
    view.add_official()
    saved = dialog.saved
    assert saved is not None and saved.district == 6
    assert saved.regular_slots == (RegularSlot(2, dt.time(9, 0), dt.time(11, 0), "سالن جلسات"),)
    current = view.current()
    assert current is not None and current.id == saved.id
    shown = view.model.rows()[[r.id for r in view.model.rows()].index(saved.id)]
    assert shown.slots_text == "دوشنبه ۰۹:۰۰ تا ۱۱:۰۰، سالن جلسات"
    assert shown.district_text == "۶"
    # the other views offer the new official at once
    assert find_data(ws.sessions_view.official, saved.id) >= 0
    assert ws.queue_view is not None and find_data(ws.queue_view.official, saved.id) >= 0
    assert ws.requests_view is not None and find_data(ws.requests_view.official, saved.id) >= 0


def test_edit_an_official_and_a_stale_edit_is_refused_then_reloaded(qtbot, office, no_modal_boxes, rtl, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, mayor = office
    ws = workspace(qtbot, db, admin)
    view = ws.officials_view
    assert view.model.rows()[0].district_text == "کل شهر"
    from pr_desk.ui.meetings.common import same_id, select_where

    assert select_where(view.table, same_id(mayor.id))
    dialog = view.official_dialog(view.current())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "ویرایش مقام" and dialog.active.isChecked()
    dialog.slots.add_slot(RegularSlot(4, dt.time(14, 0), dt.time(16, 0), "دفتر شهردار"))
    dialog.active.setChecked(False)
    monkeypatch.setattr(view, "official_dialog", lambda official=None: dialog)
    run_modal(monkeypatch, dialog)
    view.edit_official()
    after = meetings.get_official(db, admin, official_id=mayor.id)
    assert not after.active and after.regular_slots == (RegularSlot(4, dt.time(14, 0), dt.time(16, 0), "دفتر شهردار"),)
    assert view.show_inactive.isChecked()  # an official taken off the list stays in sight
    assert view.current() is not None and view.current().id == mayor.id
    assert find_data(ws.sessions_view.official, mayor.id) < 0  # no longer offered for new sessions

    # someone else changes the official while this dialog is open
    stale = OfficialDialog(db, admin, view)
    qtbot.addWidget(stale)
    stale.load(after)
    meetings.update_official(db, admin, official_id=mayor.id, name=after.name, title="شهردار", active=True,
                             expected_version=after.version)
    stale.name.setText("نام دیگر")
    monkeypatch.setattr(view, "official_dialog", lambda official=None: stale)
    monkeypatch.setattr(stale, "exec", lambda: (stale.accept(), int(stale.result()))[1])
    view.edit_official()
    assert stale.general_error.error() and not stale.ok_button.isEnabled()
    assert meetings.get_official(db, admin, official_id=mayor.id).name == "علیرضا زاکانی"
    assert [r.title for r in view.model.rows() if r.id == mayor.id] == ["شهردار"]  # the list shows what is there now


def test_an_inspector_reads_the_officials_but_cannot_change_them(qtbot, office, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.roles import Role
    from pr_desk.services import users
    from pr_desk.services.context import Actor

    db, admin, _mayor = office
    info = users.add_user(db, admin, username="inspector", display_name="بازرس", role=Role.INSPECTOR, password="pass-word-1405")
    inspector = Actor(info.id, info.username, info.display_name, Role.INSPECTOR)
    ws = workspace(qtbot, db, inspector)
    assert len(ws.officials_view.model.rows()) == 1
    assert ws.officials_view.add_button.isHidden() and not ws.officials_view.read_only_note.isHidden()
    assert ws.import_button.isHidden() and ws.template_button.isHidden()


# -- import from Excel --------------------------------------------------------------------

def meetings_file(path: Path, rows: list[list[str]]) -> Path:
    write_meetings_template(path)
    wb = load_workbook(path)
    ws = wb.active
    ws.delete_rows(2)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def good(code: str, first: str = "مریم", last: str = "احمدی") -> list[str]:
    return [national_code(code), first, last, "09121234567", "6", "شهردار تهران", "خدمات شهری", "حضوری",
            "درخواست رسیدگی به وضعیت معابر محله", "1404/09/01", "", ""]


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[ImportPreviewDialog]:
    """Each preview is recorded and its Import button pressed (when it can be)."""
    seen: list[ImportPreviewDialog] = []

    def press_import(self: ImportPreviewDialog) -> int:
        seen.append(self)
        self.accept()
        return int(self.result())

    monkeypatch.setattr(ImportPreviewDialog, "exec", press_import)
    return seen


def test_the_preview_names_bad_rows_and_imports_nothing(qtbot, office, no_modal_boxes, previews, rtl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin, mayor = office
    ws = workspace(qtbot, db, admin)
    bad = good("002234567")
    bad[5] = "کسی که نیست"
    path = meetings_file(tmp_path / "ملاقات‌ها.xlsx", [good("001234567"), bad, good("003234567")])
    ws.import_file(path)
    assert len(previews) == 1
    preview = previews[0]
    assert preview.import_button is None and preview.preview.bad_rows == 1  # Import is not offered
    assert "ملاقات‌ها.xlsx" in preview.summary.text() and "۱ ردیف از ۳" in preview.summary.text()
    shown = preview.model.rows()
    assert [r.row_number for r in shown] == [3]  # only the bad rows at first
    assert "کسی که نیست" in shown[0].message and shown[0].value == "کسی که نیست" and shown[0].column == "مقام ملاقات‌شونده"
    preview.only_bad.setChecked(False)
    assert [r.row_number for r in preview.model.rows()] == [2, 3, 4]  # every row, the bad one with its reason
    assert [bool(r.problem) for r in preview.model.rows()] == [False, True, False]
    assert meetings.count_queue(db, admin, official_id=mayor.id) == 0  # all or none: nothing written
    assert meetings.list_citizens(db, admin) == []
    assert not any("افزوده شد" in text for text in no_modal_boxes)


def test_the_preview_lists_good_rows_and_imports_them_all(qtbot, office, no_modal_boxes, previews, rtl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin, mayor = office
    ws = workspace(qtbot, db, admin)
    path = meetings_file(tmp_path / "meetings.xlsx", [good("001234567"), good("002234567", "علی", "رضایی")])
    ws.import_file(path)
    preview = previews[0]
    assert preview.import_button is not None and preview.import_button.isEnabled() and preview.only_bad.isHidden()
    assert [r.citizen for r in preview.model.rows()] == ["مریم احمدی", "علی رضایی"]
    assert meetings.count_queue(db, admin, official_id=mayor.id) == 2
    assert any("۲ درخواست ملاقات" in text for text in no_modal_boxes)
    assert ws.queue_view is not None and ws.queue_view.model.total_count() == 2  # the queue shows them at once


def test_save_the_excel_template(qtbot, office, no_modal_boxes, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    db, admin, _mayor = office
    ws = workspace(qtbot, db, admin)
    target = tmp_path / "template"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    ws.template_button.click()
    assert (tmp_path / "template.xlsx").exists()


# -- units, right to left -----------------------------------------------------------------

def test_select_unit_selects_the_row_right_to_left(qtbot, office, rtl) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.units_page import UnitsPage

    db, admin, _mayor = office
    added = [units.add_unit(db, admin, name=f"سازمان شماره {n}", kind=UnitKind.ORGANISATION) for n in range(1, 6)]
    page = UnitsPage(db, admin)
    page.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    for unit in (added[3], added[0]):
        assert page.select_unit(unit.id)
        current = page.current_unit()
        assert current is not None and current.id == unit.id
        assert page.edit_button.isEnabled()
