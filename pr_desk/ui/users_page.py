"""The Users tab (کاربران): administrators add users, change names and roles, disable and
enable accounts, reset passwords, give an inspector events (to view or to plan) and import
users from Excel (each imported user gets a one-time password, shown once); supervisors see
the list read-only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.roles import EVENTS_GRANT_ROLES, EventsGrant, Permission, Role
from pr_desk.domain.validation import require_text, validate_username
from pr_desk.i18n import N_, _, ngettext
from pr_desk.services import event_grants, users
from pr_desk.services.context import Actor
from pr_desk.services.users import ImportedUser, UserInfo
from pr_desk.ui import settings
from pr_desk.ui.account_dialogs import _passwords_problems
from pr_desk.ui.kit.delegates import show_left_to_right
from pr_desk.ui.kit.formatting import display_digits, file_filter
from pr_desk.ui.kit.forms import FormDialog, attempt, first_error, latin_edit, ltr, password_edit
from pr_desk.ui.kit.import_flow import (
    ImportSpec,
    ImportTableModel,
    choose_and_import,
    run_import,
    save_template,
)
from pr_desk.ui.kit.list_page import ListPage
from pr_desk.ui.kit.paged_table_model import Column
from pr_desk.ui.kit.shortcuts import add_shortcut
from pr_desk.ui.report_actions import ReportExporter
from pr_desk.ui.units_page import configure_table, selected_row

if TYPE_CHECKING:
    from pr_desk.services.office import Office


def _state_label(user: UserInfo) -> str:
    if not user.active:
        return _("Disabled")
    if user.locked:
        return _("Locked")
    return _("Active")


class _UserRow:
    """A user as the table shows it (the state in words)."""

    def __init__(self, info: UserInfo, grant: EventsGrant | None = None) -> None:
        self.info = info
        self.grant = grant
        self.id = info.id  # a sort keeps the selected user selected by this
        self.username = info.username
        self.display_name = info.display_name
        self.role_label = (info.role_label if grant is None or info.role not in EVENTS_GRANT_ROLES
                           else _("{role} + {grant}").format(role=info.role_label, grant=grant.label))
        self.state_label = _state_label(info)
        self.last_login_at = info.last_login_at


USER_COLUMNS = (
    Column("username", N_("Username"), sortable=True),
    Column("display_name", N_("Full name"), sortable=True),
    Column("role_label", N_("Role"), sortable=True),
    Column("state_label", N_("Status"), sortable=True),
    Column("last_login_at", N_("Last login"), kind="datetime", sortable=True),
)


class UserDialog(FormDialog):
    """A new user (username, name, role, password twice) or, after `load()`, name and role."""

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New user"))
        self.db = db
        self.actor = actor
        self.user: UserInfo | None = None
        self.saved: UserInfo | None = None
        self.username = latin_edit(self, 32)
        self.display_name = QLineEdit(self)
        self.display_name.setMaxLength(200)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(self.role.findData(Role.CLERK))
        self.password = password_edit(self)
        self.password_repeat = password_edit(self)
        self.add_field("username", _("Username"), self.username)
        self.add_field("display_name", _("Full name"), self.display_name)
        self.add_field("role", _("Role"), self.role)
        self.add_field("password", _("Password"), self.password)
        self.add_field("password_repeat", _("Repeat password"), self.password_repeat)
        self.refresh_validity()

    def load(self, user: UserInfo) -> None:
        self.user = user
        self.setWindowTitle(_("Edit user"))
        self.username.setText(user.username)
        self.username.setReadOnly(True)
        self.display_name.setText(user.display_name)
        self.role.setCurrentIndex(self.role.findData(user.role))
        for name in ("password", "password_repeat"):
            self.form.setRowVisible(self.fields[name], False)
        self._touched.clear()
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        checks: list[tuple[str, Any]] = [
            ("display_name", lambda: require_text(self.display_name.text(), _("Full name"), 200, field="display_name")),
        ]
        if self.user is None:
            checks.insert(0, ("username", lambda: validate_username(self.username.text())))
        problems = first_error(checks)
        if self.user is None:
            problems.update(_passwords_problems(self.password.text(), self.password_repeat.text(), self.username.text()))
        return problems

    def save(self) -> None:
        role = Role(self.role.currentData())
        if self.user is None:
            self.saved = users.add_user(self.db, self.actor, username=self.username.text(),
                                        display_name=self.display_name.text(), role=role,
                                        password=self.password.text())
        else:
            self.saved = users.update_user(self.db, self.actor, self.user.id, display_name=self.display_name.text(),
                                           role=role, expected_version=self.user.version)


class ResetPasswordDialog(FormDialog):
    def __init__(self, db: Office, actor: Actor, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Reset password"))
        self.db = db
        self.actor = actor
        self.user = user
        self.set_intro(_("A new password for {name} ({username}). It also lifts a lock-out; "
                         "the user should change it after logging in.").format(
            name=user.display_name, username=user.username))
        self.password = password_edit(self)
        self.password_repeat = password_edit(self)
        self.add_field("password", _("New password"), self.password)
        self.add_field("password_repeat", _("Repeat new password"), self.password_repeat)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return _passwords_problems(self.password.text(), self.password_repeat.text(), self.user.username)

    def save(self) -> None:
        users.reset_password(self.db, self.actor, self.user.id, self.password.text())


class EventsAccessDialog(FormDialog):
    """What an inspector may do with events: nothing (as their role says), view, or plan."""

    def __init__(self, db: Office, actor: Actor, user: UserInfo, grant: EventsGrant | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Events access"))
        self.db = db
        self.actor = actor
        self.user = user
        self.saved: EventsGrant | None = grant
        self.set_intro(_("An inspector sees nothing of events unless you give it here. {name} ({username}) may:").format(
            name=user.display_name, username=user.username))
        self.access = QComboBox(self)
        self.access.addItem(_("No events"), "")
        for g in EventsGrant:
            self.access.addItem(g.label, g.value)
        self.access.setCurrentIndex(self.access.findData(grant.value if grant is not None else ""))
        self.add_field("grant", _("Events"), self.access)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        return {}

    def save(self) -> None:
        self.saved = event_grants.set_events_grant(self.db, self.actor, self.user.id, self.access.currentData() or None)


PLANNED_COLUMNS = (
    Column("row_number", N_("Row"), kind="int"),
    Column("username", N_("Username")),
    Column("display_name", N_("Full name")),
    Column("role_label", N_("Role")),
)
PASSWORD_COLUMNS = (
    Column("username", N_("Username")),
    Column("display_name", N_("Full name")),
    Column("role_label", N_("Role")),
    Column("one_time_password", N_("One-time password")),
)


class OneTimePasswordsDialog(QDialog):
    """The one-time passwords an import made, shown this once: PR Desk keeps no copy (only
    their hashes), so the administrator copies or saves them before closing. Nothing here
    writes them to the log or the audit trail."""

    def __init__(self, imported: Sequence[ImportedUser], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.imported = list(imported)
        self.kept = False  # copied or saved: closing needs no second thought
        self.setWindowTitle(_("One-time passwords"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.notice = QLabel(_("{count} users were added. Each logs in once with the password below and must "
                               "then choose their own. These passwords are shown only now and PR Desk keeps no "
                               "copy: copy them or save them as Excel before closing, and give each one to its "
                               "owner in person. A lost one is replaced with “Reset password…”.").format(
            count=display_digits(str(len(self.imported)))), self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.notice)
        self.table = QTableView(self)
        configure_table(self.table)
        self.model = ImportTableModel(PASSWORD_COLUMNS, self.imported, fixed_pitch=("one_time_password",), parent=self)
        self.table.setModel(self.model)
        show_left_to_right(self.table, self.model, ("username", "one_time_password"))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.copy_button = self.buttons.addButton(_("Copy all"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = self.buttons.addButton(_("Save as Excel…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.setToolTip(_("Copies every username, name, role and password, one user a line, "
                                      "ready to paste into Excel or a document."))
        self.copy_button.clicked.connect(self.copy_all)
        self.save_button.clicked.connect(self.save_excel)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [(u.username, u.display_name, u.role_label, u.one_time_password) for u in self.imported]

    def clipboard_text(self) -> str:
        """A header line and one tab-separated line per user (Excel pastes it as columns)."""
        header = "\t".join(_(c.header_msgid) for c in PASSWORD_COLUMNS)
        return "\n".join([header, *("\t".join(row) for row in self._rows())]) + "\n"

    def copy_all(self) -> None:
        QApplication.clipboard().setText(self.clipboard_text())
        self.kept = True
        self.status.setText(_("The {count} passwords were copied. Paste them where only you can read them.").format(
            count=display_digits(str(len(self.imported)))))

    def save_excel(self) -> None:
        folder = settings.LAST_FOLDER.get() or str(Path.home())
        chosen, _f = QFileDialog.getSaveFileName(self, _("Save the one-time passwords"),
                                                 str(Path(folder) / "one-time-passwords.xlsx"),
                                                 file_filter(_("Excel workbooks (*.xlsx)")))
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        settings.LAST_FOLDER.set(str(path.parent))
        ok, _r = attempt(self, lambda: users.save_one_time_passwords(path, self.imported))
        if ok:
            self.kept = True
            self.status.setText(_("Saved to {path}. Keep the file locked away and delete it once every user "
                                  "has logged in.").format(path=ltr(str(path))))
        return ok

    def reject(self) -> None:
        if not self.kept:
            answer = QMessageBox.question(
                self, _("One-time passwords"),
                _("These passwords will not be shown again. Close without copying or saving them?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


class UsersPage(ListPage):
    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            USER_COLUMNS, search_placeholder=_("Search by username or name…"), count_text=lambda n: ngettext("{count} user", "{count} users", n),
            empty_text=_("No users yet. Add the people who work with PR Desk with “Add user”, or many at "
                         "once with “Import from Excel…”; each gets a role that decides what they may do."),
            widths=(140, 240, 130, 90), parent=parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_USERS)
        self.locked_only = QCheckBox(_("Locked out only"), self)
        self.add_filter(self.locked_only)
        if not self.can_manage:
            self.add_filter(QLabel(_("Read only: only an administrator changes users."), self))
        show_left_to_right(self.table, self.model, ("username",))  # "rezaei_" never reads "_rezaei"

        self.add_button = self.add_page_button(_("Add user"))
        self.edit_button = self.add_page_button(_("Edit"))
        self.active_button = self.add_page_button(_("Disable"))
        self.reset_button = self.add_page_button(_("Reset password…"))
        self.unlock_button = self.add_page_button(_("Unlock"))
        self.events_button = self.add_page_button(
            _("Events access…"), _("Give the chosen inspector events to view or to plan, or take it back."))
        self.import_button = self.add_page_button(
            _("Import from Excel…"), _("Add many users at once from an Excel file; each gets a one-time password."))
        self.template_button = self.add_page_button(_("Save Excel template…"))
        for b in (self.add_button, self.edit_button, self.active_button, self.reset_button, self.unlock_button,
                  self.events_button, self.import_button, self.template_button):
            b.setVisible(self.can_manage)
        self.add_exports(ReportExporter(self, "users", db, actor, lambda: {"search": self.search_text()}))

        self.locked_only.toggled.connect(lambda _c: self.reload())
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.events_button.clicked.connect(self.events_access)
        self.import_button.clicked.connect(self.import_from_excel)
        self.template_button.clicked.connect(self.save_template)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        if self.can_manage:
            add_shortcut(self, QKeySequence.StandardKey.New, self.add_user, _("Users: add a user"))
            self.on_activated(self.edit_user)
        self.reload()

    def fetch_rows(self, offset: int, limit: int, /, **sort: Any) -> list[_UserRow]:
        grants = event_grants.list_events_grants(self.db, self.actor)
        return [_UserRow(u, grants.get(u.id)) for u in users.list_users(self.db, self.actor, offset=offset, limit=limit,
                                                                        search=self.search_text(),
                                                                        locked_only=self.locked_only.isChecked(), **sort)]

    def count_rows(self) -> int:
        return users.count_users(self.db, self.actor, search=self.search_text(), locked_only=self.locked_only.isChecked())

    def is_filtered(self) -> bool:
        return bool(self.search_text()) or self.locked_only.isChecked()

    def show_locked(self) -> None:
        """Only the users locked out now (what the dashboard's tile opens)."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if self.locked_only.isChecked():
            self.reload()
        else:
            self.locked_only.setChecked(True)

    def reload(self, select_id: uuid.UUID | None = None) -> bool:
        ok = super().reload()
        if select_id is not None:
            self.select_where(lambda item: item.info.id == select_id, fetch_more=False)
        self._update_buttons()
        return ok

    def current_user(self) -> UserInfo | None:
        row = selected_row(self.table)
        return row.info if row is not None else None

    def current_grant(self) -> EventsGrant | None:
        row = selected_row(self.table)
        return row.grant if row is not None else None

    def _update_buttons(self) -> None:
        user = self.current_user()
        for b in (self.edit_button, self.active_button, self.reset_button):
            b.setEnabled(self.can_manage and user is not None)
        self.active_button.setText(_("Enable") if user is not None and not user.active else _("Disable"))
        self.unlock_button.setEnabled(self.can_manage and user is not None and user.locked)
        self.events_button.setEnabled(self.can_manage and user is not None and user.role in EVENTS_GRANT_ROLES)

    def add_user(self) -> None:
        dialog = UserDialog(self.db, self.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.reload(select_id=dialog.saved.id)
            self.changed.emit()

    def edit_user(self) -> None:
        user = self.current_user()
        if user is None or not self.can_manage:
            return
        dialog = UserDialog(self.db, self.actor, self)
        dialog.load(user)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.reload(select_id=user.id)
            self.changed.emit()

    def toggle_active(self) -> None:
        user = self.current_user()
        if user is None or not self.can_manage:
            return
        if user.active:
            answer = QMessageBox.question(self, _("Disable user"), _("Disable {name}? They can no longer log in.").format(
                name=user.display_name))
            if answer != QMessageBox.StandardButton.Yes:
                return
            ok, _r = attempt(self, lambda: users.disable_user(self.db, self.actor, user.id, expected_version=user.version))
        else:
            ok, _r = attempt(self, lambda: users.enable_user(self.db, self.actor, user.id, expected_version=user.version))
        if ok:
            self.reload(select_id=user.id)
            self.changed.emit()

    def unlock(self) -> None:
        """Lifts a lock-out after too many wrong passwords (the password stays)."""
        user = self.current_user()
        if user is None or not self.can_manage or not user.locked:
            return
        ok, _r = attempt(self, lambda: users.unlock_user(self.db, self.actor, user.id, expected_version=user.version))
        if ok:
            self.reload(select_id=user.id)
            self.changed.emit()

    def events_access(self) -> None:
        """Gives the chosen inspector events to view or plan, or takes it back (audited)."""
        user = self.current_user()
        if user is None or not self.can_manage or user.role not in EVENTS_GRANT_ROLES:
            return
        dialog = EventsAccessDialog(self.db, self.actor, user, self.current_grant(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(select_id=user.id)
            self.changed.emit()

    def reset_password(self) -> None:
        user = self.current_user()
        if user is None or not self.can_manage:
            return
        dialog = ResetPasswordDialog(self.db, self.actor, user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(select_id=user.id)
            QMessageBox.information(self, _("Reset password"),
                                    _("The password of {name} was reset.").format(name=user.display_name))
            self.changed.emit()

    # -- import from Excel ------------------------------------------------------------------

    def import_spec(self) -> ImportSpec[list[ImportedUser]]:
        """The users import as the kit's import flow runs it: the write can be cancelled
        while the one-time passwords are made (before anything is written)."""
        return ImportSpec(
            _("Import users from Excel"), self.db, self.actor, users.preview_users_file, users.import_users,
            self._on_imported, columns=PLANNED_COLUMNS, left_to_right=("username",),
            ready_text=lambda file, preview: _(
                "{file} adds {count} users. Each gets a one-time password, shown to you once after the import, "
                "and chooses their own at first login. Import them all?"
            ).format(file=file, count=display_digits(str(len(preview.rows)))),
            refused_text=lambda file, preview: _(
                "Nothing can be imported from {file}: {bad} of its {count} rows have problems, listed below. "
                "Correct them in the file and try again; no user was added."
            ).format(file=file, bad=display_digits(str(preview.bad_rows)), count=display_digits(str(preview.row_count))),
            applying_title=_("Importing users…"),
            progress_text=_("Making one-time passwords: {done} of {total}"),
            apply_cancellable=True,
            cancelled_text=_("The import was cancelled; no user was added."),
        )

    def import_from_excel(self) -> None:
        if self.can_manage:
            choose_and_import(self, self.import_spec())

    def import_file(self, path: Path) -> list[ImportedUser] | None:
        """Read and check → preview → import all rows or none → show the one-time passwords
        (also the entry point for tests). The users added, or None."""
        if not self.can_manage:
            return None
        return run_import(self, self.import_spec(), path)

    def _on_imported(self, imported: list[ImportedUser]) -> None:
        self.reload()
        self.changed.emit()
        OneTimePasswordsDialog(imported, self).exec()

    def save_template(self) -> None:
        if self.can_manage:
            save_template(self, "users.xlsx", users.save_users_template)
