"""The Units tab (واحدها): the district PR offices, organisations and companies that every
workspace refers to. Search, filter, add, edit, retire, delete and import from Excel."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord
from pr_desk.domain.roles import Permission
from pr_desk.domain.units import DISTRICT_COUNT, UnitKind
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import units
from pr_desk.services.context import Actor
from pr_desk.services.units import ImportResult, UnitInfo
from pr_desk.ui.kit.formatting import display_digits, screen_locale
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error, latin_edit
from pr_desk.ui.kit.import_flow import ImportSpec, choose_and_import, run_import, save_template
from pr_desk.ui.kit.list_page import ListPage
from pr_desk.ui.kit.paged_table_model import ROW_ROLE, Column
from pr_desk.ui.kit.shortcuts import add_shortcut
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


PREVIEW_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("code", N_("Code")),
    Column("name", N_("Unit name")),
    Column("kind", N_("Kind")),
    Column("district", N_("District"), kind="int"),
    Column("notes", N_("Notes")),
)


class UnitsPage(ListPage):
    """The list of units with its actions; `changed` after any write."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            UNIT_COLUMNS, search_placeholder=_("Search by name or code…"), count_text=lambda n: ngettext("{count} unit", "{count} units", n),
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
        add_shortcut(self, QKeySequence.StandardKey.New, self.add_unit, _("Units: add a unit"))
        self.on_activated(self.edit_unit, _("Units: edit the selected unit"))
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

    def import_spec(self) -> ImportSpec[ImportResult]:
        """The units import as the kit's import flow runs it."""
        return ImportSpec(
            _("Import units from Excel"), self.db, self.actor, units.preview_units_file, units.import_units,
            self._on_imported, columns=PREVIEW_COLUMNS,
            ready_text=lambda file, preview: _(
                "{file} has {count} rows. Import them all? Rows whose code exists update that unit; new codes add units."
            ).format(file=file, count=display_digits(str(preview.row_count))),
            refused_text=lambda file, preview: _(
                "Nothing can be imported from {file}: {count} rows have problems. Correct these rows in the file and try again."
            ).format(file=file, count=display_digits(str(preview.bad_rows))),
            applying_title=_("Importing units…"),
            applying_text=lambda preview: _("Importing {count} units: all of them are written together, or none.").format(
                count=display_digits(str(preview.row_count))),
            progress_text=_("Importing units: {done} of {total}"),
            apply_cancellable=True,
            cancelled_text=_("The import was cancelled; no unit was added or changed."),
        )

    def import_from_excel(self) -> None:
        if self.can_manage:
            choose_and_import(self, self.import_spec())

    def import_file(self, path: Path) -> ImportResult | None:
        """Read and check → preview → import all rows or none (also the entry point for
        tests). Reading and checking can be cancelled (nothing is written yet), and so can
        the write, between its batches (its one transaction rolls back). The result, or None."""
        return run_import(self, self.import_spec(), path)

    def _on_imported(self, result: ImportResult) -> None:
        self._after_write()
        QMessageBox.information(
            self, _("Import units from Excel"),
            _("Imported: {added} added, {updated} updated, {unchanged} unchanged.").format(
                added=display_digits(str(result.added)), updated=display_digits(str(result.updated)),
                unchanged=display_digits(str(result.unchanged))),
        )

    def save_template(self) -> None:
        save_template(self, "units.xlsx", units.save_units_template)
