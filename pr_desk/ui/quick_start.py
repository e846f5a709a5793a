"""The quick start: the login dialog is on screen before the rest of the app is loaded.

A clerk starts PR Desk many times a day. What the login dialog needs is Qt, the kit's form
and the database's name; SQLAlchemy, the services, the report catalogue and the main
window take about a second more to import. `Preparation` imports them and opens the
database on a worker thread while the person types (imports only: every Qt object stays
on the UI thread), so pressing Enter waits for the Argon2id check and nothing else.

Only an existing SQLite file goes this way. A new file, a server URL or a file that is no
SQLite database goes the ordinary way (ui/app.py), where a refusal or the first
administrator's setup comes before any login; so does a file that turns out, once opened,
to need either (the quick login dialog is then closed and the ordinary way taken).

`install_bench_hook` is bench/startup_bench.py's view into a real start: with
PR_DESK_BENCH_T0 (the bench's time.perf_counter() when it started the process: the
monotonic clock is the machine's, so both processes read the same one) it writes to
standard error when the login dialog's first paint is done, when Enter was pressed, when
the main window is about to be shown, when its first tab is first painted and when it is
painted with its data in (the dashboard's tiles) (each also as the process's CPU time,
which a loaded machine hardly moves); PR_DESK_BENCH_LOGIN=user:password types them in as a
person does, key by key from the dialog's first paint (the username, Tab, then the password),
the keys spread evenly over PR_DESK_BENCH_TYPING_MS (1500), and presses Enter at its end.
Meanwhile it notes the longest time the UI thread kept a key or a 5 ms timer waiting
(`typing_stall`: the most a person typing could feel of the work done behind the dialog)
and the latest a key was handled (`typing_key_late`).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from pr_desk.services.office import Office
    from pr_desk.services.setup import OpenedDatabase

log = logging.getLogger("pr_desk")

# What Enter needs, in the order it needs them: the login's services, the main window with
# its menus, status bar and search box, and the dashboard every window opens on (with every
# workspace's tiles, resolved in `_warm`). The workspaces' own tabs, the shared lists and the
# report catalogue (reportlab) are not needed to open the window: `load_the_rest` imports
# them once the window is up.
HEAVY_MODULES = (
    "pr_desk.services.setup",
    "pr_desk.services.auth",
    "pr_desk.ui.main_window",
    "pr_desk.workspaces",
    "pr_desk.ui.help",
    "pr_desk.ui.search_box",
    "pr_desk.services.search",
    "pr_desk.ui.kit.write_wait",
    "pr_desk.ui.shared_folder",
    "pr_desk.ui.dashboard",
    "pr_desk.services.dashboard",
    # imported inside the functions the login and the first tiles call
    "pr_desk.services.event_grants",
    "pr_desk.services.events.catalogue",
    "pr_desk.services.events.events",
    "pr_desk.services.events.tasks",
    "pr_desk.services.sync.exchange",
    "pr_desk.data.events.planning",
    "pr_desk.data.queries.audit",
    "pr_desk.data.sync.queries",
)

# Imported on a worker once the main window is usable, so that turning to a tab does not
# wait for them either.
LATER_MODULES = (
    "pr_desk.ui.units_page",
    "pr_desk.ui.users_page",
    "pr_desk.ui.audit_page",
    "pr_desk.services.report_catalog",
)

SQLITE_MAGIC = b"SQLite format 3\x00"


def quick_target(target: str) -> str | None:
    """The name the login dialog shows for `target` if the quick start can open it (an
    existing SQLite file), else None (the ordinary way)."""
    if "://" in target:
        return None
    path = Path(target).expanduser()
    try:
        with path.open("rb") as file:
            if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return None
    except OSError:
        return None
    return str(path.resolve())


class Preparation:
    """Imports the rest of the app and opens `target` on a worker thread, from `start()`
    (the login dialog's first paint: started before, the imports would hold the
    interpreter's lock while the dialog is being drawn)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.opened: OpenedDatabase | None = None
        self.ready_at: float | None = None  # time.perf_counter() when the imports and the database were ready
        self.warmed_at: float | None = None  # ... and when the dashboard's warm-up ended (done or stopped)
        self._thread = threading.Thread(target=self._run, name="pr-desk-quick-start", daemon=True)
        self._started = False
        self._ready = threading.Event()
        self._stop_warming = threading.Event()

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def start_when_painted(self, widget: QWidget) -> None:
        """`start()` once `widget` (the login dialog) has been drawn on screen."""
        when_painted(widget, self.start)

    def _run(self) -> None:
        try:
            self._prepare()
            if self.opened is not None:
                self._warm_dashboard(self.opened.db)
        finally:
            resume_gc()

    def _prepare(self) -> None:
        try:
            for name in HEAVY_MODULES:
                import_module(name)
            from pr_desk.services import setup

            opened = setup.open_or_create(self.target, create=False)
            if opened.needs_admin:  # the first administrator is the ordinary way's to ask for
                opened.db.dispose()
            else:
                self.opened = opened
                self._warm(opened.db)
        except Exception:
            log.info("Quick start could not open %s; the ordinary way follows", self.target, exc_info=True)
        finally:
            self.ready_at = time.perf_counter()
            self._ready.set()

    def _warm_dashboard(self, db: Office) -> None:
        """The dashboard's tiles read once while the person still types, their results
        dropped (services/dashboard.warm_up: reads only, nothing shown, a failure logged at
        debug), so the first load after login finds its statements compiled on this engine.
        It stops at its next tile when Enter is pressed (`database_at_enter`)."""
        try:
            from pr_desk.services import dashboard

            dashboard.warm_up(db, stop=self._stop_warming.is_set)
        except Exception:
            log.debug("Quick start: the dashboard's warm-up failed", exc_info=True)
        finally:
            self.warmed_at = time.perf_counter()

    def stop_warming(self) -> None:
        """The warm-up stops at its next tile."""
        self._stop_warming.set()

    def database_at_enter(self) -> Office | None:
        """`database()` for the login dialog's Enter: the warm-up stops at its next tile, so
        that it shares neither the machine with the Argon2id check nor the window's first
        load (what it has read by then is compiled; the window's own loads do the rest)."""
        self.stop_warming()
        return self.database()

    def wait_for_warm_up(self) -> None:
        """Stops the warm-up and waits for the tile it is reading (before the database is closed)."""
        self._stop_warming.set()
        if self._started:
            self._thread.join()

    @staticmethod
    def _warm(db: Office) -> None:
        """What the main window needs at once whoever logs in, loaded while they type: the
        workspaces' status-bar pieces and dashboard tiles, and the office's settings with
        the official holidays (a deadline's colour depends on them; the process keeps them,
        see office_settings)."""
        from pr_desk.services import dashboard, office_settings
        from pr_desk.services.context import read
        from pr_desk.workspaces import WORKSPACES

        for workspace in WORKSPACES:
            if workspace.status:
                import_module(workspace.status.partition(":")[0])
        dashboard.all_specs()
        with read(db) as session:
            office_settings.load_settings(session)

    @property
    def finished(self) -> bool:
        """The imports are in and the database is open (or could not be opened this way)."""
        return self._started and self._ready.is_set()

    def database(self) -> Office | None:
        """The opened database (waiting for the worker's imports and opening if they are not
        done yet; never for the warm-up after them), or None if it could not be opened this way."""
        self.start()
        self._ready.wait()
        return self.opened.db if self.opened is not None else None


def load_the_rest(window: QWidget, *, fallback_ms: int = 3000) -> None:
    """Imports the workspaces' tabs (those `window` shows), the shared lists and the report
    catalogue on a worker, once the window's first tab has its data (the dashboard's tiles
    load on their own threads first) and is painted, or after `fallback_ms`."""
    from pr_desk.workspaces import WORKSPACES

    names = [w.tab.partition(":")[0] for w in WORKSPACES if w.tab] + list(LATER_MODULES)
    thread = threading.Thread(target=_import_all, args=(names,), name="pr-desk-load-the-rest", daemon=True)
    started = False

    def start() -> None:
        nonlocal started
        if not started:
            started = True
            thread.start()

    tabs = getattr(window, "tabs", None)
    first = tabs.currentWidget() if tabs is not None else None
    page = getattr(first, "page", None) if first is not None and getattr(first, "built", False) else None
    loaded = getattr(page, "all_loaded", None)
    in_already = getattr(page, "loaded", None)
    if first is not None and callable(in_already) and in_already():
        when_painted(first, start)  # its data came in while the window was hidden (built as the password was typed)
    elif loaded is not None:
        loaded.connect(start)
    QTimer.singleShot(fallback_ms, window, start)


def _import_all(names: list[str]) -> None:
    for name in names:
        try:
            import_module(name)
        except Exception:  # the tab that needs it imports it again and shows the error there
            log.warning("Loading %s ahead failed", name, exc_info=True)


# -- the garbage collector during start-up ----------------------------------------------------

def resume_gc() -> None:
    """The collector back on after the start-up imports (pr_desk.start turned it off while
    they make their ≈ 100,000 long-lived objects: dozens of collections would walk them for
    nothing); a no-op when it runs. What exists now stays for the whole session, so it is
    set apart (gc.freeze) and later collections do not walk it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def when_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """`then()` once `widget` has been drawn on screen the first time."""
    widget.installEventFilter(_FirstPaint(widget, then))


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # after this paint has reached the screen, not in the middle of it
            QTimer.singleShot(0, self._then)
        return False


# -- the bench's view -------------------------------------------------------------------------
#
# The hook watches only the widgets it times (the login dialog, the main window's first
# page), never the whole application: an event filter on the QApplication would make every
# event of every object pass through Python, which costs PySide6 its lazily made types
# (≈ 100 classes' enums when the main window is built, ≈ 0.1 s of CPU) and a start without
# the bench never pays.

class _BenchHook(QObject):
    def __init__(self, app: QApplication, t0: float) -> None:
        super().__init__(app)
        self.t0 = t0
        self.marks: dict[str, float] = {}
        self.login = os.environ.get("PR_DESK_BENCH_LOGIN", "")
        self.typing_ms = int(os.environ.get("PR_DESK_BENCH_TYPING_MS", "1500"))
        self.preparation: Preparation | None = None
        self.dialog: QWidget | None = None
        self.page: QWidget | None = None  # the main window's first tab
        self.page_loaded = False
        self.probe: QTimer | None = None  # the UI thread's stalls while the person types
        self.probe_last = 0.0
        self.stall = 0.0
        self.stall_at = 0.0  # when it ended (since t0)
        self.key_late = 0.0  # the latest a key was handled after it was due

    def mark(self, name: str) -> None:
        if name not in self.marks:
            self.marks[name] = time.perf_counter() - self.t0
            self.marks[name + "_cpu"] = time.process_time()  # this process's CPU time (all threads)

    def after_this_paint(self, name: str) -> None:
        """`name` marked once the paint under way (the widget's and its children's) is done."""
        QTimer.singleShot(0, lambda: self.mark(name))

    def watch_login(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.installEventFilter(self)

    def watch_main(self, window: QWidget) -> None:
        tabs = getattr(window, "tabs", None)
        page = tabs.currentWidget() if tabs is not None else None
        if page is None:
            return
        self.page = page
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if watched is self.dialog and "login_painted" not in self.marks:
            watched.removeEventFilter(self)
            self.after_this_paint("login_painted")
            if self.login:
                self.start_typing(self.dialog)
        elif watched is self.page and getattr(watched, "built", True):
            if "main_painted" not in self.marks:
                self.after_this_paint("main_painted")
                self._watch_loading(watched)
            if self.page_loaded:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, self.loaded_and_painted)
        return False

    def _watch_loading(self, lazy: QWidget) -> None:
        """The first page's own data (the dashboard's tiles, read off the UI thread): the
        window is usable once they are in and painted."""
        page = getattr(lazy, "page", lazy)
        loaded = getattr(page, "all_loaded", None)
        in_already = getattr(page, "loaded", None)
        if loaded is None or (callable(in_already) and in_already()):
            self.page_loaded = True
            QTimer.singleShot(0, lambda: lazy.update())
            return

        def in_now() -> None:
            self.page_loaded = True
            lazy.update()  # its next paint shows them

        loaded.connect(in_now)

    def loaded_and_painted(self) -> None:
        self.mark("main_painted")
        self.mark("main_loaded")
        self.report()

    def start_typing(self, dialog: QWidget) -> None:
        """The username key by key, Tab, the password key by key, spread evenly over
        `typing_ms` from now, then Enter; a 5 ms timer meanwhile measures the UI thread's stalls."""
        user, _sep, password = self.login.partition(":")
        fields = {"username": dialog.username, "password": dialog.password}  # type: ignore[attr-defined]
        keys = [(fields["username"], c) for c in user] + [(fields["username"], "\t")] + [(fields["password"], c) for c in password]
        start = time.perf_counter()
        step = self.typing_ms / 1000 / (len(keys) + 1)
        plan = [(start + n * step, field, text) for n, (field, text) in enumerate(keys, start=1)]

        def next_key() -> None:  # each timer set from the last key (short timers are precise)
            if not plan:
                self.press_enter(dialog, start + self.typing_ms / 1000)
                return
            due, field, text = plan.pop(0)
            self.key(field, text, due)
            upcoming = plan[0][0] if plan else start + self.typing_ms / 1000
            QTimer.singleShot(max(0, round((upcoming - time.perf_counter()) * 1000)), self, next_key)

        QTimer.singleShot(round(step * 1000), self, next_key)
        self.probe = QTimer(self)
        self.probe.setTimerType(Qt.TimerType.PreciseTimer)
        self.probe.timeout.connect(self.on_probe)
        self.probe_last = time.perf_counter()
        self.probe.start(5)

    def on_probe(self) -> None:
        now = time.perf_counter()
        self.stalled(now - self.probe_last - 0.005, now)
        self.probe_last = now

    def stalled(self, seconds: float, now: float) -> None:
        if seconds > self.stall:
            self.stall, self.stall_at = seconds, now - self.t0

    def key(self, field: QWidget, text: str, due: float) -> None:
        """A key pressed and released in `field`, as the keyboard sends it (Tab moves the focus on)."""
        from PySide6.QtGui import QKeyEvent

        now = time.perf_counter()
        self.stalled(now - due, now)
        self.key_late = max(self.key_late, now - due)
        if text == "\t":
            key, text = Qt.Key.Key_Tab, ""
        else:
            key = Qt.Key(ord(text.upper())) if text.isascii() and text.isprintable() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))

    def press_enter(self, dialog: QWidget, due: float) -> None:
        now = time.perf_counter()
        self.stalled(now - due, now)
        if self.probe is not None:
            self.probe.stop()
        self.marks["typing_stall"] = self.stall
        self.marks["typing_stall_at"] = self.stall_at
        self.marks["typing_key_late"] = self.key_late
        self.mark("enter")
        dialog.ok_button.click()  # type: ignore[attr-defined]

    def report(self) -> None:
        if self.preparation is not None and self.preparation.ready_at is not None:
            self.marks["imports_done"] = self.preparation.ready_at - self.t0
        if self.preparation is not None and self.preparation.warmed_at is not None:
            self.marks["warm_done"] = self.preparation.warmed_at - self.t0
        line = "bench: " + " ".join(f"{name}={seconds:.4f}" for name, seconds in self.marks.items())
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
        os._exit(0)  # the measurement is over; nothing to save


_hook: _BenchHook | None = None


def install_bench_hook(app: QApplication) -> None:
    global _hook
    t0 = os.environ.get("PR_DESK_BENCH_T0")
    if t0 and _hook is None:
        _hook = _BenchHook(app, float(t0))


def bench_watches(preparation: Preparation) -> None:
    if _hook is not None:
        _hook.preparation = preparation


def bench_mark(name: str) -> None:
    """A moment the bench reports (the first time it comes)."""
    if _hook is not None:
        _hook.mark(name)


def bench_watch_login(dialog: QWidget) -> None:
    """The bench times the login dialog's first paint (and types into it)."""
    if _hook is not None and _hook.dialog is None:
        _hook.watch_login(dialog)


def bench_watch_main(window: QWidget) -> None:
    """The bench times the main window's first tab: painted, then its data in and painted
    (and marks when it is about to be shown: after the password check and the window's build)."""
    if _hook is not None and _hook.page is None:
        _hook.mark("main_shown")
        _hook.watch_main(window)
