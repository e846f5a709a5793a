"""Importing meeting requests from the office's spreadsheet: read the file, check every row
without writing, show the rows (the bad ones with their reasons) and import all or none;
and the blank template to fill."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.meetings import MeetingImportRow
from pr_desk.domain.units import RowProblem
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.meetings.importing import (
    MeetingImportResult,
    check_meetings_import,
    import_meetings,
)
from pr_desk.services.units import ImportRejected
from pr_desk.spreadsheets.meetings import read_meetings_file, write_meetings_template
from pr_desk.ui import settings
from pr_desk.ui.forms import attempt, ltr
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.meetings.common import ColouredTableModel, StaticRows, digits, list_table

if TYPE_CHECKING:
    from pr_desk.services.office import Office

T = TypeVar("T")

PREVIEW_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("problem", N_("Problem")),
    Column("national_code", N_("National code"), kind="number"),
    Column("citizen", N_("Citizen")),
    Column("official", N_("Official")),
    Column("subject", N_("Subject")),
    Column("registered_on", N_("Registered on"), kind="number", align=Qt.AlignmentFlag.AlignCenter),
    Column("description", N_("Description")),
)
PROBLEM_COLUMN = 1
BAD_ROW_COLOUR = "#d32f2f"


def isolate(text: str) -> str:
    """A file name kept whole inside a sentence, in its own direction (Persian or Latin)."""
    return "\u2068" + text + "\u2069"


class _PreviewModel(ColouredTableModel):
    """Bad rows tinted; hovering any cell of one shows its whole reason."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.row_at(index.row()).problem or None
        return super().data(index, role)


class PreviewRow:
    """One spreadsheet row as the preview shows it, with its problem if any."""

    def __init__(self, row: MeetingImportRow, problem: str = "") -> None:
        self.row_number = row.row_number
        self.problem = problem
        self.national_code = row.national_code
        self.citizen = f"{row.first_name} {row.last_name}".strip()
        self.official = row.official
        self.subject = row.subject
        self.registered_on = row.registered_on or _("Today")
        self.description = " ".join(row.description.split())[:200]


class MeetingImportPreviewDialog(QDialog):
    """The rows of a spreadsheet before anything is written. With problems, the bad rows
    are listed (tinted) with their reasons and Import stays disabled."""

    def __init__(self, path: Path, rows: list[MeetingImportRow], problems: list[RowProblem],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import meeting requests from Excel"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(980, 520)
        by_row: dict[int, list[str]] = {}
        for p in problems:
            by_row.setdefault(p.row_number, []).append(p.message)
        self.all_rows = [PreviewRow(r, "؛ ".join(by_row.get(r.row_number, []))) for r in rows]
        self.bad_count = sum(1 for r in self.all_rows if r.problem)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_bad = QCheckBox(_("Show only the rows with problems"), self)
        layout.addWidget(self.only_bad)
        self.rows = StaticRows(self.all_rows)
        self.model = _PreviewModel(PREVIEW_COLUMNS, self.rows, parent=self,
                                        colour=lambda r: BAD_ROW_COLOUR if r.problem else None)
        self.table = list_table(self, self.model, stretch="description")
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(self)
        self.import_button: QPushButton = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(_("Cancel") if not self.bad_count else _("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        if self.bad_count:
            self.summary.setText(_(
                "{bad} of the {count} rows in {file} have problems; their reasons are in the Problem column. "
                "Nothing is imported while any row is wrong: correct these rows in the file and import it again."
            ).format(bad=digits(self.bad_count), count=digits(len(self.all_rows)), file=isolate(path.name)))
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(_("Correct the rows with problems in the file first"))
            cancel.setDefault(True)
            self.only_bad.setChecked(True)
        else:
            self.summary.setText(_(
                "{file} has {count} meeting requests. Import them all? Each row adds a request to its official's "
                "queue with a new tracking code; a national code already registered keeps its citizen."
            ).format(file=isolate(path.name), count=digits(len(self.all_rows))))
            self.import_button.setDefault(True)
            self.only_bad.hide()
            self.table.setColumnHidden(PROBLEM_COLUMN, True)
        self.only_bad.toggled.connect(self._filter)
        self._filter()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _filter(self, *_args: Any) -> None:
        self.rows.rows = [r for r in self.all_rows if r.problem] if self.only_bad.isChecked() else list(self.all_rows)
        self.model.reload()
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(PROBLEM_COLUMN, min(self.table.columnWidth(PROBLEM_COLUMN), 460))

    def accept(self) -> None:
        if self.bad_count:
            return
        super().accept()


def _folder() -> str:
    return settings.LAST_FOLDER.get() or str(Path.home())


def _remember_folder(path: str) -> None:
    settings.LAST_FOLDER.set(str(Path(path).parent))


def _busy(action: Callable[[], T]) -> T:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return action()
    finally:
        QApplication.restoreOverrideCursor()


def import_meetings_file(parent: QWidget, db: Office, actor: Actor, path: Path) -> MeetingImportResult | None:
    """Read → check → preview → import all rows or none → summary. The result, or None
    when nothing was imported."""
    _ok, rows = attempt(parent, lambda: _busy(lambda: read_meetings_file(path)))
    if rows is None:
        return None
    _ok, problems = attempt(parent, lambda: _busy(lambda: check_meetings_import(db, actor, rows)))
    if problems is None:
        return None
    preview = MeetingImportPreviewDialog(path, rows, problems, parent)
    if preview.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        result = _busy(lambda: import_meetings(db, actor, rows))
    except ImportRejected as exc:  # something changed since the check (an official retired)
        MeetingImportPreviewDialog(path, rows, exc.problems, parent).exec()
        return None
    except Exception as exc:
        show_error(parent, exc)
        return None
    QMessageBox.information(
        parent, _("Import meeting requests from Excel"),
        _("Imported {requests} meeting requests into the officials' queues; {citizens} of their citizens were new.").format(
            requests=digits(result.requests_added), citizens=digits(result.citizens_added)))
    return result


def choose_and_import(parent: QWidget, db: Office, actor: Actor) -> MeetingImportResult | None:
    path, _f = QFileDialog.getOpenFileName(parent, _("Import meeting requests from Excel"), _folder(),
                                           _("Excel workbooks (*.xlsx)"))
    if not path:
        return None
    _remember_folder(path)
    return import_meetings_file(parent, db, actor, Path(path))


def save_template(parent: QWidget) -> Path | None:
    default = str(Path(_folder()) / "meeting-requests.xlsx")
    path, _f = QFileDialog.getSaveFileName(parent, _("Save Excel template"), default, _("Excel workbooks (*.xlsx)"))
    if not path:
        return None
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    _remember_folder(path)
    ok, saved = attempt(parent, lambda: write_meetings_template(Path(path)))
    if ok:
        QMessageBox.information(parent, _("Save Excel template"),
                                _("The template was saved to {path}.").format(path=ltr(path)))
    return saved
