"""The desktop app: Qt set up for Persian (RTL, Vazirmatn, Qt's own Persian buttons), the
first-run and login dialogs, and the controller that owns the open database, the
logged-in user and the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Generator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from pr_desk import paths
from pr_desk.domain.errors import UserError
from pr_desk.i18n import DEFAULT_LANGUAGE, _, current_language, is_rtl, set_language
from pr_desk.launch import gui_sync_file, parse_gui_options
from pr_desk.logging_setup import configure
from pr_desk.ui import settings
from pr_desk.ui.account_dialogs import AdminSetupDialog, ChangePasswordDialog, LoginDialog
from pr_desk.ui.database_dialogs import choose_database_file, refusal_choice
from pr_desk.ui.kit.formatting import file_filter
from pr_desk.ui.kit.forms import ltr
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.qt_language import apply_qt_language, use_leading_alignment
from pr_desk.ui.preflight import display_problem
from pr_desk.ui.quick_start import (
    Preparation,
    bench_mark,
    bench_watch_login,
    bench_watch_main,
    bench_watches,
    install_bench_hook,
    load_the_rest,
    quick_target,
    resume_gc,
    when_painted,
)

# SQLAlchemy, the services and the main window are imported where they are used: at start
# the login dialog is shown first and they load on a worker thread (ui/quick_start.py).
if TYPE_CHECKING:
    from pr_desk.services import setup
    from pr_desk.services.context import Actor
    from pr_desk.services.office import Office
    from pr_desk.ui.main_window import MainWindow

log = logging.getLogger("pr_desk")

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")
FONT_POINT_SIZE = 10

# A main window built while the password is typed and not taken by Enter within this time is
# discarded (Enter then builds one during the check, as when nothing was typed ahead): its
# tiles are then never older than those of a dashboard on screen, which reads them again
# every minute (ui/dashboard.py's REFRESH_MS), and a login dialog left open reads nothing.
PREBUILT_KEPT_MS = 60_000
# Between the steps of that build: a timer, not a posted call, so that a key typed during a
# step is handled before the next one.
HIDDEN_STEP_GAP_MS = 1
HIDDEN_PAINT_GAP_MS = 1  # between the pieces of its rehearsed paint
HIDDEN_DATA_POLL_MS = 25  # while its tiles are still coming in


# -- Qt set-up ----------------------------------------------------------------------------

def load_fonts(app: QApplication) -> str | None:
    """Vazirmatn as the application font; None (Qt's default kept) if the files are missing."""
    family = None
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(paths.fonts_dir() / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and family is None:
            family = families[0]
    if family is None:
        log.warning("Vazirmatn not found in %s; using the system font", paths.fonts_dir())
        return None
    font = QFont(family, FONT_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return family


def apply_language(app: QApplication, *, style_now: bool = True) -> None:
    """Direction, locale and Qt's own translations for the current language (the labels'
    alignment style at once, or from `use_leading_alignment`: see kit/qt_language.py)."""
    persian = is_rtl()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if persian else Qt.LayoutDirection.LeftToRight)
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran) if persian
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    apply_qt_language(app, persian, style_now=style_now)


def install_excepthook() -> None:
    """Our bugs end in the log and an apology, never a silent crash."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("Uncaught error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if QApplication.instance() is not None:
            try:
                show_error(QApplication.activeWindow(), exc.with_traceback(tb))
            except Exception:
                log.exception("Could not show the error message")

    sys.excepthook = hook


def choose_language(from_command_line: str | None) -> str:
    """--lang, else the saved choice, else Persian."""
    for candidate in (from_command_line, settings.LANGUAGE.get()):
        if candidate in ("fa", "en"):
            return candidate
    return DEFAULT_LANGUAGE


def is_first_start() -> bool:
    from pr_desk.ui.first_run import is_first_start as first

    return first()


def choose_start_database() -> str | None:
    from pr_desk.ui.first_run import choose_start_database as choose

    return choose()


# -- the session ------------------------------------------------------------------------------

class DeskController(QObject):
    """Opens databases, signs users in and out, and (re)builds the main window."""

    def __init__(self, app: QApplication, *, quit_app: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self.app = app
        self.db: Office | None = None
        self.actor: Actor | None = None
        self.window: MainWindow | None = None
        self._quit_app = quit_app or app.quit
        self.quick = False  # run() sets it: the login dialog before the imports (ui/quick_start.py)
        # built hidden by the quick start while the password is typed or checked: the window,
        # the database and typed username it is for, its build's steps still to come
        self._hidden: MainWindow | None = None
        self._hidden_for: tuple[Office, str] | None = None
        self._steps: Generator[bool | None, None, None] | None = None
        self._hidden_prepared = False  # its first tab built (the rest of its steps only rehearse its paint)
        self._hidden_timer = QTimer(self)
        self._hidden_timer.setSingleShot(True)
        self._hidden_timer.timeout.connect(self._next_hidden_step)
        self._hidden_expiry: QTimer | None = None

    # opening -----------------------------------------------------------------------------------

    def open_database(self, target: str, parent: QWidget | None, *, at_start: bool) -> setup.OpenedDatabase | None:
        """The opened database, or None when the user gave up (the refusal was shown)."""
        from pr_desk.services import setup

        while True:
            try:
                return setup.open_or_create(target, create=True)
            except Exception as exc:
                if not isinstance(exc, UserError):
                    log.error("Opening %s failed", target, exc_info=exc)
                else:
                    log.info("Refused to open %s: %s", target, exc)
                if not refusal_choice(parent, exc, at_start=at_start):
                    return None
                chosen = choose_database_file(parent, settings.LAST_FOLDER.get() or str(Path.home()))
                if chosen is None:
                    return None
                settings.LAST_FOLDER.set(str(Path(chosen).parent))
                target = chosen

    def sign_in(self, db: Office, needs_admin: bool, parent: QWidget | None) -> Actor | None:
        """First-run setup if needed, then the login dialog; None if the user cancelled."""
        username = ""
        if needs_admin:
            setup_dialog = AdminSetupDialog(db, parent)
            if setup_dialog.exec() != QDialog.DialogCode.Accepted or setup_dialog.actor is None:
                return None
            username = setup_dialog.actor.username
        login = LoginDialog(db, parent, database_name=db.display_name)
        bench_watch_login(login)
        if username:
            login.username.setText(username)
            login.password.setFocus()
        if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
            return None
        return self._own_password_first(db, login.actor, parent)

    def _own_password_first(self, db: Office, actor: Actor, parent: QWidget | None) -> Actor | None:
        from dataclasses import replace

        from pr_desk.services import auth

        if actor.must_change_password:
            # An administrator set a one-time password: the user chooses their own first.
            change = ChangePasswordDialog(db, actor, parent)
            change.setWindowTitle(_("Choose your own password before you start"))
            if change.exec() != QDialog.DialogCode.Accepted:
                auth.logout(db, actor)
                return None
            actor = replace(actor, must_change_password=False)
        return actor

    def start(self, target: str) -> bool:
        """Open `target`, sign in and show the main window; False if the user gave up."""
        if self.quick:
            self.quick = False  # once: a later start (another file) goes the ordinary way
            started = self._quick_start(target)
            if started is not None:
                return started
        resume_gc()  # paused by pr_desk.start for the quick start's imports
        use_leading_alignment(self.app)  # left by run() for the quick start
        opened = self.open_database(target, None, at_start=True)
        if opened is None:
            return False
        if opened.upgraded_from:
            log.info("Upgraded %s from schema %s", opened.db.display_name, opened.upgraded_from)
        actor = self.sign_in(opened.db, opened.needs_admin, None)
        if actor is None:
            opened.db.dispose()
            return False
        self.db, self.actor = opened.db, actor
        self.show_main_window()
        return True

    def _quick_start(self, target: str) -> bool | None:
        """The login dialog at once, the rest of the app loading behind it; None when
        `target` needs the ordinary way (nothing was kept open)."""
        name = quick_target(target)
        if name is None:
            return None
        preparation = Preparation(target)
        bench_watches(preparation)
        login = LoginDialog(None, None, database_name=name, wait_for_db=preparation.database_at_enter,
                            while_checking=self._build_hidden,
                            while_typing=lambda username: self._prebuild(preparation, username))
        login.login_refused.connect(self._discard_hidden)
        when_painted(login, lambda: use_leading_alignment(self.app))  # left by run() until then
        preparation.start_when_painted(login)
        bench_watch_login(login)  # the last event filter is asked first: its mark comes before the work above
        # a database that cannot be opened this way closes the dialog as soon as that is known
        watch = QTimer(login)
        watch.timeout.connect(lambda: login.reject() if preparation.finished and preparation.database() is None else None)
        watch.start(50)
        accepted = login.exec() == QDialog.DialogCode.Accepted and login.actor is not None
        watch.stop()
        preparation.stop_warming()  # if Enter never came (the dialog was closed)
        db = preparation.database()
        if db is None:
            return None
        assert preparation.opened is not None
        if preparation.opened.upgraded_from:
            log.info("Upgraded %s from schema %s", db.display_name, preparation.opened.upgraded_from)
        actor = self._own_password_first(db, login.actor, None) if accepted and login.actor is not None else None
        if actor is None:
            self._discard_hidden()
            preparation.wait_for_warm_up()  # its last tile's read, before the database is closed under it
            db.dispose()
            return False
        self.db, self.actor = db, actor
        load_the_rest(self.show_main_window(built=self._take_hidden(db, actor)))
        return True

    def _prebuild(self, preparation: Preparation, username: str) -> bool:
        """The quick login dialog's `while_typing`: the username is known and the password
        is being typed, so the main window is built hidden for that account now, in steps
        a few milliseconds apart (`_hidden_steps`: the keys typed meanwhile are handled
        between them), and Enter has only the password check left. False while the
        database is still being opened (the dialog asks again)."""
        if not preparation.finished:
            return False
        db = preparation.database()
        if db is None:  # the ordinary way follows Enter
            return True
        key = (db, username.strip())
        if self._hidden_for == key:  # built, or being built, for this name already
            return True
        self._discard_hidden()  # another username's
        preparation.stop_warming()  # the window's own tiles read now: the warm-up would only share the cores
        self._hidden_for = key
        self._steps = self._hidden_steps(db, username)
        self._next_hidden_step()
        if self._hidden_expiry is None:
            self._hidden_expiry = QTimer(self)
            self._hidden_expiry.setSingleShot(True)
            self._hidden_expiry.timeout.connect(self._discard_hidden)
        self._hidden_expiry.start(PREBUILT_KEPT_MS)
        return True

    def _build_hidden(self, db: Office, username: str) -> None:
        """During the password check (the login dialog's `while_checking`): the main window
        for the account `username` names, built hidden with its first tab's reads started,
        so that a right password finds it ready. One built (or being built) while the
        password was typed for this same username and database is kept (its steps left
        done now); else it is built now. Nothing of it is shown and nothing is written
        before the check passes; a refusal discards it (`_discard_hidden`), and the check's
        answer must be the very actor it was built for (`_take_hidden`)."""
        key = (db, username.strip())
        if self._hidden_for == key and (self._hidden is not None or self._steps is not None):
            if self._hidden_expiry is not None:
                self._hidden_expiry.stop()
        else:
            self._discard_hidden()  # an earlier try's, or another username's
            self._hidden_for = key
            self._steps = self._hidden_steps(db, username)
        self._hidden_timer.stop()
        steps, self._steps = self._steps, None
        if steps is not None:
            while not self._hidden_prepared:  # once built, the rest only rehearses its paint: it is shown now
                try:
                    next(steps)
                except StopIteration:
                    break
            steps.close()

    def _hidden_steps(self, db: Office, username: str) -> Generator[bool | None, None, None]:
        """The hidden window's build, a step per `next()`, then, while the password is still
        typed, the rehearsal of its first paint (whose steps yield True while they wait for
        the dashboard's data: HIDDEN_DATA_POLL_MS to the next, else HIDDEN_PAINT_GAP_MS). Nothing for an account that could not log in now
        (unknown, disabled or locked) or must first choose its own password."""
        from pr_desk.services import auth
        from pr_desk.ui.main_window import MainWindow

        expected = auth.expected_actor(db, username)
        if expected is None or expected.must_change_password:
            return
        yield None
        window = self._hidden = MainWindow(db, expected)
        yield None
        window.prepare_hidden()
        self._hidden_prepared = True
        bench_mark("hidden_ready")
        yield from window.rehearse_paint()
        bench_mark("hidden_rehearsed")

    def _next_hidden_step(self) -> None:
        if self._steps is None:
            return
        try:
            wait = next(self._steps)
        except StopIteration:
            self._steps = None
            return
        except Exception:  # Enter builds it anew, as without it
            log.exception("Preparing the main window while the password is typed failed")
            self._discard_hidden()
            return
        self._hidden_timer.start(HIDDEN_STEP_GAP_MS if wait is None else HIDDEN_DATA_POLL_MS if wait else HIDDEN_PAINT_GAP_MS)

    def _discard_hidden(self) -> None:
        self._hidden_timer.stop()
        if self._hidden_expiry is not None:
            self._hidden_expiry.stop()
        if self._steps is not None:
            self._steps.close()
        window, self._hidden, self._hidden_for, self._steps = self._hidden, None, None, None
        self._hidden_prepared = False
        if window is not None:
            window.discard()

    def _take_hidden(self, db: Office, actor: Actor) -> MainWindow | None:
        """The window built during the check or before it, if it was built for exactly this
        login (the same user, role and grants as the check returned, on this database);
        else None (it is discarded, and the window is built anew)."""
        if self._steps is not None:  # not finished (its build failed during the check)
            self._discard_hidden()
        window, self._hidden = self._hidden, None
        self._discard_hidden()  # its timers and name
        if window is not None and (window.db is not db or window.actor != actor):
            window.discard()
            window = None
        return window

    def open_sync_file(self, path: str, default_target: str) -> bool:
        """A sync file given to the app (a double-click on it): a new field copy's package
        makes the copy, where the inspector agrees, and opens it for their login; any other
        is imported into the database the app opens, through the import wizard after login."""
        from pr_desk.services import sync
        from pr_desk.ui.kit import run_with_progress

        resume_gc()  # paused by pr_desk.start for the quick start's imports
        use_leading_alignment(self.app)  # left by run() for the quick start
        try:
            summary = sync.package_summary(Path(path))
        except UserError as exc:
            show_error(None, exc)
            return self.start(default_target)
        if summary.kind != "checkout":
            if not self.start(default_target):
                return False
            assert self.window is not None
            self.window.import_sync_file(path)
            return True
        target = self.choose_field_copy_target(summary)
        if target is None:
            return False
        result = run_with_progress(None, _("Making the field copy…"),
                                   lambda progress, cancelled: sync.join_field_package(Path(path), target), cancellable=False)
        if result.error is not None:
            show_error(None, result.error)
            return False
        joined = result.unwrap()
        QMessageBox.information(None, _("Field copy made"),
                                _("A field copy for {inspector} was made in {path}. Numbers issued on it start with {prefix}. "
                                  "Log in with your office user name and password.").format(
                                    inspector=joined.inspector, path=ltr(target), prefix=ltr(joined.prefix)))
        return self.start(target)

    def choose_field_copy_target(self, summary: object) -> str | None:
        """Where the new field copy is kept: the app's own database file on a laptop that
        has none yet (so the app opens it from now on), else a file the inspector names."""
        default = paths.default_database()
        if not default.exists():
            default.parent.mkdir(parents=True, exist_ok=True)
            return str(default)
        prefix = getattr(summary, "prefix", "") or "field"
        chosen, _f = QFileDialog.getSaveFileName(None, _("Where should the field copy be kept?"),
                                                 str(default.with_name(f"field-copy-{prefix}.sqlite")),
                                                 file_filter(_("PR Desk databases (*.sqlite *.db);;All files (*)")))
        return chosen or None

    # the main window ---------------------------------------------------------------------------

    def show_main_window(self, *, built: MainWindow | None = None) -> MainWindow:
        """The main window for the logged-in user (`built`: the one built hidden for them
        during the password check), shown."""
        from pr_desk.ui.main_window import MainWindow

        assert self.db is not None and self.actor is not None
        window = built if built is not None else MainWindow(self.db, self.actor)
        from pr_desk.services.office import APP_WRITE_WAIT_SECONDS, wait_for_other_writers
        from pr_desk.ui.kit.write_wait import WriteWaitNotice

        # a save behind another computer's on one SQLite file waits its turn, and says so
        wait_for_other_writers(self.db, seconds=APP_WRITE_WAIT_SECONDS, on_wait=WriteWaitNotice(window))
        window.logout_requested.connect(self.log_out)
        window.quit_requested.connect(self.quit)
        window.language_chosen.connect(self.switch_language)
        window.database_chosen.connect(self.switch_database)
        self.window = window
        bench_watch_main(window)
        window.show()
        from pr_desk.ui.shared_folder import warn_if_on_shared_folder

        warn_if_on_shared_folder(window, self.db)  # once per database: one computer at a time
        return window

    def _close_window(self) -> None:
        if self.window is not None:
            self.window.close_for_good()
            self.window.deleteLater()
            self.window = None

    def _log_out_quietly(self) -> None:
        from pr_desk.services import auth

        if self.db is not None and self.actor is not None:
            try:
                auth.logout(self.db, self.actor)
            except Exception:
                log.exception("Recording the logout failed")
        self.actor = None

    def log_out(self) -> None:
        self._log_out_quietly()
        self._close_window()
        assert self.db is not None
        actor = self.sign_in(self.db, False, None)
        if actor is None:
            self.quit()
            return
        self.actor = actor
        self.show_main_window()

    def switch_language(self, language: str) -> None:
        set_language(language)
        settings.LANGUAGE.set(language)
        apply_language(self.app)
        # Every text is built with _() when a widget is made: a new window is the
        # simplest way to have all of them in the new language (on the same tab; the main
        # window let the switch through only with no record's window open over it).
        from pr_desk.ui.language_switch import current_tab, show_tab

        tab = current_tab(self.window) if self.window is not None else 0
        self._close_window()
        show_tab(self.show_main_window(), tab)

    def switch_database(self, target: str) -> None:
        parent = self.window
        opened = self.open_database(target, parent, at_start=False)
        if opened is None:
            return
        actor = self.sign_in(opened.db, opened.needs_admin, parent)
        if actor is None:
            opened.db.dispose()
            return
        self._log_out_quietly()
        self._close_window()
        if self.db is not None:
            self.db.dispose()
        self.db, self.actor = opened.db, actor
        self.show_main_window()

    def quit(self) -> None:
        self._log_out_quietly()
        if self.window is not None:
            self.window.close_for_good()
            self.window = None
        if self.db is not None:
            self.db.dispose()
            self.db = None
        self._quit_app()


def set_name_and_icon(app: QApplication) -> None:
    """The name and icon the taskbar, the window titles and Alt+Tab show (Windows groups the
    windows under the executable's own icon, set in installer/pr_desk.spec)."""
    app.setApplicationDisplayName(_("PR Desk"))
    icon = paths.RESOURCES / "icons" / "pr-desk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def setup_application(argv: list[str], *, leading_alignment_later: bool = False) -> QApplication:
    """The QApplication set up for PR Desk; with `leading_alignment_later` the labels'
    alignment style is left for `use_leading_alignment` (run() sets it once the first
    window is on screen)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "pr-desk", *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName("PR Desk")
    set_name_and_icon(app)
    app.setOrganizationName("PR Desk")
    app.setQuitOnLastWindowClosed(False)  # dialogs between windows (log out) must not end the app
    load_fonts(app)
    apply_language(app, style_now=not leading_alignment_later)
    return app


def watch_dialogs_for_smoke_test(app: QApplication, *, every_ms: int = 400) -> QTimer:
    """PR_DESK_SMOKE=1 (scripts/package.sh's test of the frozen app): each modal dialog the
    app shows is written to standard error ("smoke: dialog TITLE: TEXT") and closed, as a
    person pressing Escape would, so the start-up path runs to its end unattended."""
    timer = QTimer(app)

    def close_modal() -> None:
        dialog = app.activeModalWidget()
        if dialog is None:
            return
        text = dialog.text() if isinstance(dialog, QMessageBox) else ""
        line = f"smoke: dialog {type(dialog).__name__} {dialog.windowTitle()}: {text}".replace("\n", " ")
        log.info("%s", line)
        stream = getattr(sys.stderr, "buffer", None)  # UTF-8 whatever the console's code page
        if stream is not None:
            stream.write((line + "\n").encode("utf-8"))
            stream.flush()
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    timer.timeout.connect(close_modal)
    timer.start(every_ms)
    return timer


def run(argv: list[str]) -> int:
    """`pr-desk [--db PATH|URL] [--lang fa|en]`: the app, until its window is closed."""
    db_target, language = parse_gui_options(argv)
    configure()
    problem = display_problem()
    if problem:  # Qt would abort the process with its own English line and no hint
        log.error("No window can be shown here: %s", problem)
        if sys.stderr is not None:
            sys.stderr.write(problem + "\n")
        return 1
    set_language(choose_language(language))
    app = setup_application([], leading_alignment_later=True)
    install_excepthook()
    if os.environ.get("PR_DESK_SMOKE"):
        watch_dialogs_for_smoke_test(app)
    install_bench_hook(app)  # PR_DESK_BENCH_T0: bench/startup_bench.py's marks
    controller = DeskController(app)
    controller.quick = True
    target = db_target or str(paths.default_database())
    if not db_target and not gui_sync_file(argv) and is_first_start():
        resume_gc()  # paused by pr_desk.start for the quick start's imports
        use_leading_alignment(app)  # left for the quick start
        chosen = choose_start_database()  # create, open a file, or the demo
        if chosen is None:
            return 0
        target = chosen
    log.info("PR Desk starting on %s (language %s)", target, current_language())
    sync_file = gui_sync_file(argv)
    started = controller.open_sync_file(sync_file, target) if sync_file else controller.start(target)
    if not started:
        return 0
    app._pr_desk_controller = controller  # type: ignore[attr-defined]  # kept alive with the app
    return app.exec()
