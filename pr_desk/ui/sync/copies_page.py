"""The Field copies list (نسخه‌های میدانی), for administrators at the office: each
inspector's laptop, the last package made for it, the last return file brought back and
its state (services/sync/copies.py), those needing a look first. The dashboard's field
copies tile and File → Field copies open it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.sync import copies
from pr_desk.services.sync.copies import FieldCopyState
from pr_desk.ui.kit.list_page import WholeListPage
from pr_desk.ui.kit.paged_table_model import Column

if TYPE_CHECKING:
    from pr_desk.services.office import Office

COPY_COLUMNS = (
    Column("inspector", N_("Inspector"), sortable=True),
    Column("prefix", N_("Number prefix"), sortable=True),
    Column("last_out", N_("Last package out"), kind="datetime", sortable=True),
    Column("last_back", N_("Last return in"), kind="datetime", sortable=True),
    Column("state_label", N_("State of the copy"), sortable=True),
)


class FieldCopiesPage(WholeListPage):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            COPY_COLUMNS, search_placeholder=_("Search by inspector or number prefix…"),
            count_text=lambda n: ngettext("{count} field copy", "{count} field copies", n),
            empty_text=_("No field copy was made yet. File → Field copy for an inspector… makes one for an "
                         "inspector's laptop."),
            stretch="state_label", parent=parent)
        self.db = db
        self.actor = actor
        self.refresh_button = self.add_refresh_button()
        self.reload()

    def read_all(self, **sort: Any) -> Sequence[FieldCopyState]:
        return copies.field_copy_states(self.db, self.actor, **sort)

    def matches(self, row: FieldCopyState, text: str) -> bool:
        return text in row.inspector.casefold() or text in row.prefix.casefold()
