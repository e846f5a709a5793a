"""The meeting day (روز ملاقات): a session's docket for the official's room — who is in
now, who is next, the time box per citizen, the citizen's earlier requests at hand —
check-in, calling, held or no-show, and the official's orders typed as they are given."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import MAX_ORDER_TEXT, EntryState, RequestStatus, SessionStatus
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import isolate
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _
from pr_desk.services import meetings, office_settings, units
from pr_desk.services.context import Actor
from pr_desk.services.meetings import Docket, EntryInfo, OrderInfo, SessionInfo
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import (
    display_digits,
    format_datetime,
    format_jalali_date,
    screen_locale,
)
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.messages import FieldError
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.meetings.common import (
    ColouredTableModel,
    StaticRows,
    digits,
    find_data,
    heading,
    list_table,
    select_where,
    selected_row,
    today,
)
from pr_desk.ui.meetings.sessions_view import EntryRow, time_text

if TYPE_CHECKING:
    from pr_desk.services.office import Office

DOCKET_COLUMNS = (
    Column("position", N_("Order"), kind="int"),
    Column("citizen_name", N_("Citizen")),
    Column("tracking_code", N_("Tracking code"), kind="number"),
    Column("subject_label", N_("Subject")),
    Column("state_label", N_("State")),
    Column("checked_in_text", N_("Checked in")),
)
STATE_COLOURS = {
    EntryState.CHECKED_IN: "#1565c0",
    EntryState.IN_MEETING: "#2e7d32",
    EntryState.NO_SHOW: "#9e9e9e",
}


class DocketRow(EntryRow):
    def __init__(self, entry: EntryInfo) -> None:
        super().__init__(entry)
        self.checked_in_text = format_datetime(entry.checked_in_at).split(" ")[-1] if entry.checked_in_at else ""


@dataclass
class PendingOrder:
    """An order typed while the citizen is still in the room: recorded with Finish."""

    entry_id: uuid.UUID
    text: str
    unit_id: uuid.UUID
    unit_name: str
    deadline_days: int


def _big(label: QLabel) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class DocketView(QWidget):
    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_MEETINGS)
        self.can_order = actor.can(Permission.MANAGE_ORDERS)
        self.docket: Docket | None = None
        self.pending: list[PendingOrder] = []
        self._order_entry: EntryInfo | None = None
        self._editing: OrderInfo | None = None  # the order chosen in the list to change
        self._calendar: Any = None
        self._default_deadline = 10
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.session_combo = QComboBox(self)
        self.session_combo.setMinimumContentsLength(40)
        self.refresh_button = QPushButton(_("Refresh"), self)
        self.refresh_button.setToolTip(_("Read the docket again (F5)"))
        top.addWidget(QLabel(_("Session:"), self))
        top.addWidget(self.session_combo, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        boxes = QGridLayout()
        self.now_title = heading(_("In the meeting now"), self)
        self.now_label = _big(QLabel(self))
        self.next_title = heading(_("Next"), self)
        self.next_label = _big(QLabel(self))
        self.time_box = QLabel(self)
        for col, (title, label) in enumerate(((self.now_title, self.now_label), (self.next_title, self.next_label))):
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            inner.addWidget(title)
            inner.addWidget(label)
            boxes.addWidget(frame, 0, col)
        boxes.addWidget(self.time_box, 1, 0, 1, 2)
        layout.addLayout(boxes)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.rows = StaticRows()
        self.model = ColouredTableModel(DOCKET_COLUMNS, self.rows, colour=lambda r: STATE_COLOURS.get(r.entry.state), parent=self)
        self.table = list_table(self, self.model, stretch="subject_label", remember="meetings.docket")
        self.empty = empty_state(self.table, lambda: (
            _("No session is chosen. Choose one above to run its meeting day; sessions are planned on the Sessions tab.")
            if self.session_id() is None else
            _("No citizen is on this session's docket. On the Sessions tab, choose this session and press "
              "“Fill from queue” to place the citizens waiting for the official.")))
        left_layout.addWidget(self.table, 1)
        day_buttons = QHBoxLayout()
        self.check_in_button = QPushButton(_("Check in"), self)
        self.check_in_button.setToolTip(_("The selected citizen has arrived (Ctrl+I)"))
        self.call_button = QPushButton(_("Call next"), self)
        self.call_button.setToolTip(_("Call the next checked-in citizen into the room (Ctrl+L)"))
        self.finish_button = QPushButton(_("Finish (held)"), self)
        self.finish_button.setToolTip(_("The meeting with the citizen in the room was held (Ctrl+F)"))
        self.no_show_button = QPushButton(_("No-show"), self)
        self.no_show_button.setToolTip(_("The selected citizen did not come: back to the queue once, then closed"))
        for b in (self.check_in_button, self.call_button, self.finish_button, self.no_show_button):
            day_buttons.addWidget(b)
            b.setVisible(self.can_manage)
        day_buttons.addStretch(1)
        left_layout.addLayout(day_buttons)
        splitter.addWidget(left)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.citizen_title = heading(_("The citizen's earlier requests"), self)
        self.earlier = QListWidget(self)
        right_layout.addWidget(self.citizen_title)
        right_layout.addWidget(self.earlier, 1)
        self.orders_title = heading(_("Orders of the official"), self)
        right_layout.addWidget(self.orders_title)
        self.orders_list = QListWidget(self)
        right_layout.addWidget(self.orders_list, 1)
        self.orders_hint = QLabel(_("Click an order to change it or take it back, until the meeting is finished."), self)
        self.orders_hint.setWordWrap(True)
        right_layout.addWidget(self.orders_hint)
        order_form = QFormLayout()
        self.order_text = QPlainTextEdit(self)
        self.order_text.setTabChangesFocus(True)
        self.order_text.setFixedHeight(70)
        self.order_text.setPlaceholderText(_("What the official ordered (Ctrl+Enter adds it)"))
        self.unit = QComboBox(self)
        self.deadline = QSpinBox(self)
        self.deadline.setLocale(screen_locale())
        self.deadline.setRange(1, 365)
        self.deadline.setSuffix(" " + _("working days"))
        self.add_order_button = QPushButton(_("Add order"), self)
        self.new_order_button = QPushButton(_("New order"), self)
        self.new_order_button.setToolTip(_("Leave the chosen order as it is and type a new one (Esc)"))
        self.remove_order_button = QPushButton(_("Take back…"), self)
        self.remove_order_button.setToolTip(_("Take back the chosen order, typed by mistake"))
        order_buttons = QHBoxLayout()
        for b in (self.add_order_button, self.new_order_button, self.remove_order_button):
            order_buttons.addWidget(b)
        order_buttons.addStretch(1)
        self.order_error = FieldError(self)
        order_form.addRow(_("Order"), self.order_text)
        order_form.addRow(_("Refer to"), self.unit)
        order_form.addRow(_("Deadline"), self.deadline)
        order_form.addRow("", order_buttons)
        order_form.addRow("", self.order_error)
        self.order_box = QWidget(self)
        self.order_box.setLayout(order_form)
        right_layout.addWidget(self.order_box)
        self.order_box.setVisible(self.can_order)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.session_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(lambda: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection_changed())
        self.check_in_button.clicked.connect(self.check_in)
        self.call_button.clicked.connect(self.call_next)
        self.finish_button.clicked.connect(self.finish)
        self.no_show_button.clicked.connect(self.no_show)
        self.add_order_button.clicked.connect(self.add_order)
        self.new_order_button.clicked.connect(self._stop_editing)
        self.remove_order_button.clicked.connect(self.take_back_order)
        self.orders_list.itemSelectionChanged.connect(self._on_order_chosen)
        add_shortcut(self, "Ctrl+I", self.check_in, _("Meeting day: check the selected citizen in"))
        add_shortcut(self, "Ctrl+L", self.call_next, _("Meeting day: call the next citizen"))
        add_shortcut(self, "Ctrl+F", self.finish, _("Meeting day: finish the current meeting"))
        add_shortcut(self, "F5", self.reload, _("Meeting day: refresh"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            add_shortcut(self.order_text, keys, self.add_order, _("Meeting day: record the order typed"),
                         context=Qt.ShortcutContext.WidgetShortcut)
        add_shortcut(self.order_text, "Escape", self._stop_editing, _("Meeting day: stop editing the order"),
                     context=Qt.ShortcutContext.WidgetShortcut)
        self._load_units()
        self.refresh_sessions()

    # -- loading --------------------------------------------------------------------------

    def _load_units(self) -> None:
        self.unit.clear()
        try:
            found = units.list_units(self.db, self.actor, include_retired=False, limit=2000)
            settings = office_settings.get_office_settings(self.db, self.actor)
            self._default_deadline, self._calendar = settings.order_deadline_days, settings.calendar
            self.deadline.setValue(self._default_deadline)
        except UserError:
            found = []
        for u in found:
            self.unit.addItem(u.name, u.id)

    def refresh_sessions(self, select: uuid.UUID | None = None) -> None:
        """The planned sessions from a week ago on (and `select`, whatever its state)."""
        wanted = select or self.session_combo.currentData()
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        _ok, found = attempt(self, lambda: meetings.list_sessions(
            self.db, self.actor, statuses=[SessionStatus.PLANNED],
            date_from=today() - dt.timedelta(days=7), limit=200))
        sessions: list[SessionInfo] = list(found or [])
        if wanted is not None and all(s.id != wanted for s in sessions):
            _ok, extra = attempt(self, lambda: meetings.get_session(self.db, self.actor, session_id=wanted))
            if extra is not None:
                sessions.insert(0, extra)
        for s in sessions:
            self.session_combo.addItem(_("{date} {time} — {official} — {place}").format(
                date=s.date_text, time=time_text(s.start_time, s.end_time),
                # each name isolated: two Persian names side by side in English read as one run, place first
                official=isolate(display_digits(s.official_title or s.official_name)), place=isolate(display_digits(s.place))), s.id)
        index = find_data(self.session_combo, wanted) if wanted is not None else -1
        if index < 0:
            day = today()
            index = next((i for i, s in enumerate(sessions) if s.session_date >= day), 0 if sessions else -1)
        self.session_combo.setCurrentIndex(index)
        self.session_combo.blockSignals(False)
        self.reload()

    def show_session(self, session_id: uuid.UUID) -> None:
        self.refresh_sessions(select=session_id)

    def session_id(self) -> uuid.UUID | None:
        chosen: uuid.UUID | None = self.session_combo.currentData()
        return chosen

    def reload(self, select_entry: uuid.UUID | None = None) -> None:
        current = self.current()
        session_id = self.session_id()
        docket: Docket | None = None
        if session_id is not None:
            _ok, docket = attempt(self, lambda: meetings.session_docket(self.db, self.actor, session_id=session_id))
        self.docket = docket
        self.rows.rows = [DocketRow(e) for e in docket.entries] if docket else []
        self.model.reload()
        fit_columns_to_contents(self.table)
        wanted = select_entry or (current.id if current else None)
        if wanted is not None:
            select_where(self.table, lambda r: r.id == wanted)
        if docket is None:
            self.now_label.setText(_("No session chosen."))
            self.next_label.setText("")
            self.time_box.setText("")
        else:
            now, nxt = docket.in_meeting, docket.next_up
            self.now_label.setText(_("{name} — {subject}").format(name=now.citizen_name, subject=now.subject_category.label)
                                   if now else _("Nobody"))
            self.next_label.setText(_("{name} — {subject}").format(name=nxt.citizen_name, subject=nxt.subject_category.label)
                                    if nxt else _("Nobody has checked in yet"))
            waiting = sum(1 for e in docket.entries if e.state is EntryState.EXPECTED)
            done = sum(1 for e in docket.entries if e.state in (EntryState.DONE, EntryState.NO_SHOW))
            box = _("Time box: {minutes} minutes per citizen. {done} of {count} done, {waiting} not arrived yet.").format(
                minutes=digits(docket.minutes_per_citizen), done=digits(done), count=digits(len(docket.entries)),
                waiting=digits(waiting))
            if now is not None and now.called_at is not None:
                called = now.called_at if now.called_at.tzinfo else now.called_at.replace(tzinfo=dt.UTC)
                minutes = int((dt.datetime.now(dt.UTC) - called).total_seconds() // 60)
                box += " " + (_("{name} has been in for {minutes} minutes.").format(name=now.citizen_name, minutes=digits(minutes))
                              if minutes >= 1 else _("{name} has just gone in.").format(name=now.citizen_name))
            self.time_box.setText(box)
        self._on_selection_changed()

    def current(self) -> EntryInfo | None:
        row = selected_row(self.table)
        return row.entry if row is not None else None

    def order_entry(self) -> EntryInfo | None:
        """Whose orders are typed: the selected citizen if met or in the room, else the one in the room."""
        entry = self.current()
        if entry is not None and entry.state in (EntryState.IN_MEETING, EntryState.DONE):
            return entry
        return self.docket.in_meeting if self.docket else None

    def _on_selection_changed(self) -> None:
        entry = self.current()
        planned = self.docket is not None and self.docket.session.status is SessionStatus.PLANNED
        state = entry.state if entry else None
        self.check_in_button.setEnabled(planned and state is EntryState.EXPECTED)
        self.call_button.setEnabled(planned and self.docket is not None and self.docket.next_up is not None
                                    and self.docket.in_meeting is None)
        self.finish_button.setEnabled(planned and self.docket is not None and self.docket.in_meeting is not None)
        self.no_show_button.setEnabled(planned and state in (EntryState.EXPECTED, EntryState.CHECKED_IN))
        shown = entry or (self.docket.in_meeting if self.docket else None)
        self.earlier.clear()
        if shown is not None:
            self.citizen_title.setText(_("Earlier requests of {name}").format(name=shown.citizen_name))
            _ok, found = attempt(self, lambda: meetings.citizen_requests(self.db, self.actor, citizen_id=shown.citizen_id, limit=20))
            for r in found or []:
                if r.id == shown.request_id:
                    continue
                QListWidgetItem(_("{code} — {date} — {official} — {subject} — {status}").format(
                    code=digits(r.tracking_code), date=format_jalali_date(r.registered_on), official=r.official_name,
                    subject=r.subject_label, status=r.status_label), self.earlier)
            if self.earlier.count() == 0:
                QListWidgetItem(_("No earlier requests."), self.earlier)
        else:
            self.citizen_title.setText(_("The citizen's earlier requests"))
        self._show_orders()

    def orders_editable(self) -> bool:
        """The orders of the citizen in the room may be changed or taken back until the
        meeting is finished (after it, they are followed up in the Orders tab)."""
        entry = self._order_entry
        return (self.can_order and entry is not None and entry.state is EntryState.IN_MEETING
                and self.docket is not None and self.docket.session.status is SessionStatus.PLANNED)

    def _show_orders(self) -> None:
        """The citizen's orders as soon as each is added (each one is referred at once)."""
        entry = self.order_entry()
        self._order_entry = entry
        self._editing = None
        self.orders_list.blockSignals(True)
        self.orders_list.clear()
        self.orders_list.blockSignals(False)
        self.order_error.set_error(None)
        self._show_order_mode()
        self.add_order_button.setEnabled(entry is not None)
        self.order_text.setEnabled(entry is not None)
        self.orders_hint.setVisible(self.orders_editable())
        if entry is None:
            self.orders_title.setText(_("Orders of the official (call a citizen in first)"))
            return
        self.orders_title.setText(_("Orders of the official for {name}").format(name=entry.citizen_name))
        if entry.state in (EntryState.IN_MEETING, EntryState.DONE) or entry.request_status is RequestStatus.HELD:
            _ok, found = attempt(self, lambda: meetings.request_orders(self.db, self.actor, request_id=entry.request_id))
            for o in found or []:
                item = QListWidgetItem(_("{text} → {unit}, deadline {due}").format(
                    text=o.text, unit=o.unit_name, due=format_jalali_date(o.due_date)), self.orders_list)
                item.setData(Qt.ItemDataRole.UserRole, o)
        for p in self.pending:
            if p.entry_id == entry.id:
                QListWidgetItem(_("{text} → {unit} (recorded when the meeting is finished)").format(
                    text=p.text, unit=p.unit_name), self.orders_list)

    def _show_order_mode(self) -> None:
        editing = self._editing is not None
        self.add_order_button.setText(_("Save changes") if editing else _("Add order"))
        self.new_order_button.setVisible(editing)
        self.remove_order_button.setVisible(editing)

    def _on_order_chosen(self) -> None:
        """A click on one of the orders while the citizen is in the room puts it in the
        form to be changed."""
        items = self.orders_list.selectedItems()
        order: OrderInfo | None = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        if order is None or not self.orders_editable():
            if self._editing is not None:
                self._stop_editing()
            return
        self._editing = order
        self.order_text.setPlainText(order.text)
        index = find_data(self.unit, order.unit_id)
        if index >= 0:
            self.unit.setCurrentIndex(index)
        if self._calendar is not None:
            self.deadline.setValue(self._calendar.working_days_between(order.given_on, order.due_date))
        self.order_error.set_error(None)
        self._show_order_mode()
        self.order_text.setFocus()

    def _stop_editing(self) -> None:
        """Back to typing a new order (what was put in the form for a change is cleared)."""
        if self._editing is None:
            return
        self._editing = None
        self.orders_list.blockSignals(True)
        self.orders_list.clearSelection()
        self.orders_list.blockSignals(False)
        self.order_text.clear()
        self.deadline.setValue(self._default_deadline)
        self.order_error.set_error(None)
        self._show_order_mode()

    # -- the day --------------------------------------------------------------------------

    def _done(self, select_entry: uuid.UUID | None = None) -> None:
        self.reload(select_entry=select_entry)
        self.changed.emit()

    def _act(self, action: Callable[[], object], entry_id: uuid.UUID) -> None:
        """A meeting-day step on `entry_id`; refused (another PC acted on the session
        first, most often), the docket is read again to show what it did."""
        ok, _r = attempt(self, action)
        if ok:
            self._done(entry_id)
        else:
            self.reload(select_entry=entry_id)

    def check_in(self) -> None:
        entry = self.current()
        if entry is None or not self.can_manage:
            return
        self._act(lambda: meetings.check_in(self.db, self.actor, entry_id=entry.id), entry.id)

    def call_next(self) -> None:
        session_id = self.session_id()
        if session_id is None or not self.can_manage:
            return
        ok, result = attempt(self, lambda: meetings.call_next(self.db, self.actor, session_id=session_id))
        if ok:
            self._done(result.entry.id if result is not None else None)
        else:
            self.reload()  # another PC acted first: show what it did

    def finish(self) -> None:
        if self.docket is None or self.docket.in_meeting is None or not self.can_manage:
            return
        entry = self.docket.in_meeting
        ok, _r = attempt(self, lambda: meetings.finish_meeting(self.db, self.actor, entry_id=entry.id))
        if not ok:
            self.reload()  # another PC acted first: show what it did
            return
        waiting = [p for p in self.pending if p.entry_id == entry.id]
        for p in waiting:
            done, _o = attempt(self, partial(meetings.add_order, self.db, self.actor, request_id=entry.request_id,
                                             text=p.text, unit_id=p.unit_id, deadline_days=p.deadline_days))
            if done:
                self.pending.remove(p)
        self._done(entry.id)

    def no_show(self) -> None:
        entry = self.current()
        if entry is None or not self.can_manage:
            return
        if entry.no_show_count >= 1:
            text = _("Record that {name} ({code}) did not come? It is their second time: the request is closed as not attended.")
        else:
            text = _("Record that {name} ({code}) did not come? The request goes back to its turn in the queue.")
        answer = QMessageBox.question(self, _("No-show"), text.format(name=entry.citizen_name, code=digits(entry.tracking_code)),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._act(lambda: meetings.mark_no_show(self.db, self.actor, entry_id=entry.id), entry.id)

    def add_order(self) -> None:
        entry = self._order_entry
        if entry is None or not self.can_order:
            return
        try:
            text = require_text(self.order_text.toPlainText(), _("The order"), MAX_ORDER_TEXT, field="text", multiline=True)
        except UserError as exc:
            self.order_error.set_error(str(exc))
            return
        if self.unit.currentData() is None:
            self.order_error.set_error(_("Choose the unit the order is referred to."))
            return
        # Typed while the citizen is in the room or after: a referral at once (a chosen
        # order is changed instead, until the meeting is finished).
        editing = self._editing
        try:
            if editing is not None:
                meetings.update_order(self.db, self.actor, order_id=editing.id, text=text, unit_id=self.unit.currentData(),
                                      deadline_days=self.deadline.value(), expected_version=editing.version)
            else:
                meetings.add_order(self.db, self.actor, request_id=entry.request_id, text=text,
                                   unit_id=self.unit.currentData(), deadline_days=self.deadline.value())
        except UserError as exc:
            self.order_error.set_error(str(exc))
            return
        except Exception as exc:
            from pr_desk.ui.kit.messages import show_error

            show_error(self, exc)
            return
        self.changed.emit()
        self.order_text.clear()
        if editing is not None:
            self.deadline.setValue(self._default_deadline)
        self._show_orders()
        self.order_text.setFocus()

    def take_back_order(self) -> None:
        """The chosen order, typed by mistake, taken back while the citizen is in the room."""
        order = self._editing
        if order is None or not self.orders_editable():
            return
        answer = QMessageBox.question(self, _("Take back"), _("Take back the order “{text}”?").format(text=order.text),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            meetings.remove_order(self.db, self.actor, order_id=order.id, expected_version=order.version)
        except UserError as exc:
            self.order_error.set_error(str(exc))
            return
        except Exception as exc:
            from pr_desk.ui.kit.messages import show_error

            show_error(self, exc)
            return
        self.changed.emit()
        self.order_text.clear()
        self.deadline.setValue(self._default_deadline)
        self._show_orders()
        self.order_text.setFocus()

    def has_pending_orders(self) -> bool:
        return bool(self.pending)

    def pending_summary(self) -> list[Any]:
        return list(self.pending)
