"""The register's search box as a clerk types into it, on a real SQLite file: subject tags
are found however they are typed (آموزش with its madda, شبکه‌های with its half-space,
Arabic ي/ك); and the register exported while a search is typed is the list on screen."""

from __future__ import annotations

from typing import Any

from pr_desk.i18n import _
from pr_desk.services import directives as dv
from tests.ui.test_directives_workspace import (
    Office,
    boxes,
    click,
    issued,
    office,
    type_text,
    workspace,
)

__all__ = ["boxes", "office"]  # the fixtures, used by name


def _draft(office: Office, title: str, tags: str) -> Any:
    kinds = dv.ensure_default_kinds(office.db, office.clerk)
    return dv.create_directive(office.db, office.clerk, kind_id=kinds[0].id, title=title, tags=tags, body="ماده ۱ - متن")


def _search(qtbot: Any, page: Any, text: str) -> list[str]:
    page.search.clear()
    type_text(qtbot, page.search, text)
    page.reload()  # what the pause after typing does
    return [r.title for r in page.model.rows()]


def test_a_tag_is_found_as_typed_with_madda_half_space_or_arabic_letters(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    _draft(office, "پوشش رویدادهای شهری", "آموزش، شبکه‌های اجتماعی")
    _draft(office, "گزارش سالانه", "رسانه")
    page = workspace(qtbot, office, office.clerk).register_page
    assert page.model.rowCount() == 2

    for typed in ("آموزش", "اموزش", "شبکه‌های اجتماعی", "شبكه‌هاي اجتماعي", "شبکه های"):
        assert _search(qtbot, page, typed) == ["پوشش رویدادهای شهری"], typed
    assert _search(qtbot, page, "رسانه") == ["گزارش سالانه"]
    assert _search(qtbot, page, "۱۰۰%") == [] and not boxes


def test_the_register_printed_from_a_search_is_the_list_on_screen(qtbot, office, boxes, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    for title in ("دسترس‌پذیری پرتال", "به‌روزرسانی پرتال واحدها", "گزارش سالانه عملکرد"):
        issued(office, title)
    page = workspace(qtbot, office, office.clerk).register_page
    assert sorted(_search(qtbot, page, "پرتال")) == ["به‌روزرسانی پرتال واحدها", "دسترس‌پذیری پرتال"]
    out = tmp_path / "دفتر.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    page.exporter.ask_to_open = lambda _path: False
    excel = next(b for b in page.export_buttons if b.text() == _("Export Excel…"))
    click(qtbot, excel)
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "دسترس‌پذیری پرتال" in cells and "به‌روزرسانی پرتال واحدها" in cells
    assert "گزارش سالانه عملکرد" not in cells and not boxes


def test_a_pasted_paragraph_searches_by_its_first_words(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    body = "ماده ۱ - همه مناطق گزارش رویدادها را ظرف ۲۴ ساعت ارسال کنند"
    issued(office, "پوشش خبری رویدادهای شهری", body)
    issued(office, "گزارش سالانه عملکرد")
    page = workspace(qtbot, office, office.clerk).register_page
    paragraph = " ".join([body] + [f"واژه{i}" for i in range(600)])
    page.search.setText(paragraph)  # pasted: hundreds of words (each one a condition of the query)
    assert page.reload() and not boxes
    assert [r.title for r in page.model.rows()] == ["پوشش خبری رویدادهای شهری"]


def test_a_number_typed_without_its_leading_zeros_in_the_search_box_and_the_link_dialog(qtbot, office, boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.text import to_persian_digits

    first = issued(office, "بخشنامه قدیمی")
    second = issued(office, "بخشنامه جدید")
    number = first.info.number or ""
    head, serial = number.rsplit("/", 1)
    typed = to_persian_digits(f"{head}/{serial.lstrip('0')}")  # "د/۱۴۰۵/۱" for د/1405/001, as a clerk types it
    ws = workspace(qtbot, office, office.supervisor)
    assert _search(qtbot, ws.register_page, typed) == ["بخشنامه قدیمی"]

    window = ws.open_directive(second.info.id)
    window.tabs.setCurrentIndex(2)
    click(qtbot, window.add_link_button)
    link = window.step_dialog
    type_text(qtbot, link.number, typed)
    assert link.target is not None and link.target.id == first.info.id and link.ok_button.isEnabled()
    assert not boxes


def test_the_compliance_report_printed_from_a_matrix_search_is_the_matrix_on_screen(qtbot, office, boxes, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    from pr_desk.services import units
    from pr_desk.ui.report_actions import ReportExporter

    monkeypatch.setattr(ReportExporter, "_ask_to_open", lambda _self, _path: False)  # not opened after it is saved
    district = {u.code: u for u in units.list_units(office.db, office.admin)}
    for title, code in (("دسترس‌پذیری پرتال", "D03"), ("گزارش سالانه عملکرد", "D05")):
        d = issued(office, title)
        dv.distribute(office.db, office.clerk, d.info.id, unit_ids=[district[code].id])
    ws = workspace(qtbot, office, office.clerk)
    matrix = ws.matrix_view
    ws.tabs.setCurrentWidget(matrix)
    matrix.search.clear()
    type_text(qtbot, matrix.search, "پرتال")
    matrix.reload()  # what the pause after typing does
    assert matrix.model.rowCount() == 1
    out = tmp_path / "انطباق.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    excel = next(b for b in matrix.export_buttons if b.text() == _("Export Excel…"))
    click(qtbot, excel)
    cells = [c for ws in load_workbook(out).worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "دسترس‌پذیری پرتال" in cells and "گزارش سالانه عملکرد" not in cells
    assert district["D03"].name in cells and district["D05"].name not in cells and not boxes
