"""Find anything: requests by tracking code, national code, mobile, name or subject
words (Persian spellings folded), with filters; a request's whole file opens from here."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.meetings import (
    DISTRICT_COUNT,
    RequestStatus,
    looks_like_tracking_code,
    search_number,
)
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import file_size
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import meetings
from pr_desk.services.context import Actor
from pr_desk.services.meetings import RequestInfo, RequestSearch
from pr_desk.ui.kit.empty_state import empty_state
from pr_desk.ui.kit.formatting import (
    display_digits,
    file_filter,
    format_datetime,
    format_jalali_date,
    screen_locale,
)
from pr_desk.ui.kit.forms import attempt
from pr_desk.ui.kit.jalali_date_edit import JalaliDateEdit
from pr_desk.ui.kit.list_page import refresh_button
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.shortcuts import add_open_keys, add_shortcut
from pr_desk.ui.kit.table_view import fit_columns_to_contents
from pr_desk.ui.kit.whole_list_model import WholeListModel
from pr_desk.ui.meetings.common import (
    SEARCH_DELAY_MS,
    ColouredTableModel,
    ReasonDialog,
    StaticRows,
    digits,
    fill_official_combo,
    list_table,
    official_combo,
    selected_row,
)
from pr_desk.ui.meetings.orders_view import ORDER_COLUMNS, CloseRequestDialog
from pr_desk.ui.meetings.queue_view import HISTORY_COLUMNS
from pr_desk.ui.report_actions import ReportExporter

if TYPE_CHECKING:
    from pr_desk.services.office import Office

REQUEST_COLUMNS = (
    Column("tracking_code", N_("Tracking code"), kind="number", sortable=True),
    Column("citizen_name", N_("Citizen"), sortable=True),
    Column("national_code", N_("National code"), kind="number", sortable=True),
    Column("mobile", N_("Mobile"), kind="number", sortable=True),
    Column("district", N_("District"), kind="int", sortable=True),
    Column("official_name", N_("Official"), sortable=True),
    Column("subject_label", N_("Subject"), sortable=True),
    Column("status_label", N_("Status"), sortable=True),
    Column("registered_on", N_("Registered on"), kind="date", sortable=True),
    Column("waiting_days", N_("Waiting days"), kind="int", sortable=True),
)
ATTACHMENT_COLUMNS = (
    Column("file_name", N_("File")),
    Column("size_text", N_("Size")),
    Column("added_at", N_("Added"), kind="datetime"),
)


class _Attachment:
    def __init__(self, info: Any) -> None:
        self.info = info
        self.id = info.id
        self.file_name = info.file_name
        self.size_text = file_size(info.size)
        self.added_at = info.added_at


class RequestDialog(QDialog):
    """A request's whole file: details, scanned letters, orders and the history of its turn."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, request: RequestInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.request = request
        self.can_manage = actor.can(Permission.MANAGE_MEETINGS)
        self.can_order = actor.can(Permission.MANAGE_ORDERS)
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        details = QWidget(self)
        self.form = QFormLayout(details)
        self.tabs.addTab(details, _("Details"))

        files = QWidget(self)
        files_layout = QVBoxLayout(files)
        self.attachment_rows = StaticRows()
        self.attachments_model = PagedTableModel(ATTACHMENT_COLUMNS, self.attachment_rows, parent=self)
        self.attachments = list_table(self, self.attachments_model, remember="meetings.request.letters")
        files_layout.addWidget(self.attachments, 1)
        file_buttons = QHBoxLayout()
        self.open_file_button = QPushButton(_("Open"), self)
        self.attach_button = QPushButton(_("Attach…"), self)
        self.attach_button.setVisible(self.can_manage)
        file_buttons.addWidget(self.open_file_button)
        file_buttons.addWidget(self.attach_button)
        file_buttons.addStretch(1)
        files_layout.addLayout(file_buttons)
        self.tabs.addTab(files, _("Scanned letters"))

        self.order_rows = StaticRows()
        self.orders_model = ColouredTableModel(ORDER_COLUMNS, self.order_rows, colour=lambda o: o.reminder_colour, parent=self)
        self.orders = list_table(self, self.orders_model, remember="meetings.request.orders")
        self.tabs.addTab(self.orders, _("Orders"))
        self.history_rows = StaticRows()
        self.history_model = PagedTableModel(HISTORY_COLUMNS, self.history_rows, parent=self)
        self.history = list_table(self, self.history_model, remember="meetings.request.history")
        self.attachments_empty = empty_state(self.attachments, (
            _("No scanned letter is attached to this request. Add the citizen's letter with “Attach…”.") if self.can_manage
            else _("No scanned letter is attached to this request.")))
        self.orders_empty = empty_state(self.orders, _(
            "No order yet. The official's orders are typed on the meeting day, in the Meeting day tab, and show "
            "here at once."))
        self.history_empty = empty_state(self.history, _("Nothing has happened to this request's turn yet."))
        self.tabs.addTab(self.history, _("History of the turn"))

        buttons = QDialogButtonBox(self)
        self.receipt_button = buttons.addButton(_("Print receipt…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_request_button = buttons.addButton(_("Close request…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.reopen_button = buttons.addButton(_("Reopen…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_request_button = buttons.addButton(_("Cancel request…"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.receipt = ReportExporter(self, "meeting-receipt", db, actor, lambda: {"tracking_code": self.request.tracking_code})
        self.receipt_button.clicked.connect(lambda: self.receipt.print_preview())
        self.close_request_button.clicked.connect(self.close_request)
        self.reopen_button.clicked.connect(self.reopen)
        self.cancel_request_button.clicked.connect(self.cancel_request)
        self.open_file_button.clicked.connect(self.open_attachment)
        self.attach_button.clicked.connect(self.attach)
        self.attachments.doubleClicked.connect(lambda _i: self.open_attachment())
        self.load()

    def load(self) -> None:
        _ok, fresh = attempt(self, lambda: meetings.get_request(self.db, self.actor, request_id=self.request.id))
        if fresh is not None:
            self.request = fresh
        r = self.request
        self.setWindowTitle(_("Request {code}").format(code=digits(r.tracking_code)))
        while self.form.rowCount():
            self.form.removeRow(0)
        rows = [
            (_("Tracking code"), digits(r.tracking_code)),
            (_("Citizen"), r.citizen_name),
            (_("National code"), digits(r.national_code)),
            (_("Mobile"), digits(r.mobile)),
            (_("District"), digits(r.district)),
            (_("Official"), display_digits(f"{r.official_title} — {r.official_name}") if r.official_title else r.official_name),
            (_("Subject"), r.subject_label),
            (_("Channel"), r.channel_label),
            (_("Priority"), r.priority_label + (f" ({r.priority_note})" if r.priority_note else "")),
            (_("Status"), r.status_label),
            (_("Registered"), format_datetime(r.registered_at)),
            (_("Turn in the queue"), digits(r.queue_position) if r.queue_position else "—"),
            (_("Waiting days"), digits(r.waiting_days)),
            (_("Met on"), format_jalali_date(r.met_on) or "—"),
            (_("Description"), r.description),
        ]
        if r.result:
            rows.append((_("Result"), r.result))
        if r.satisfaction:
            rows.append((_("Citizen's satisfaction"), digits(f"{r.satisfaction}/5")))
        for reason, text in ((_("Reason for reopening"), r.reopen_reason), (_("Reason for cancelling"), r.cancel_reason)):
            if text:
                rows.append((reason, text))
        for label, value in rows:
            field = QLabel(value, self)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label, field)
        lists: tuple[tuple[QTableView, PagedTableModel, StaticRows, Callable[[], Sequence[object]]], ...] = (
            (self.attachments, self.attachments_model, self.attachment_rows,
             lambda: [_Attachment(a) for a in meetings.list_attachments(self.db, self.actor, request_id=r.id)]),
            (self.orders, self.orders_model, self.order_rows, lambda: meetings.request_orders(self.db, self.actor, request_id=r.id)),
            (self.history, self.history_model, self.history_rows, lambda: meetings.queue_history(self.db, self.actor, request_id=r.id)),
        )
        for table, model, rows_holder, fetch in lists:
            _ok, found = attempt(self, fetch)
            rows_holder.rows = list(found or [])
            model.reload()
            fit_columns_to_contents(table)
        self.tabs.setTabText(1, _("Scanned letters ({count})").format(count=digits(len(self.attachment_rows.rows))))
        self.tabs.setTabText(2, _("Orders ({count})").format(count=digits(len(self.order_rows.rows))))
        self.close_request_button.setVisible(self.can_order and r.status is RequestStatus.HELD)
        self.reopen_button.setVisible(self.can_order and not r.is_open)
        self.cancel_request_button.setVisible(self.can_manage and r.status is RequestStatus.WAITING)

    def _changed(self) -> None:
        self.load()
        self.changed.emit()

    def open_attachment(self) -> None:
        row = selected_row(self.attachments)
        if row is None:
            return
        _ok, content = attempt(self, lambda: meetings.attachment_content(self.db, self.actor, attachment_id=row.id))
        if content is None:
            return
        path = Path(tempfile.mkdtemp(prefix="pr-desk-letter-")) / row.file_name
        path.write_bytes(content)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def attach(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, _("Attach scanned letters"), str(Path.home()),
                                                 file_filter(_("Scanned letters (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")))
        added = False
        for p in paths:
            try:
                content = Path(p).read_bytes()
            except OSError as exc:
                from pr_desk.domain.errors import UserError
                from pr_desk.ui.kit.messages import show_error

                show_error(self, UserError(_("{file} cannot be read: {reason}").format(file=Path(p).name, reason=exc.strerror or exc)))
                break
            ok, _r = attempt(self, partial(meetings.add_attachment, self.db, self.actor, request_id=self.request.id,
                                           file_name=Path(p).name, content=content))
            if not ok:
                break
            added = True
        if added:
            self._changed()

    def close_request(self) -> None:
        dialog = CloseRequestDialog(self.db, self.actor, self.request, self)
        if dialog.exec():
            self._changed()

    def reopen(self) -> None:
        r = self.request
        dialog = ReasonDialog(self, _("Reopen the request"), _("Reopen {code}? Its follow-up starts again.").format(code=digits(r.tracking_code)),
                              lambda reason: meetings.reopen_request(self.db, self.actor, request_id=r.id, reason=reason,
                                                                     expected_version=r.version), ok_text=_("Reopen"))
        if dialog.exec():
            self._changed()

    def cancel_request(self) -> None:
        r = self.request
        dialog = ReasonDialog(self, _("Cancel request"),
                              _("{code} — {name} leaves the queue. Why?").format(code=digits(r.tracking_code), name=r.citizen_name),
                              lambda reason: meetings.cancel_request(self.db, self.actor, request_id=r.id, reason=reason,
                                                                     expected_version=r.version), ok_text=_("Cancel request"))
        if dialog.exec():
            self._changed()


class RequestsView(QWidget):
    changed = Signal()
    open_request = Signal(object)

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._mode = "auto"
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Tracking code, national code, mobile or name; Enter also searches the subjects"))
        top.addWidget(QLabel(_("Search:"), self))
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        filters = QHBoxLayout()
        self.status = QComboBox(self)
        self.status.addItem(_("All statuses"), None)
        self.status.addItem(_("Not yet closed"), "open")
        for status in RequestStatus:
            self.status.addItem(status.label, status)
        self.official = official_combo(self, db, actor, all_text=_("All officials"))
        self.district = QSpinBox(self)
        self.district.setLocale(screen_locale())
        self.district.setRange(0, DISTRICT_COUNT)
        self.district.setSpecialValueText(_("All districts"))
        self.date_from = JalaliDateEdit(self, nullable=True, date=None)
        self.date_from.setPlaceholderText(_("From"))
        self.date_to = JalaliDateEdit(self, nullable=True, date=None)
        self.date_to.setPlaceholderText(_("To"))
        self.count_label = QLabel(self)
        for label, widget in ((_("Status:"), self.status), (_("Official:"), self.official), (_("District:"), self.district),
                              (_("Registered from:"), self.date_from), (_("to:"), self.date_to)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        # the list is counted whole at each reload: what another clerk registered since comes in here
        self.refresh_button = refresh_button(self, self.reload)
        filters.addWidget(self.refresh_button)
        layout.addLayout(filters)

        # one scroll bar over every request that matches: the thumb dragged to the bottom shows the last ones at once;
        # the pages are asked for with the filters as they were at the last reload (a page by offset on a worker thread)
        self._search = self.criteria()
        self.model = WholeListModel(REQUEST_COLUMNS, self._fetch, count=self._count, fetch_after=self._fetch_after,
                                    fetch_from_end=partial(self._fetch, backwards=True),
                                    fetch_before=partial(self._fetch_after, backwards=True), offsets_in_background=True,
                                    parent=self)
        self.table = list_table(self, self.model, stretch="subject_label", sortable=True, remember="meetings.requests")
        self.model.watch(self.table)
        self.model.recounted.connect(self._show_count)  # requests gone since the count, noticed while scrolling
        self.empty = empty_state(
            self.table, _("No meeting request is registered yet. Register one with “Register a request…” (Ctrl+N), "
                          "or bring many from the office's spreadsheet with “Import from Excel…”."),
            filtered=self.is_filtered,
            when_filtered=_("No request matches this search. Check the tracking code or national code, press Enter "
                            "to search the subjects too, or clear the filters."))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open"), self)
        self.open_button.setToolTip(_("The request's whole file (Enter or double-click)"))
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(lambda: self.run_search(full=False))
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(lambda: self.run_search(full=True))
        for w in (self.status, self.official):
            w.currentIndexChanged.connect(lambda _i: self.reload())
        self.district.valueChanged.connect(lambda _v: self.reload())
        self.date_from.dateChanged.connect(lambda _d: self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.reload())
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.open_button.setEnabled(self.current() is not None))
        self.open_button.clicked.connect(self._open)
        add_open_keys(self.table, self._open, _("Requests: open the selected request"))
        add_shortcut(self, QKeySequence.StandardKey.Find, self.search.setFocus, _("Requests: search the requests"))
        self.reload()

    def criteria(self) -> RequestSearch:
        text = self.search.text().strip()
        mode = self._mode
        if mode == "name" and (not text or search_number(text).isdigit() or looks_like_tracking_code(text)):
            mode = "auto"  # codes and numbers are found by their own (fast) indexes
        status = self.status.currentData()
        if status == "open":
            statuses: tuple[RequestStatus, ...] = (RequestStatus.WAITING, RequestStatus.SCHEDULED, RequestStatus.HELD)
        else:
            statuses = (RequestStatus(status),) if status is not None else ()
        return RequestSearch(text=text, mode=mode, statuses=statuses, official_id=self.official.currentData(),
                             district=self.district.value() or None, date_from=self.date_from.date(),
                             date_to=self.date_to.date())

    def show_registered_between(self, first: dt.date, last: dt.date) -> None:
        """Every request registered from `first` to `last` (any status, official, district)."""
        widgets = (self.search, self.status, self.official, self.district, self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.search.clear()
            self.status.setCurrentIndex(0)  # all statuses
            self.official.setCurrentIndex(0)
            self.district.setValue(self.district.minimum())
            self.date_from.setDate(first)
            self.date_to.setDate(last)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._mode = "auto"
        self.reload()

    def is_filtered(self) -> bool:
        """Whether a search or a filter narrows the list."""
        c = self.criteria()
        return bool(c.text or c.statuses or c.official_id or c.district or c.date_from or c.date_to)

    def _fetch(self, offset: int, limit: int, /, *, backwards: bool = False, **sort: Any) -> list[RequestInfo]:
        """A page by offset; `backwards`: counted from the list's end, last row first."""
        return meetings.find_requests(self.db, self.actor, search=self._search, offset=offset, limit=limit,
                                      backwards=backwards, **sort)

    def _fetch_after(self, row: RequestInfo, limit: int, /, *, backwards: bool = False,
                     **sort: Any) -> list[RequestInfo] | None:
        """The page after `row`; `backwards`: the rows before it, nearest first."""
        try:  # in any order, the column's sort or the list's own
            return meetings.find_requests(self.db, self.actor, search=self._search, after=row, limit=limit,
                                          backwards=backwards, **sort)
        except LookupError:  # that request is gone from the database: the model pages by offset
            return None

    def _count(self) -> int:
        return meetings.count_requests(self.db, self.actor, search=self._search)

    def run_search(self, *, full: bool) -> None:
        """While typing: names only (fast); Enter: names and subject words."""
        self._mode = "auto" if full else "name"
        self.reload()

    def refresh_officials(self) -> None:
        fill_official_combo(self.official, self.db, self.actor, all_text=_("All officials"))

    def reload(self) -> None:
        """The list read again; with the same search and filters (Refresh, F5, a change made
        here or in a request's dialog), the screen and the selected request kept."""
        self.timer.stop()
        search = self.criteria()
        same, self._search = search == self._search, search
        ok, _r = attempt(self, self.model.refresh if same else self.model.reload)
        self._show_count(self.model.total_count() if ok else 0)
        fit_columns_to_contents(self.table)
        self.open_button.setEnabled(self.current() is not None)

    def _show_count(self, total: int | None) -> None:
        self.count_label.setText(ngettext("{count} request", "{count} requests", total or 0).format(count=digits(total or 0)))

    def current(self) -> RequestInfo | None:
        row: RequestInfo | None = selected_row(self.table)
        return row

    def _open(self) -> None:
        request = self.current()
        if request is not None:
            self.open_request.emit(request)
