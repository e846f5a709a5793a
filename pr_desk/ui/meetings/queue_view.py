"""An official's fair queue (نوبت‌دهی): first come, first served after the priority
groups; a request moves only with a written reason, and every move stays in its history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.errors import StaleRecord
from pr_desk.domain.meetings import MAX_REASON
from pr_desk.domain.roles import Permission
from pr_desk.domain.validation import require_text
from pr_desk.i18n import N_, _
from pr_desk.services import meetings
from pr_desk.services.context import Actor
from pr_desk.services.meetings import RequestInfo
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import screen_locale
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.panes import add_split, column_pane
from pr_desk.ui.kit.shortcuts import add_open_keys, add_shortcut
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.meetings.common import (
    ReasonDialog,
    StaticRows,
    digits,
    fill_official_combo,
    find_data,
    heading,
    list_table,
    official_combo,
    same_id,
    select_where,
    selected_row,
)

if TYPE_CHECKING:
    import uuid

    from pr_desk.services.office import Office

QUEUE_COLUMNS = (
    Column("queue_position", N_("Turn"), kind="int", sortable=True),
    Column("tracking_code", N_("Tracking code"), kind="number", sortable=True),
    Column("citizen_name", N_("Citizen"), sortable=True),
    Column("district", N_("District"), kind="int", sortable=True),
    Column("subject_label", N_("Subject"), sortable=True),
    Column("priority_label", N_("Priority"), sortable=True),
    Column("waiting_days", N_("Waiting days"), kind="int", sortable=True),
    Column("registered_on", N_("Registered on"), kind="date", sortable=True),
)
HISTORY_COLUMNS = (
    Column("moved_at", N_("When"), kind="datetime"),
    Column("kind_label", N_("Change")),
    Column("from_position", N_("From"), kind="int"),
    Column("to_position", N_("To"), kind="int"),
    Column("reason", N_("Reason")),
)


class MoveDialog(FormDialog):
    """The new place in the queue and the reason (both required)."""

    def __init__(self, db: Office, actor: Actor, request: RequestInfo, queue_length: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Move in the queue"), ok_text=_("Move"))
        self.db = db
        self.actor = actor
        self.request = request
        self.saved: RequestInfo | None = None
        self.set_intro(_("{code} — {name}, now at turn {position} of {count}.").format(
            code=digits(request.tracking_code), name=request.citizen_name,
            position=digits(request.queue_position or "—"), count=digits(queue_length)))
        self.position = QSpinBox(self)
        self.position.setLocale(screen_locale())
        self.position.setRange(1, max(1, queue_length))
        self.position.setValue(request.queue_position or 1)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.reason.setPlaceholderText(_("Why this request moves; kept in its history and the audit trail"))
        self.add_field("to_position", _("New turn"), self.position)
        self.add_field("reason", _("Reason"), self.reason)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = first_error([("reason", lambda: require_text(
            self.reason.toPlainText(), _("The reason"), MAX_REASON, field="reason", multiline=True))])
        if self.position.value() == self.request.queue_position:
            problems["to_position"] = _("Choose another turn than the present one.")
        return problems

    def accept(self) -> None:
        # Touch every field so that a missing reason shows even if OK came from the keyboard.
        self._touched.update(self.fields)
        super().accept()

    def save(self) -> None:
        self.saved = meetings.move_request(self.db, self.actor, request_id=self.request.id,
                                           to_position=self.position.value(), reason=self.reason.toPlainText(),
                                           expected_version=self.request.version)

    def show_user_error(self, exc: Any) -> None:
        super().show_user_error(exc)
        if isinstance(exc, StaleRecord):
            self.ok_button.setEnabled(False)


class QueueView(QWidget):
    changed = Signal()
    open_request = Signal(object)  # RequestInfo

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_MEETINGS)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.official = official_combo(self, db, actor)
        self.count_label = QLabel(self)
        top.addWidget(QLabel(_("Official:"), self))
        top.addWidget(self.official, 1)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout.addLayout(top)

        self.model = PagedTableModel(QUEUE_COLUMNS, self._fetch, count=self._count, parent=self)
        self.table = list_table(self, self.model, stretch="subject_label", sortable=True, remember="meetings.queue")
        self.history_title = heading(_("History of the selected request's turn"), self)
        self.history_rows = StaticRows()
        self.history_model = PagedTableModel(HISTORY_COLUMNS, self.history_rows, parent=self)
        self.history = list_table(self, self.history_model, remember="meetings.queue.history")
        self.empty = empty_state(self.table, self._empty_text)
        self.history_empty = empty_state(self.history, lambda: (
            _("Choose a request in the queue to see the history of its turn.") if self.current() is None
            else _("Nothing has happened to this request's turn yet.")))
        add_split(layout, self, self.table, column_pane(self, self.history_title, self.history, grow=self.history),
                  stretch=(3, 1))

        buttons = QHBoxLayout()
        self.move_button = QPushButton(_("Move…"), self)
        self.move_button.setToolTip(_("Move the selected request to another turn, with a reason (Ctrl+M)"))
        self.open_button = QPushButton(_("Open"), self)
        self.open_button.setToolTip(_("Details of the selected request (Enter or double-click)"))
        self.cancel_button = QPushButton(_("Cancel request…"), self)
        self.cancel_button.setToolTip(_("The citizen withdrew: take the request out of the queue, with a reason"))
        for b in (self.move_button, self.open_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.official.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection_changed())
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.move_button.clicked.connect(self.move_selected)
        self.open_button.clicked.connect(self._open)
        self.cancel_button.clicked.connect(self.cancel_selected)
        add_shortcut(self, "Ctrl+M", self.move_selected, _("Queue: move the selected request to another session"))
        add_open_keys(self.table, self._open, _("Queue: open the selected request"))
        self.reload()

    # -- data -----------------------------------------------------------------------------

    def official_id(self) -> uuid.UUID | None:
        chosen: uuid.UUID | None = self.official.currentData()
        return chosen

    def set_official(self, official_id: uuid.UUID) -> None:
        index = find_data(self.official, official_id)
        if index >= 0:
            self.official.setCurrentIndex(index)

    def _fetch(self, offset: int, limit: int, /, **sort: Any) -> list[RequestInfo]:
        official = self.official_id()
        if official is None:
            return []
        return meetings.list_queue(self.db, self.actor, official_id=official, offset=offset, limit=limit, **sort)

    def _empty_text(self) -> str:
        if self.official.count() == 0:
            return _("No official takes meeting requests yet. Add the officials citizens may meet on the Officials "
                     "tab; each one's queue shows here.")
        if self.official_id() is None:
            return _("Choose an official above to see who is waiting to meet them.")
        return _("No one is waiting to meet this official. A request registered with “Register a request…” "
                 "(Ctrl+N) joins this queue: first come, first served.")

    def _count(self) -> int:
        official = self.official_id()
        return meetings.count_queue(self.db, self.actor, official_id=official) if official is not None else 0

    def refresh_officials(self) -> None:
        fill_official_combo(self.official, self.db, self.actor)

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        attempt(self, self.model.reload)
        if select_id is not None:
            select_where(self.table, same_id(select_id))
        self.count_label.setText(_("{count} waiting").format(count=digits(self.model.total_count() or 0)))
        fit_columns_to_contents(self.table)
        self._on_selection_changed()

    def current(self) -> RequestInfo | None:
        row: RequestInfo | None = selected_row(self.table)
        return row

    def _on_selection_changed(self) -> None:
        request = self.current()
        self.move_button.setEnabled(self.can_manage and request is not None)
        self.cancel_button.setEnabled(self.can_manage and request is not None)
        self.open_button.setEnabled(request is not None)
        rows: list[Any] = []
        if request is not None:
            _ok, found = attempt(self, lambda: meetings.queue_history(self.db, self.actor, request_id=request.id))
            rows = list(found or [])
        self.history_rows.rows = rows
        self.history_model.reload()
        self.history_title.setText(
            _("History of {code}'s turn").format(code=digits(request.tracking_code)) if request is not None
            else _("History of the selected request's turn"))

    # -- actions --------------------------------------------------------------------------

    def _open(self) -> None:
        request = self.current()
        if request is not None:
            self.open_request.emit(request)

    def move_dialog(self) -> MoveDialog | None:
        request = self.current()
        if request is None or not self.can_manage:
            return None
        return MoveDialog(self.db, self.actor, request, self.model.total_count() or 1, self)

    def move_selected(self) -> None:
        dialog = self.move_dialog()
        if dialog is None:
            return
        if dialog.exec() and dialog.saved is not None:
            self.reload(select_id=dialog.saved.id)
            self.changed.emit()
        elif not dialog.ok_button.isEnabled() and dialog.general_error.error():
            self.reload(select_id=dialog.request.id)

    def cancel_selected(self) -> None:
        request = self.current()
        if request is None or not self.can_manage:
            return
        dialog = ReasonDialog(
            self, _("Cancel request"),
            _("{code} — {name} leaves the queue. Why?").format(code=digits(request.tracking_code), name=request.citizen_name),
            lambda reason: meetings.cancel_request(self.db, self.actor, request_id=request.id, reason=reason,
                                                   expected_version=request.version),
            ok_text=_("Cancel request"))
        if dialog.exec():
            self.reload()
            self.changed.emit()
