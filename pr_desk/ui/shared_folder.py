"""A SQLite database opened from a shared network folder: the app says once that only one
computer may have it open at a time, and that an office sharing one database uses a
PostgreSQL server (SQLite's locks and write-ahead log are not safe across computers)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from pr_desk import paths
from pr_desk.i18n import _
from pr_desk.services.office import Office, sqlite_file

_warned: set[Path] = set()


def shared_folder_file(db: Office) -> Path | None:
    """The database's file when it lies in a shared network folder, else None."""
    path = sqlite_file(db.url)
    if path is None or not paths.on_network_share(path):
        return None
    return path


def warn_if_on_shared_folder(parent: QWidget | None, db: Office) -> bool:
    """Shows the warning the first time this database is opened in this run; True if shown."""
    path = shared_folder_file(db)
    if path is None or path in _warned:
        return False
    _warned.add(path)
    box = QMessageBox(parent)
    box.setWindowTitle(_("PR Desk"))
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(_("This database is in a shared network folder. Only one computer may have it open at a time: "
                  "two computers writing to one file can damage it."))
    box.setInformativeText(_("When several people must work on the same data, ask IT to set up the office's "
                             "PostgreSQL server and open it with File → Open database → PostgreSQL server…"))
    box.exec()
    return True
