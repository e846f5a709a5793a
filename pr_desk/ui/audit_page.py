"""The Audit trail tab (سابقه تغییرات): who did what and when, newest first, paged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import audit_log
from pr_desk.services.audit_log import AuditEntry
from pr_desk.services.context import Actor
from pr_desk.ui.kit.list_page import ListPage
from pr_desk.ui.kit.paged_table_model import Column

if TYPE_CHECKING:
    from pr_desk.services.office import Office

AUDIT_COLUMNS = (
    Column("seq", N_("No."), kind="int", sortable=True),
    Column("at", N_("Time"), kind="datetime", sortable=True),
    Column("actor_name", N_("User"), sortable=True),
    Column("action_label", N_("Action"), sortable=True),
    Column("table_label", N_("Record"), sortable=True),
    Column("details", N_("Details")),
)


class AuditPage(ListPage):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            AUDIT_COLUMNS, search_placeholder=_("Search by user, action or details…"), count_text=lambda n: ngettext("{count} entry", "{count} entries", n),
            empty_text=_("The audit trail is empty. Every change made in PR Desk, and every login, is "
                         "recorded here with who made it and when."),
            widths=(60, 150, 120, 120, 90), parent=parent)
        self.db = db
        self.actor = actor
        self.refresh_button = self.add_refresh_button()
        self.reload()

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> list[AuditEntry]:
        return audit_log.list_entries(self.db, self.actor, offset=offset, limit=limit, search=self.search_text(), **sort)

    def count_rows(self) -> int:
        return audit_log.count_entries(self.db, self.actor, search=self.search_text())
