"""File → Restore from a backup…: the same checks as `pr-desk restore` (services.maintenance:
integrity, schema, audit chain), the current state kept as a backup first, administrators
only; then the restored database opens with a new login (its users may differ)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.paths import backup_dir
from pr_desk.services import maintenance
from pr_desk.services.office import sqlite_file
from pr_desk.ui.kit import show_error
from pr_desk.ui.kit.formatting import file_filter
from pr_desk.ui.kit.forms import ltr

if TYPE_CHECKING:
    from pr_desk.ui.main_window import MainWindow


def choose_backup(window: MainWindow) -> Path | None:
    path, _f = QFileDialog.getOpenFileName(window, _("Restore from a backup"), str(backup_dir()),
                                           file_filter(_("SQLite files (*.sqlite)")))
    return Path(path) if path else None


def restore_from_backup(window: MainWindow, backup: Path | None = None) -> Path | None:
    """Asks for a backup file (unless given), checks it, asks to confirm, keeps the current
    state, restores, and asks the app to open the restored database (a new login). Returns
    where the replaced state was kept, or None when nothing was restored."""
    db, actor = window.db, window.actor
    try:
        if not actor.can(Permission.BACKUP):
            raise UserError(N_("Only an administrator may restore a backup."))
        target = sqlite_file(db.url)
        if target is None:
            raise UserError(N_("Restore works on SQLite database files; restore a PostgreSQL server with pg_restore."))
    except UserError as exc:
        show_error(window, exc)
        return None
    backup = backup or choose_backup(window)
    if backup is None:
        return None
    try:
        maintenance.check_backup_file(backup)
    except UserError as exc:
        show_error(window, exc)
        return None
    answer = QMessageBox.question(
        window, _("Restore from a backup"),
        _("Replace the open database with the backup {file}? Everything written since that backup is replaced; "
          "the current state is kept as a backup first.").format(file=ltr(backup.name)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    # On the UI thread, with no event loop turning meanwhile: nothing of this window (a
    # timer, a page loading) reconnects between letting go of the file and the restore
    # taking it alone. A file copy: a moment, under the wait cursor.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        db.engine.dispose()  # this window's own connections let go of the file
        kept = maintenance.restore(backup, target, keep_folder=backup_dir(), actor=actor)
    except UserError as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, exc)  # refused before anything changed: the database is as it was
        return None
    QApplication.restoreOverrideCursor()
    text = _("The database was restored from {file}.").format(file=ltr(backup.name))
    if kept is not None:
        text += "\n" + _("The replaced database was kept as {path}.").format(path=ltr(str(kept)))
    text += "\n" + _("Log in again to go on.")
    QMessageBox.information(window, _("Restore from a backup"), text)
    window.database_chosen.emit(str(target))
    return kept
