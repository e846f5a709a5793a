"""The Units tab (واحدها): the district PR offices, organisations and companies that every
workspace refers to. Search, filter, add, edit, retire, delete and import from Excel."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord
from pr_desk.domain.roles import Permission
from pr_desk.domain.units import DISTRICT_COUNT, RowProblem, UnitImportRow, UnitKind
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _
from pr_desk.services import units
from pr_desk.services.context import Actor
from pr_desk.services.units import ImportRejected, ImportResult, UnitInfo
from pr_desk.spreadsheets.units import read_units_file, write_units_template
from pr_desk.ui import settings
from pr_desk.ui.forms import FormDialog, attempt, first_error, latin_edit, ltr
from pr_desk.ui.kit.formatting import display_digits, screen_locale
from pr_desk.ui.kit.list_page import ListPage
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import ROW_ROLE, Column, PagedTableModel
from pr_desk.ui.kit.progress import JobCancelled, run_with_progress
from pr_desk.ui.report_actions import ReportExporter

if TYPE_CHECKING:
    from pr_desk.services.office import Office


UNIT_COLUMNS = (
    Column("code", N_("Code"), sortable=True),
    Column("name", N_("Unit name"), sortable=True),
    Column("kind_label", N_("Kind"), sortable=True),
    Column("district", N_("District"), kind="int", sortable=True),
    Column("status_label", N_("Status"), sortable=True),
    Column("notes", N_("Notes"), sortable=True),
)


def configure_table(view: QTableView) -> None:
    """The look every list in the app shares."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)


def selected_row(view: QTableView) -> Any:
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isSelected(index):
        return None
    return view.model().data(index, ROW_ROLE)


class UnitDialog(FormDialog):
    """Add a unit (`unit` None) or edit one; `saved` holds the result after OK."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New unit"))
        self.db = db
        self.actor = actor
        self.unit: UnitInfo | None = None
        self.saved: UnitInfo | None = None
        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.kind = QComboBox(self)
        for kind in UnitKind:
            self.kind.addItem(kind.label, kind)
        self.district = QSpinBox(self)
        self.district.setRange(1, DISTRICT_COUNT)
        self.district.setLocale(screen_locale())
        self.code = latin_edit(self, 20)
        self.code.setPlaceholderText(_("Made by PR Desk when left empty"))
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        self.add_field("name", _("Unit name"), self.name)
        self.add_field("kind", _("Kind"), self.kind)
        self.add_field("district", _("District"), self.district)
        self.add_field("code", _("Code"), self.code)
        self.add_field("notes", _("Notes"), self.notes)
        self.kind.setCurrentIndex(self.kind.findData(UnitKind.ORGANISATION))
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()
        self.refresh_validity()

    def _current_kind(self) -> UnitKind:
        return UnitKind(self.kind.currentData())

    def _on_kind_changed(self, *_args: object) -> None:
        is_district = self._current_kind() is UnitKind.DISTRICT
        self.district.setEnabled(is_district)
        self.form.setRowVisible(self.fields["district"], is_district)

    def load(self, unit: UnitInfo) -> None:
        self.unit = unit
        self.setWindowTitle(_("Edit unit"))
        self.name.setText(unit.name)
        self.kind.setCurrentIndex(self.kind.findData(unit.kind))
        if unit.district:
            self.district.setValue(unit.district)
        self.code.setText(unit.code)
        self.code.setReadOnly(True)
        self.code.setToolTip(_("The code never changes: other records and files cite it."))
        self.notes.setPlainText(unit.notes)
        self._touched.clear()
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return first_error([
            ("name", lambda: require_text(self.name.text(), _("Unit name"), 200, field="name")),
        ])

    def save(self) -> None:
        kind = self._current_kind()
        district = self.district.value() if kind is UnitKind.DISTRICT else None
        if self.unit is None:
            self.saved = units.add_unit(
                self.db, self.actor, name=self.name.text(), kind=kind, code=self.code.text(),
                district=district, notes=self.notes.toPlainText(),
            )
        else:
            self.saved = units.update_unit(
                self.db, self.actor, self.unit.id, name=self.name.text(), kind=kind,
                district=district if district is not None else "", notes=self.notes.toPlainText(),
                expected_version=self.unit.version,
            )

    def show_user_error(self, exc: Any) -> None:
        super().show_user_error(exc)
        if isinstance(exc, StaleRecord):
            self.ok_button.setEnabled(False)  # saving again would be refused again: reload first


class _ListModelRows:
    """A fixed list given to PagedTableModel page by page (import previews)."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def __call__(self, offset: int, limit: int, /, **_sort: Any) -> list[Any]:
        return self.rows[offset:offset + limit]


PREVIEW_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("code", N_("Code")),
    Column("name", N_("Unit name")),
    Column("kind", N_("Kind")),
    Column("district", N_("District"), kind="int"),
    Column("notes", N_("Notes")),
)
PROBLEM_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("message", N_("Problem")),
)


class ImportPreviewDialog(QDialog):
    """What a spreadsheet holds before anything is written, or why it cannot be imported."""

    def __init__(self, path: Path, rows: list[UnitImportRow], problems: list[RowProblem] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import units from Excel"))
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableView(self)
        configure_table(self.table)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(self)
        if problems:
            self.summary.setText(_("Nothing can be imported from {file}: {count} rows have problems. "
                                   "Correct these rows in the file and try again.").format(
                file=path.name, count=display_digits(str(len(problems)))))
            self.model = PagedTableModel(PROBLEM_COLUMNS, _ListModelRows(list(problems)), parent=self)
            close = self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
            close.setDefault(True)
            self.import_button: QPushButton | None = None
        else:
            self.summary.setText(_("{file} has {count} rows. Import them all? Rows whose code exists "
                                   "update that unit; new codes add units.").format(
                file=path.name, count=display_digits(str(len(rows)))))
            self.model = PagedTableModel(PREVIEW_COLUMNS, _ListModelRows(list(rows)), parent=self)
            self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.setDefault(True)
            self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.table.setModel(self.model)
        self.table.resizeColumnsToContents()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class UnitsPage(ListPage):
    """The list of units with its actions; `changed` after any write."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            UNIT_COLUMNS, search_placeholder=_("Search by name or code…"), count_text=_("{count} units"),
            empty_text=_("No units are registered. Add the PR units every workspace refers to with "
                         "“Add unit”, or many at once with “Import from Excel…”."),
            widths=(90, 300, 170, 70, 80), parent=parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_UNITS)

        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(_("All kinds"), None)
        for kind in UnitKind:
            self.kind_filter.addItem(kind.label, kind)
        self.show_retired = QCheckBox(_("Show retired units"), self)
        self.add_filter(self.kind_filter, 1)
        self.add_filter(self.show_retired)

        self.add_button = self.add_page_button(_("Add unit"), _("Add a unit (Ctrl+N)"))
        self.edit_button = self.add_page_button(_("Edit"), _("Edit the selected unit (Enter or double-click)"))
        self.retire_button = self.add_page_button(_("Retire"))
        self.delete_button = self.add_page_button(_("Delete"))
        self.import_button = self.add_page_button(_("Import from Excel…"))
        self.template_button = self.add_page_button(_("Save Excel template…"))
        self.add_exports(ReportExporter(self, "units", db, actor, self._filters))

        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_retired.toggled.connect(lambda _c: self.reload())
        self.add_button.clicked.connect(self.add_unit)
        self.edit_button.clicked.connect(self.edit_unit)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.delete_button.clicked.connect(self.delete_unit)
        self.import_button.clicked.connect(self.import_from_excel)
        self.template_button.clicked.connect(self.save_template)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_unit)
        self.on_activated(self.edit_unit)
        self.reload()

    # -- data ---------------------------------------------------------------------------

    def _filters(self) -> dict[str, Any]:
        return {
            "search": self.search_text(),
            "include_retired": self.show_retired.isChecked(),
            "kind": self.kind_filter.currentData(),
        }

    def is_filtered(self) -> bool:
        return super().is_filtered() or self.kind_filter.currentData() is not None

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> list[UnitInfo]:
        return units.list_units(self.db, self.actor, offset=offset, limit=limit, **self._filters(), **sort)

    def count_rows(self) -> int:
        return units.count_units(self.db, self.actor, **self._filters())

    def reload(self, select_id: uuid.UUID | None = None) -> bool:
        ok = super().reload()
        if ok and select_id is not None:
            self.select_unit(select_id)
        self._update_buttons()
        return ok

    def select_unit(self, unit_id: uuid.UUID) -> bool:
        return self.select_where(lambda info: info.id == unit_id)

    def current_unit(self) -> UnitInfo | None:
        return self.current()  # type: ignore[no-any-return]

    def _update_buttons(self) -> None:
        unit = self.current_unit()
        for b in (self.add_button, self.import_button):
            b.setEnabled(self.can_manage)
        self.edit_button.setEnabled(self.can_manage and unit is not None)
        self.retire_button.setEnabled(self.can_manage and unit is not None)
        self.delete_button.setEnabled(self.can_manage and unit is not None and unit.kind is not UnitKind.DISTRICT)
        self.retire_button.setText(_("Reactivate") if unit is not None and unit.retired else _("Retire"))
        if not self.can_manage:
            for b in (self.add_button, self.edit_button, self.retire_button, self.delete_button, self.import_button):
                b.setToolTip(_("Your role can view units but not change them."))

    # -- actions ------------------------------------------------------------------------

    def open_unit_dialog(self, unit: UnitInfo | None = None) -> UnitDialog:
        dialog = UnitDialog(self.db, self.actor, self)
        if unit is not None:
            dialog.load(unit)
        return dialog

    def _after_write(self, unit_id: uuid.UUID | None = None) -> None:
        self.reload(select_id=unit_id)
        self.changed.emit()

    def add_unit(self) -> None:
        if not self.can_manage:
            return
        dialog = self.open_unit_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            if dialog.saved.retired and not self.show_retired.isChecked():
                self.show_retired.setChecked(True)
            self._after_write(dialog.saved.id)

    def edit_unit(self) -> None:
        unit = self.current_unit()
        if unit is None or not self.can_manage:
            return
        dialog = self.open_unit_dialog(unit)
        result = dialog.exec()
        if result == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._after_write(dialog.saved.id)
        elif not dialog.ok_button.isEnabled() and dialog.general_error.error():
            self.reload(select_id=unit.id)  # stale: show what is there now

    def toggle_retired(self) -> None:
        unit = self.current_unit()
        if unit is None or not self.can_manage:
            return
        if unit.retired:
            ok, _r = attempt(self, lambda: units.reactivate_unit(self.db, self.actor, unit.id, expected_version=unit.version))
        else:
            answer = QMessageBox.question(
                self, _("Retire unit"),
                _("Retire {name}? It stays in the records that cite it but is no longer offered for new ones.").format(name=unit.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            ok, _r = attempt(self, lambda: units.retire_unit(self.db, self.actor, unit.id, expected_version=unit.version))
        if ok:
            if not unit.retired and not self.show_retired.isChecked():
                self._after_write()
            else:
                self._after_write(unit.id)

    def delete_unit(self) -> None:
        unit = self.current_unit()
        if unit is None or not self.can_manage:
            return
        answer = QMessageBox.question(
            self, _("Delete unit"),
            _("Delete {name}? Only a unit that no record uses can be deleted.").format(name=unit.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _r = attempt(self, lambda: units.delete_unit(self.db, self.actor, unit.id, expected_version=unit.version))
        if ok:
            self._after_write()

    def _folder(self) -> str:
        return settings.LAST_FOLDER.get() or str(Path.home())

    def _remember_folder(self, path: str) -> None:
        settings.LAST_FOLDER.set(str(Path(path).parent))

    def import_from_excel(self) -> None:
        if not self.can_manage:
            return
        path, _f = QFileDialog.getOpenFileName(self, _("Import units from Excel"), self._folder(),
                                               _("Excel workbooks (*.xlsx)"))
        if path:
            self._remember_folder(path)
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportResult | None:
        """Read and check → preview → import all rows or none (also the entry point for
        tests). Both steps run off the UI thread behind a progress dialog; reading and
        checking can be cancelled (nothing is written yet), the one-transaction write
        cannot (import_units has no point where stopping would be clean). The result, or None."""
        db, actor = self.db, self.actor
        reading = _("Reading {file}…").format(file=ltr(path.name))
        checking = _("Checking {count} rows…")  # translated here: the job runs on another thread

        def check_job(progress: Callable[..., None], cancelled: Callable[[], bool]) -> tuple[list[UnitImportRow], list[RowProblem]]:
            progress(0, None, reading)
            rows = read_units_file(path)
            if cancelled():  # only read so far: stopping writes nothing
                raise JobCancelled()
            progress(0, None, checking.format(count=display_digits(str(len(rows)))))
            problems = units.check_units_import(db, actor, rows)
            if cancelled():
                raise JobCancelled()
            return rows, problems

        checked = run_with_progress(self, _("Reading and checking the Excel file…"), check_job)
        if checked.cancelled:
            return None
        if checked.error is not None:
            show_error(self, checked.error)  # not an Excel file, no header row, too many rows: one sentence
            return None
        rows, problems = checked.unwrap()
        if problems:  # every bad row named before anything is written; nothing to import
            ImportPreviewDialog(path, rows, problems, self).exec()
            return None
        preview = ImportPreviewDialog(path, rows, None, self)
        if preview.exec() != QDialog.DialogCode.Accepted:
            return None
        writing = _("Importing {count} units: all of them are written together, or none.").format(
            count=display_digits(str(len(rows))))

        def import_job(progress: Callable[..., None], _cancelled: Callable[[], bool]) -> ImportResult:
            progress(0, None, writing)
            return units.import_units(db, actor, rows)

        done = run_with_progress(self, _("Importing units…"), import_job, cancellable=False)
        if isinstance(done.error, ImportRejected):  # the database changed after the preview
            ImportPreviewDialog(path, rows, done.error.problems, self).exec()
            return None
        if done.error is not None:
            show_error(self, done.error)
            return None
        result = done.unwrap()
        self._after_write()
        QMessageBox.information(
            self, _("Import units from Excel"),
            _("Imported: {added} added, {updated} updated, {unchanged} unchanged.").format(
                added=display_digits(str(result.added)), updated=display_digits(str(result.updated)),
                unchanged=display_digits(str(result.unchanged))),
        )
        return result

    def save_template(self) -> None:
        default = str(Path(self._folder()) / "units.xlsx")
        path, _f = QFileDialog.getSaveFileName(self, _("Save Excel template"), default, _("Excel workbooks (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self._remember_folder(path)
        ok, _r = attempt(self, lambda: write_units_template(Path(path)))
        if ok:
            QMessageBox.information(self, _("Save Excel template"),
                                    _("The template was saved to {path}.").format(path=ltr(path)))
