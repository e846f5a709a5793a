"""The first start on a PC: the data folder has no office database yet, so instead of
making one silently the app says what it is and offers three ways in: create the office's
database (its administrator comes next), open a database file someone already has, or try
the demo (built in the data folder, then opened, with its accounts told)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from pr_desk import paths
from pr_desk.i18n import _
from pr_desk.services import demo
from pr_desk.ui import settings
from pr_desk.ui.database_dialogs import choose_database_file
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.progress import JobStatus, run_with_progress

log = logging.getLogger("pr_desk")

DEMO_FILE_NAME = "pr-desk-demo.sqlite"


def is_first_start() -> bool:
    """No office database in the data folder yet (the app was never set up on this PC)."""
    return not paths.default_database().exists()


def demo_database() -> Path:
    return paths.data_dir() / DEMO_FILE_NAME


def demo_accounts_text() -> str:
    staff = ", ".join(username for username, _name, _role in demo.STAFF)
    return _("Demo accounts:\nadministrator: {admin}, password {admin_password}\n"
             "{staff}: password {password}").format(admin=demo.ADMIN[0], admin_password=demo.ADMIN[2],
                                                     staff=staff, password=demo.DEMO_PASSWORD)


class FirstRunDialog(QDialog):
    """Three choices; `target` is the database to open once the dialog is accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to PR Desk"))
        self.target: str | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(_("PR Desk has not been set up on this computer yet. How do you want to start?"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.create_button = self._choice(
            layout, _("Create the office database"),
            _("A new, empty database in {folder}; you choose its administrator's name and password next.").format(
                folder=paths.data_dir()))
        self.open_button = self._choice(
            layout, _("Open an existing database file…"),
            _("A database file the office already has (copied from another computer or a backup)."))
        self.demo_button = self._choice(
            layout, _("Try the demo"),
            _("A database full of made-up sample data to look around in; the office's own data stays apart."))
        self.quit_button = QPushButton(_("Quit"), self)
        layout.addWidget(self.quit_button, alignment=Qt.AlignmentFlag.AlignLeading)
        self.create_button.clicked.connect(self.choose_create)
        self.open_button.clicked.connect(self.choose_open)
        self.demo_button.clicked.connect(self.choose_demo)
        self.quit_button.clicked.connect(self.reject)
        self.create_button.setDefault(True)
        self.setMinimumWidth(460)

    def _choice(self, layout: QVBoxLayout, title: str, explanation: str) -> QPushButton:
        button = QPushButton(title, self)
        button.setMinimumHeight(36)
        layout.addWidget(button)
        label = QLabel(explanation, self)
        label.setWordWrap(True)
        label.setContentsMargins(12, 0, 12, 8)
        layout.addWidget(label)
        return button

    def _finish(self, target: str) -> None:
        self.target = target
        self.accept()

    def choose_create(self) -> None:
        self._finish(str(paths.default_database()))

    def choose_open(self) -> None:
        chosen = choose_database_file(self, settings.LAST_FOLDER.get() or str(Path.home()))
        if chosen is None:
            return  # back to the three choices
        settings.LAST_FOLDER.set(str(Path(chosen).parent))
        self._finish(chosen)

    def choose_demo(self) -> None:
        target = demo_database()
        if not target.exists():  # tried before: the same demo opens again
            result = run_with_progress(self, _("Building the demo database…"),
                                       lambda progress, _cancelled: demo.build_demo(str(target), size="small"),
                                       cancellable=False)
            if result.status is not JobStatus.OK:
                assert result.error is not None
                log.error("Building the demo failed", exc_info=result.error)
                show_error(self, result.error)
                return
        box = QMessageBox(self)
        box.setWindowTitle(_("The demo database is ready"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(demo_accounts_text())
        box.setInformativeText(_("The demo is kept in {path}. To start the office's own database later, "
                                 "open PR Desk again and choose Create.").format(path=target))
        box.exec()
        self._finish(str(target))


def choose_start_database(parent: QWidget | None = None) -> str | None:
    """The first-run choice: the database to open, or None when the user quit."""
    dialog = FirstRunDialog(parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.target
    finally:
        dialog.deleteLater()
