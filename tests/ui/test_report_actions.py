"""Export and print from the list screens: the report is written off the UI thread and
read back; print preview paints every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter

from pr_desk.domain.jalali import office_today
from pr_desk.ui.report_actions import paint_pdf
from pr_desk.ui.units_page import UnitsPage
from tests.databases import fresh_office
from tests.reports.helpers import pdftotext_pages


@pytest.fixture
def page(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin", admin_display_name="مدیر", admin_password="admin-pass-1405")
    widget = UnitsPage(db, admin)
    qtbot.addWidget(widget)
    yield widget
    db.dispose()


def test_export_pdf_and_excel_with_the_screen_filters(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    opened: list[Path] = []
    page.exporter.ask_to_open = lambda path: opened.append(path) or False
    page.search.setText("منطقه ۱")
    pdf = page.exporter.export_to(tmp_path / "units.pdf")
    assert pdf is not None and opened == [pdf]
    text = "\n".join(pdftotext_pages(pdf))
    assert "روابط عمومی منطقه ۱۲" in text and "روابط عمومی منطقه ۲۲" not in text
    xlsx = page.exporter.export_to(tmp_path / "units.xlsx")
    values = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row if c]
    assert "روابط عمومی منطقه ۱" in values


def test_print_preview_paints_every_page(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = page.exporter.print_preview(show=False)
    assert dialog is not None
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pdf(page.exporter.last_written, printer) >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


# -- landscape reports print on landscape paper, at full size ----------------------------------

def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    index = view.model().index(row, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[type-arg]
    """The print previews opened, recorded instead of shown."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    opened: list = []  # type: ignore[type-arg]
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: opened.append(self) or 0)
    return opened


def _printed_on_paper(dialog, tmp_path: Path) -> list[tuple[tuple[float, float], float]]:  # type: ignore[no-untyped-def]
    """Prints what the preview shows into a PDF file as the Print button would; each
    page's size in points and the share of its width the report covers."""
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    printer = dialog.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    dialog.findChild(QPrintPreviewWidget).print_()
    document = pdfium.PdfDocument(str(tmp_path / "paper.pdf"))
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=0.5).to_pil().convert("L")
            box = image.point(lambda v: 255 if v < 200 else 0).getbbox()
            pages.append((page.get_size(), (box[2] - box[0]) / image.width if box else 0.0))
        return pages
    finally:
        document.close()


def _check_landscape_preview(dialog, source: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    document = pdfium.PdfDocument(str(source))
    width, height = document[0].get_size()
    count = len(document)
    document.close()
    assert width > height  # the report itself is A4 landscape
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth  # opens at page width
    preview.updatePreview()  # what showing the dialog does
    assert preview.pageCount() == count  # not more pages than the report has
    assert dialog.printer().pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert preview.orientation() == QPageLayout.Orientation.Landscape
    paper = _printed_on_paper(dialog, tmp_path)
    assert len(paper) == count
    for (w, h), covered in paper:
        assert (round(w), round(h)) == (842, 595)  # A4 landscape paper
        assert covered > 0.8  # the report fills the page, not a shrunk half of it


def test_print_agenda_of_a_session_on_landscape_paper(qtbot, tmp_path: Path, previews) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from pr_desk.domain.national_code import national_code_check_digit
    from pr_desk.services import meetings
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin", admin_display_name="مدیر",
                                admin_password="admin-pass-1405")
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    for nine, first in (("001234567", "مریم"), ("002345678", "حسن")):
        citizen, _new = meetings.find_or_create_citizen(db, admin, national_code=nine + str(national_code_check_digit(nine)),
                                                         first_name=first, last_name="احمدی", mobile="09121234567", district=6)
        meetings.register_request(db, admin, citizen_id=citizen.id, official_id=official.id, subject_category="urban_services",
                                  channel="in_person", description="درخواست رسیدگی به وضعیت معابر محله", confirm_duplicate=True)
    session = meetings.create_session(db, admin, official_id=official.id, session_date=office_today() + dt.timedelta(days=2),
                                      start_time="09:00", end_time="11:00", place="دفتر شهردار", capacity=5)
    meetings.fill_session(db, admin, session_id=session.id)
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    view = ws.sessions_view
    ws.tabs.setCurrentWidget(view)
    _click_row(qtbot, view.table, 0)
    assert view.current() is not None and view.current().id == session.id
    _click(qtbot, view.agenda_button)
    assert len(previews) == 1
    _check_landscape_preview(previews[0], view.agenda.last_written, tmp_path)
    db.dispose()


def test_print_unit_report_on_landscape_paper(qtbot, tmp_path: Path, previews) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.evaluation import PeriodKind
    from pr_desk.services import evaluation as ev
    from pr_desk.ui.evaluation import EvaluationWorkspace
    from tests.services.evaluation.factories import districts, small_template, staff

    db, admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin", admin_display_name="مدیر",
                                admin_password="admin-pass-1405")
    people = staff(db, admin)
    template = small_template(db, admin)
    units = districts(db, admin, 2)
    period = ev.open_period(db, people.supervisor, kind=PeriodKind.QUARTER, year=1404, number=2,
                            template_id=template.id, unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[u.id for u in units],
                        inspector_id=people.inspector.user_id)
    for unit, scores in zip(units, (["8", "4", "15"], ["10", "5", "20"]), strict=True):
        form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
        lines = [ev.ScoreInput(line.indicator_id, s, s, "گزارش") for line, s in zip(form.lines, scores, strict=False)]
        form = ev.save_scores(db, people.inspector, form.id, lines=lines, expected_version=form.version)
        form = ev.submit_form(db, people.inspector, form.id, expected_version=form.version)
        ev.approve_form(db, people.supervisor, form.id, expected_version=form.version)
    ws = EvaluationWorkspace(db, people.supervisor)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    ws.show()
    qtbot.waitExposed(ws)
    view = ws.results_view
    ws.tabs.setCurrentWidget(view)
    _click_row(qtbot, view.table, 1)
    _click(qtbot, view.print_button)
    assert len(previews) == 1
    _check_landscape_preview(previews[0], view.unit_report.last_written, tmp_path)
    db.dispose()
