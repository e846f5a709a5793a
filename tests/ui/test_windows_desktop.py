"""The desktop side of the clerk's Windows PC (issue 16, item 3): the app's name and icon
for the taskbar, Qt 6's high-DPI scaling, and the printer's paper for a portrait report."""

from __future__ import annotations

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from pr_desk import paths


def test_the_app_has_its_persian_name_and_its_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.app import setup_application

    app = setup_application([])
    assert app.applicationDisplayName() == "میز روابط عمومی"
    assert not app.windowIcon().isNull()
    assert (paths.RESOURCES / "icons" / "pr-desk.ico").stat().st_size > 0  # the executables' (installer/pr_desk.spec)


def test_high_dpi_scaling_is_on_and_not_rounded(qapp) -> None:  # type: ignore[no-untyped-def]
    # Qt 6 always scales by the screen's factor (the Qt 5 attribute is gone); PassThrough
    # keeps a 125 % or 150 % Windows setting as it is instead of rounding it to 100 % or 200 %.
    assert QGuiApplication.highDpiScaleFactorRoundingPolicy() == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough


def test_a_portrait_a4_report_gets_a4_portrait_paper_on_a_letter_printer(qapp) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.report_actions import page_layout_for

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # a default printer set up for Letter
    layout = page_layout_for(QSizeF(595.28, 841.89), printer)  # reportlab's A4, in points
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert layout.orientation() == QPageLayout.Orientation.Portrait
