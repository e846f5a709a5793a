"""Export PDF / Export Excel / Print (with preview) for any registered report: the report
is built on a worker thread behind a progress dialog with Cancel, and the file opens
afterwards if the user asks."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from pr_desk.domain.errors import UserError
from pr_desk.i18n import _
from pr_desk.services import report_catalog
from pr_desk.ui import settings
from pr_desk.ui.kit import JobCancelled, run_with_progress, show_error
from pr_desk.ui.kit.formatting import file_filter
from pr_desk.ui.kit.report_filters import ask_report_filters

ParamsProvider = Callable[[], Mapping[str, Any]]


def _safe_file_name(title: str) -> str:
    cleaned = "".join(c for c in title if c not in '\\/:*?"<>|').strip()
    return cleaned or "report"


class ReportExporter:
    """The three report actions for one report kind, with the screen's current filters.

    `params` returns the report's filters; the database and the acting user are added here.
    `ask_to_open` can be replaced in tests (it returns whether to open the written file).
    Export and print show the report's filters first (the screen's, else the report's
    defaults: Enter builds it); `ask_filters` returns them, or None when cancelled.
    """

    def __init__(self, parent: QWidget, kind: str, db: Any, actor: Any, params: ParamsProvider | None = None) -> None:
        self.parent = parent
        self.kind = kind
        self.db = db
        self.actor = actor
        self.params = params or (lambda: {})
        self.ask_to_open: Callable[[Path], bool] = self._ask_to_open
        self.ask_filters: Callable[[Mapping[str, Any]], Mapping[str, Any] | None] = (
            lambda current: ask_report_filters(self.parent, self.kind, current))
        self._chosen: Mapping[str, Any] | None = None  # the filters the person confirmed for this build
        self.last_written: Path | None = None
        self._printer: QPrinter | None = None

    # -- building --------------------------------------------------------------------------

    def build(self, path: Path) -> Path | None:
        """Builds the report into `path` off the UI thread; None if cancelled or failed."""
        filters = self._chosen if self._chosen is not None else self.params()
        params = {**filters, "db": self.db, "actor": self.actor}

        def job(progress: Callable[..., None], cancelled: Callable[[], bool]) -> Path:
            def tick(done: int, total: int | None) -> None:
                progress(done, total)

            def stop() -> bool:
                return cancelled()

            try:
                return report_catalog.build_report(self.kind, params, path, progress=tick, cancel=stop)
            except report_catalog.ReportCancelled as exc:
                raise JobCancelled() from exc

        title = _("Preparing the report “{title}”…").format(title=report_catalog.report_title(self.kind))
        result = run_with_progress(self.parent, title, job)
        if result.cancelled:
            return None
        if result.error is not None:
            show_error(self.parent, result.error)
            return None
        self.last_written = result.unwrap()
        return self.last_written

    # -- the actions -----------------------------------------------------------------------

    def choose_filters(self) -> bool:
        """Shows the report's filters (Enter accepts them as shown); False when cancelled."""
        try:
            current = self.params()
        except UserError as exc:  # e.g. nothing chosen on the screen yet
            show_error(self.parent, exc)
            return False
        chosen = self.ask_filters(current)
        self._chosen = dict(chosen) if chosen is not None else None
        return chosen is not None

    def export(self, suffix: str) -> Path | None:
        if not self.choose_filters():
            return None
        try:
            return self._export(suffix)
        finally:
            self._chosen = None

    def _export(self, suffix: str) -> Path | None:
        title = report_catalog.report_title(self.kind)
        folder = settings.LAST_FOLDER.get() or str(Path.home())
        default = str(Path(folder) / f"{_safe_file_name(title)}{suffix}")
        pattern = file_filter(_("PDF files (*.pdf)")) if suffix == ".pdf" else file_filter(_("Excel workbooks (*.xlsx)"))
        chosen, _filter = QFileDialog.getSaveFileName(self.parent, _("Save report"), default, pattern)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        settings.LAST_FOLDER.set(str(path.parent))
        return self.export_to(path)

    def export_to(self, path: Path) -> Path | None:
        written = self.build(path)
        if written is not None and self.ask_to_open(written):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
        return written

    def _ask_to_open(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.parent, _("Report saved"), _("The report was saved as {path}. Open it now?").format(path=path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_preview(self, *, show: bool = True) -> QPrintPreviewDialog | None:
        """Builds the PDF, then shows Qt's print preview of its pages (pdfium renders them);
        the report's filters are asked first when the preview is shown."""
        if show and not self.choose_filters():
            return None
        folder = Path(tempfile.mkdtemp(prefix="pr-desk-print-"))
        try:
            pdf = self.build(folder / "report.pdf")
        finally:
            self._chosen = None
        if pdf is None:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(report_catalog.report_title(self.kind))
        self._printer = printer  # the dialog only borrows it: kept as long as the dialog may paint
        dialog = QPrintPreviewDialog(printer, self.parent)
        dialog.setWindowTitle(_("Print preview"))
        dialog.paintRequested.connect(lambda p: paint_pdf(pdf, p))
        _open_at_page_width(dialog)
        if show:
            dialog.exec()
        return dialog


def _open_at_page_width(dialog: QPrintPreviewDialog) -> None:
    """The preview opens with the page as wide as the window (Qt's default fits the whole
    page in, which leaves a landscape A4 at a third of its size); through the dialog's own
    "Fit width" so its toolbar shows the mode that is on."""
    fit_width = dialog.findChild(QAction, "fitWidthAction")
    if fit_width is not None:
        fit_width.trigger()
    preview = dialog.findChild(QPrintPreviewWidget)
    if preview is not None and preview.zoomMode() != QPrintPreviewWidget.ZoomMode.FitToWidth:
        preview.fitToWidth()


def render_pages(pdf: Path, dpi: int = 150) -> list[QImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
            images.append(image)
        return images
    finally:
        document.close()


def page_sizes(pdf: Path) -> list[QSizeF]:
    """Each page's size in points, as the PDF sets it (width first: wider than high is
    landscape)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [QSizeF(*document[index].get_size()) for index in range(len(document))]
    finally:
        document.close()


def page_layout_for(size: QSizeF, printer: QPrinter) -> QPageLayout:
    """The printer's page for a PDF page of `size` points: the same paper (A4 is matched
    to the printer's A4), the same orientation, and margins no wider than the printer
    needs (the PDF has its own)."""
    upright = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    paper = QPageSize(upright, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                   else QPageLayout.Orientation.Portrait)
    current = printer.pageLayout()
    least = current.minimumMargins()
    return QPageLayout(paper, orientation, least, current.units(), least)


def paint_pdf(pdf: Path, printer: QPrinter) -> int:
    """Paints every page of `pdf` onto `printer`, one page each, every page on paper of
    its own size and orientation (a landscape report on landscape paper, at full size);
    returns the page count."""
    pages = render_pages(pdf)
    layouts = [page_layout_for(size, printer) for size in page_sizes(pdf)]
    if not pages:
        return 0
    printer.setPageLayout(layouts[0])  # before begin(): the first page's paper
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for number, image in enumerate(pages):
            if number:
                if not layouts[number].isEquivalentTo(printer.pageLayout()):
                    printer.setPageLayout(layouts[number])  # takes effect on the new page
                printer.newPage()
            painter.drawImage(_fitted(image.size(), _paint_rect(printer)), image)
    finally:
        painter.end()
    if not layouts[0].isEquivalentTo(printer.pageLayout()):
        printer.setPageLayout(layouts[0])  # the preview frames every page with the printer's last layout
    return len(pages)


def _paint_rect(printer: QPrinter) -> QRect:
    """The printable area of the current page in the painter's coordinates (its origin is
    the area's corner)."""
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    return QRect(0, 0, area.width(), area.height())


def _fitted(size: QSize, target: QRect) -> QRect:
    """`size` scaled to fit `target` keeping its shape, centred in it."""
    scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(target.x() + (target.width() - scaled.width()) // 2,
                 target.y() + (target.height() - scaled.height()) // 2, scaled.width(), scaled.height())


def registered_kinds() -> set[str]:
    try:
        return {kind.name for kind in report_catalog.report_kinds()}
    except Exception:  # no report engine is no reason to lose the screen
        return set()


def report_params(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The filters of `values` that report `kind` declares (all of them when it declares
    none), as text the way the command line passes them; empty ones left out."""
    declared = report_catalog.FILTERS.get(kind)
    out = {}
    for name, value in values.items():
        if value is None or value == "" or (declared is not None and name not in declared):
            continue
        out[name] = value if isinstance(value, str) else str(value)
    return out


def exporter_for(parent: QWidget, kind: str, db: Any, actor: Any,
                 params: Callable[[], Mapping[str, Any]]) -> ReportExporter | None:
    """The report actions of `kind` with the screen's filters; None when the kind is not
    registered (yet)."""
    if kind not in registered_kinds():
        return None
    return ReportExporter(parent, kind, db, actor, lambda: report_params(kind, params()))


def add_report_menu(menu: QMenu, title: str, exporter: ReportExporter) -> QMenu:
    """A submenu `title` of `menu` with the report's Export PDF / Export Excel / Print."""
    sub = menu.addMenu(title)
    sub.addAction(_("Export PDF…"), lambda: exporter.export(".pdf"))
    sub.addAction(_("Export Excel…"), lambda: exporter.export(".xlsx"))
    sub.addAction(_("Print…"), lambda: exporter.print_preview())
    return sub


def add_report_buttons(parent: QWidget, layout: Any, exporter: ReportExporter) -> list[QPushButton]:
    """Export PDF / Export Excel / Print… buttons (and Ctrl+P) for a list screen."""
    buttons = []
    for text, tip, slot in (
        (_("Export PDF…"), _("Save this list as a PDF report"), lambda: exporter.export(".pdf")),
        (_("Export Excel…"), _("Save this list as an Excel workbook"), lambda: exporter.export(".xlsx")),
        (_("Print…"), _("Print this list, with a preview first (Ctrl+P)"), lambda: exporter.print_preview()),
    ):
        button = QPushButton(text, parent)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        layout.addWidget(button)
        buttons.append(button)
    action = QAction(_("Print the list on this page, with a preview first"), parent)  # named for the list of shortcuts
    action.setShortcut(QKeySequence.StandardKey.Print)
    action.triggered.connect(lambda: exporter.print_preview())
    parent.addAction(action)
    return buttons
