"""The quick start (ui/quick_start.py): the login dialog before the app's imports, and the
dashboard's tiles warmed behind it while the person types (issue 17 §1). A wrong password
shows nothing and is counted as before; the right one opens the window on the same database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from pr_desk.i18n import _
from pr_desk.services import setup
from tests.databases import fresh_office

ADMIN_PASSWORD = "admin-pass-1405"


@pytest.fixture
def office_file(tmp_path: Path) -> Path:
    db, _admin = fresh_office(str(tmp_path / "office.sqlite"), admin_username="admin",
                                       admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    db.dispose()
    return tmp_path / "office.sqlite"


def _failed_logins(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("SELECT failed_logins FROM app_user WHERE username = 'admin'").fetchone()
    return int(count)


def _drive_login(qtbot, tries: list[str], seen: list[tuple[bool, int]], path: Path) -> None:  # type: ignore[no-untyped-def]
    """Types each password of `tries` into the quick login dialog once it is up (the worker
    behind it may still be importing or warming the tiles) and notes after each whether a
    main window was shown and the failed-login count; an empty password rejects the dialog."""
    from pr_desk.ui.account_dialogs import LoginDialog

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, step)
            return
        password = tries.pop(0) if tries else ""
        if not password:
            dialog.reject()
            return
        dialog.username.setText("admin")
        dialog.password.setText(password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the check runs in the click
        seen.append((_main_window_shown(), _failed_logins(path)))
        if tries:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


def _main_window_shown() -> bool:
    from pr_desk.ui.main_window import MainWindow

    return any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_wrong_password_shows_nothing_and_is_counted_then_the_right_one_opens(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui import quick_start
    from pr_desk.ui.app import DeskController

    preparations: list[quick_start.Preparation] = []
    real = quick_start.Preparation.__init__

    def keep(self, target: str) -> None:  # type: ignore[no-untyped-def]
        real(self, target)
        preparations.append(self)

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[tuple[bool, int]] = []
    tries = ["wrong-password", ADMIN_PASSWORD]
    _drive_login(qtbot, tries, seen, office_file)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(quick_start.Preparation, "__init__", keep)
            assert controller.start(str(office_file)) is True
        assert seen[0] == (False, 1)  # after the wrong password: no window, counted once
        assert controller.window is not None and controller.window.isVisible()
        assert _failed_logins(office_file) == 0  # the right password clears the count, as before
        (preparation,) = preparations
        assert preparation.database() is controller.db  # the warm-up's engine is the window's
        preparation.wait_for_warm_up()
    finally:
        if controller.window is not None:
            controller.window.close_for_good()
        if controller.db is not None:
            controller.db.dispose()


def test_giving_up_after_a_wrong_password_opens_nothing(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[tuple[bool, int]] = []
    _drive_login(qtbot, ["wrong-password", ""], seen, office_file)
    assert controller.start(str(office_file)) is False
    assert seen == [(False, 1)]
    assert controller.window is None and not _main_window_shown()
    assert _failed_logins(office_file) == 1


# -- the main window built while the password is checked (issue 17 §1 b) -----------------------
#
# Enter starts the Argon2id check on a thread of its own; meanwhile the UI thread builds the
# main window hidden for the account the username names and starts its tiles' reads. It is
# shown only after a right password; anything else discards it, shows what was shown before
# and counts and audits the try as before.

CLERK_PASSWORD = "clerk-pass-1405"


def _rows(path: Path) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table of the file (read beside the app: the file is in WAL mode)."""
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: set(conn.execute(f'SELECT * FROM "{table}"')) for table in tables}


def _changes(before: dict[str, set[tuple[object, ...]]], after: dict[str, set[tuple[object, ...]]]) -> dict[str, tuple[int, int]]:
    """Table -> (rows added, rows gone) for each table that changed (an update is one of each)."""
    changed = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, set()), after.get(table, set())
        if old != new:
            changed[table] = (len(new - old), len(old - new))
    return changed


def _what_a_failed_login_writes(path: Path, tmp_path: Path, username: str, password: str) -> dict[str, tuple[int, int]]:
    """The changes the service's own failed login (no window, no dialog) makes on a copy of `path` as it is now."""
    from pr_desk.services import auth

    copy = tmp_path / "reference.sqlite"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    opened = setup.open_or_create(str(copy), create=False)
    try:
        before = _rows(copy)
        with pytest.raises(auth.LoginFailed):
            auth.login(opened.db, username, password)
        return _changes(before, _rows(copy))
    finally:
        opened.db.dispose()


class _Windows:
    """Every MainWindow built, whether it was visible when it was built, and those discarded."""

    def __init__(self, mp: pytest.MonkeyPatch) -> None:
        from pr_desk.ui.main_window import MainWindow

        self.built: list[MainWindow] = []
        self.visible_when_built: list[bool] = []
        self.discarded: list[MainWindow] = []
        init, discard = MainWindow.__init__, MainWindow.discard

        def counted_init(window, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            init(window, *args, **kwargs)
            self.built.append(window)

        def counted_discard(window) -> None:  # type: ignore[no-untyped-def]
            self.discarded.append(window)
            discard(window)

        def counted_prepare(window) -> None:  # type: ignore[no-untyped-def]
            prepare(window)
            self.visible_when_built.append(window.isVisible())

        prepare = MainWindow.prepare_hidden
        mp.setattr(MainWindow, "__init__", counted_init)
        mp.setattr(MainWindow, "discard", counted_discard)
        mp.setattr(MainWindow, "prepare_hidden", counted_prepare)


def _on_dialog(kind: type, then) -> None:  # type: ignore[no-untyped-def]
    """`then(dialog)` once a modal dialog of `kind` is up. If `then` fails, the dialog is
    closed (rejected) before the error goes on, so the test fails instead of hanging in the
    dialog's exec()."""
    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            try:
                then(dialog)
            except BaseException:
                if dialog.isVisible():
                    dialog.reject()
                raise
        else:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


def _log_in(qtbot, dialog, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # returns once the check has answered


def _audit_actions(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [action for (action,) in conn.execute("SELECT action FROM audit_record ORDER BY rowid")]


def _close(controller) -> None:  # type: ignore[no-untyped-def]
    if controller.window is not None:
        controller.window.close_for_good()
    if controller.db is not None:
        controller.db.dispose()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # the discarded windows go


def test_a_wrong_password_discards_the_hidden_window_counts_once_and_writes_what_it_wrote_before(  # type: ignore[no-untyped-def]
        qtbot, qapp, office_file, tmp_path) -> None:
    import shiboken6

    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: dict[str, object] = {}

    def wrong(dialog: LoginDialog) -> None:
        before = _rows(office_file)
        seen["reference"] = _what_a_failed_login_writes(office_file, tmp_path, "admin", "wrong-password")
        _log_in(qtbot, dialog, "admin", "wrong-password")
        seen["changes"] = _changes(before, _rows(office_file))
        seen["after_wrong"] = (_main_window_shown(), controller._hidden, dialog.general_error.error(),
                               dialog.password.text(), dialog.isVisible())
        QTimer.singleShot(0, lambda: _log_in(qtbot, dialog, "admin", ADMIN_PASSWORD))

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, wrong)
            assert controller.start(str(office_file)) is True
        # the wrong password: a window was built hidden during the check, never shown, then discarded
        assert seen["after_wrong"] == (False, None, _("Wrong username or password."), "", True)
        first, second = windows.built
        assert windows.visible_when_built == [False, False]
        assert windows.discarded == [first]
        # it wrote what a failed login wrote before, no more: the count and its audit entry
        # (pr_desk_meta: the audit chain's head moves with the entry)
        assert seen["changes"] == seen["reference"]
        changes = seen["changes"]
        assert isinstance(changes, dict) and set(changes) <= {"app_user", "audit_record", "pr_desk_meta"}
        assert changes["app_user"] == (1, 1) and changes["audit_record"] == (1, 0)
        assert _audit_actions(office_file)[-2:] == ["login_failed", "login"]
        # the right password: the window built during its check is the one shown
        assert controller.window is second and second.isVisible()
        assert _failed_logins(office_file) == 0
    finally:
        _close(controller)
    assert not shiboken6.isValid(first)


def test_the_right_password_shows_the_window_built_during_the_check(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, lambda dialog: _log_in(qtbot, dialog, "admin", ADMIN_PASSWORD))
            assert controller.start(str(office_file)) is True
        (window,) = windows.built
        assert windows.visible_when_built == [False] and windows.discarded == []
        assert controller.window is window and window.isVisible()
        assert window.actor == controller.actor and window.actor.username == "admin"
        assert window.tabs.currentWidget().built  # the dashboard was built (and its reads started) during the check
        assert _audit_actions(office_file).count("login") == 1
    finally:
        _close(controller)


def test_enter_twice_quickly_builds_one_window_and_logs_in_once(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    import threading

    from pr_desk.services import auth
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    busy: list[bool] = []
    pressed_again = threading.Event()
    real_login = auth.login

    def login_until_pressed_again(*args, **kwargs):  # type: ignore[no-untyped-def]
        pressed_again.wait(10)  # the check lasts until the second press (the tests' hashes are quick)
        return real_login(*args, **kwargs)

    def twice(dialog: LoginDialog) -> None:
        def again() -> None:  # comes while the first press's check runs
            busy.append(not dialog.ok_button.isEnabled() and not dialog.password.isEnabled())
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            pressed_again.set()

        QTimer.singleShot(0, again)
        _log_in(qtbot, dialog, "admin", ADMIN_PASSWORD)

    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(auth, "login", login_until_pressed_again)
            windows = _Windows(mp)
            _on_dialog(LoginDialog, twice)
            assert controller.start(str(office_file)) is True
        assert busy == [True]  # the dialog was busy when Enter came again, and deaf to it
        assert len(windows.built) == 1 and controller.window is windows.built[0]
        assert _audit_actions(office_file).count("login") == 1
    finally:
        _close(controller)


@pytest.fixture
def office_with_clerks(tmp_path: Path) -> Path:
    """The office with three more accounts: `newbie`, whose password an administrator set
    (they must choose their own first), `gone`, disabled, and `held`, locked after too many
    wrong passwords."""
    from pr_desk.domain.roles import Role
    from pr_desk.services import auth, users

    db, admin = fresh_office(str(tmp_path / "clerks.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        newbie = users.add_user(db, admin, username="newbie", display_name="کارشناس تازه", role=Role.CLERK, password=CLERK_PASSWORD)
        users.reset_password(db, admin, newbie.id, CLERK_PASSWORD)
        gone = users.add_user(db, admin, username="gone", display_name="کارشناس رفته", role=Role.CLERK, password=CLERK_PASSWORD)
        users.disable_user(db, admin, gone.id)
        users.add_user(db, admin, username="held", display_name="کارشناس قفل‌شده", role=Role.CLERK, password=CLERK_PASSWORD)
        for _attempt in range(auth.MAX_FAILED_LOGINS):
            with pytest.raises(auth.LoginFailed):
                auth.login(db, "held", "wrong-password")
    finally:
        db.dispose()
    return tmp_path / "clerks.sqlite"


def test_a_disabled_account_is_told_so_and_no_window_is_built(qtbot, qapp, office_with_clerks) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[object] = []

    def disabled(dialog: LoginDialog) -> None:
        _log_in(qtbot, dialog, "gone", CLERK_PASSWORD)
        seen.append((dialog.general_error.error(), _main_window_shown()))
        dialog.reject()

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, disabled)
            assert controller.start(str(office_with_clerks)) is False
        assert seen == [(_("This account is disabled. Ask an administrator."), False)]
        assert windows.built == [] and controller.window is None
        assert _audit_actions(office_with_clerks)[-1] == "login_failed"
    finally:
        _close(controller)


def test_who_must_choose_their_password_chooses_it_before_any_window(qtbot, qapp, office_with_clerks) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import ChangePasswordDialog, LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[object] = []

    def change(dialog: ChangePasswordDialog) -> None:
        seen.append((dialog.windowTitle(), _main_window_shown(), len(windows.built)))
        dialog.old_password.setText(CLERK_PASSWORD)
        dialog.new_password.setText("my-own-pass-1405")
        dialog.password_repeat.setText("my-own-pass-1405")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def log_in(dialog: LoginDialog) -> None:
        _on_dialog(ChangePasswordDialog, change)
        _log_in(qtbot, dialog, "newbie", CLERK_PASSWORD)

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_with_clerks)) is True
        # as before: their own password first, no window built or shown until then
        assert seen == [(_("Choose your own password before you start"), False, 0)]
        (window,) = windows.built
        assert controller.window is window and window.isVisible()
        assert controller.actor is not None and controller.actor.username == "newbie"
        assert not controller.actor.must_change_password
    finally:
        _close(controller)


def test_who_must_choose_their_password_and_gives_up_gets_no_window(qtbot, qapp, office_with_clerks) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import ChangePasswordDialog, LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True

    def log_in(dialog: LoginDialog) -> None:
        _on_dialog(ChangePasswordDialog, lambda change: qtbot.mouseClick(change.buttons.button(change.buttons.StandardButton.Cancel),
                                                                        Qt.MouseButton.LeftButton))
        _log_in(qtbot, dialog, "newbie", CLERK_PASSWORD)

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_with_clerks)) is False
        assert windows.built == [] and controller.window is None and not _main_window_shown()
        assert _audit_actions(office_with_clerks)[-2:] == ["login", "logout"]  # as before
    finally:
        _close(controller)


# -- the main window built while the password is typed (issue 17 §1 b, sixth round) ------------
#
# As soon as the username is known (its field left, or a key typed in the password field),
# the main window is built hidden for that account in a few short steps, so that Enter has
# only the Argon2id check left. The guarantees are those of the build during the check.

def _type_login(qtbot, dialog, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """As a person types: a click in the username field, the name, Tab, the password."""
    qtbot.mouseClick(dialog.username, Qt.MouseButton.LeftButton)
    dialog.username.selectAll()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)


def _prebuilt(controller) -> bool:  # type: ignore[no-untyped-def]
    """The build while typing ran to its end (a window, or nothing for that account)."""
    return controller._hidden_for is not None and controller._steps is None


@pytest.fixture
def office_with_a_clerk(tmp_path: Path) -> Path:
    from pr_desk.domain.roles import Role
    from pr_desk.services import users

    db, admin = fresh_office(str(tmp_path / "clerk.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        users.add_user(db, admin, username="clerk", display_name="کارشناس", role=Role.CLERK, password=CLERK_PASSWORD)
    finally:
        db.dispose()
    return tmp_path / "clerk.sqlite"


def test_the_window_is_built_while_the_password_is_typed_and_enter_shows_it(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: dict[str, object] = {}

    def log_in(dialog: LoginDialog) -> None:
        before = _rows(office_file)
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
        qtbot.waitUntil(lambda: len(windows.visible_when_built) == 1)  # Enter not pressed yet
        qtbot.waitUntil(lambda: controller._steps is None)  # and its first paint rehearsed unseen
        seen["typing"] = (len(windows.built), _main_window_shown(), dialog.isVisible(),
                          _changes(before, _rows(office_file)))  # built hidden, nothing written
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
        assert seen["typing"] == (1, False, True, {})
        (window,) = windows.built
        assert windows.visible_when_built == [False] and windows.discarded == []
        assert controller.window is window and window.isVisible() and window.actor == controller.actor
        assert _audit_actions(office_file).count("login") == 1
    finally:
        _close(controller)


def test_a_username_changed_after_the_build_discards_that_window_and_shows_the_right_one(  # type: ignore[no-untyped-def]
        qtbot, qapp, office_with_a_clerk) -> None:
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[object] = []

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, "admin", "adm")  # then the person sees it is the wrong account
        qtbot.waitUntil(lambda: len(windows.visible_when_built) == 1)
        _type_login(qtbot, dialog, "clerk", CLERK_PASSWORD)
        qtbot.waitUntil(lambda: len(windows.visible_when_built) == 2)
        seen.append((list(windows.discarded) == windows.built[:1], _main_window_shown()))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_with_a_clerk)) is True
        assert seen == [(True, False)]  # the admin's window went as soon as the clerk's name was known
        first, second = windows.built
        assert first.actor.username == "admin" and second.actor.username == "clerk"
        assert windows.discarded == [first]
        assert controller.window is second and second.isVisible()
        assert controller.actor is not None and controller.actor.username == "clerk" and second.actor == controller.actor
        assert _audit_actions(office_with_a_clerk)[-1] == "login"
    finally:
        _close(controller)


@pytest.mark.parametrize("press", ["key", "click"])
def test_a_wrong_password_typed_never_shows_the_window_built_meanwhile_and_is_audited_once(  # type: ignore[no-untyped-def]
        qtbot, qapp, office_file, tmp_path, press) -> None:
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: dict[str, object] = {}

    def enter(dialog: LoginDialog) -> None:
        if press == "key":
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def log_in(dialog: LoginDialog) -> None:
        reference = _what_a_failed_login_writes(office_file, tmp_path, "admin", "wrong-password")
        before = _rows(office_file)
        _type_login(qtbot, dialog, "admin", "wrong-password")
        qtbot.waitUntil(lambda: len(windows.visible_when_built) == 1)
        enter(dialog)
        seen["wrong"] = (_main_window_shown(), controller._hidden, list(windows.discarded) == windows.built,
                         dialog.general_error.error(), dialog.isVisible(), _changes(before, _rows(office_file)) == reference,
                         _audit_actions(office_file).count("login_failed"), _failed_logins(office_file))
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)  # built again while it is typed
        qtbot.waitUntil(lambda: len(windows.visible_when_built) == 2)
        enter(dialog)

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
        assert seen["wrong"] == (False, None, True, _("Wrong username or password."), True, True, 1, 1)
        first, second = windows.built
        assert windows.discarded == [first] and windows.visible_when_built == [False, False]
        assert controller.window is second and second.isVisible()
        assert _audit_actions(office_file)[-2:] == ["login_failed", "login"]
        assert _audit_actions(office_file).count("login_failed") == 1
    finally:
        _close(controller)


def test_enter_before_the_build_while_typing_began_builds_it_during_the_check(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True

    seen: list[object] = []

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
        seen.append((len(windows.built), controller._hidden_for))
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # at once: the name has not settled yet

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
        assert seen == [(0, None)]  # nothing built before Enter
        (window,) = windows.built
        assert windows.visible_when_built == [False] and windows.discarded == []
        assert controller.window is window and window.isVisible()
        assert _audit_actions(office_file).count("login") == 1
    finally:
        _close(controller)


def test_enter_in_the_middle_of_the_build_while_typing_finishes_it_and_shows_it(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui import app as app_module
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[object] = []

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
        qtbot.waitUntil(lambda: controller._hidden_for is not None)  # its first step done, the next far off
        seen.append((controller._steps is not None, len(windows.built)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(app_module, "HIDDEN_STEP_GAP_MS", 600_000)
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
        assert seen == [(True, 0)]
        (window,) = windows.built
        assert windows.visible_when_built == [False] and windows.discarded == []
        assert controller.window is window and window.isVisible()
    finally:
        _close(controller)


def test_enter_while_the_hidden_window_rehearses_its_paint_shows_it_at_once(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui import app as app_module
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[object] = []
    rendered: list[object] = []

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
        qtbot.waitUntil(lambda: bool(rendered))  # a tile painted unseen; the next far off
        seen.append((controller._steps is not None, len(rendered), _main_window_shown()))
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        seen.append(len(rendered))  # the rest of the rehearsal was left: the window is shown

    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(app_module, "HIDDEN_PAINT_GAP_MS", 600_000)
            from pr_desk.ui import dashboard

            render = dashboard.TileWidget.render

            def counted(tile, *args, **kwargs):  # type: ignore[no-untyped-def]
                rendered.append(tile)
                return render(tile, *args, **kwargs)

            mp.setattr(dashboard.TileWidget, "render", counted)
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
        assert seen == [(True, 1, False), 1]
        (window,) = windows.built
        assert controller.window is window and window.isVisible() and controller._steps is None
    finally:
        _close(controller)


def test_a_window_built_while_typing_and_left_too_long_is_discarded_and_enter_builds_a_fresh_one(  # type: ignore[no-untyped-def]
        qtbot, qapp, office_file) -> None:
    from pr_desk.ui import app as app_module
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
        qtbot.waitUntil(lambda: len(windows.discarded) == 1)  # its tiles would be older than the dashboard's refresh
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(app_module, "PREBUILT_KEPT_MS", 50)
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
        first, second = windows.built
        assert windows.discarded == [first] and controller.window is second and second.isVisible()
    finally:
        _close(controller)


@pytest.mark.parametrize("username", ["nobody", "gone", "newbie", "held"])  # unknown, disabled, must choose a password, locked
def test_no_window_is_built_while_typing_for_an_account_that_gets_none(  # type: ignore[no-untyped-def]
        qtbot, qapp, office_with_clerks, username) -> None:
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    seen: list[object] = []

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, username, "wrong-password")
        qtbot.waitUntil(lambda: _prebuilt(controller))
        seen.append((len(windows.built), controller._hidden))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen.append((len(windows.built), _main_window_shown(), _audit_actions(office_with_clerks)[-1]))
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    try:
        with pytest.MonkeyPatch.context() as mp:
            windows = _Windows(mp)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_with_clerks)) is False
        assert seen == [(0, None), (0, False, "login_failed")]
        assert windows.built == [] and controller.window is None
    finally:
        _close(controller)


def test_the_rest_loads_once_a_window_whose_tiles_came_in_while_hidden_is_painted(qtbot, qapp, office_file) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui import app as app_module
    from pr_desk.ui import quick_start
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import DeskController

    controller = DeskController(qapp, quit_app=lambda: None)
    controller.quick = True
    imported: list[list[str]] = []
    load_the_rest = quick_start.load_the_rest

    def log_in(dialog: LoginDialog) -> None:
        _type_login(qtbot, dialog, "admin", ADMIN_PASSWORD)
        qtbot.waitUntil(lambda: controller._hidden is not None and controller._hidden.tabs.currentWidget().page.loaded())
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    try:
        with pytest.MonkeyPatch.context() as mp:
            # no fallback within the test: only the window's first paint can start it
            mp.setattr(app_module, "load_the_rest", lambda window: load_the_rest(window, fallback_ms=600_000))
            mp.setattr(quick_start, "_import_all", imported.append)
            _on_dialog(LoginDialog, log_in)
            assert controller.start(str(office_file)) is True
            qtbot.waitUntil(lambda: bool(imported))  # its tiles' all_loaded came before it was shown
        assert "pr_desk.services.report_catalog" in imported[0]
    finally:
        _close(controller)
