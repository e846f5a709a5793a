"""The register (دفتر دستورالعمل‌ها): every directive with its number, kind, title, status,
version, dates and how many units acknowledged it; search, filters, sortable headers, the
register report, and the buttons that open or start a directive."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from pr_desk.domain.directives import DirectiveStatus
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import directives as dv
from pr_desk.services.context import Actor
from pr_desk.ui.directives import importing
from pr_desk.ui.directives.common import (
    CellTableModel,
    acknowledged_text,
    fill_kind_combo,
    kinds_for,
    number_text,
    version_text,
    year_combo,
)
from pr_desk.ui.kit.list_page import ListPage
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.report_actions import exporter_for

if TYPE_CHECKING:
    from pr_desk.services.office import Office

REGISTER_COLUMNS = (
    Column("number", N_("Number"), sortable=True),
    Column("kind_name", N_("Kind"), sortable=True),
    Column("title", N_("Title"), sortable=True),
    Column("status", N_("Status"), sortable=True),
    Column("current_version", N_("Version")),
    Column("issued_on", N_("Issue date"), kind="date"),
    Column("effective_on", N_("Effective date"), kind="date"),
    Column("acknowledged", N_("Acknowledged")),
    Column("issuer", N_("Issuer"), sortable=True),
)
# column key -> the service's sort key (data.directives.queries.SORT_KEYS)
SORT_KEY = {"number": "number", "kind_name": "kind", "title": "title", "status": "status", "issuer": "issuer"}


def _status_text(info: dv.DirectiveInfo) -> str:
    if info.ended_on is not None:
        from pr_desk.ui.kit.formatting import format_jalali_date

        return _("{status} since {date}").format(status=info.status.label, date=format_jalali_date(info.ended_on))
    return info.status.label


def _status_colour(info: dv.DirectiveInfo) -> str | None:
    return {DirectiveStatus.IN_FORCE: "#e8f5e9", DirectiveStatus.REPEALED: "#eeeeee",
            DirectiveStatus.SUPERSEDED: "#eeeeee"}.get(info.status)


def _tags_tip(info: dv.DirectiveInfo) -> str:
    return info.title + ("\n" + "، ".join(info.tags) if info.tags else "")


class DirectivesPage(ListPage):
    """`open_requested(directive id or None for a new one)`; `changed` is never emitted here
    (the register only reads), the workspace reloads it after a write."""

    open_requested = Signal(object)
    _search: dv.PreparedSearch | None = None  # this reload's search, its tag texts read (see _query)

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_DIRECTIVES)
        if self.can_manage:
            empty = _("No directive is registered yet. Draft one with “New directive…” (Ctrl+N); a supervisor "
                      "reviews, approves and issues it, and then it can be sent to the units.")
        elif actor.can(Permission.APPROVE_DIRECTIVES):
            empty = _("No directive is registered yet. A clerk drafts them; they come to you for approval.")
        else:
            empty = _("No directive has been sent to the units assigned to you yet.")
        if actor.can(Permission.MANAGE_DIRECTIVES) or actor.can(Permission.APPROVE_DIRECTIVES):
            ack_tip = _("Units that acknowledged the version in force, of the units it was sent to")
        else:  # an inspector counts the units assigned to them (the services count only those)
            ack_tip = _("Units assigned to you that acknowledged the version in force, of those it was sent to")
        model = functools.partial(
            CellTableModel,
            texts={"number": lambda r: number_text(r.number), "status": _status_text, "current_version": version_text,
                   "acknowledged": acknowledged_text},
            colours={"status": _status_colour},
            tips={"title": _tags_tip, "acknowledged": lambda r: ack_tip},
        )
        super().__init__(REGISTER_COLUMNS, search_placeholder=_("Search by number, title, subject or words of the text…"),
                         empty_text=empty, count_text=lambda n: ngettext("{count} directive", "{count} directives", n), stretch="title",
                         model_factory=model, parent=parent)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(_("All statuses"), None)
        for status in DirectiveStatus:
            self.status_filter.addItem(status.label, status)
        self.kind_filter = QComboBox(self)
        self.year_filter = year_combo(self, all_text=_("All years"))
        self.year_filter.setToolTip(_("The Jalali year of issue"))
        self.add_filter(self.status_filter)
        self.add_filter(self.kind_filter)
        self.add_filter(self.year_filter)
        self.refresh_button = self.add_refresh_button()  # what another PC saved since
        self.refresh_kinds()

        self.new_button = self.add_page_button(_("New directive…"), _("Draft a new directive (Ctrl+N)"))
        self.new_button.setVisible(self.can_manage)
        self.open_button = self.add_page_button(_("Open"), _("Open the selected directive (Enter or double-click)"))
        self.kinds_button = self.add_page_button(_("Kinds…"), _("The kinds of directive and the prefixes of their numbers"))
        self.kinds_button.setVisible(actor.can(Permission.APPROVE_DIRECTIVES))
        # The register an office already keeps, imported issued: who may draft and issue.
        can_import = self.can_manage and actor.can(Permission.APPROVE_DIRECTIVES)
        self.import_button = self.add_page_button(_("Import from Excel…"), _("Import the office's existing register of directives"))
        self.template_button = self.add_page_button(_("Save Excel template…"))
        self.import_button.setVisible(can_import)
        self.template_button.setVisible(can_import)
        exporter = exporter_for(self, "directive-register", db, actor, self.report_filters)
        self.export_buttons = self.add_exports(exporter) if exporter is not None else []

        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.year_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(lambda: self.open_requested.emit(None))
        self.open_button.clicked.connect(self.open_current)
        self.kinds_button.clicked.connect(self.edit_kinds)
        self.import_button.clicked.connect(self.import_from_excel)
        self.template_button.clicked.connect(lambda: importing.save_template(self))
        self.on_activated(self.open_current)
        # Open follows the selection (a reload empties it without a selection signal)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.reload()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current() is not None)

    def fit_columns(self) -> None:
        """Every column as wide as what it shows, 260 pixels at most (the title takes the
        rest); on the first fill only, so the widths the clerk set stay."""
        fit_columns_to_contents(self.table, widest=260)

    def import_from_excel(self) -> None:
        importing.choose_and_import(self, self.db, self.actor, lambda _result: self._after_import())

    def import_file(self, path: Path) -> Any:
        """Read and check → preview → import all or none, with progress and Cancel (also the
        tests' entry point). The result, or None."""
        return importing.import_file(self, self.db, self.actor, path, lambda _result: self._after_import())

    def _after_import(self) -> None:
        self.refresh_kinds()  # a new office's kinds come with its first import
        self.reload()

    def refresh_kinds(self) -> None:
        try:
            kinds = kinds_for(self.db, self.actor)
        except Exception:  # the list says what went wrong when it loads
            kinds = []
        fill_kind_combo(self.kind_filter, kinds, all_text=_("All kinds"))

    def edit_kinds(self) -> None:
        """The kinds dialog; the kind filter and the list follow what was changed there."""
        from pr_desk.ui.directives.kinds_dialog import KindsDialog

        dialog = KindsDialog(self.db, self.actor, self)
        dialog.exec()
        if dialog.changed:
            self.refresh_kinds()
            self.reload()

    def filters(self) -> dict[str, Any]:
        return {"search": self.search_text(), "status": self.status_filter.currentData(),
                "kind_id": self.kind_filter.currentData(), "year": self.year_filter.currentData()}

    def reading(self) -> None:
        self._search = None  # the stored tag texts read again

    def _query(self) -> dict[str, Any]:
        """`filters` as the service takes them for this reload: the search with the tag texts
        it matches read once for the count and the pages (dv.prepare_search)."""
        query = self.filters()
        if query["search"]:
            if self._search is None or self._search.text != query["search"]:
                self._search = dv.prepare_search(self.db, self.actor, query["search"])
            query["search"] = self._search
        return query

    def report_filters(self) -> dict[str, Any]:
        f = self.filters()
        kind = self.kind_filter.currentText() if f["kind_id"] is not None else None
        return {"search": f["search"], "status": f["status"], "kind": kind, "year": f["year"] or "all"}

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> Sequence[Any]:
        key = sort.get("sort_key")
        return dv.list_directives(self.db, self.actor, offset=offset, limit=limit,
                                  sort_key=SORT_KEY.get(key) if key else None,
                                  descending=bool(sort.get("descending")), **self._query())

    def count_rows(self) -> int | None:
        return dv.count_directives(self.db, self.actor, **self._query())

    def is_filtered(self) -> bool:
        f = self.filters()
        return bool(f["search"] or f["status"] or f["kind_id"] or f["year"])

    def open_current(self) -> None:
        row = self.current()
        if row is not None:
            self.open_requested.emit(row.id)

    def select_directive(self, directive_id: uuid.UUID) -> bool:
        return self.select_where(lambda r: r.id == directive_id)
