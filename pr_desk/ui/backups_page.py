"""The Backups list (نسخه‌های پشتیبان), for administrators: every backup file still on disk
(services/backups.py), newest first, what made it and how big it is; the dashboard's
backups tile and File → Backups open it. Enter or a double-click shows a file in its folder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import backups
from pr_desk.services.backups import BackupFile
from pr_desk.services.context import Actor
from pr_desk.ui.kit.delegates import show_left_to_right
from pr_desk.ui.kit.list_page import WholeListPage
from pr_desk.ui.kit.paged_table_model import Column

if TYPE_CHECKING:
    from pr_desk.services.office import Office

BACKUP_COLUMNS = (
    Column("name", N_("File"), sortable=True),
    Column("made_at", N_("Time"), kind="datetime", sortable=True),
    Column("size_text", N_("Size"), sortable=True),
    Column("kind_label", N_("Why it was made"), sortable=True),
    Column("folder", N_("Folder"), sortable=True),
)


class BackupsPage(WholeListPage):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            BACKUP_COLUMNS, search_placeholder=_("Search by file or folder name…"),
            count_text=lambda n: ngettext("{count} backup", "{count} backups", n),
            empty_text=_("No backup file was found. File → Back up… makes one; PR Desk also keeps one "
                         "before each upgrade, sync import and restore."),
            stretch="folder", parent=parent)
        self.db = db
        self.actor = actor
        show_left_to_right(self.table, self.model, ("name", "folder"))  # file names and paths read left to right
        self.refresh_button = self.add_refresh_button()
        self.folder_button = self.add_page_button(_("Show in its folder"), _("Opens the folder that holds the selected backup"))
        self.folder_button.clicked.connect(self.show_in_folder)
        self.on_activated(self.show_in_folder, _("Show the selected backup in its folder"))
        self.reload()

    def read_all(self, **sort: Any) -> Sequence[BackupFile]:
        return backups.list_backups(self.db, self.actor, **sort)

    def matches(self, row: BackupFile, text: str) -> bool:
        return text in row.name.casefold() or text in row.folder.casefold()

    def show_in_folder(self) -> None:
        row = self.current()
        if isinstance(row, BackupFile):
            QDesktopServices.openUrl(QUrl.fromLocalFile(row.folder))
