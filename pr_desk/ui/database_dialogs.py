"""Choosing a database: a PostgreSQL URL typed by hand, and the refusal shown when a file
cannot be opened (foreign, newer, damaged) with the choice to open another or stop."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pr_desk.domain.errors import UserError
from pr_desk.i18n import _
from pr_desk.ui.kit.formatting import file_filter
from pr_desk.ui.kit.forms import FormDialog, latin_edit

URL_PREFIXES = ("postgresql+psycopg://", "postgresql://", "postgres://")


class PostgresUrlDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Open a PostgreSQL database"), ok_text=_("Open"))
        self.set_intro(_("Type the address of the office's PostgreSQL database, for example\n"
                         "postgresql+psycopg://user:password@server:5432/prdesk"))
        self.url_edit = latin_edit(self, 500)
        self.url_edit.setMinimumWidth(420)
        self.add_field("url", _("Address"), self.url_edit)
        self.refresh_validity()

    def url(self) -> str:
        text = self.url_edit.text().strip()
        if text.startswith(("postgresql://", "postgres://")):
            text = "postgresql+psycopg://" + text.split("://", 1)[1]
        return text

    def validate(self) -> dict[str, str]:
        if not self.url_edit.text().strip().startswith(URL_PREFIXES):
            return {"url": _("The address starts with postgresql+psycopg://")}
        return {}


def refusal_choice(parent: QWidget | None, exc: BaseException, *, at_start: bool) -> bool:
    """Tells why the database cannot be opened; True when the user wants to pick another."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("PR Desk"))
    box.setIcon(QMessageBox.Icon.Warning)
    if isinstance(exc, UserError):
        box.setText(str(exc))
    else:
        box.setText(_("The database could not be opened because of an unexpected error. "
                      "The details were written to the log file."))
    box.setInformativeText(_("The file was not changed."))
    other = box.addButton(_("Open another database…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit") if at_start else _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    return box.clickedButton() is other


def choose_database_file(parent: QWidget | None, folder: str) -> str | None:
    path, _f = QFileDialog.getOpenFileName(
        parent, _("Open database"), folder, file_filter(_("PR Desk databases (*.sqlite *.db);;All files (*)"))
    )
    return path or None
