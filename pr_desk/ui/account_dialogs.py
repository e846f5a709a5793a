"""First-run administrator setup, the login dialog and changing one's own password."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from pr_desk.domain.validation import require_text, validate_password, validate_username
from pr_desk.i18n import _
from pr_desk.ui.kit.forms import FormDialog, first_error, latin_edit, ltr, password_edit

log = logging.getLogger("pr_desk")

# The services (SQLAlchemy and all) are imported where they are used: the login dialog is
# shown while they load (ui/app.py's quick start).
if TYPE_CHECKING:
    from pr_desk.services.context import Actor
    from pr_desk.services.office import Office


def _passwords_problems(password: str, repeat: str, username: str | None) -> dict[str, str]:
    problems = first_error([("password", lambda: validate_password(password, username=username))])
    if "password" not in problems and password != repeat:
        problems["password_repeat"] = _("The two passwords are not the same.")
    return problems


class AdminSetupDialog(FormDialog):
    """A new database: who its first administrator is. `actor` is set after `save()`."""

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("PR Desk: first administrator"), ok_text=_("Create administrator"))
        self.db = db
        self.actor: Actor | None = None
        self.set_intro(_("This database is new. Choose the administrator's username and password; "
                         "the administrator then adds the other users."))
        self.username = latin_edit(self, 32)
        self.display_name = QLineEdit(self)
        self.display_name.setMaxLength(200)
        self.password = password_edit(self)
        self.password_repeat = password_edit(self)
        self.add_field("username", _("Username"), self.username)
        self.add_field("display_name", _("Full name"), self.display_name)
        self.add_field("password", _("Password"), self.password)
        self.add_field("password_repeat", _("Repeat password"), self.password_repeat)
        self.username.setPlaceholderText(_("for example admin"))
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = first_error([
            ("username", lambda: validate_username(self.username.text())),
            ("display_name", lambda: require_text(self.display_name.text(), _("Full name"), 200, field="display_name")),
        ])
        problems.update(_passwords_problems(self.password.text(), self.password_repeat.text(), self.username.text()))
        return problems

    def save(self) -> None:
        from pr_desk.services import setup

        self.actor = setup.initialise(
            self.db,
            admin_username=self.username.text(),
            admin_display_name=self.display_name.text(),
            admin_password=self.password.text(),
        )


class _PasswordCheck(QObject):
    """`check()` on a thread of its own; `wait()` runs the UI thread's events (the dialog
    keeps painting) until it is done, and `value()` gives its answer or raises its error.
    The Argon2id check releases the interpreter's lock, so the UI thread works meanwhile."""

    done = Signal()

    def __init__(self, check: Callable[[], Actor], parent: QObject) -> None:
        super().__init__(parent)
        self._check = check
        self._value: Actor | None = None
        self._error: BaseException | None = None
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pr-desk-login-check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._check()
        except BaseException as exc:  # handed to the UI thread as it is
            self._error = exc
        finally:
            self._finished.set()
            try:
                self.done.emit()  # queued to the UI thread
            except RuntimeError:  # the dialog (and this with it) is gone
                pass

    def wait(self) -> None:
        loop = QEventLoop()
        self.done.connect(loop.quit)
        if not self._finished.is_set():  # set before `done` is emitted: no quit is missed
            loop.exec()
        self._thread.join()

    def value(self) -> Actor:
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


class LoginDialog(FormDialog):
    """Username and password; Enter submits; a refusal is shown inside the dialog.

    `db` may be None while the database is still being opened (the app's quick start):
    `wait_for_db` then hands it over when the person presses Enter
    (None: it could not be opened so, and the dialog is rejected).

    The password is checked on a thread of its own (services/auth.login: Argon2id, the
    count of failed logins and the audit, as ever), the dialog painted busy and deaf to a
    second Enter meanwhile. `while_checking(db, username)`, if given, runs on the UI thread
    during the check (the app builds the main window hidden then); `login_refused` is
    emitted when the check ends in anything but a login (what was built must go).

    `while_typing(username)`, if given, runs on the UI thread once the username is known
    while the password is still being typed: the username field left, or the first key
    typed in the password field, then TYPING_SETTLE_MS without a change of the username (the
    app builds the main window hidden then, so that Enter finds it ready). It runs once per
    username and try; it returns False when it cannot yet (the database is still being
    opened) and is asked again TYPING_RETRY_MS later. Enter stops it waiting."""

    login_refused = Signal()

    TYPING_SETTLE_MS = 150
    TYPING_RETRY_MS = 100

    def __init__(self, db: Office | None, parent: QWidget | None = None, *, database_name: str = "",
                 wait_for_db: Callable[[], Office | None] | None = None,
                 while_checking: Callable[[Office, str], Any] | None = None,
                 while_typing: Callable[[str], bool] | None = None) -> None:
        super().__init__(parent, _("PR Desk: log in"), ok_text=_("Log in"))
        self.db = db
        self._wait_for_db = wait_for_db
        self._while_checking = while_checking
        self._while_typing = while_typing
        self._typed_for: str | None = None  # the username `while_typing` last ran for (this try)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.timeout.connect(self._on_typing_timeout)
        self._checking = False
        self.actor: Actor | None = None
        self.setMinimumWidth(400)
        if database_name:
            self.set_intro(_("Database: {name}").format(name=ltr(database_name)))
        self.username = latin_edit(self, 64)
        self.password = password_edit(self)
        self.add_field("username", _("Username"), self.username)
        self.add_field("password", _("Password"), self.password)
        self.username.returnPressed.connect(self.password.setFocus)
        if while_typing is not None:
            self.username.editingFinished.connect(self._on_username_known)
            self.username.textEdited.connect(self._on_username_edited)
            self.password.textEdited.connect(self._on_username_known)
        self.refresh_validity()

    # -- the username known while the password is typed ----------------------------------------

    def _on_username_known(self, *_args: object) -> None:
        """The username field left, or a key typed in the password field."""
        if (self._checking or self._typing.isActive() or not self.username.text().strip()
                or self._typed_for == self.username.text()):
            return
        self._typing.start(self.TYPING_SETTLE_MS)

    def _on_username_edited(self, *_args: object) -> None:
        self._typing.stop()  # the name is not known yet: the next key in the password (or leaving it) says so

    def _on_typing_timeout(self) -> None:
        username = self.username.text()
        if self._checking or self._while_typing is None or not username.strip():
            return
        try:
            done = self._while_typing(username)
        except Exception:  # Enter builds what is needed, as without it
            log.exception("Preparing the main window while the password is typed failed")
            done = True
        if done:
            self._typed_for = username
        else:
            self._typing.start(self.TYPING_RETRY_MS)

    def validate(self) -> dict[str, str]:
        # Nothing to explain before the first try; OK waits for both fields.
        problems = {}
        if not self.username.text().strip():
            problems["username"] = ""
        if not self.password.text():
            problems["password"] = ""
        return problems

    def accept(self) -> None:
        if self._checking:  # Enter again while the password is being checked
            return
        if self.db is None and self._wait_for_db is not None and self.refresh_validity():
            self.db = self._wait_for_db()
            if self.db is None:  # it could not be opened this way: the app takes the ordinary way
                self.reject()
                return
        super().accept()

    def reject(self) -> None:
        if not self._checking:  # Escape or the close box wait for the check's answer
            super().reject()

    def save(self) -> None:
        from pr_desk.services import auth

        db = self.db
        assert db is not None
        username, password = self.username.text(), self.password.text()
        check = _PasswordCheck(lambda: auth.login(db, username, password), self)
        self._typing.stop()
        self._typed_for = None  # a refused try's next keys prepare again
        self._set_checking(True)
        try:
            check.start()
            if self._while_checking is not None:
                try:
                    self._while_checking(db, username)
                except Exception:  # the login goes on without it
                    log.exception("Preparing the main window during the login failed")
            check.wait()
        finally:
            self._set_checking(False)
            check.deleteLater()
        try:
            self.actor = check.value()
        except BaseException:
            self.login_refused.emit()
            # Shown under the form (LoginFailed names no field: it must not say which
            # of the two was wrong); the password is cleared for the next try.
            self.password.clear()
            self.password.setFocus()
            raise

    def _set_checking(self, checking: bool) -> None:
        """Busy while the password is checked: the fields and buttons wait, the cursor says so."""
        self._checking = checking
        for widget in (self.username, self.password, self.buttons):
            widget.setEnabled(not checking)
        if checking:
            self.setCursor(Qt.CursorShape.WaitCursor)
        else:
            self.unsetCursor()
            self.refresh_validity()


class ChangePasswordDialog(FormDialog):
    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Change my password"))
        self.db = db
        self.actor = actor
        self.old_password = password_edit(self)
        self.new_password = password_edit(self)
        self.password_repeat = password_edit(self)
        self.add_field("old_password", _("Current password"), self.old_password)
        self.add_field("password", _("New password"), self.new_password)
        self.add_field("password_repeat", _("Repeat new password"), self.password_repeat)
        self.refresh_validity()

    def validate(self) -> dict[str, str]:
        problems = {} if self.old_password.text() else {"old_password": _("Type your current password.")}
        problems.update(_passwords_problems(self.new_password.text(), self.password_repeat.text(), self.actor.username))
        return problems

    def save(self) -> None:
        from pr_desk.services import auth

        auth.change_own_password(
            self.db, self.actor, old_password=self.old_password.text(), new_password=self.new_password.text()
        )
