"""Making a sync file: at the office, a field package for an inspector (their units,
forms and reference data; no citizens' personal data); on a field copy, the return file
for the office. Written off the UI thread; then a message names the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Role
from pr_desk.domain.text import sort_key
from pr_desk.i18n import _, is_rtl
from pr_desk.services import sync, users
from pr_desk.ui import settings
from pr_desk.ui.kit import run_with_progress, show_error
from pr_desk.ui.kit.formatting import file_filter
from pr_desk.ui.kit.forms import FormDialog, ltr


class ExportDialog(FormDialog):
    """`field_copy`: this database is a field copy (the return file), else the office."""

    def __init__(self, db: Any, actor: Any, parent: QWidget | None = None, *, field_copy: bool | None = None) -> None:
        self.db = db
        self.actor = actor
        self.field_copy = sync.is_field_copy(db) if field_copy is None else field_copy
        title = _("Make a return file") if self.field_copy else _("Field copy for an inspector")
        super().__init__(parent, title, ok_text=_("Make the file"))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
        self.written: Path | None = None
        self.inspector = QComboBox(self)
        self.path = QLineEdit(self)
        if self.field_copy:
            self.set_intro(_("The return file carries everything done on this field copy that the office has not yet "
                             "received. Take it to the office and import it there."))
        else:
            self.set_intro(_("The field package carries the inspector's units, their forms and templates and the "
                             "reference data they need; no citizen's personal data."))
            self.add_field("inspector", _("Inspector"), self.inspector)
            self.copy = QComboBox(self)
            self.retire_button = QPushButton(_("Retire this copy…"), self)
            self.retire_button.setToolTip(_("A lost, broken or replaced laptop: files from this copy are refused from now on."))
            self.retire_button.clicked.connect(self.retire_selected)
            copy_row = QWidget(self)
            copy_box = QHBoxLayout(copy_row)
            copy_box.setContentsMargins(0, 0, 0, 0)
            copy_box.addWidget(self.copy, 1)
            copy_box.addWidget(self.retire_button)
            self.add_field("copy", _("Field copy"), copy_row)
            self.copy.currentIndexChanged.connect(lambda _i: self._copy_changed())
            self._load_inspectors()
            self.inspector.currentIndexChanged.connect(self._on_inspector_changed)
            self._load_copies()
            self.setMinimumWidth(760)  # the copy's line (prefix, when made, last return) reads whole
        self.path.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        browse = QPushButton(_("Browse…"), self)
        browse.clicked.connect(self.browse)
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.path, 1)
        box.addWidget(browse)
        self.add_field("path", _("File"), row)
        self._watch("path", self.path)
        self._suggest()
        self._touched.add("inspector")
        self.refresh_validity()

    def _load_inspectors(self) -> None:
        try:
            people = [u for u in users.list_users(self.db, self.actor) if u.role == Role.INSPECTOR and u.active]
        except UserError as exc:
            show_error(self, exc)
            people = []
        for u in sorted(people, key=lambda u: sort_key(u.display_name)):
            self.inspector.addItem(f"{u.display_name} ({u.username})", u)

    def _load_copies(self) -> None:
        """The inspector's field copies (newest first, preselected: the next package keeps
        that laptop in step), and a new copy for another laptop."""
        from pr_desk.domain.jalali import format_jalali_datetime

        self.copy.clear()
        who = self.inspector.currentData()
        copies = []
        if who is not None:
            try:
                copies = sync.list_field_copies(self.db, self.actor, inspector_id=who.id)
            except UserError as exc:
                show_error(self, exc)
        for c in copies:
            made = format_jalali_datetime(c.made_at) if c.made_at else ""
            last = (_("last return file {when}").format(when=format_jalali_datetime(c.last_import_at)) if c.last_import_at
                    else _("nothing brought back yet"))
            self.copy.addItem(_("Copy {prefix}, made {made}; {last}").format(prefix=ltr(c.prefix), made=made, last=last),
                              c.replica_id)
        self.copy.addItem(_("A new field copy (for another laptop)"), None)
        self._copy_changed()

    def _on_inspector_changed(self, _index: int) -> None:
        self._load_copies()
        self._suggest()

    def _copy_changed(self) -> None:
        self.retire_button.setEnabled(self.copy.currentData() is not None)
        if self.copy.currentData() is None:
            self.set_intro(_("A new field copy: the package carries the inspector's units, their forms and templates, the "
                             "directives sent to those units (files up to the office's size limit; larger ones stay at the "
                             "office) and the reference data they need; no citizen's personal data. Open it on the laptop "
                             "to make the copy."))
        else:
            self.set_intro(_("The next package of this field copy carries everything the laptop has not seen yet (the "
                             "office's and other inspectors' changes); the inspector opens it on the laptop, and their "
                             "pending work there stays."))

    def retire_selected(self) -> None:
        replica_id = self.copy.currentData()
        if replica_id is None:
            return
        answer = QMessageBox.question(self, _("Retire this copy…").rstrip("…"),
                                      _("Retire this field copy? Files from it will be refused from now on; what it brought "
                                        "back earlier stays. Use it for a lost, broken or replaced laptop."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            sync.retire_field_copy(self.db, self.actor, replica_id)
        except UserError as exc:
            show_error(self, exc)
        self._load_copies()

    def _suggest(self) -> None:
        folder = Path(settings.LAST_FOLDER.get() or str(Path.home()))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        if self.field_copy:
            name = f"return-{stamp}.prsync"
        else:
            who = self.inspector.currentData()
            name = f"field-{who.username if who else 'inspector'}-{stamp}.prsync"
        self.path.setText(str(folder / name))


    def browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.windowTitle(), self.path.text(), file_filter(_("Sync packages (*.prsync)")))
        if path:
            self.path.setText(path if path.endswith(".prsync") else path + ".prsync")

    def validate(self) -> dict[str, str]:
        problems = {}
        if not self.field_copy and self.inspector.currentData() is None:
            problems["inspector"] = _("There is no active user with the inspector role.")
        if not self.path.text().strip():
            problems["path"] = _("Choose where the file goes.")
        return problems

    def accept(self) -> None:
        if not self.refresh_validity():
            return
        out = Path(self.path.text().strip())
        if out.suffix.lower() != ".prsync":
            out = out.with_name(out.name + ".prsync")
        db, actor = self.db, self.actor
        if self.field_copy:
            def job(progress: Any, cancelled: Any) -> Path:
                return Path(sync.export_return_package(db, actor, out=out).path)
        else:
            import uuid

            inspector_id = self.inspector.currentData().id
            copy = self.copy.currentData()
            replica_id = uuid.UUID(copy) if copy else None

            def job(progress: Any, cancelled: Any) -> Path:
                return Path(sync.export_field_package(db, actor, inspector_id=inspector_id, out=out, replica_id=replica_id).path)
        result = run_with_progress(self, _("Writing the sync file…"), job, cancellable=False)
        if result.error is not None:
            show_error(self, result.error)
            return
        self.written = result.unwrap()
        settings.LAST_FOLDER.set(str(out.parent))
        QMessageBox.information(self, self.windowTitle(), _("The sync file was written to {path}.").format(path=ltr(str(self.written))))
        super(FormDialog, self).accept()
