"""The meeting queue workspace (ملاقات مردمی): one tab of the main window holding the
views of the flow — find, queue, sessions, the meeting day, orders — and the Register
button. Each view announces its writes; the workspace refreshes the others."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from pr_desk.domain.roles import Permission
from pr_desk.i18n import _
from pr_desk.services.context import Actor
from pr_desk.services.meetings import RequestInfo, SessionInfo
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.kit.workspace_tab import WorkspaceTab
from pr_desk.ui.meetings.common import digits
from pr_desk.ui.meetings.docket_view import DocketView
from pr_desk.ui.meetings.import_dialog import choose_and_import, import_meetings_file, save_template
from pr_desk.ui.meetings.officials_view import OfficialsView
from pr_desk.ui.meetings.orders_view import OrdersView
from pr_desk.ui.meetings.queue_view import QueueView
from pr_desk.ui.meetings.register_dialog import RegisterRequestDialog
from pr_desk.ui.meetings.requests_view import RequestDialog, RequestsView
from pr_desk.ui.meetings.sessions_view import SessionsView
from pr_desk.ui.meetings.settings_dialog import OfficeSettingsDialog
from pr_desk.ui.report_actions import ReportExporter

if TYPE_CHECKING:
    from pathlib import Path

    from pr_desk.services.office import Office

# the tab's views: each announces `changed` and refreshes itself with reload()
_View = QueueView | SessionsView | DocketView | OrdersView | RequestsView | OfficialsView


class MeetingsWorkspace(WorkspaceTab):
    """`changed` after any write (the main window refreshes its overdue count)."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.can_see_citizens = actor.can(Permission.VIEW_CITIZENS)
        self.can_manage = actor.can(Permission.MANAGE_MEETINGS)
        bar = self.bar
        self.register_button = QPushButton(_("Register a request…"), self)
        self.register_button.setToolTip(_("Register a citizen's meeting request (Ctrl+N)"))
        self.settings_button = QPushButton(_("Office settings…"), self)
        self.settings_button.setToolTip(_("Working week, holidays, deadlines and priority groups"))
        self.monthly_button = QPushButton(_("Monthly statistics (PDF)…"), self)
        self.import_button = QPushButton(_("Import from Excel…"), self)
        self.import_button.setToolTip(_("Import meeting requests from the office's spreadsheet, after a preview"))
        self.template_button = QPushButton(_("Save Excel template…"), self)
        bar.addWidget(self.register_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.template_button)
        bar.addStretch(1)
        bar.addWidget(self.monthly_button)
        bar.addWidget(self.settings_button)
        self.register_button.setVisible(self.can_manage and self.can_see_citizens)
        self.import_button.setVisible(self.can_manage and self.can_see_citizens)
        self.template_button.setVisible(self.can_manage and self.can_see_citizens)
        self.settings_button.setVisible(actor.can(Permission.MANAGE_SETTINGS))

        self.requests_view: RequestsView | None = None
        self.queue_view: QueueView | None = None
        self.docket_view: DocketView | None = None
        if self.can_see_citizens:
            self.queue_view = QueueView(db, actor, self)
            self.requests_view = RequestsView(db, actor, self)
            self.add_view(self.queue_view, _("Queue"))
        self.sessions_view = SessionsView(db, actor, self)
        self.add_view(self.sessions_view, _("Sessions"))
        if self.can_see_citizens:
            self.docket_view = DocketView(db, actor, self)
            self.add_view(self.docket_view, _("Meeting day"))
        self.orders_view = OrdersView(db, actor, self)
        self.add_view(self.orders_view, _("Orders and follow-up"))
        if self.requests_view is not None:
            self.add_view(self.requests_view, _("Find requests"))
        self.officials_view = OfficialsView(db, actor, self)
        self.add_view(self.officials_view, _("Officials"))
        if not self.can_see_citizens:
            note = QLabel(_("Your role sees sessions and orders without citizens' personal data."), self)
            note.setWordWrap(True)
            self.main_layout.insertWidget(1, note)

        self.monthly = ReportExporter(self, "meeting-monthly", db, actor, self._month)
        self.register_button.clicked.connect(self.register_request)
        self.settings_button.clicked.connect(self.edit_settings)
        self.monthly_button.clicked.connect(lambda: self.monthly.export(".pdf"))
        self.import_button.clicked.connect(self.import_from_excel)
        self.template_button.clicked.connect(lambda: save_template(self))
        for view in self.views():
            if hasattr(view, "open_request"):
                view.open_request.connect(self.open_request)
        self.sessions_view.open_docket.connect(self.open_docket)
        if self.can_manage and self.can_see_citizens:
            add_shortcut(self, QKeySequence.StandardKey.New, self.register_request, _("Meetings: register a request"))

    @staticmethod
    def _month() -> dict[str, int]:
        from pr_desk.domain.jalali import JalaliDate

        today = JalaliDate.today()
        return {"year": today.year, "month": today.month}

    # -- refreshing -----------------------------------------------------------------------

    def refresh(self, view: _View, changed_by: object) -> None:
        if changed_by is self.officials_view and hasattr(view, "refresh_officials"):
            view.refresh_officials()  # a new or renamed official in the combos
        view.reload()

    # -- actions --------------------------------------------------------------------------

    def register_dialog(self) -> RegisterRequestDialog:
        official = self.queue_view.official_id() if self.queue_view is not None else None
        return RegisterRequestDialog(self.db, self.actor, self, official_id=official)

    def register_request(self) -> None:
        if not (self.can_manage and self.can_see_citizens):
            return
        dialog = self.register_dialog()
        if dialog.exec():
            self.after_registered(dialog)

    def after_registered(self, dialog: RegisterRequestDialog) -> None:
        registered = dialog.registered
        if registered is None:
            return
        request = registered.request
        if self.queue_view is not None:
            self.queue_view.set_official(request.official_id)
            self.tabs.setCurrentWidget(self.queue_view)
            self.queue_view.reload(select_id=request.id)
        for view in self.views():
            if view is not self.queue_view:
                view.reload()
        self.changed.emit()
        text = _("The request was registered.\nTracking code: {code}\nTurn in {official}'s queue: {position}").format(
            code=digits(request.tracking_code), official=request.official_name, position=digits(registered.queue_position))
        if dialog.attachment_problems:
            text += "\n\n" + _("These files were not attached:") + "\n" + "\n".join(dialog.attachment_problems)
        box = QMessageBox(QMessageBox.Icon.Information, _("Register a meeting request"), text, parent=self)
        print_button = box.addButton(_("Print receipt…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(print_button)
        box.exec()
        if box.clickedButton() is print_button:
            ReportExporter(self, "meeting-receipt", self.db, self.actor,
                           lambda: {"tracking_code": request.tracking_code}).print_preview()

    def open_request(self, request: RequestInfo) -> RequestDialog | None:
        if not self.can_see_citizens:
            return None
        dialog = RequestDialog(self.db, self.actor, request, self)
        dialog.changed.connect(self._on_dialog_changed)
        dialog.exec()
        return dialog

    def _on_dialog_changed(self) -> None:
        self.reload_all()
        self.changed.emit()

    def open_docket(self, session: SessionInfo) -> None:
        if self.docket_view is None:
            return
        self.docket_view.show_session(session.id)
        self.tabs.setCurrentWidget(self.docket_view)

    def show_overdue_orders(self) -> None:
        self.orders_view.show_overdue()
        self.tabs.setCurrentWidget(self.orders_view)

    # -- what a dashboard tile opens (ui/dashboard.apply_filter: "method:argument") ----------

    def show_docket(self, session_id: str) -> None:
        """The meeting day of one session (today's sessions tile)."""
        if self.docket_view is not None:
            self.docket_view.show_session(uuid.UUID(session_id))
            self.tabs.setCurrentWidget(self.docket_view)

    def show_queue_of(self, official_id: str) -> None:
        """One official's queue (the requests waiting tile: the official with the oldest wait)."""
        if self.queue_view is not None:
            self.queue_view.set_official(uuid.UUID(official_id))
            self.tabs.setCurrentWidget(self.queue_view)

    def show_requests_between(self, dates: str) -> None:
        """The requests registered from one ISO date to another ("first/last": the month chart)."""
        if self.requests_view is not None:
            first, _slash, last = dates.partition("/")
            self.requests_view.show_registered_between(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
            self.tabs.setCurrentWidget(self.requests_view)

    def import_from_excel(self) -> None:
        if self.can_manage and self.can_see_citizens and choose_and_import(self, self.db, self.actor) is not None:
            self._on_dialog_changed()

    def import_file(self, path: Path) -> None:
        """The import after the file dialog (the entry point for tests)."""
        if self.can_manage and self.can_see_citizens and import_meetings_file(self, self.db, self.actor, path) is not None:
            self._on_dialog_changed()

    def edit_settings(self) -> None:
        dialog = OfficeSettingsDialog(self.db, self.actor, self)
        if dialog.exec():
            self.reload_all()
            self.changed.emit()
