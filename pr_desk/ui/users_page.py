"""The Users tab (کاربران): administrators add users, change names and roles, disable and
enable accounts and reset passwords; supervisors see the list read-only."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.validation import require_text, validate_username
from pr_desk.i18n import N_, _
from pr_desk.services import users
from pr_desk.services.context import Actor
from pr_desk.services.users import UserInfo
from pr_desk.ui.report_actions import ReportExporter, add_report_buttons
from pr_desk.ui.account_dialogs import _passwords_problems
from pr_desk.ui.forms import FormDialog, attempt, first_error, latin_edit, password_edit
from pr_desk.ui.units_page import SEARCH_DELAY_MS, configure_table, selected_row
from pr_desk.ui.widgets.table_view import select_row
from pr_desk.ui.widgets.formatting import display_digits
from pr_desk.ui.widgets.paged_table_model import Column, PagedTableModel

if TYPE_CHECKING:
    from pr_desk.data.engine import Database


def _state_label(user: UserInfo) -> str:
    if not user.active:
        return _("Disabled")
    if user.locked:
        return _("Locked")
    return _("Active")


class _UserRow:
    """A user as the table shows it (the state in words)."""

    def __init__(self, info: UserInfo) -> None:
        self.info = info
        self.username = info.username
        self.display_name = info.display_name
        self.role_label = info.role_label
        self.state_label = _state_label(info)
        self.last_login_at = info.last_login_at


USER_COLUMNS = (
    Column("username", N_("Username")),
    Column("display_name", N_("Full name")),
    Column("role_label", N_("Role")),
    Column("state_label", N_("Status")),
    Column("last_login_at", N_("Last login"), kind="datetime"),
)


class UserDialog(FormDialog):
    """A new user (username, name, role, password twice) or, after `load()`, name and role."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
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
    def __init__(self, db: Database, actor: Actor, user: UserInfo, parent: QWidget | None = None) -> None:
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


class UsersPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.can_manage = actor.can(Permission.MANAGE_USERS)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by username or name…"))
        self.search.setClearButtonEnabled(True)
        filters.addWidget(QLabel(_("Search:"), self))
        filters.addWidget(self.search, 1)
        if not self.can_manage:
            filters.addWidget(QLabel(_("Read only: only an administrator changes users."), self))
        layout.addLayout(filters)

        self.table = QTableView(self)
        configure_table(self.table)
        self.model = PagedTableModel(USER_COLUMNS, self._fetch, count=self._count, parent=self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((140, 240, 130, 90)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add user"), self)
        self.edit_button = QPushButton(_("Edit"), self)
        self.active_button = QPushButton(_("Disable"), self)
        self.reset_button = QPushButton(_("Reset password…"), self)
        self.count_label = QLabel(self)
        for b in (self.add_button, self.edit_button, self.active_button, self.reset_button):
            buttons.addWidget(b)
            b.setVisible(self.can_manage)
        buttons.addStretch(1)
        self.exporter = ReportExporter(self, "users", db, actor, lambda: {"search": self.search.text().strip()})
        self.report_buttons = add_report_buttons(self, buttons, self.exporter)
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        if self.can_manage:
            QShortcut(QKeySequence.StandardKey.New, self, self.add_user)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                QShortcut(QKeySequence(key), self.table, self.edit_user).setContext(Qt.ShortcutContext.WidgetShortcut)
        self.reload()

    def _fetch(self, offset: int, limit: int, /, **_sort: Any) -> list[_UserRow]:
        return [_UserRow(u) for u in users.list_users(self.db, self.actor, offset=offset, limit=limit,
                                                      search=self.search.text().strip())]

    def _count(self) -> int:
        return users.count_users(self.db, self.actor, search=self.search.text().strip())

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        self.search_timer.stop()
        attempt(self, self.model.reload)
        if select_id is not None:
            for row, item in enumerate(self.model.rows()):
                if item.info.id == select_id:
                    select_row(self.table, row)  # QTableView.selectRow selects nothing right to left
        self.count_label.setText(_("{count} users").format(count=display_digits(str(self.model.total_count() or 0))))
        self._update_buttons()

    def current_user(self) -> UserInfo | None:
        row = selected_row(self.table)
        return row.info if row is not None else None

    def _update_buttons(self) -> None:
        user = self.current_user()
        for b in (self.edit_button, self.active_button, self.reset_button):
            b.setEnabled(self.can_manage and user is not None)
        self.active_button.setText(_("Enable") if user is not None and not user.active else _("Disable"))

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
