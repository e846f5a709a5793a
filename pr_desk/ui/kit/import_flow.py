"""The import-with-preview flow every import from Excel goes through (units, users, meeting
requests, the evaluation form): choose a file -> read and check it off the UI thread, with
progress and Cancel -> a preview naming every bad row (row, column, value, problem), with
Import offered only for a clean file -> apply, all rows or none, off the UI thread -> a
receipt of what was imported. The UI never opens a workbook: the import's service reads
and checks (`preview`) and writes (`apply`); an `ImportSpec` says which, and in what words."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.importing import ImportRejected, RowProblem
from pr_desk.domain.text import ltr_isolate
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.importing import ImportPreview
from pr_desk.ui import settings
from pr_desk.ui.kit.delegates import show_left_to_right
from pr_desk.ui.kit.formatting import digits, file_filter
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel, StaticRows
from pr_desk.ui.kit.progress import JobCancelled, ProgressCallback, run_with_progress

R = TypeVar("R")

EXCEL_FILTER = N_("Excel workbooks (*.xlsx)")
BAD_ROW_COLOUR = "#d32f2f"
PROBLEM_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("column", N_("Column")),
    Column("value", N_("Value")),
    Column("message", N_("Problem")),
)
PROBLEM_COLUMN = Column("problem", N_("Problem"))
# The widest the Problem column starts (a reason may be a long sentence; it also shows as a tooltip).
PROBLEM_WIDTH = 460


def isolate(text: str) -> str:
    """Text of either direction (a file name, a cell) kept whole inside a sentence."""
    return "\u2068" + text + "\u2069"


@dataclass(frozen=True)
class ImportSpec(Generic[R]):
    """One import as the flow runs it: the import's two service calls, run on a worker
    thread with the office and the acting user, and its words (translated).

    - preview(office, actor, path, step=step): the read-and-check, nothing written.
    - apply(office, actor, preview.content): the all-or-nothing write, which checks again
      and refuses with ImportRejected what changed since the preview; with `progress_text`, also
      progress=tick(done, total), which shows that text and stops the write, while it is
      still clean to stop, when Cancel was pressed (then `apply_cancellable` must be True).
    - done(result): on the UI thread after the write: refresh, then the receipt.
    - ready_text / refused_text(file, preview): the preview's summary for a clean file / a
      file with problems (`file` already isolated).
    - columns: how the preview lists `preview.rows` (each first passed through `row_view`).
    - confirm: False imports a clean file without asking (the evaluation form's flow).
    """

    title: str
    office: Any
    actor: Actor
    preview: Callable[..., ImportPreview[Any]]
    apply: Callable[..., R]
    done: Callable[[R], None]
    refused_text: Callable[[str, ImportPreview[Any]], str]
    ready_text: Callable[[str, ImportPreview[Any]], str] = lambda _file, _preview: ""
    columns: Sequence[Column] = ()
    row_view: Callable[[Any], Any] = lambda row: row
    left_to_right: Sequence[str] = ()
    confirm: bool = True
    applying_title: str = ""
    applying_text: Callable[[ImportPreview[Any]], str] | None = None
    progress_text: str = ""
    apply_cancellable: bool = False
    cancelled_text: str = ""


class ProblemLine:
    """A problem as the preview lists it: the row (none for the whole file), the column
    (with the cell's address on a form), the cell's text and what is wrong."""

    def __init__(self, problem: RowProblem) -> None:
        self.problem = problem
        self.row_number = problem.row_number or None
        self.column = f"{problem.column} ({ltr_isolate(problem.cell)})" if problem.cell and problem.column else (
            problem.column or ltr_isolate(problem.cell))
        self.value = problem.value
        self.message = problem.message


class FileRow:
    """A row of the file as the preview lists it (through the spec's `row_view`), with the
    reasons it is refused, if any."""

    def __init__(self, row: Any, problem: str) -> None:
        self._row = row
        self.problem = problem

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


class ImportTableModel(PagedTableModel):
    """A list in memory. `isolated` columns (a cell as the file has it, of either direction)
    are shown as isolates, so "=cmd()" reads the same in a right-to-left table; `fixed_pitch`
    ones (passwords) in a fixed-pitch font; a row `tint` names a colour for its background."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any], *, isolated: Sequence[str] = (),
                 fixed_pitch: Sequence[str] = (), tint: Callable[[Any], str | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(columns, StaticRows(rows), parent=parent)
        self._isolated = {self.column_index(key) for key in isolated}
        self._fixed_pitch = {self.column_index(key) for key in fixed_pitch}
        self._tint = tint
        self._fixed = QFont(QApplication.font())  # the app's size, a fixed-pitch face
        self._fixed.setFamily(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family())
        self._fixed.setStyleHint(QFont.StyleHint.Monospace)
        self._fixed.setFixedPitch(True)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            if role == Qt.ItemDataRole.DisplayRole and index.column() in self._isolated:
                text = super().data(index, role)
                return isolate(text) if text else text
            if role == Qt.ItemDataRole.FontRole and index.column() in self._fixed_pitch:
                return self._fixed
            if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole) and self._tint is not None:
                row = self.row_at(index.row())
                if role == Qt.ItemDataRole.ToolTipRole:
                    return getattr(row, "problem", None) or None
                colour = self._tint(row)
                if colour:
                    tinted = QColor(colour)
                    tinted.setAlpha(48)
                    return tinted
                return None
        return super().data(index, role)


def preview_table(parent: QWidget) -> QTableView:
    """A read-only table, rows selected whole, the last column taking the spare width."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ImportPreviewDialog(QDialog):
    """What a file would import, before anything is written. A clean file lists its rows
    and offers Import; a file with problems names each (row, column, value, problem), offers
    only Close (`import_button` is None), and can show all its rows with the bad ones tinted."""

    def __init__(self, spec: ImportSpec[Any], preview: ImportPreview[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.preview = preview
        self.setWindowTitle(spec.title)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(900, 500)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_bad = QCheckBox(_("Show only the rows with problems"), self)
        layout.addWidget(self.only_bad)
        self.table = preview_table(self)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button: QPushButton | None = None
        file = isolate(preview.file_name)
        if preview.problems:
            self.summary.setText(spec.refused_text(file, preview))
            close = self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
            close.setDefault(True)
            self.only_bad.setChecked(True)
            self.only_bad.setVisible(bool(preview.rows) and bool(spec.columns))
        else:
            self.summary.setText(spec.ready_text(file, preview))
            self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.setDefault(True)
            self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
            self.only_bad.hide()
        self.only_bad.toggled.connect(self._show)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show()

    def _show(self, *_args: Any) -> None:
        preview, spec = self.preview, self.spec
        if preview.problems and self.only_bad.isChecked():
            lines = [ProblemLine(p) for p in preview.problems]
            self.model: PagedTableModel = ImportTableModel(PROBLEM_COLUMNS, lines, isolated=("value",), parent=self)
        else:
            reasons: dict[int, list[str]] = {}
            for p in preview.problems:
                reasons.setdefault(p.row_number, []).append(p.message)
            rows = [FileRow(spec.row_view(r), "؛ ".join(reasons.get(getattr(r, "row_number", 0), []))) for r in preview.rows]
            columns = list(spec.columns)
            if preview.problems:
                columns.insert(1, PROBLEM_COLUMN)
            self.model = ImportTableModel(columns, rows, tint=lambda r: BAD_ROW_COLOUR if r.problem else None, parent=self)
        self.table.setModel(self.model)
        for column in range(self.model.columnCount()):
            self.table.setItemDelegateForColumn(column, None)  # type: ignore[arg-type]
        keys = {c.key for c in self.model.columns}
        show_left_to_right(self.table, self.model, [key for key in spec.left_to_right if key in keys])
        self.table.resizeColumnsToContents()
        for key in ("message", "problem"):
            if key in keys:
                column = self.model.column_index(key)
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), PROBLEM_WIDTH))

    def accept(self) -> None:
        if self.import_button is None:  # nothing is imported while any row is wrong
            return
        super().accept()


def _last_folder() -> str:
    return settings.LAST_FOLDER.get() or str(Path.home())


def choose_and_import(parent: QWidget, spec: ImportSpec[R]) -> R | None:
    """The file dialog, then `run_import`. The result, or None when nothing was imported."""
    path, _f = QFileDialog.getOpenFileName(parent, spec.title, _last_folder(), file_filter(_(EXCEL_FILTER)))
    if not path:
        return None
    settings.LAST_FOLDER.set(str(Path(path).parent))
    return run_import(parent, spec, Path(path))


def run_import(parent: QWidget, spec: ImportSpec[R], path: Path) -> R | None:
    """Read and check -> preview -> apply all or none -> `spec.done` (also the entry point
    for tests). The result, or None when nothing was imported."""
    preview = _read_and_check(parent, path, spec)
    if preview is None:
        return None
    if not (preview.clean and not spec.confirm):
        dialog = ImportPreviewDialog(spec, preview, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.import_button is None:
            return None
    return _apply(parent, spec, preview)


def _read_and_check(parent: QWidget, path: Path, spec: ImportSpec[Any]) -> ImportPreview[Any] | None:
    """The preview, made off the UI thread. Cancel stops it between stages (nothing is
    written yet); a file that cannot be read is one sentence."""

    def job(progress: ProgressCallback, cancelled: Callable[[], bool]) -> ImportPreview[Any]:
        def step(message: str) -> None:
            if cancelled():
                raise JobCancelled()
            progress(0, None, message)

        found = spec.preview(spec.office, spec.actor, path, step=step)
        if cancelled():
            raise JobCancelled()
        return found

    checked = run_with_progress(parent, _("Reading and checking the Excel file…"), job)
    if checked.cancelled:
        return None
    if checked.error is not None:
        show_error(parent, checked.error)  # not an Excel file, no header row, too many rows: one sentence
        return None
    return checked.unwrap()


def _apply(parent: QWidget, spec: ImportSpec[R], preview: ImportPreview[Any]) -> R | None:
    """The write, off the UI thread; a refusal because the database changed since the
    preview shows the preview again with the rows that now fail."""

    def job(progress: ProgressCallback, cancelled: Callable[[], bool]) -> R:
        if spec.applying_text is not None:
            progress(0, None, spec.applying_text(preview))
        if not spec.progress_text:
            return spec.apply(spec.office, spec.actor, preview.content)

        def tick(done: int, total: int) -> None:
            if cancelled():  # before the write, or between its batches: the one transaction rolls back, nothing written
                raise JobCancelled()
            progress(done, total, spec.progress_text.format(done=digits(done), total=digits(total)))

        return spec.apply(spec.office, spec.actor, preview.content, progress=tick)

    done = run_with_progress(parent, spec.applying_title or spec.title, job, cancellable=spec.apply_cancellable)
    if done.cancelled:
        if spec.cancelled_text:
            QMessageBox.information(parent, spec.title, spec.cancelled_text)
        return None
    if isinstance(done.error, ImportRejected):  # the database changed after the preview
        ImportPreviewDialog(spec, dataclasses.replace(preview, problems=tuple(done.error.problems)), parent).exec()
        return None
    if done.error is not None:
        show_error(parent, done.error)
        return None
    result = done.unwrap()
    spec.done(result)
    return result


def save_template(parent: QWidget, default_name: str, save: Callable[[Path], Path]) -> Path | None:
    """Asks where to save an empty import template and has `save` (a service) write it."""
    default = str(Path(_last_folder()) / default_name)
    chosen, _f = QFileDialog.getSaveFileName(parent, _("Save Excel template"), default, file_filter(_(EXCEL_FILTER)))
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
    settings.LAST_FOLDER.set(str(path.parent))
    try:
        saved = save(path)
    except Exception as exc:
        show_error(parent, exc)
        return None
    QMessageBox.information(parent, _("Save Excel template"),
                            _("The template was saved to {path}.").format(path=ltr_isolate(str(path))))
    return saved
