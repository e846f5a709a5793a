"""The import wizard of a sync file (SYNC.md): choose the file → every check and a
preview, run off the UI thread (a refused file says why and nothing is changed) → who
made it, the checks passed and the counts → the conflicts, field by field, each with a
choice → the import in one transaction after a backup → the receipt, printable.

Conflicts left undecided stay in the queue; the office value stands until a person
decides them (File ▸ Sync conflicts…)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_, _, is_rtl
from pr_desk.services import sync
from pr_desk.services.sync.reports import (
    field_label,
    kind_label,
    kind_sentence,
    table_label,
    typed_value,
    value_text,
    when_text,
)
from pr_desk.ui import settings
from pr_desk.ui.kit import FieldError, run_with_progress, setup_table_view, show_error
from pr_desk.ui.kit.formatting import display_digits, file_filter
from pr_desk.ui.kit.forms import ltr
from pr_desk.ui.report_actions import ReportExporter
from pr_desk.ui.sync.conflicts_view import ConflictsDialog, conflict_names

log = logging.getLogger("pr_desk")

PAGE_CHOOSE, PAGE_SUMMARY, PAGE_CONFLICTS, PAGE_APPLY, PAGE_RECEIPT = range(5)

CHOICE_OFFICE, CHOICE_FIELD, CHOICE_VALUE, CHOICE_LATER = range(4)

STATUS_TEXT = {
    "already_imported": N_("This sync file was imported before; importing it again would change nothing."),
    "nothing_new": N_("This sync file holds nothing new for this database."),
    "up_to_date": N_("This database already has everything in this sync file."),
}
OTHER_STATUS = N_("Nothing to import.")


def status_text(status: str) -> str:
    """A preview's or receipt's status as a sentence (never the code itself)."""
    return _(STATUS_TEXT.get(status, OTHER_STATUS))


RLM = "\u200f"  # a label of digits only still reads right to left


def _n(value: int) -> str:
    return display_digits(str(value))


def _direction() -> Qt.LayoutDirection:
    return Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight


def _wrapped(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ChoosePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Choose the sync file"))
        self.setSubTitle(_("Every check runs first; nothing is changed until the last step."))
        self.path_edit = QLineEdit(self)
        self.path_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.path_edit.setPlaceholderText(file_filter(_("A sync package (*.prsync)")))
        self.path_edit.textChanged.connect(self._on_path_changed)
        self.browse_button = QPushButton(_("Browse…"), self)
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.refusal = FieldError(self)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(_("The sync file a field copy or the office made:"), self))
        layout.addLayout(row)
        layout.addWidget(self.refusal)
        layout.addStretch(1)

    def browse(self) -> None:
        folder = settings.LAST_FOLDER.get() or str(Path.home())
        path, _f = QFileDialog.getOpenFileName(self, _("Import a sync file"), folder, file_filter(_("Sync packages (*.prsync);;All files (*)")))
        if path:
            settings.LAST_FOLDER.set(str(Path(path).parent))
            self.path_edit.setText(path)

    def _on_path_changed(self) -> None:
        self.refusal.set_error(None)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        path = Path(self.path_edit.text().strip())
        self.refusal.set_error(None)
        db, actor = self.w.db, self.w.actor

        def job(progress: Any, cancelled: Any) -> tuple[sync.ImportPreview, dict[str, str]]:
            preview = sync.preview_import(db, actor, path=path)
            return preview, conflict_names(db, actor, preview.conflicts)

        result = run_with_progress(self, _("Checking the sync file…"), job)
        if result.cancelled:
            return False
        if result.error is not None:
            if isinstance(result.error, UserError):
                self.refusal.set_error(str(result.error))  # the refusal's sentence; the database is untouched
            else:
                show_error(self, result.error)
            return False
        self.w.path = path
        self.w.preview, self.w.names = result.unwrap()
        return True


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("What this sync file holds"))
        form = QFormLayout()
        self.made_by = _wrapped(parent=self)
        self.made_at = _wrapped(parent=self)
        self.source = _wrapped(parent=self)
        form.addRow(_("Made by:"), self.made_by)
        form.addRow(_("Made at:"), self.made_at)
        form.addRow(_("From:"), self.source)
        self.checks = QListWidget(self)
        self.checks.setMaximumHeight(130)
        self.counts = QTableWidget(0, 4, self)  # per kind of record: new, changed, deleted; the last row sums them
        self.counts.setHorizontalHeaderLabels([_("Kind of record"), _("New records"), _("Changed records"), _("Deleted records")])
        self.counts.verticalHeader().hide()
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.conflict_count = _wrapped(parent=self)
        self.status = _wrapped(parent=self)
        self.status.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Checks passed:"), self))
        layout.addWidget(self.checks)
        layout.addWidget(self.counts, 1)
        layout.addWidget(self.conflict_count)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        p = self.w.preview
        assert p is not None
        self.made_by.setText(p.made_by or "—")
        self.made_at.setText(RLM + when_text(p.made_at))
        self.source.setText(_("the office") if p.source == "office" else (p.source or "—"))
        self.checks.clear()
        for check in p.checks:
            self.checks.addItem("✔ " + _(check))
        rows = [(table_label(tbl), new, changed, deleted) for tbl, new, changed, deleted in p.by_table]
        rows.append((_("All records"), p.new, p.changed, p.deleted))
        self.counts.setRowCount(len(rows))
        bold = self.counts.font()
        bold.setBold(True)
        for i, (label, *counts) in enumerate(rows):
            total = i == len(rows) - 1
            for col, text in enumerate([label, *(_n(c) for c in counts)]):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if total:
                    item.setFont(bold)
                self.counts.setItem(i, col, item)
        self.conflict_count.setText(_("Conflicts to decide: {count}").format(count=_n(len(p.conflicts))))
        self.conflict_count.setVisible(p.status == "apply")
        if p.status != "apply":
            self.status.setText(status_text(p.status))
        elif p.conflicts:
            self.status.setText(_("The next page lists the conflicts: the same field changed at the office and in the field."))
        else:
            self.status.setText(_("No conflicts: every change can be applied as it is."))

    def nextId(self) -> int:
        p = self.w.preview
        if p is None or p.status != "apply":
            return -1
        return PAGE_CONFLICTS if p.conflicts else PAGE_APPLY


class ConflictsPage(QWizardPage):
    COLUMNS = (N_("Which record"), N_("Field"), N_("Starting value"), N_("Office value"), N_("Field value"), N_("Decision"),
               N_("Merged value"))

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Conflicts"))
        self.setSubTitle(_("The same field was changed at the office and in the field since the copy was taken. "
                           "Decide each one; a conflict left for later stays in the queue and the office value stands."))
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        setup_table_view(self.table, stretch_last=True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.all_office = QPushButton(_("Keep all office values"), self)
        self.all_field = QPushButton(_("Take all field values"), self)
        self.all_office.clicked.connect(lambda: self.choose_all(CHOICE_OFFICE))
        self.all_field.clicked.connect(lambda: self.choose_all(CHOICE_FIELD))
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_office)
        buttons.addWidget(self.all_field)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.choices: dict[str, QComboBox] = {}
        self.merged: dict[str, dict[str, QLineEdit]] = {}

    def initializePage(self) -> None:
        p = self.w.preview
        assert p is not None
        self.table.clearSpans()
        self.table.setRowCount(sum(len(c.fields) for c in p.conflicts))
        self.choices.clear()
        self.merged.clear()
        row = 0
        for c in p.conflicts:
            first = row
            edits: dict[str, QLineEdit] = {}
            record = self.w.names.get(c.key) or table_label(c.table)
            explained = kind_sentence(c.kind)
            for name in c.fields:
                cells = [
                    record,
                    field_label(name) if name != "*" else kind_label(c.kind),
                    value_text(c.table, name, (c.base or {}).get(name)) if c.base is not None else "—",
                    value_text(c.table, name, (c.office or {}).get(name)) if c.office is not None else _("deleted"),
                    value_text(c.table, name, (c.field or {}).get(name)) if c.field is not None else _("deleted"),
                ]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text if col > 1 else explained if col else f"{record}\n{explained}\n{ltr(c.record_id)}")
                    self.table.setItem(row, col, item)
                edit = QLineEdit(self.table)
                edit.setEnabled(False)
                edit.setPlaceholderText(_("the value to keep"))
                self.table.setCellWidget(row, 6, edit)
                edits[name] = edit
                row += 1
            combo = QComboBox(self.table)
            combo.addItems([_("Keep the office value"), _("Take the field value"), _("Type a merged value"),
                            _("Decide later (the office value stands)")])
            if "*" in c.fields:
                choices = combo.model()
                assert isinstance(choices, QStandardItemModel)  # a combo box's own model
                choices.item(CHOICE_VALUE).setEnabled(False)  # a whole record is not typed in a cell
            combo.currentIndexChanged.connect(lambda index, key=c.key: self._on_choice(key, index))
            self.table.setCellWidget(first, 5, combo)
            if row - first > 1:
                for col in (0, 5):
                    self.table.setSpan(first, col, row - first, 1)
            self.choices[c.key] = combo
            self.merged[c.key] = edits
        self.table.resizeColumnsToContents()
        # a long record name is elided (its tooltip has it whole) so the decision and the
        # merged value stay in view without scrolling sideways
        for col, widest in ((0, 240), (2, 140), (3, 140), (4, 140)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), widest))
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)

    def _on_choice(self, key: str, index: int) -> None:
        p = self.w.preview
        conflict = next(c for c in p.conflicts if c.key == key) if p else None
        for name, edit in self.merged.get(key, {}).items():
            edit.setEnabled(index == CHOICE_VALUE)
            if index == CHOICE_VALUE and not edit.text() and conflict is not None and conflict.office is not None:
                value = conflict.office.get(name)
                edit.setText("" if value is None else value_text(conflict.table, name, value))

    def choose(self, key: str, choice: int, values: dict[str, str] | None = None) -> None:
        """Sets one conflict's choice (and typed values); also what tests call."""
        self.choices[key].setCurrentIndex(choice)
        for name, text in (values or {}).items():
            self.merged[key][name].setText(text)

    def choose_all(self, choice: int) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(choice)

    def decisions(self) -> dict[str, Any]:
        """conflict key -> "office" | "field" | {field: typed value}; undecided keys left out.
        Raises UserError for a typed value that does not fit its field."""
        p = self.w.preview
        assert p is not None
        out: dict[str, Any] = {}
        for c in p.conflicts:
            index = self.choices[c.key].currentIndex()
            if index == CHOICE_OFFICE:
                out[c.key] = "office"
            elif index == CHOICE_FIELD:
                out[c.key] = "field"
            elif index == CHOICE_VALUE:
                out[c.key] = {name: typed_value(c.table, name, edit.text()) for name, edit in self.merged[c.key].items()}
        return out

    def validatePage(self) -> bool:
        try:
            self.w.decisions = self.decisions()
        except UserError as exc:
            show_error(self, exc)
            return False
        return True


class ApplyPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Import"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import now"))
        self.text = _wrapped(parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        p = self.w.preview
        assert p is not None
        if not p.conflicts:
            self.w.decisions = {}
        later = len(p.conflicts) - len(self.w.decisions)
        lines = [
            _("{new} new, {changed} changed and {deleted} deleted records will be applied in one transaction: "
              "all of them, or none if anything goes wrong.").format(new=_n(p.new), changed=_n(p.changed), deleted=_n(p.deleted)),
            _("A backup of the database is made first."),
        ]
        if p.conflicts:
            lines.append(_("Conflicts decided now: {decided}. Left for later: {later} (they stay in the queue and the office value stands).")
                         .format(decided=_n(len(self.w.decisions)), later=_n(later)))
        self.text.setText("\n\n".join(lines))

    def validatePage(self) -> bool:
        db, actor, path, decisions = self.w.db, self.w.actor, self.w.path, dict(self.w.decisions)
        assert path is not None
        result = run_with_progress(
            self, _("Importing the sync file…"),
            lambda progress, cancelled: sync.apply_import(db, actor, path=path, decisions=decisions),
            cancellable=False,
        )
        if result.error is not None:
            show_error(self, result.error)
            return False
        self.w.receipt = result.unwrap()
        self.w.imported.emit()
        return True


class ReceiptPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Import receipt"))
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (("new", _("New records:")), ("changed", _("Changed records:")), ("deleted", _("Deleted records:")),
                           ("conflicts", _("Conflicts:")), ("decided", _("Conflicts decided:")),
                           ("open", _("Conflicts still open:")), ("hash", _("Package hash (SHA-256):")),
                           ("backup", _("Backup before the import:"))):
            value = QLabel(self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(key in ("hash", "backup"))
            self.values[key] = value
            form.addRow(label, value)
        self.note = _wrapped(parent=self)
        self.note.setStyleSheet("font-weight: bold;")
        self.print_button = QPushButton(_("Print receipt…"), self)
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(_("Save receipt as PDF…"), self)
        self.pdf_button.clicked.connect(lambda: self.exporter.export(".pdf"))
        self.queue_button = QPushButton(_("Open the conflict queue…"), self)
        self.queue_button.clicked.connect(self.open_queue)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.pdf_button, self.queue_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.exporter: ReportExporter = ReportExporter(self, "sync-receipt", wizard.db, wizard.actor, self._params)

    def _params(self) -> dict[str, Any]:
        return {"receipt": self.w.receipt, "preview": self.w.preview, "decisions": self.w.decisions, "names": self.w.names}

    def initializePage(self) -> None:
        r = self.w.receipt
        assert r is not None
        for key, value in (("new", r.new), ("changed", r.changed), ("deleted", r.deleted), ("conflicts", r.conflicts),
                           ("decided", r.decided), ("open", r.open_conflicts)):
            self.values[key].setText(RLM + _n(value))
        self.values["hash"].setText(ltr(r.file_sha256))
        self.values["backup"].setText(ltr(str(r.backup)) if r.backup else _("none (the server keeps its own backups)"))
        if r.status != "applied" and self.w.preview is not None and self.w.preview.kind == "return":
            self.note.setText(status_text(r.status))
        elif self.w.preview is not None and self.w.preview.kind != "return":  # on a field copy: no undo, no queue
            self.note.setText(_("The office's changes are on this field copy now. Work you had not yet sent stays as you left it "
                                "({count} records); it goes to the office with your next return file.").format(count=_n(r.kept_local)))
        elif r.open_conflicts:
            self.note.setText(_("{count} conflicts were left undecided: they stay in the conflict queue, and until they are "
                                "decided the office value stands.").format(count=_n(r.open_conflicts)))
        else:
            self.note.setText(_("The import is complete. The last import can be undone (File menu) while nothing has been changed on top of it."))
        self.queue_button.setVisible(r.open_conflicts > 0)

    def print_receipt(self) -> None:
        self.exporter.print_preview()

    def open_queue(self) -> None:
        ConflictsDialog(self.w.db, self.w.actor, self).exec()


class ImportWizard(QWizard):
    """Import a sync file. `preview`, `decisions` and `receipt` hold what each step found."""

    imported = Signal()  # the import was applied (the window refreshes what it shows)

    def __init__(self, db: Any, actor: Any, parent: QWidget | None = None, *, path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.path: Path | None = None
        self.preview: sync.ImportPreview | None = None
        self.names: dict[str, str] = {}  # conflict key -> the record's name (sync.conflict_names)
        self.decisions: dict[str, Any] = {}
        self.receipt: sync.ImportReceipt | None = None
        self.setLayoutDirection(_direction())
        self.setWindowTitle(_("Import a sync file"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, _("Next step")), (QWizard.WizardButton.BackButton, _("Back")),
                             (QWizard.WizardButton.CancelButton, _("Cancel")), (QWizard.WizardButton.FinishButton, _("Close"))):
            self.setButtonText(button, text)
        self.choose_page = ChoosePage(self)
        self.summary_page = SummaryPage(self)
        self.conflicts_page = ConflictsPage(self)
        self.apply_page = ApplyPage(self)
        self.receipt_page = ReceiptPage(self)
        for page_id, page in ((PAGE_CHOOSE, self.choose_page), (PAGE_SUMMARY, self.summary_page),
                              (PAGE_CONFLICTS, self.conflicts_page), (PAGE_APPLY, self.apply_page),
                              (PAGE_RECEIPT, self.receipt_page)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_CHOOSE)
        self.resize(920, 560)
        if path:
            self.choose_page.path_edit.setText(str(path))
