"""The Audit trail tab (سابقه تغییرات): who did what and when, newest first, paged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.i18n import N_, _
from pr_desk.services import audit_log
from pr_desk.services.audit_log import AuditEntry
from pr_desk.services.context import Actor
from pr_desk.ui.forms import attempt
from pr_desk.ui.kit.formatting import display_digits
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.units_page import SEARCH_DELAY_MS, configure_table

if TYPE_CHECKING:
    from pr_desk.data.engine import Database

AUDIT_COLUMNS = (
    Column("seq", N_("No."), kind="int"),
    Column("at", N_("Time"), kind="datetime"),
    Column("actor_name", N_("User")),
    Column("action_label", N_("Action")),
    Column("table_label", N_("Record")),
    Column("details", N_("Details")),
)


class AuditPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by user, action or details…"))
        self.search.setClearButtonEnabled(True)
        self.refresh_button = QPushButton(_("Refresh"), self)
        top.addWidget(QLabel(_("Search:"), self))
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.table = QTableView(self)
        configure_table(self.table)
        self.model = PagedTableModel(AUDIT_COLUMNS, self._fetch, count=self._count, parent=self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((60, 150, 120, 120, 90)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.refresh_button.clicked.connect(self.reload)
        self.reload()

    def _fetch(self, offset: int, limit: int, /, **_sort: Any) -> list[AuditEntry]:
        return audit_log.list_entries(self.db, self.actor, offset=offset, limit=limit, search=self.search.text().strip())

    def _count(self) -> int:
        return audit_log.count_entries(self.db, self.actor, search=self.search.text().strip())

    def reload(self) -> None:
        self.search_timer.stop()
        attempt(self, self.model.reload)
        self.count_label.setText(_("{count} entries").format(count=display_digits(str(self.model.total_count() or 0))))
