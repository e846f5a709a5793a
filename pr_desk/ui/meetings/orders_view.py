"""Orders and follow-up (دستورات و پیگیری ویژه): every order referred to a unit, its
deadline on the reminder ladder (green, amber, red), follow-up notes, done or rejected,
and closing the request with its result and the citizen's satisfaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import UserError
from pr_desk.domain.meetings import MAX_NOTE, OrderStatus, ReminderLevel, RequestStatus
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import meetings, units
from pr_desk.services.context import Actor
from pr_desk.services.meetings import OrderInfo, OrderSearch, RequestInfo
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.list_page import refresh_button
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.panes import add_split, column_pane
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.meetings.common import (
    ColouredTableModel,
    ReasonDialog,
    StaticRows,
    digits,
    heading,
    list_table,
    same_id,
    select_where,
    selected_row,
)
from pr_desk.ui.report_actions import ReportExporter

if TYPE_CHECKING:
    import uuid

    from pr_desk.services.office import Office

ORDER_COLUMNS = (
    Column("reminder_label", N_("Reminder"), sortable=True),
    Column("tracking_code", N_("Tracking code"), kind="number", sortable=True),
    Column("text", N_("Order"), sortable=True),
    Column("unit_name", N_("Unit"), sortable=True),
    Column("given_on", N_("Given on"), kind="date", sortable=True),
    Column("due_date", N_("Deadline"), kind="date", sortable=True),
    Column("status_label", N_("Status"), sortable=True),
    Column("done_on", N_("Closed on"), kind="date", sortable=True),
)
FOLLOW_UP_COLUMNS = (
    Column("noted_on", N_("Date"), kind="date"),
    Column("note", N_("Follow-up note")),
)


class NoteDialog(FormDialog):
    """A follow-up note, or the note of an order carried out (optional then)."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, action: Any, *, required: bool = True,
                 ok_text: str | None = None) -> None:
        super().__init__(parent, title, ok_text=ok_text)
        self.set_intro(intro)
        self.action = action
        self.required = required
        self.result_value: object = None
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.add_field("note", _("Note"), self.note)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        if not self.required:
            return {}
        return first_error([("note", lambda: require_text(self.note.toPlainText(), _("The note"), MAX_NOTE,
                                                          field="note", multiline=True))])

    def save(self) -> None:
        self.result_value = self.action(self.note.toPlainText())


class CloseRequestDialog(FormDialog):
    """Closes (مختومه) a request: the result, and the citizen's satisfaction 1–5."""

    def __init__(self, db: Office, actor: Actor, request: RequestInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Close the request"), ok_text=_("Close the request"))
        self.db = db
        self.actor = actor
        self.request = request
        self.saved: RequestInfo | None = None
        self.set_intro(_("{code} — {name}: every order is closed. Record the result.").format(
            code=digits(request.tracking_code), name=request.citizen_name))
        self.result_edit = QPlainTextEdit(self)  # not `result`: that would hide QDialog.result()
        self.result_edit.setTabChangesFocus(True)
        self.result_edit.setFixedHeight(90)
        self.satisfaction = QComboBox(self)
        self.satisfaction.addItem(_("Not asked"), None)
        for score, text in ((5, N_("Very satisfied")), (4, N_("Satisfied")), (3, N_("Neutral")),
                            (2, N_("Dissatisfied")), (1, N_("Very dissatisfied"))):
            self.satisfaction.addItem(f"{digits(score)} — {_(text)}", score)
        self.add_field("result", _("Result"), self.result_edit)
        self.add_field("satisfaction", _("Citizen's satisfaction"), self.satisfaction)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return first_error([("result", lambda: require_text(self.result_edit.toPlainText(), _("The result"), MAX_NOTE,
                                                            field="result", multiline=True))])

    def save(self) -> None:
        self.saved = meetings.close_request(self.db, self.actor, request_id=self.request.id, result=self.result_edit.toPlainText(),
                                            satisfaction=self.satisfaction.currentData(), expected_version=self.request.version)


class OrdersView(QWidget):
    changed = Signal()
    open_request = Signal(object)  # RequestInfo

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_ORDERS)
        self.can_see_citizens = actor.can(Permission.VIEW_CITIZENS)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status = QComboBox(self)
        self.status.addItem(_("All statuses"), None)
        for status in OrderStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(OrderStatus.OPEN.value))
        self.unit = QComboBox(self)
        self.unit.addItem(_("All units"), None)
        try:
            for u in units.list_units(db, actor, include_retired=True, limit=2000):
                self.unit.addItem(u.name, u.id)
        except UserError:
            pass
        self.unit.setMinimumContentsLength(20)
        self.overdue_only = QCheckBox(_("Overdue only"), self)
        self.escalated_only = QCheckBox(_("Escalated only"), self)
        self.count_label = QLabel(self)
        top.addWidget(QLabel(_("Status:"), self))
        top.addWidget(self.status)
        top.addWidget(QLabel(_("Unit:"), self))
        top.addWidget(self.unit, 1)
        top.addWidget(self.overdue_only)
        top.addWidget(self.escalated_only)
        top.addStretch(1)
        top.addWidget(self.count_label)
        self.refresh_button = refresh_button(self, lambda: self.reload())  # and F5: what another PC did since
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        legend = QLabel(self)
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setText(" &nbsp; ".join(
            f"<span style='color:{level.colour}'>●</span> {level.label}"
            for level in (ReminderLevel.DUE_SOON, ReminderLevel.OVERDUE, ReminderLevel.ESCALATED)))
        layout.addWidget(legend)

        self.model = ColouredTableModel(ORDER_COLUMNS, self._fetch, count=self._count,
                                        colour=lambda o: o.reminder_colour, parent=self)
        self.table = list_table(self, self.model, stretch="text", sortable=True, remember="meetings.orders")
        self.follow_title = heading(_("Follow-up notes of the selected order"), self)
        self.follow_rows = StaticRows()
        self.follow_model = PagedTableModel(FOLLOW_UP_COLUMNS, self.follow_rows, parent=self)
        self.follow_table = list_table(self, self.follow_model, remember="meetings.orders.follow_ups")
        self.empty = empty_state(
            self.table, _("No order is being followed. The orders officials give at meetings show here, each with "
                          "the unit it was referred to and its deadline."),
            filtered=lambda: (self.status.currentData() is not None or self.unit.currentData() is not None
                              or self.overdue_only.isChecked() or self.escalated_only.isChecked()))
        self.follow_empty = empty_state(self.follow_table, lambda: (
            _("Choose an order to see its follow-up notes.") if self.current() is None else
            _("No follow-up note yet. Record what the unit reported with “Follow-up note…”.")))
        add_split(layout, self, self.table,
                  column_pane(self, self.follow_title, self.follow_table, grow=self.follow_table), stretch=(3, 1))

        buttons = QHBoxLayout()
        self.note_button = QPushButton(_("Follow-up note…"), self)
        self.done_button = QPushButton(_("Done…"), self)
        self.done_button.setToolTip(_("The unit carried the order out"))
        self.reject_button = QPushButton(_("Reject…"), self)
        self.reject_button.setToolTip(_("The order cannot be carried out; a reason is required"))
        self.close_button = QPushButton(_("Close request…"), self)
        self.close_button.setToolTip(_("Every order of the request is closed: record the result and satisfaction"))
        self.reopen_order_button = QPushButton(_("Reopen order…"), self)
        self.reopen_order_button.setToolTip(_("A Done or a Rejection recorded by mistake: the order is followed up again"))
        self.reopen_button = QPushButton(_("Reopen request…"), self)
        self.open_button = QPushButton(_("Open request"), self)
        self.print_button = QPushButton(_("Follow-up by unit (PDF)…"), self)
        self.print_button.setToolTip(_("Open orders of the chosen unit (or every unit), overdue first"))
        for b in (self.note_button, self.done_button, self.reject_button, self.reopen_order_button, self.close_button, self.reopen_button):
            buttons.addWidget(b)
            b.setVisible(self.can_manage)
        buttons.addWidget(self.open_button)
        self.open_button.setVisible(self.can_see_citizens)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        layout.addLayout(buttons)
        self.follow_up_report = ReportExporter(self, "meeting-follow-up", db, actor, self._report_params)

        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.unit.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue_only.toggled.connect(lambda _c: self.reload())
        self.escalated_only.toggled.connect(lambda _c: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection_changed())
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.note_button.clicked.connect(self.add_note)
        self.done_button.clicked.connect(self.complete)
        self.reject_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.close_request)
        self.reopen_order_button.clicked.connect(self.reopen_order)
        self.reopen_button.clicked.connect(self.reopen_request)
        self.open_button.clicked.connect(self._open)
        self.print_button.clicked.connect(lambda: self.follow_up_report.export(".pdf"))
        self.reload()

    # -- data -----------------------------------------------------------------------------

    def search(self) -> OrderSearch:
        data = self.status.currentData()
        status = OrderStatus(data) if data is not None else None
        return OrderSearch(statuses=(status,) if status is not None else (), unit_id=self.unit.currentData(),
                           overdue_only=self.overdue_only.isChecked(), escalated_only=self.escalated_only.isChecked())

    def _report_params(self) -> dict[str, Any]:
        unit = self.unit.currentData()
        return {"unit": str(unit)} if unit is not None else {}

    def _fetch(self, offset: int, limit: int, /, **sort: Any) -> list[OrderInfo]:
        return meetings.list_orders(self.db, self.actor, search=self.search(), offset=offset, limit=limit, **sort)

    def _count(self) -> int:
        return meetings.count_orders(self.db, self.actor, search=self.search())

    def show_overdue(self) -> None:
        """What the main window's overdue count opens: every overdue open order."""
        self.blockSignals(True)
        self.status.setCurrentIndex(self.status.findData(OrderStatus.OPEN.value))
        self.unit.setCurrentIndex(0)
        self.escalated_only.setChecked(False)
        self.overdue_only.setChecked(True)
        self.blockSignals(False)
        self.reload()

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        current = self.current()
        attempt(self, self.model.reload)
        wanted = select_id or (current.id if current else None)
        if wanted is not None:
            select_where(self.table, same_id(wanted))
        total = self.model.total_count() or 0
        self.count_label.setText(ngettext("{count} order", "{count} orders", total).format(count=digits(total)))
        fit_columns_to_contents(self.table)
        self._on_selection_changed()

    def current(self) -> OrderInfo | None:
        row: OrderInfo | None = selected_row(self.table)
        return row

    def _request(self, order: OrderInfo) -> RequestInfo | None:
        if not self.can_see_citizens:
            return None
        _ok, request = attempt(self, lambda: meetings.get_request(self.db, self.actor, request_id=order.request_id))
        return request

    def _on_selection_changed(self) -> None:
        order = self.current()
        is_open = order is not None and order.status is OrderStatus.OPEN
        self.note_button.setEnabled(order is not None)
        self.done_button.setEnabled(is_open)
        self.reject_button.setEnabled(is_open)
        self.reopen_order_button.setEnabled(order is not None and not is_open)
        self.close_button.setEnabled(order is not None and not is_open)
        self.reopen_button.setEnabled(order is not None and not is_open)
        self.open_button.setEnabled(order is not None)
        rows: list[Any] = []
        if order is not None:
            _ok, found = attempt(self, lambda: meetings.list_follow_ups(self.db, self.actor, order_id=order.id))
            rows = list(found or [])
            self.follow_title.setText(_("Follow-up notes of the order “{text}”").format(text=order.text[:60]))
        else:
            self.follow_title.setText(_("Follow-up notes of the selected order"))
        self.follow_rows.rows = rows
        self.follow_model.reload()

    # -- actions --------------------------------------------------------------------------

    def _after_write(self, select_id: uuid.UUID | None = None) -> None:
        self.reload(select_id=select_id)
        self.changed.emit()

    def _open(self) -> None:
        order = self.current()
        if order is None:
            return
        request = self._request(order)
        if request is not None:
            self.open_request.emit(request)

    def add_note(self) -> None:
        order = self.current()
        if order is None or not self.can_manage:
            return
        dialog = NoteDialog(self, _("Follow-up note"), _("Order: {text}").format(text=order.text),
                            lambda note: meetings.add_follow_up(self.db, self.actor, order_id=order.id, note=note),
                            ok_text=_("Add note"))
        if dialog.exec():
            self._after_write(order.id)

    def complete(self) -> None:
        order = self.current()
        if order is None or not self.can_manage:
            return
        dialog = NoteDialog(self, _("Order done"), _("{unit} carried out: {text}").format(unit=order.unit_name, text=order.text),
                            lambda note: meetings.complete_order(self.db, self.actor, order_id=order.id, note=note,
                                                                 expected_version=order.version),
                            required=False, ok_text=_("Done"))
        if dialog.exec():
            self._after_write(order.id)
            self._offer_close(dialog.result_value)

    def reject(self) -> None:
        order = self.current()
        if order is None or not self.can_manage:
            return
        dialog = ReasonDialog(self, _("Reject the order"), _("Why can this order not be carried out?\n{text}").format(text=order.text),
                              lambda reason: meetings.reject_order(self.db, self.actor, order_id=order.id, reason=reason,
                                                                   expected_version=order.version),
                              ok_text=_("Reject"))
        if dialog.exec():
            self._after_write(order.id)
            self._offer_close(dialog.result_value)

    def reopen_order(self) -> None:
        order = self.current()
        if order is None or not self.can_manage:
            return
        dialog = ReasonDialog(self, _("Reopen the order"), _("Why is this order open again?\n{text}").format(text=order.text),
                              lambda reason: meetings.reopen_order(self.db, self.actor, order_id=order.id, reason=reason,
                                                                   expected_version=order.version),
                              ok_text=_("Reopen"))
        if dialog.exec():
            self._after_write(order.id)

    def _offer_close(self, closed: Any) -> None:
        if closed is None or not closed.request_ready_to_close or not self.can_see_citizens:
            return
        answer = QMessageBox.question(
            self, _("Close the request"),
            _("Every order of {code} is now closed. Close the request with its result now?").format(
                code=digits(closed.order.tracking_code)))
        if answer == QMessageBox.StandardButton.Yes:
            self.close_request(closed.order)

    def close_request(self, order: OrderInfo | None = None) -> None:
        order = order if isinstance(order, OrderInfo) else self.current()
        if order is None or not self.can_manage:
            return
        request = self._request(order)
        if request is None:
            return
        if request.status is not RequestStatus.HELD:
            QMessageBox.information(self, _("Close the request"), _("The request {code} is {status}.").format(
                code=digits(request.tracking_code), status=request.status_label))
            return
        dialog = CloseRequestDialog(self.db, self.actor, request, self)
        if dialog.exec():
            self._after_write(order.id)

    def reopen_request(self) -> None:
        order = self.current()
        if order is None or not self.can_manage:
            return
        request = self._request(order)
        if request is None:
            return
        dialog = ReasonDialog(self, _("Reopen the request"),
                              _("Reopen {code}? Its follow-up starts again.").format(code=digits(request.tracking_code)),
                              lambda reason: meetings.reopen_request(self.db, self.actor, request_id=request.id, reason=reason,
                                                                     expected_version=request.version),
                              ok_text=_("Reopen"))
        if dialog.exec():
            self._after_write(order.id)
