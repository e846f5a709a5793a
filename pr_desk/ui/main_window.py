"""The main window: menus, the workspace tabs the user's role may see, and a status bar
naming the database and the user. The app controller (app.py) owns the session; the
window asks it, through signals, to log out, switch language or open another database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QImage, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from pr_desk import __version__ as _app_version
from pr_desk.domain.roles import Permission
from pr_desk.i18n import _, current_language
from pr_desk.paths import backup_dir, log_dir
from pr_desk.services import maintenance
from pr_desk.services.context import Actor
from pr_desk.ui import settings
from pr_desk.ui.account_dialogs import ChangePasswordDialog
from pr_desk.ui.database_dialogs import PostgresUrlDialog, choose_database_file
from pr_desk.ui.kit import run_with_progress, show_error
from pr_desk.ui.kit.formatting import display_digits, file_filter
from pr_desk.ui.kit.forms import attempt, ltr
from pr_desk.ui.kit.lazy_page import LazyPage

# The pages of the units, users and audit tabs are imported when their tab is first built:
# their lists' report actions bring in the report catalogue (every workspace's reports and
# reportlab), which the window does not need to open (ui/quick_start.py loads it after).
if TYPE_CHECKING:
    from pr_desk.services.office import Office
    from pr_desk.ui.audit_page import AuditPage
    from pr_desk.ui.units_page import UnitsPage
    from pr_desk.ui.users_page import UsersPage


P = TypeVar("P", bound=QWidget)


def window_title(actor: Actor) -> str:
    return _("PR Desk — {user}").format(user=actor.display_name)


class MainWindow(QMainWindow):
    logout_requested = Signal()
    quit_requested = Signal()
    language_chosen = Signal(str)
    database_chosen = Signal(str)

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._closing_for_good = False
        self.setWindowTitle(window_title(actor))
        self.setMinimumSize(900, 560)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        # each tab's page is built when it is first shown (or asked for): the window opens
        # with only the tab in front loaded
        self._lazy: dict[str, LazyPage[QWidget]] = {}
        from pr_desk.services import sync

        self.field_copy = sync.is_field_copy(db)  # an inspector's laptop: no meeting-queue data travels there

        from pr_desk.workspaces import WORKSPACES

        pages: list[tuple[str, Permission, str, Callable[[QWidget], QWidget]]] = []
        for workspace in WORKSPACES:
            if workspace.tab and workspace.permission and (workspace.on_field_copy or not self.field_copy):
                pages.append((workspace.name, workspace.permission, _(workspace.title), self._workspace_page(workspace.tab)))
        pages += [
            ("units", Permission.VIEW_UNITS, _("Units"), self._shared_page("pr_desk.ui.units_page:UnitsPage")),
            ("users", Permission.VIEW_USERS, _("Users"), self._shared_page("pr_desk.ui.users_page:UsersPage")),
            ("audit", Permission.VIEW_AUDIT, _("Audit trail"), self._shared_page("pr_desk.ui.audit_page:AuditPage")),
        ]
        # the dashboard comes first and every role's window opens on it
        self._lazy["dashboard"] = LazyPage(self._dashboard_page, self)
        self.tabs.addTab(self._lazy["dashboard"], _("Dashboard"))
        for name, permission, title, build in pages:
            if actor.can(permission):
                self._lazy[name] = LazyPage(build, self)
                self.tabs.addTab(self._lazy[name], title)
        # lists a tile or a menu opens, given a tab of their own only then (the administrator's
        # backups and field copies): the window opens with the tabs it always had
        self._on_demand: dict[str, tuple[str, Callable[[QWidget], QWidget]]] = {}
        if actor.can(Permission.BACKUP):
            self._on_demand["backups"] = (_("Backup files"), self._backups_page)
        if actor.can(Permission.MANAGE_SYNC) and not self.field_copy:
            self._on_demand["field_copies"] = (_("Field copies"), self._field_copies_page)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._build_menus()
        self._build_status_bar()
        from pr_desk.ui import search_box

        self.search_box = search_box.install(self, self.tabs, db, actor, self.open_record)
        geometry = settings.MAIN_WINDOW_GEOMETRY.get()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1100, 700)

    # -- the pages ------------------------------------------------------------------------

    def _page(self, name: str) -> QWidget | None:
        """The page of a tab (built now if it was not yet), None if the role has no such tab."""
        lazy = self._tab(name)
        return lazy.page if lazy is not None else None

    def _tab(self, name: str) -> LazyPage[QWidget] | None:
        """A tab by name; a list opened on demand gets its tab (at the end) the first time."""
        lazy = self._lazy.get(name)
        if lazy is None and name in self._on_demand:
            title, build = self._on_demand[name]
            lazy = self._lazy[name] = LazyPage(build, self)
            self.tabs.addTab(lazy, title)
        return lazy

    def open_list(self, name: str) -> QWidget | None:
        """A shared list's tab in front (made the first time), its rows read again."""
        lazy = self._tab(name)
        if lazy is None:
            return None
        self.tabs.setCurrentWidget(lazy)
        reload = getattr(lazy.page, "reload", None)
        if callable(reload):
            reload()
        return lazy.page

    def _backups_page(self, parent: QWidget) -> QWidget:
        from pr_desk.ui.backups_page import BackupsPage

        return BackupsPage(self.db, self.actor, parent)

    def _field_copies_page(self, parent: QWidget) -> QWidget:
        from pr_desk.ui.sync.copies_page import FieldCopiesPage

        return FieldCopiesPage(self.db, self.actor, parent)

    def page(self, name: str) -> QWidget | None:
        """The page of a workspace's or a shared tab by name, built now if it was not yet."""
        return self._page(name)

    def _page_of(self, name: str, kind: type[P]) -> P | None:
        page = self._page(name)
        return page if isinstance(page, kind) else None

    def _workspace_page(self, reference: str) -> Callable[[QWidget], QWidget]:
        """Builds a workspace's page from its descriptor; a page that announces changes
        (a `changed` signal) refreshes the status line."""
        from pr_desk.workspaces import resolve

        def build(parent: QWidget) -> QWidget:
            page: QWidget = resolve(reference)(self.db, self.actor, parent)
            changed = getattr(page, "changed", None)
            if changed is not None:
                changed.connect(self.refresh_overdue)
            return page

        return build

    def _shared_page(self, reference: str) -> Callable[[QWidget], QWidget]:
        """Builds a shared tab's page ("module:Class", Class(office, actor, parent))."""
        from pr_desk.workspaces import resolve

        def build(parent: QWidget) -> QWidget:
            page: QWidget = resolve(reference)(self.db, self.actor, parent)
            return page

        return build

    def _dashboard_page(self, parent: QWidget) -> QWidget:
        from pr_desk.ui.dashboard import DashboardPage

        page = DashboardPage(self.db, self.actor, parent, field_copy=self.field_copy)
        page.open_requested.connect(self.open_filtered)
        return page

    def open_filtered(self, target: str, pairs: object) -> None:
        """A dashboard tile's list: its tab in front, showing what the tile summarises."""
        from pr_desk.ui.dashboard import apply_filter

        lazy = self._tab(target)
        if lazy is not None:
            self.tabs.setCurrentWidget(lazy)
            apply_filter(lazy.page, pairs)  # type: ignore[arg-type]

    def open_record(self, workspace: str, kind: str, record_id: object) -> None:
        """A search result: its workspace's tab in front (units and users: their tabs), and
        the record's window where the page offers one (`open_search_result(kind, id)`)."""
        lazy = self._lazy.get(workspace or {"unit": "units", "user": "users"}.get(kind, ""))
        if lazy is None:
            return
        self.tabs.setCurrentWidget(lazy)
        opener = getattr(lazy.page, "open_search_result", None)
        if opener is not None:
            opener(kind, record_id)

    @property
    def units_page(self) -> UnitsPage | None:
        from pr_desk.ui.units_page import UnitsPage

        return self._page_of("units", UnitsPage)

    @property
    def users_page(self) -> UsersPage | None:
        from pr_desk.ui.users_page import UsersPage

        return self._page_of("users", UsersPage)

    @property
    def audit_page(self) -> AuditPage | None:
        from pr_desk.ui.audit_page import AuditPage

        return self._page_of("audit", AuditPage)

    # -- building -------------------------------------------------------------------------

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def _action(self, text: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        open_menu = file_menu.addMenu(_("Open database"))
        self.open_file_action = self._action(_("SQLite file…"), self.choose_database_file, QKeySequence.StandardKey.Open)
        self.open_url_action = self._action(_("PostgreSQL server…"), self.choose_database_url)
        open_menu.addAction(self.open_file_action)
        open_menu.addAction(self.open_url_action)
        self.backup_action = self._action(_("Back up…"), self.back_up)
        self.backup_action.setEnabled(self.actor.can(Permission.BACKUP))
        self.restore_action = self._action(_("Restore from a backup…"), self.restore_backup)
        self.restore_action.setVisible(self.actor.can(Permission.BACKUP))  # administrators only
        self.check_action = self._action(_("Check database"), self.check_database)
        self.logout_action = self._action(_("Log out"), self.logout_requested.emit)
        self.quit_action = self._action(_("Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.backups_action = self._action(_("Backup files"), lambda: self.open_list("backups"))
        self.backups_action.setVisible("backups" in self._on_demand)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.backups_action)
        file_menu.addAction(self.check_action)
        file_menu.addSeparator()
        self._build_sync_menu(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.logout_action)
        file_menu.addAction(self.quit_action)

        settings_menu = bar.addMenu(_("&Settings"))
        language_menu = settings_menu.addMenu(_("Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("fa", "فارسی"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _c=False, code=code: self._on_language_triggered(code))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        settings_menu.addAction(self._action(_("Change my password…"), self.change_password))

        help_menu = bar.addMenu(_("&Help"))
        from pr_desk.ui.help import install_help

        self.guide_action, self.shortcuts_action = install_help(self, help_menu)
        help_menu.addAction(self._action(_("About PR Desk"), self.about))
        help_menu.addAction(self._action(_("Open the log folder"), self.open_log_folder))

    def _build_sync_menu(self, file_menu: QMenu) -> None:
        """Field sync: a field copy for an inspector (office), the return file (field
        copy), importing a sync file, the conflict queue and undoing the last import."""
        field_copy = self.field_copy
        manage = self.actor.can(Permission.MANAGE_SYNC)
        self.sync_export_action = self._action(_("Field copy for an inspector…"), self.export_field_copy)
        self.sync_export_action.setVisible(manage and not field_copy)
        self.sync_return_action = self._action(_("Make a return file…"), self.export_field_copy)
        self.sync_return_action.setVisible(field_copy and self.actor.can(Permission.EDIT_EVALUATIONS))
        self.sync_import_action = self._action(_("Import a sync file…"), lambda: self.import_sync_file())
        self.sync_import_action.setEnabled(manage or (field_copy and self.actor.can(Permission.EDIT_EVALUATIONS)))
        self.sync_conflicts_action = self._action(_("Sync conflicts…"), self.show_sync_conflicts)
        self.sync_conflicts_action.setVisible(manage and not field_copy)
        self.sync_undo_action = self._action(_("Undo the last import"), self.undo_sync_import)
        self.sync_undo_action.setVisible(manage and not field_copy)
        self.field_copies_action = self._action(_("Field copies"), lambda: self.open_list("field_copies"))
        self.field_copies_action.setVisible("field_copies" in self._on_demand)
        for action in (self.sync_export_action, self.sync_return_action, self.sync_import_action,
                       self.sync_conflicts_action, self.sync_undo_action, self.field_copies_action):
            file_menu.addAction(action)

    def export_field_copy(self) -> None:
        from pr_desk.ui.sync import ExportDialog

        ExportDialog(self.db, self.actor, self).exec()

    def import_sync_file(self, path: str | None = None) -> None:
        from pr_desk.ui.sync import ImportWizard

        wizard = ImportWizard(self.db, self.actor, self, path=path)
        wizard.imported.connect(self.refresh_overdue)
        wizard.exec()

    def show_sync_conflicts(self) -> None:
        from pr_desk.ui.sync import ConflictsDialog

        ConflictsDialog(self.db, self.actor, self).exec()

    def undo_sync_import(self) -> None:
        from pr_desk.services import sync

        answer = QMessageBox.question(self, _("Undo the last import"),
                                      _("Undo the last sync import? What it brought is put back as it was before the import."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, actor = self.db, self.actor
        result = run_with_progress(self, _("Undoing the last import…"),
                                   lambda progress, cancelled: sync.undo_last_import(db, actor), cancellable=False)
        if result.error is not None:
            show_error(self, result.error)  # a UserError's sentence, or the apology (logged)
            return
        self.refresh_overdue()
        QMessageBox.information(self, _("Undo the last import"), _("The last import was undone."))

    def _build_status_bar(self) -> None:
        self.database_label = QLabel(_("Database: {name}").format(name=ltr(self.db.display_name)), self)
        self.user_label = QLabel(_("User: {name} ({role})").format(name=self.actor.display_name, role=self.actor.role.label), self)
        self.statusBar().addWidget(self.database_label, 1)
        # each workspace with a tab here may put a piece of its own in the status bar
        from pr_desk.workspaces import WORKSPACES, resolve

        self.status_widgets: dict[str, QWidget] = {}
        for workspace in WORKSPACES:
            if workspace.status and workspace.name in self._lazy:
                lazy = self._lazy[workspace.name]

                def open_page(lazy: LazyPage[QWidget] = lazy) -> QWidget:
                    self.tabs.setCurrentWidget(lazy)
                    return lazy.page

                widget = resolve(workspace.status)(self.db, self.actor, open_page, self)
                self.status_widgets[workspace.name] = widget
                self.statusBar().addPermanentWidget(widget)
        self.statusBar().addPermanentWidget(self.user_label)
        self.refresh_overdue()

    def refresh_overdue(self) -> None:
        """The workspaces' status-bar pieces read their figures again (after any change)."""
        for widget in self.status_widgets.values():
            widget.refresh()  # type: ignore[attr-defined]
        dashboard = self._lazy.get("dashboard")
        if dashboard is not None and dashboard.built:
            dashboard.page.refresh()  # type: ignore[attr-defined]

    @property
    def overdue_button(self) -> QWidget | None:
        """The meeting queue's overdue-orders count, when its tab is here."""
        return self.status_widgets.get("meetings")

    def status_text(self) -> str:
        return self.database_label.text() + " | " + self.user_label.text()

    # -- slots ---------------------------------------------------------------------------------

    def _on_tabs_current_changed(self, index: int) -> None:
        audit = self._lazy.get("audit")
        if audit is not None and self.tabs.widget(index) is audit and audit.built and self.audit_page is not None:
            self.audit_page.reload()  # what the user just did is there at once (a first showing loads it anyway)

    def _on_language_triggered(self, code: str) -> None:
        from pr_desk.ui.language_switch import may_switch

        if code == current_language():
            return
        if may_switch(self):  # a record's window open over this one waits to be closed first
            self.language_chosen.emit(code)
        else:
            self.language_actions[current_language()].setChecked(True)

    def _folder(self) -> str:
        return settings.LAST_FOLDER.get() or str(Path.home())

    def choose_database_file(self) -> None:
        path = choose_database_file(self, self._folder())
        if path:
            settings.LAST_FOLDER.set(str(Path(path).parent))
            self.database_chosen.emit(path)

    def choose_database_url(self) -> None:
        dialog = PostgresUrlDialog(self)
        if dialog.exec():
            self.database_chosen.emit(dialog.url())

    def back_up(self) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        default = str(backup_dir() / f"pr-desk-{stamp}.sqlite")
        path, _f = QFileDialog.getSaveFileName(self, _("Back up the database"), default, file_filter(_("SQLite files (*.sqlite)")))
        if path:
            self.back_up_to(Path(path))

    def back_up_to(self, out: Path) -> Path | None:
        """Copies the database to `out` off the UI thread (also the entry point for tests);
        where it was saved, or None after the error was shown. No Cancel: the copy is one
        call of SQLite's backup API followed by its audit record, with no point where
        stopping would be clean (a failed copy leaves no file: it is written beside `out`
        and renamed only when whole)."""
        db, actor = self.db, self.actor
        copying = _("Writing the backup file {file}…").format(file=ltr(out.name))  # the whole path comes in the message after

        def job(progress: Callable[..., None], _cancelled: Callable[[], bool]) -> Path:
            progress(0, None, copying)
            return maintenance.backup(db, out, actor=actor)

        result = run_with_progress(self, _("Backing up the database…"), job, cancellable=False)
        if result.error is not None:
            show_error(self, result.error)  # a missing folder, a PostgreSQL server, a full disk: one sentence
            return None
        saved = result.unwrap()
        QMessageBox.information(self, _("Back up"), _("The backup was saved to {path}.").format(path=ltr(str(saved))))
        return saved

    def restore_backup(self) -> None:
        from pr_desk.ui.restore import restore_from_backup

        restore_from_backup(self)

    def check_database(self) -> None:
        _ok, report = attempt(self, lambda: maintenance.check(self.db))
        if report is None:
            return
        entries = display_digits(str(report.audit_entries))
        if report.ok:
            QMessageBox.information(self, _("Check database"),
                                    _("The database is healthy: the schema is current and all {count} audit trail entries are intact.").format(count=entries))
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Check database"),
                              _("The check found problems. Make a backup and call the system administrator."), parent=self)
            box.setDetailedText("\n".join(report.problems))
            box.exec()

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.db, self.actor, self)
        if dialog.exec():
            QMessageBox.information(self, _("Change my password"), _("Your password was changed."))

    def about(self) -> None:
        QMessageBox.about(
            self, _("About PR Desk"),
            _("PR Desk {version}\nThe office application of the Public Relations deputy.\n"
              "Font: Vazirmatn (SIL Open Font License).").format(version=display_digits(_app_version)),
        )

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    # -- built before the login is through ---------------------------------------------------

    def prepare_hidden(self) -> None:
        """While the window is still hidden (the app builds it during the password check):
        the tab in front is built now, so its page starts reading its data off the UI thread
        (the dashboard's tiles: reads only), and the window is polished and laid out. Nothing
        is shown before `show()`."""
        lazy = self.tabs.currentWidget()
        if isinstance(lazy, LazyPage):
            lazy.page  # noqa: B018 - built now, not on its first showing
        self.ensurePolished()
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def rehearse_paint(self) -> Iterator[bool]:
        """While the window is still hidden (built as the password is typed): once its first
        tab has its data, the window painted into an image nobody sees, a piece per step (the
        dashboard's tiles one by one, then the whole), so that its first paint on screen finds
        the fonts' glyphs drawn, the tiles' text laid out and the styles resolved: about half
        of that paint's CPU (≈ 58 → 21 ms in one process, the first tile's piece 16 ms). It
        only paints: nothing is read, written or shown. Each step yields whether it is still
        waiting for the tab's data (True) or painted a piece (False)."""
        lazy = self.tabs.currentWidget()
        page = lazy.page if isinstance(lazy, LazyPage) and lazy.built else lazy
        loaded = getattr(page, "loaded", None)
        while callable(loaded) and not loaded():
            yield True
        image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        for piece in getattr(page, "tiles", {}).values():  # the dashboard's
            piece.render(image)
            yield False
        self.render(image)

    def discard(self) -> None:
        """A window built for a login that did not go through: gone without a trace (never
        shown, so no geometry is saved and no quit asked); a tile still loading is dropped."""
        self._closing_for_good = True
        dashboard = self._lazy.get("dashboard")
        if dashboard is not None and dashboard.built:
            dashboard.page.stop()  # type: ignore[attr-defined]
        self.deleteLater()

    # -- closing --------------------------------------------------------------------------

    def close_for_good(self) -> None:
        """Closed by the controller (log out, new language, other database): no quit."""
        self._closing_for_good = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.MAIN_WINDOW_GEOMETRY.set(self.saveGeometry())
        dashboard = self._lazy.get("dashboard")
        if dashboard is not None and dashboard.built:
            dashboard.page.stop()  # type: ignore[attr-defined]
        if not self._closing_for_good:
            self.quit_requested.emit()
        super().closeEvent(event)
