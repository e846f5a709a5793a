"""The event window's Guests tab: the guest list in protocol order (honorific and name,
post, organisation, rank, invitation, seat, present), a search, counts per invitation
status; add or edit a guest, remove one, move the chosen guests through the invitation
steps, edit the protocol ranks, import a list from Excel. Every action has a button and a
keyboard shortcut."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.events import MAX_NAME, Honorific, InvitationStatus, seat_text
from pr_desk.domain.mobile import is_valid_mobile
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import guests as gs
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import digits, format_datetime
from pr_desk.ui.kit.forms import FormDialog, attempt
from pr_desk.ui.kit.paged_table_model import ROW_ROLE, Column, PagedTableModel, StaticRows
from pr_desk.ui.kit.table_view import list_table, select_row, selected_row
from pr_desk.ui.kit.widgets import find_data

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    Column("address", N_("Guest")),
    Column("title", N_("Title or post")),
    Column("organisation", N_("Organisation")),
    Column("rank_name", N_("Protocol rank")),
    Column("invitation", N_("Invitation")),
    Column("seat", N_("Seat")),
    Column("present", N_("Present")),
)
INVITATION_COLOURS = {
    InvitationStatus.TO_INVITE: None,
    InvitationStatus.INVITED: "#fff3cd",
    InvitationStatus.ACCEPTED: "#d4edda",
    InvitationStatus.DECLINED: "#eceff1",
}


def seat_cell(seat: str | None) -> str:
    return digits(seat_text(seat)) if seat else ""


def present_cell(guest: gs.GuestInfo) -> str:
    if guest.checked_in_at is None:
        return ""
    text = format_datetime(guest.checked_in_at)[-5:]
    return _("Walk-in, {time}").format(time=text) if guest.walk_in else text


class GuestsModel(PagedTableModel):
    """An event's guests a page at a time, the invitation on its colour."""

    def __init__(self, fetch: Callable[..., Any] | None = None, count: Callable[[], int] | None = None,
                 parent: Any = None) -> None:
        super().__init__(COLUMNS, fetch or StaticRows(), count=count, parent=parent)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.loaded_count() and index.column() < len(self.columns):
            guest: gs.GuestInfo = self.row_at(index.row())
            key = self.columns[index.column()].key
            if role == Qt.ItemDataRole.DisplayRole:
                if key == "address":
                    return guest.address
                if key == "invitation":
                    return guest.invitation.label
                if key == "seat":
                    return seat_cell(guest.seat)
                if key == "present":
                    return present_cell(guest)
                if key == "rank_name":
                    return guest.rank_name or "—"
            if role == Qt.ItemDataRole.BackgroundRole and key == "invitation":
                colour = INVITATION_COLOURS[guest.invitation]
                return QBrush(QColor(colour)) if colour else None
            if role == Qt.ItemDataRole.ToolTipRole and guest.note:
                return guest.note
        return super().data(index, role)


def honorific_combo(parent: QWidget, current: Honorific = Honorific.NONE) -> QComboBox:
    combo = QComboBox(parent)
    for h in Honorific:
        combo.addItem(h.text or _("(none)"), h)
    combo.setCurrentIndex(max(find_data(combo, current), 0))
    return combo


def rank_combo(parent: QWidget, ranks: list[gs.RankInfo], current: uuid.UUID | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(_("(no rank)"), None)
    for r in ranks:
        if not r.retired or r.id == current:
            combo.addItem(r.name, r.id)
    combo.setCurrentIndex(max(find_data(combo, current), 0) if current else 0)
    return combo


class GuestDialog(FormDialog):
    """A new guest (or walk-in, `save_with`), or one guest's details."""

    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, event_id: uuid.UUID,
                 guest: gs.GuestInfo | None = None, *, title: str | None = None,
                 save_with: Callable[..., gs.GuestInfo] | None = None) -> None:
        super().__init__(parent, title or (_("Edit guest") if guest else _("New guest")))
        self.db, self.actor, self.event_id, self.guest = db, actor, event_id, guest
        self.save_with = save_with
        self.saved: gs.GuestInfo | None = None
        self.honorific = honorific_combo(self, guest.honorific if guest else Honorific.NONE)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(MAX_NAME)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(gs.MAX_POST)
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setMaxLength(gs.MAX_POST)
        self.mobile_edit = QLineEdit(self)
        self.mobile_edit.setPlaceholderText("09121234567")
        self.rank = rank_combo(self, gs.list_ranks(db, actor, include_retired=True), guest.rank_id if guest else None)
        self.note = QPlainTextEdit(self)
        self.note.setFixedHeight(60)
        self.add_field("honorific", _("Honorific"), self.honorific)
        self.add_field("full_name", _("Full name"), self.name_edit)
        self.add_field("title", _("Title or post"), self.title_edit)
        self.add_field("organisation", _("Organisation"), self.organisation_edit)
        self.add_field("mobile", _("Mobile"), self.mobile_edit)
        self.add_field("rank", _("Protocol rank"), self.rank)
        self.add_field("note", _("Note"), self.note)
        if guest is not None:
            self.name_edit.setText(guest.full_name)
            self.title_edit.setText(guest.title)
            self.organisation_edit.setText(guest.organisation)
            self.mobile_edit.setText(guest.mobile or "")
            self.note.setPlainText(guest.note)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.name_edit.text().strip():
            problems["full_name"] = _("Enter the guest's name.")
        mobile = self.mobile_edit.text().strip()
        if mobile and not is_valid_mobile(mobile):
            problems["mobile"] = _("Write the mobile as 09xxxxxxxxx, or leave it empty.")
        return problems

    def values(self) -> dict[str, Any]:
        return {"honorific": self.honorific.currentData(), "full_name": self.name_edit.text(),
                "title": self.title_edit.text(), "organisation": self.organisation_edit.text(),
                "mobile": self.mobile_edit.text(), "rank_id": self.rank.currentData(), "note": self.note.toPlainText()}

    def save(self) -> None:
        if self.save_with is not None:
            self.saved = self.save_with(self.db, self.actor, event_id=self.event_id, **self.values())
        elif self.guest is None:
            self.saved = gs.add_guest(self.db, self.actor, event_id=self.event_id, **self.values())
        else:
            self.saved = gs.update_guest(self.db, self.actor, self.guest.id, expected_version=self.guest.version,
                                         **self.values())


def _importing() -> Any:
    """Slice D's guest import, when it is there."""
    try:
        from pr_desk.services.events import importing
    except ImportError:  # pragma: no cover - the import arrives with slice D
        return None
    return importing if hasattr(importing, "import_guests") and hasattr(importing, "preview_guests_file") else None


class GuestsPanel(QWidget):
    """The Guests tab of an event's window (see the brief's panel contract)."""

    TITLE = N_("Guests")

    def __init__(self, office: Database, actor: Actor, event_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.event_id = office, actor, event_id
        self.can_edit = actor.can(Permission.MANAGE_EVENTS)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search a name, post, organisation or mobile"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda *_a: self.refresh())
        top.addWidget(self.search, 1)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(_("Every invitation status"), None)
        for status in InvitationStatus:
            self.status_filter.addItem(status.label, status)
        self.status_filter.currentIndexChanged.connect(lambda *_a: self.refresh())
        top.addWidget(self.status_filter)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = GuestsModel(parent=self)
        self.table: QTableView = list_table(self, self.model, stretch="address", multi=True)
        self.table.doubleClicked.connect(lambda *_a: self.edit_guest())
        layout.addWidget(self.table, 1)
        actions: list[tuple[str, str, str, Callable[[], object], bool]] = [
            ("add", _("Add guest…"), "Ctrl+N", self.add_guest, self.can_edit),
            ("edit", _("Edit…"), "F2", self.edit_guest, self.can_edit),
            ("remove", _("Remove"), "Delete", self.remove_guest, self.can_edit),
            ("invited", _("Invited"), "Ctrl+I", lambda: self.step(InvitationStatus.INVITED), self.can_edit),
            ("accepted", _("Will attend"), "Ctrl+Y", lambda: self.step(InvitationStatus.ACCEPTED), self.can_edit),
            ("declined", _("Will not attend"), "Ctrl+Shift+N", lambda: self.step(InvitationStatus.DECLINED), self.can_edit),
            ("ranks", _("Protocol ranks…"), "Ctrl+Shift+R", self.edit_ranks, actor.can(Permission.APPROVE_EVENTS)),
        ]
        if _importing() is not None:
            actions.append(("import", _("Import from Excel…"), "Ctrl+Shift+I", self.import_from_excel, self.can_edit))
            actions.append(("template", _("Save Excel template…"), "Ctrl+Shift+T", self.save_template, self.can_edit))
        row, self.buttons = action_row(self, (Action(*action) for action in actions))
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.refresh()

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current()
        search, status = self.search.text(), self.status_filter.currentData()

        def fetch(offset: int, limit: int, /, **_sort: Any) -> list[gs.GuestInfo]:
            return gs.list_guests(self.db, self.actor, self.event_id, search=search, invitation=status,
                                  offset=offset, limit=limit)

        self.model.set_fetcher(fetch)
        self.table.resizeColumnsToContents()
        c = gs.guest_counts(self.db, self.actor, self.event_id)
        if c.total == 0:
            self.summary.setText(_("No guests yet: add them one by one, or import the list from Excel."))
        else:
            self.summary.setText(ngettext(
                "{total} guest: {to_invite} to invite, {invited} invited, {accepted} will attend, {declined} will not attend.",
                "{total} guests: {to_invite} to invite, {invited} invited, {accepted} will attend, {declined} will not attend.",
                c.total).format(
                total=digits(c.total), to_invite=digits(c.to_invite), invited=digits(c.invited),
                accepted=digits(c.accepted), declined=digits(c.declined)))
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def current(self) -> gs.GuestInfo | None:
        guest = selected_row(self.table)
        return guest if isinstance(guest, gs.GuestInfo) else None

    def chosen(self) -> list[gs.GuestInfo]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.data(self.model.index(r, 0), ROW_ROLE) for r in rows]

    def select(self, guest_id: uuid.UUID) -> None:
        for row, guest in enumerate(self.model.rows()):
            if guest.id == guest_id:
                select_row(self.table, row)
                return

    def _update_buttons(self) -> None:
        chosen = self.chosen()
        one = len(chosen) == 1
        self.buttons["edit"].setEnabled(one)
        self.buttons["remove"].setEnabled(one)
        for name in ("invited", "accepted", "declined"):
            self.buttons[name].setEnabled(bool(chosen))

    # -- actions ----------------------------------------------------------------------------

    def add_guest(self) -> None:
        if not self.can_edit:
            return
        dialog = GuestDialog(self, self.db, self.actor, self.event_id)
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self.select(dialog.saved.id)

    def edit_guest(self) -> None:
        guest = self.current()
        if guest is None or not self.can_edit:
            return
        dialog = GuestDialog(self, self.db, self.actor, self.event_id, guest)
        if dialog.exec():
            self.refresh()

    def remove_guest(self) -> None:
        guest = self.current()
        if guest is None or not self.can_edit:
            return
        answer = QMessageBox.question(self, _("Remove guest"),
                                      _("Take {name} off the guest list?").format(name=guest.address))
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self, lambda: gs.remove_guest(self.db, self.actor, guest.id, expected_version=guest.version))
        self.refresh()

    def step(self, status: InvitationStatus) -> None:
        chosen = self.chosen()
        if not chosen or not self.can_edit:
            return
        attempt(self, lambda: gs.set_invitations(self.db, self.actor, [g.id for g in chosen], status))
        self.refresh()
        for g in chosen:
            self.select_more(g.id)

    def select_more(self, guest_id: uuid.UUID) -> None:
        for row, guest in enumerate(self.model.rows()):
            if guest.id == guest_id:
                select_row(self.table, row, add=True)

    def edit_ranks(self) -> None:
        from pr_desk.ui.events.ranks_dialog import RanksDialog

        dialog = RanksDialog(self.db, self.actor, self)
        dialog.exec()
        if dialog.changed:
            self.refresh()

    # -- import ----------------------------------------------------------------------------

    def import_spec(self) -> Any:
        from pr_desk.ui.kit.import_flow import ImportSpec

        importing = _importing()
        code = gs.get_event_header(self.db, self.actor, self.event_id).code

        def done(result: Any) -> None:
            self.refresh()
            QMessageBox.information(self, _("Import guests from Excel"), ngettext(
                "{count} guest added, {seated} of them seated.", "{count} guests added, {seated} of them seated.",
                result.guests_added).format(
                count=digits(result.guests_added), seated=digits(result.seated)))

        return ImportSpec(
            _("Import guests from Excel"), self.db, self.actor,
            functools.partial(importing.preview_guests_file, event_code=code),
            functools.partial(importing.import_guests, event_code=code), done,
            columns=(Column("row_number", N_("Row"), "int"), Column("full_name", N_("Full name")),
                     Column("rank", N_("Protocol rank")), Column("seat", N_("Seat"))),
            refused_text=lambda file, preview: ngettext(
                "Nothing can be imported from {file}: {count} row has a problem. Correct this row in the file and try again.",
                "Nothing can be imported from {file}: {count} rows have problems. Correct these rows in the file and try again.",
                preview.bad_rows,
            ).format(file=file, count=digits(preview.bad_rows)),
            ready_text=lambda file, preview: ngettext(
                "{file} has {count} guest. Add the guest to this event?", "{file} has {count} guests. Add them all to this event?",
                preview.row_count).format(
                file=file, count=digits(preview.row_count)),
            progress_text=_("Importing guests: {done} of {total}"),
            apply_cancellable=True,
            cancelled_text=_("The import was cancelled; no guest was added."),
        )

    def save_template(self) -> Path | None:
        """The empty guest list to fill in Excel (the office's honorifics and ranks in its
        drop-down lists), for Import from Excel."""
        from pr_desk.ui.events.imports import save_guests_template

        return save_guests_template(self, self.db, self.actor)

    def import_from_excel(self) -> None:
        if self.can_edit and _importing() is not None:
            from pr_desk.ui.kit.import_flow import choose_and_import

            choose_and_import(self, self.import_spec())

    def import_file(self, path: Path) -> Any:
        from pr_desk.ui.kit.import_flow import run_import

        return run_import(self, self.import_spec(), path)
