"""The event window's Check-in tab, for the door: a big search box (name, organisation,
post or mobile, as typed), the matching guests, Enter or a click marks the first (or the
clicked) guest present, a walk-in is added present at once, and the live counts in large
figures (expected, present, walk-ins)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.events import seat_text
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _
from pr_desk.services.context import Actor
from pr_desk.services.events import checkin as ck
from pr_desk.services.events import guests as gs
from pr_desk.ui.events.guests import GuestDialog
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import digits, format_datetime
from pr_desk.ui.kit.forms import attempt


def _big(label: QLabel, size: float) -> None:
    font = QFont(label.font())
    font.setPointSizeF(size)
    font.setBold(True)
    label.setFont(font)


class CountBox(QWidget):
    """A large figure with its caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.figure = QLabel("۰", self)
        self.figure.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _big(self.figure, 26)
        self.caption = QLabel(caption, self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.figure)
        layout.addWidget(self.caption)

    def set_value(self, value: int) -> None:
        self.figure.setText(digits(value))


class CheckInPanel(QWidget):
    """The Check-in tab of an event's window (see the brief's panel contract)."""

    TITLE = N_("Check-in")

    def __init__(self, office: Database, actor: Actor, event_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.event_id = office, actor, event_id
        self.can_edit = actor.can(Permission.MANAGE_EVENTS)
        layout = QVBoxLayout(self)
        counts = QHBoxLayout()
        self.expected = CountBox(_("Expected guests"), self)
        self.present = CountBox(_("Present"), self)
        self.walk_ins = CountBox(_("Walk-ins"), self)
        self.waiting = CountBox(_("Not yet here"), self)
        for box in (self.expected, self.present, self.walk_ins, self.waiting):
            counts.addWidget(box)
        layout.addLayout(counts)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Name, organisation or mobile of the guest at the door"))
        self.search.setClearButtonEnabled(True)
        font = QFont(self.search.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        self.search.setFont(font)
        self.search.setMinimumHeight(48)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.find_guests)
        self.search.textChanged.connect(lambda *_a: self._timer.start())
        layout.addWidget(self.search)
        self.results = QListWidget(self)
        big = QFont(self.results.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.results.setFont(big)
        self.results.itemClicked.connect(self._on_results_item_clicked)
        self.results.itemActivated.connect(self._on_results_item_clicked)
        layout.addWidget(self.results, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        _big(self.message, self.message.font().pointSizeF() * 1.2)
        layout.addWidget(self.message)
        row, buttons = action_row(self, (
            Action("walk_in", _("Add a walk-in…"), "Ctrl+W", self.add_walk_in, self.can_edit),
            Action("undo", _("Undo present"), "Ctrl+Z", self.undo, self.can_edit),
        ))
        self.walk_in_button, self.undo_button = buttons["walk_in"], buttons["undo"]
        layout.addLayout(row)
        self.last: gs.GuestInfo | None = None
        self.undo_button.setEnabled(False)
        self.refresh()

    def refresh(self) -> None:
        self.find_guests()
        self.update_counts()

    def update_counts(self) -> None:
        c = ck.checkin_counts(self.db, self.actor, self.event_id)
        self.expected.set_value(c.expected)
        self.present.set_value(c.present)
        self.walk_ins.set_value(c.walk_ins)
        self.waiting.set_value(c.still_expected)

    def find_guests(self) -> None:
        self._timer.stop()
        found = ck.find_arrivals(self.db, self.actor, self.event_id, self.search.text(), limit=30)
        self.results.clear()
        for g in found:
            parts = [g.address]
            if g.title or g.organisation:
                parts.append("، ".join(p for p in (g.title, g.organisation) if p))
            if g.seat:
                parts.append(digits(seat_text(g.seat)))
            if g.present:
                parts.append(_("present since {time}").format(time=format_datetime(g.checked_in_at)[-5:]))
            item = QListWidgetItem(" — ".join(parts), self.results)
            item.setData(Qt.ItemDataRole.UserRole, g)
            if g.present:
                item.setForeground(QColor("#2e7d32"))
        if self.results.count():
            self.results.setCurrentRow(0)

    def _on_search_return_pressed(self) -> None:
        self.find_guests()
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._on_results_item_clicked(item)

    def _on_results_item_clicked(self, item: QListWidgetItem) -> None:
        guest: gs.GuestInfo = item.data(Qt.ItemDataRole.UserRole)
        if guest is None or not self.can_edit:
            return
        if guest.present:
            self.message.setText(_("{name} is already here.").format(name=guest.address))
            return
        ok, marked = attempt(self, lambda: ck.check_in(self.db, self.actor, guest.id))
        if ok and marked is not None:
            self.last = marked
            seat = _(" Seat: {seat}.").format(seat=digits(seat_text(marked.seat))) if marked.seat else ""
            self.message.setText(_("Welcome, {name}.").format(name=marked.address) + seat)
            self.undo_button.setEnabled(True)
            self.search.clear()
            self.search.setFocus()
        self.refresh()

    def undo(self) -> None:
        if self.last is None or not self.can_edit:
            return
        guest = self.last
        attempt(self, lambda: ck.undo_check_in(self.db, self.actor, guest.id))
        self.message.setText(_("{name} is no longer marked present.").format(name=guest.address))
        self.last = None
        self.undo_button.setEnabled(False)
        self.refresh()

    def add_walk_in(self) -> None:
        if not self.can_edit:
            return
        dialog = GuestDialog(self, self.db, self.actor, self.event_id, title=_("Walk-in guest"), save_with=ck.add_walk_in)
        if self.search.text().strip() and not any(ch.isdigit() for ch in self.search.text()):
            dialog.name_edit.setText(self.search.text().strip())
        if dialog.exec() and dialog.saved is not None:
            self.last = dialog.saved
            self.undo_button.setEnabled(False)
            self.message.setText(_("Welcome, {name}.").format(name=dialog.saved.address))
            self.search.clear()
        self.refresh()
