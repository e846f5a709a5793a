"""The event planning workspace (جشنواره‌ها، مناسبت‌ها، همایش‌ها، افتتاحیه‌ها): one tab of the
main window holding the month calendar, the year's list and the list of events. An event
opens in its own window; every write there refreshes the views here."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.events import ACTIVE_STATUSES, EventStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import isolate, span
from pr_desk.i18n import N_, _, is_rtl, ngettext
from pr_desk.services.context import Actor
from pr_desk.services.events import calendar as cal
from pr_desk.services.events import catalogue as cat
from pr_desk.services.events import events as ev
from pr_desk.ui.events import imports
from pr_desk.ui.events.calendar_view import (
    HOLIDAY_COLOUR,
    STATUS_COLOURS,
    MonthView,
    calendar_exporter,
)
from pr_desk.ui.events.event_dialog import EventDialog, code_text
from pr_desk.ui.kit.formatting import digits, format_jalali_date
from pr_desk.ui.kit.list_page import ListPage, refresh_button
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.paged_table_model import Column, PagedTableModel
from pr_desk.ui.kit.shortcuts import add_open_keys, add_shortcut

if TYPE_CHECKING:
    from pr_desk.services.office import Office


def _year_combo(parent: QWidget, *, all_text: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    if all_text is not None:
        combo.addItem(all_text, None)
    this = JalaliDate.today().year
    for year in range(this + 1, this - 6, -1):
        combo.addItem(digits(year), year)
    combo.setCurrentIndex(combo.findData(this))
    return combo


def when_text(e: ev.EventInfo) -> str:
    text = format_jalali_date(e.start_on)
    if e.end_on != e.start_on:
        text = span(text, format_jalali_date(e.end_on))
    if e.start_time is not None:
        text += "  " + digits(e.start_time.strftime("%H:%M"))
    return text


class YearView(QWidget):
    """The year's events and occasions in date order; double-click an event to open it."""

    open_event = Signal(object)

    HEADERS = (N_("Date"), N_("Kind"), N_("Title"), N_("Detail"), N_("Status"))

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.rows: list[cal.YearRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Year:"), self))
        self.year_combo = _year_combo(self)
        bar.addWidget(self.year_combo)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(_("Events and occasions"), (True, True))
        self.kind_combo.addItem(_("Events only"), (True, False))
        self.kind_combo.addItem(_("Occasions only"), (False, True))
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        self.exporter = calendar_exporter(self, db, actor, lambda: {"year": str(self.year_combo.currentData()), "month": "all"})
        self.report_buttons: list[QPushButton] = []
        if self.exporter is not None:
            from pr_desk.ui.report_actions import add_report_buttons

            self.report_buttons = add_report_buttons(self, bar, self.exporter)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        add_open_keys(self.table, lambda: self._open(self.table.currentRow()), _("Events list: open the selected event"))
        self.reload()

    def reload(self) -> bool:
        events, occasions = self.kind_combo.currentData()
        try:
            self.rows = cal.year_list(self.db, self.actor, year=self.year_combo.currentData(), events=events,
                                      occasions=occasions)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            date = (span(format_jalali_date(row.on), format_jalali_date(row.end_on)) if row.end_on != row.on
                    else format_jalali_date(row.on))
            if row.kind == "event":
                kind, status = _("Event"), row.status.label if row.status else ""
                detail = isolate(row.detail) + (("، " if is_rtl() else ", ") + isolate(row.venue) if row.venue else "")
                colour = STATUS_COLOURS[row.status] if row.status else None
                title = f"{code_text(row.code)}  {isolate(row.title)}"  # «…» of a Persian title stay right in English
            else:
                kind = _("Official occasion") if row.official else _("Office occasion")
                detail = _("Holiday") if row.holiday else ""
                if row.estimated:
                    detail += (" — " if detail else "") + _("estimated date")
                status, colour, title = "", HOLIDAY_COLOUR if row.holiday else None, isolate(row.title)
            for c, text in enumerate((date, kind, title, detail, status)):
                item = QTableWidgetItem(text)
                if colour and c in (1, 4):
                    item.setForeground(QColor(colour))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.count_label.setText(ngettext("{count} line", "{count} lines", len(self.rows)).format(count=digits(len(self.rows))))
        return True

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row].event_id is not None:
            self.open_event.emit(self.rows[row].event_id)


EVENT_COLUMNS = (
    Column("code", N_("Code"), sortable=True),
    Column("title", N_("Title"), sortable=True),
    Column("type_name", N_("Type"), sortable=True),
    Column("when", N_("When"), sortable=True),
    Column("venue_name", N_("Venue"), sortable=True),
    Column("status", N_("Status"), sortable=True),
    Column("organiser_name", N_("Organiser")),
)
SORT_KEY = {"code": "code", "title": "title", "type_name": "type", "when": "start", "venue_name": "venue", "status": "status"}


class _EventsModel(PagedTableModel):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            rows = self.rows()
            column = EVENT_COLUMNS[index.column()]
            if index.row() < len(rows):
                e: ev.EventInfo = rows[index.row()]
                if role == Qt.ItemDataRole.DisplayRole:
                    if column.key == "code":
                        return code_text(e.code)
                    if column.key == "when":
                        return when_text(e)
                    if column.key == "status":
                        return e.status.label
                if role == Qt.ItemDataRole.ForegroundRole and column.key == "status":
                    return QColor(STATUS_COLOURS[e.status])
        return super().data(index, role)


class EventsPage(ListPage):
    open_requested = Signal(object)

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        self.db = db
        self.actor = actor
        super().__init__(EVENT_COLUMNS, search_placeholder=_("Search by title or code…"),
                         empty_text=_("No event yet. Plan one with “New event…” (Ctrl+N), or double-click a day of the "
                                      "calendar."), count_text=lambda n: ngettext("{count} event", "{count} events", n), stretch="title",
                         model_factory=_EventsModel, parent=parent)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(_("All statuses"), None)
        for status in EventStatus:
            self.status_filter.addItem(status.label, status)
        self.type_filter = QComboBox(self)
        self.type_filter.addItem(_("All types"), None)
        try:
            for t in cat.list_event_types(db, actor):
                self.type_filter.addItem(t.name, t.id)
        except Exception:  # the list says what went wrong when it loads
            pass
        self.year_filter = _year_combo(self, all_text=_("All years"))
        self.year_filter.setCurrentIndex(0)
        # "still in play, with a day in the next N days" (what the dashboard's tile counts)
        self.when_filter = QComboBox(self)
        self.when_filter.addItem(_("Any date"), None)
        self.add_filter(self.status_filter)
        self.add_filter(self.type_filter)
        self.add_filter(self.year_filter)
        self.add_filter(self.when_filter)
        self.new_button = self.add_page_button(_("New event…"), _("Plan a new event (Ctrl+N)"))
        self.new_button.setVisible(actor.can(Permission.MANAGE_EVENTS))
        self.open_button = self.add_page_button(_("Open"), _("Open the selected event (Enter or double-click)"))
        for combo in (self.status_filter, self.type_filter, self.year_filter, self.when_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(lambda: self.open_requested.emit(None))
        self.open_button.clicked.connect(self.open_current)
        self.on_activated(self.open_current)
        self.reload()

    def filters(self) -> dict[str, Any]:
        found: dict[str, Any] = {"search": self.search_text(), "status": self.status_filter.currentData(),
                                 "type_id": self.type_filter.currentData(), "year": self.year_filter.currentData()}
        when = self.when_filter.currentData()
        if when is not None:
            found["first"], found["last"] = dt.date.fromisoformat(when[0]), dt.date.fromisoformat(when[1])
            if found["status"] is None:
                found["status"] = tuple(ACTIVE_STATUSES)
        return found

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> Sequence[Any]:
        key = sort.get("sort_key")
        return ev.list_events(self.db, self.actor, offset=offset, limit=limit, sort_key=SORT_KEY.get(key) if key else None,
                              descending=bool(sort.get("descending")), **self.filters())

    def count_rows(self) -> int | None:
        return ev.count_events(self.db, self.actor, **self.filters())

    def is_filtered(self) -> bool:
        f = self.filters()
        return bool(f["search"] or f["status"] or f["type_id"] or f["year"] or f.get("first"))

    def show_coming(self, first: dt.date, days: int) -> None:
        """The events still in play with a day from `first` to `days` days after it (any
        type, year or search words): the dashboard's coming events."""
        last = first + dt.timedelta(days=days)
        self.when_filter.blockSignals(True)
        while self.when_filter.count() > 1:
            self.when_filter.removeItem(1)
        self.when_filter.addItem(ngettext("The next {n} day", "The next {n} days", days).format(n=digits(days)), (first.isoformat(), last.isoformat()))
        self.when_filter.setCurrentIndex(1)
        self.when_filter.blockSignals(False)
        for combo in (self.status_filter, self.type_filter, self.year_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.reload()

    def open_current(self) -> None:
        row = self.current()
        if row is not None:
            self.open_requested.emit(row.id)


class EventsWorkspace(QWidget):
    """`changed` after any write."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.windows: dict[uuid.UUID, EventDialog] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.new_button = QPushButton(_("New event…"), self)
        self.new_button.setToolTip(_("Plan a new event (Ctrl+N)"))
        self.new_button.setVisible(actor.can(Permission.MANAGE_EVENTS))
        self.types_button = QPushButton(_("Event types…"), self)
        self.venues_button = QPushButton(_("Venues…"), self)
        self.occasions_button = QPushButton(_("Occasions…"), self)
        self.occasions_button.setToolTip(_("The office's own occasions and corrections of estimated official dates"))
        self.import_button = QPushButton(_("Import events from Excel") + "…", self)
        self.template_button = QPushButton(_("Save Excel template…"), self)
        for b in (self.import_button, self.template_button):
            b.setVisible(actor.can(Permission.MANAGE_EVENTS))
        for b in (self.new_button, self.types_button, self.venues_button, self.occasions_button, self.import_button,
                  self.template_button):
            bar.addWidget(b)
        bar.addStretch(1)
        self.refresh_button = refresh_button(self, self.refresh)  # what another PC planned or changed since
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.month_view = MonthView(db, actor, self)
        self.year_view = YearView(db, actor, self)
        self.events_page = EventsPage(db, actor, self)
        self.tabs.addTab(self.month_view, _("Calendar"))
        self.tabs.addTab(self.year_view, _("The year"))
        self.tabs.addTab(self.events_page, _("Events"))
        self.month_view.open_event.connect(self.open_event)
        self.month_view.new_event.connect(self.new_event)
        self.year_view.open_event.connect(self.open_event)
        self.events_page.open_requested.connect(lambda eid: self.open_event(eid) if eid else self.new_event(None))
        self.new_button.clicked.connect(lambda: self.new_event(self.month_view.grid.current))
        self.types_button.clicked.connect(lambda: self._catalogue("types"))
        self.venues_button.clicked.connect(lambda: self._catalogue("venues"))
        self.occasions_button.clicked.connect(lambda: self._catalogue("occasions"))
        self.import_button.clicked.connect(self.import_events)
        self.template_button.clicked.connect(lambda: imports.save_events_template(self, self.db, self.actor))
        if actor.can(Permission.MANAGE_EVENTS):
            add_shortcut(self, QKeySequence.StandardKey.New, lambda: self.new_event(self.month_view.grid.current),
                         _("Events: plan a new event"))

    def new_event(self, on: dt.date | None) -> EventDialog | None:
        if not self.actor.can(Permission.MANAGE_EVENTS):
            return None
        return self._show(None, on)

    # -- what a dashboard tile opens (ui/dashboard.apply_filter: "method:argument") ----------

    def show_coming(self, span: str) -> None:
        """The events list: those still in play in the next days ("ISO date/days")."""
        first, _slash, days = span.partition("/")
        self.events_page.show_coming(dt.date.fromisoformat(first), int(days))
        self.tabs.setCurrentWidget(self.events_page)

    def show_tasks_of(self, event_id: str) -> None:
        """The checklist of an event (the overdue tasks tile: the event of the oldest one)."""
        window = self.open_event(uuid.UUID(event_id))
        if window is not None:
            window.show_tasks()

    def open_search_result(self, kind: str, record_id: uuid.UUID) -> None:
        """The one search box's result (main window): an event's window (a guest: the tab)."""
        if kind == "event":
            self.open_event(record_id)

    def open_event(self, event_id: uuid.UUID) -> EventDialog | None:
        window = self.windows.get(event_id)
        if window is not None:
            window.raise_()
            window.activateWindow()
            return window
        return self._show(event_id, None)

    def _show(self, event_id: uuid.UUID | None, on: dt.date | None) -> EventDialog | None:
        try:
            window = EventDialog(self.db, self.actor, event_id, self, on=on)
        except Exception as exc:
            show_error(self, exc)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.setWindowModality(Qt.WindowModality.NonModal)
        key = event_id or uuid.uuid4()
        self.windows[key] = window
        window.changed.connect(self._on_changed)
        window.cloned.connect(self.open_event)
        window.finished.connect(lambda _r, k=key: self.windows.pop(k, None))
        window.show()
        return window

    def import_events(self) -> None:
        """The year's events from an office's spreadsheet: previewed, then all rows or none."""
        imports.import_events(self, self.db, self.actor, done=lambda _result: self._on_changed())

    def _on_changed(self, _event_id: object = None) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        self.month_view.reload(self.month_view.grid.current)
        self.year_view.reload()
        self.events_page.reload()

    def _catalogue(self, which: str) -> None:
        from pr_desk.ui.events import catalogue_dialogs as cd

        dialog = {"types": cd.EventTypesDialog, "venues": cd.VenuesDialog, "occasions": cd.OccasionsDialog}[which](
            self.db, self.actor, self)
        dialog.exec()
        if dialog.changed:
            self.refresh()
