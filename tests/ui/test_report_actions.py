"""Export and print from the list screens: the report is written off the UI thread and
read back; print preview paints every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter

from pr_desk.services.setup import create_database
from pr_desk.ui.report_actions import paint_pdf
from pr_desk.ui.units_page import UnitsPage
from tests.reports.helpers import pdftotext_pages


@pytest.fixture
def page(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = create_database(str(tmp_path / "office.sqlite"), admin_username="admin", admin_display_name="مدیر", admin_password="admin-pass-1405")
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
