"""The event window's Seating tab: the plan (rows of seats or round tables, how many, seats
in each), the seats drawn as the hall is seen from the stage's back (row or table 1 at the
top, seat 1 on the right, right to left) with each guest's name; fill by protocol rank in
one action; click a seat, then a guest of the list, to seat them by hand (a seated guest
moves); free a seat; swap two seats."""

from __future__ import annotations

import math
import uuid
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.data.engine import Database
from pr_desk.domain.events import MAX_SEATS, InvitationStatus, SeatingMode, seat_text
from pr_desk.domain.roles import Permission
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import guests as gs
from pr_desk.services.events import seating as st
from pr_desk.ui.kit.action_row import Action, action_row
from pr_desk.ui.kit.formatting import digits
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.widgets import find_data

SEAT_W, SEAT_H, GAP, MARGIN, LABEL_W = 104.0, 40.0, 6.0, 12.0, 56.0
TABLE_SEAT_W, TABLE_SEAT = 84.0, 26.0
FREE, TAKEN, PRESENT, CHOSEN = QColor("#f5f5f5"), QColor("#d4edda"), QColor("#a5d6a7"), QColor("#1e88e5")


class SeatMap(QWidget):
    """The seats of a plan, drawn right to left; `seat_clicked(label)` on a click."""

    seat_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seating: st.SeatingInfo | None = None
        self.chosen: str | None = None
        self.rects: dict[str, QRectF] = {}
        self.tables: list[tuple[int, QPointF]] = []
        self.table_r = 40.0
        self.setMouseTracking(True)
        self.setMinimumSize(300, 200)

    def set_seating(self, seating: st.SeatingInfo | None) -> None:
        self.seating = seating
        self._layout()
        self.updateGeometry()
        self.adjustSize()
        self.update()

    def _layout(self) -> None:
        self.rects, self.tables = {}, []
        s = self.seating
        if s is None or not s.has_plan:
            self._size = QSize(300, 120)
            return
        if s.mode is SeatingMode.ROWS:
            width = MARGIN * 2 + LABEL_W + s.seats_per_group * (SEAT_W + GAP)
            for seat in s.seats:
                x = width - MARGIN - LABEL_W - seat.number * (SEAT_W + GAP)
                y = MARGIN + (seat.group - 1) * (SEAT_H + GAP)
                self.rects[seat.label] = QRectF(x, y, SEAT_W, SEAT_H)
            self._size = QSize(int(width), int(MARGIN * 2 + s.groups * (SEAT_H + GAP)))
            return
        ring = max(70.0, s.seats_per_group * (TABLE_SEAT_W * 0.95) / (2 * math.pi))
        self.table_r = ring - TABLE_SEAT * 0.9
        cell = 2 * (ring + TABLE_SEAT_W / 2) + GAP * 2
        per_line = max(1, min(s.groups, 4))
        lines = math.ceil(s.groups / per_line)
        width = MARGIN * 2 + per_line * cell
        for table in range(1, s.groups + 1):
            col, line = (table - 1) % per_line, (table - 1) // per_line
            centre = QPointF(width - MARGIN - (col + 0.5) * cell, MARGIN + (line + 0.5) * cell)
            self.tables.append((table, centre))
        centres = dict(self.tables)
        for seat in s.seats:
            angle = -math.pi / 2 + 2 * math.pi * (seat.number - 1) / s.seats_per_group
            centre = centres[seat.group]
            x, y = centre.x() - ring * math.cos(angle), centre.y() + ring * math.sin(angle)
            self.rects[seat.label] = QRectF(x - TABLE_SEAT_W / 2, y - TABLE_SEAT / 2, TABLE_SEAT_W, TABLE_SEAT)
        self._size = QSize(int(width), int(MARGIN * 2 + lines * cell))

    def sizeHint(self) -> QSize:
        return getattr(self, "_size", QSize(300, 120))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def seat_at(self, point: QPointF) -> str | None:
        for label, rect in self.rects.items():
            if rect.contains(point):
                return label
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        label = self.seat_at(event.position())
        if label is not None and event.button() == Qt.MouseButton.LeftButton:
            self.chosen = label
            self.update()
            self.seat_clicked.emit(label)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        s = self.seating
        if s is None or not s.has_plan:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No seating plan yet."))
            return
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        if s.mode is SeatingMode.ROWS:
            for group in range(1, s.groups + 1):
                y = MARGIN + (group - 1) * (SEAT_H + GAP)
                rect = QRectF(self.width() - MARGIN - LABEL_W, y, LABEL_W - GAP, SEAT_H)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _("Row {row}").format(row=digits(group)))
        else:
            painter.setPen(QPen(QColor("#8d6e63"), 1.5))
            for table, centre in self.tables:
                painter.setBrush(QColor("#efebe9"))
                painter.drawEllipse(centre, self.table_r, self.table_r)
                painter.drawText(QRectF(centre.x() - self.table_r, centre.y() - 12, 2 * self.table_r, 24),
                                 Qt.AlignmentFlag.AlignCenter,
                                 _("Table {table}").format(table=digits(table)))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        for seat in s.seats:
            rect = self.rects[seat.label]
            fill = PRESENT if seat.present else TAKEN if seat.guest_id else FREE
            painter.setBrush(fill)
            painter.setPen(QPen(CHOSEN, 2.5) if seat.label == self.chosen else QPen(QColor("#9e9e9e"), 1))
            painter.drawRoundedRect(rect, 5, 5)
            painter.setPen(QColor("#212121"))
            text = metrics.elidedText(seat.guest_name, Qt.TextElideMode.ElideRight, int(rect.width() - 6)) \
                if seat.guest_id else digits(seat.number)
            painter.drawText(rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignCenter, text)

    def event(self, e: Any) -> bool:
        if e.type() == e.Type.ToolTip:
            label = self.seat_at(QPointF(e.pos()))
            seat = self.seating.seat(label) if self.seating and label else None
            if seat is not None:
                tip = digits(seat_text(seat.label))
                if seat.guest_id:
                    tip += "\n" + seat.guest_address + (f" ({seat.rank_name})" if seat.rank_name else "")
                self.setToolTip(tip)
            else:
                self.setToolTip("")
        return super().event(e)


class SeatingPanel(QWidget):
    """The Seating tab of an event's window (see the brief's panel contract). The plan is
    kept on the event's row, so a change of plan gives the event a new version:
    `plan_changed` tells the window to take the event's new version before it saves."""

    TITLE = N_("Seating")
    plan_changed = Signal()

    def __init__(self, office: Database, actor: Actor, event_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.event_id = office, actor, event_id
        self.can_edit = actor.can(Permission.MANAGE_EVENTS)
        self.seating: st.SeatingInfo | None = None
        self.chosen_seat: str | None = None
        layout = QVBoxLayout(self)
        plan = QHBoxLayout()
        form = QFormLayout()
        self.mode = QComboBox(self)
        for mode in SeatingMode:
            self.mode.addItem(mode.label, mode)
        self.groups = QSpinBox(self)
        self.groups.setRange(1, MAX_SEATS)
        self.per_group = QSpinBox(self)
        self.per_group.setRange(1, MAX_SEATS)
        form.addRow(_("Plan"), self.mode)
        form.addRow(_("Rows or tables"), self.groups)
        form.addRow(_("Seats in each"), self.per_group)
        plan.addLayout(form)
        self.apply_button = QPushButton(_("Apply plan"), self)
        self.apply_button.clicked.connect(self.apply_plan)
        plan.addWidget(self.apply_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        plan.addWidget(self.summary, 1)
        layout.addLayout(plan)
        middle = QHBoxLayout()
        self.map = SeatMap(self)
        self.map.seat_clicked.connect(self._on_map_seat_clicked)
        self.seat_scroll = QScrollArea(self)
        self.seat_scroll.setWidget(self.map)
        self.seat_scroll.setWidgetResizable(False)
        self.seat_scroll.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignAbsolute)
        middle.addWidget(self.seat_scroll, 3)
        side = QVBoxLayout()
        self.hint = QLabel(_("Click a seat, then a guest, to seat them."), self)
        self.hint.setWordWrap(True)
        side.addWidget(self.hint)
        self.guest_list = QListWidget(self)
        self.guest_list.itemClicked.connect(self._on_guest_list_item_clicked)
        self.guest_list.itemActivated.connect(self._on_guest_list_item_clicked)
        side.addWidget(self.guest_list, 1)
        middle.addLayout(side, 1)
        layout.addLayout(middle, 1)
        row, self.buttons = action_row(self, (
            Action("fill", _("Fill by rank"), "Ctrl+F", lambda: self.fill(reset=False), self.can_edit),
            Action("refill", _("Clear and fill again"), "Ctrl+Shift+F", lambda: self.fill(reset=True), self.can_edit),
            Action("free", _("Free the seat"), "Delete", self.free_seat, self.can_edit),
        ))
        layout.addLayout(row)
        for w in (self.mode, self.groups, self.per_group, self.apply_button):
            w.setEnabled(self.can_edit)
        self.refresh()

    def refresh(self) -> None:
        self.seating = st.get_seating(self.db, self.actor, self.event_id)
        s = self.seating
        self.mode.setCurrentIndex(max(find_data(self.mode, s.mode), 0))
        if s.has_plan:
            self.groups.setValue(s.groups)
            self.per_group.setValue(s.seats_per_group)
        self.map.chosen = self.chosen_seat
        self.map.set_seating(s)
        self.guest_list.clear()
        guests = [g for g in gs.list_guests(self.db, self.actor, self.event_id)
                  if g.invitation is not InvitationStatus.DECLINED]
        for g in guests:
            text = g.address + (f" — {digits(seat_text(g.seat))}" if g.seat else "")
            item = QListWidgetItem(text, self.guest_list)
            item.setData(Qt.ItemDataRole.UserRole, g)
            if g.seat:
                item.setForeground(Qt.GlobalColor.gray)
        if not s.has_plan:
            self.summary.setText(_("No seating plan yet: choose rows or tables and their seats, then Apply plan."))
        else:
            total = len(s.seats)
            capacity = _(", the venue holds {capacity}").format(capacity=digits(s.capacity)) if s.capacity else ""
            self.summary.setText(ngettext("{taken} of {seats} seat given{capacity}.", "{taken} of {seats} seats given{capacity}.",
                                          total).format(
                taken=digits(s.taken), seats=digits(total), capacity=capacity))
        has_plan = s.has_plan and self.can_edit
        self.buttons["fill"].setEnabled(has_plan)
        self.buttons["refill"].setEnabled(has_plan)
        self.buttons["free"].setEnabled(has_plan and self.chosen_seat is not None)

    # -- actions ----------------------------------------------------------------------------

    def apply_plan(self) -> None:
        if not self.can_edit or self.seating is None:
            return
        ok, _r = attempt(self, lambda: st.set_seating_plan(
            self.db, self.actor, self.event_id, mode=self.mode.currentData(), groups=self.groups.value(),
            seats_per_group=self.per_group.value()))
        self.refresh()
        if ok:
            self.plan_changed.emit()

    def fill(self, *, reset: bool) -> None:
        if not self.can_edit:
            return
        if reset:
            answer = QMessageBox.question(self, _("Clear and fill again"),
                                          _("Take every guest out of their seat, then seat everyone again by rank?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        ok, result = attempt(self, lambda: st.fill_by_rank(self.db, self.actor, self.event_id, reset=reset))
        self.refresh()
        if ok and result is not None and result.without_seat:
            QMessageBox.information(self, _("Fill by rank"), ngettext(
                "{count} guest has no seat: the plan or the venue is full.",
                "{count} guests have no seat: the plan or the venue is full.", result.without_seat).format(
                count=digits(result.without_seat)))

    def _on_map_seat_clicked(self, label: str) -> None:
        self.chosen_seat = label
        seat = self.seating.seat(label) if self.seating else None
        if seat is not None and seat.guest_id:
            self.hint.setText(_("{seat}: {name}. Click a guest to give them this seat instead.").format(
                seat=digits(seat_text(label)), name=seat.guest_address))
        else:
            self.hint.setText(_("{seat} is free: click a guest to seat them.").format(seat=digits(seat_text(label))))
        self.buttons["free"].setEnabled(self.can_edit)

    def _on_guest_list_item_clicked(self, item: QListWidgetItem) -> None:
        guest: gs.GuestInfo = item.data(Qt.ItemDataRole.UserRole)
        if self.chosen_seat is None or not self.can_edit or guest is None:
            return
        label = self.chosen_seat
        seat = self.seating.seat(label) if self.seating else None
        if seat is not None and seat.guest_id and seat.guest_id != guest.id:
            if guest.seat:  # both seated: they change places
                action = lambda: st.swap_seats(self.db, self.actor, self.event_id, label, guest.seat or "")
            else:  # the seat goes to this guest; its guest has none until seated again
                action = lambda: st.assign_seat(self.db, self.actor, self.event_id, guest_id=guest.id,
                                                seat=label, replace=True)
        else:
            action = lambda: st.assign_seat(self.db, self.actor, self.event_id, guest_id=guest.id, seat=label,
                                            move=True)
        attempt(self, action)
        self.chosen_seat = None
        self.hint.setText(_("Click a seat, then a guest, to seat them."))
        self.refresh()

    def free_seat(self) -> None:
        label = self.chosen_seat
        seat = self.seating.seat(label) if self.seating and label else None
        if seat is None or seat.guest_id is None or not self.can_edit:
            return
        attempt(self, lambda: st.unassign_seat(self.db, self.actor, seat.guest_id))  # type: ignore[arg-type]
        self.chosen_seat = None
        self.refresh()
