"""Every workspace's screens and main dialogs as PNG pictures, for each role, in Persian and
English, drawn offscreen on a demo database (built once), so anyone can look at all of them
in a minute:

    .venv/bin/python tools/screens.py [--out build/screens] [--db build/screens/demo.sqlite]
                                      [--langs fa,en] [--roles admin,supervisor,clerk,inspector]

The pictures are named <out>/<lang>/<role>/<NN>-<tab>[-<NN>-<view>].png and
<out>/<lang>/<role>/dialog-<name>.png; a screen that failed to draw is listed at the end
(and the command exits 1). Message boxes are answered and listed, never waited for.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget, QWidget

ROLES = {"admin": "demo-admin-1405", "supervisor": "demo-1405", "clerk": "demo-1405", "inspector": "demo-1405"}
SIZE = (1600, 1000)


def _slug(text: str) -> str:
    text = re.sub(r"[&\s/\\:*?\"<>|…]+", "-", text).strip("-")
    return text[:40] or "screen"


def settle(app: QApplication, ms: int = 250) -> None:
    """Lets pages load (lazy pages, worker threads) and paint."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


class Shooter:
    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        self.written: list[Path] = []
        self.failed: list[str] = []
        self.boxes: list[str] = []

    def grab(self, widget: QWidget, path: Path) -> None:
        settle(self.app)
        path.parent.mkdir(parents=True, exist_ok=True)
        if widget.grab().save(str(path)):
            self.written.append(path)
        else:
            self.failed.append(f"{path}: not saved")

    def attempt(self, where: str, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception:
            self.failed.append(f"{where}:\n{traceback.format_exc(limit=4)}")


def _quiet_boxes(shooter: Shooter) -> None:
    """Message boxes and file dialogs answer at once (and are listed)."""
    from PySide6.QtWidgets import QFileDialog

    def record(self: QMessageBox) -> int:
        shooter.boxes.append(self.text())
        return int(QMessageBox.StandardButton.Ok)

    def answer(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
        shooter.boxes.append(text)
        return QMessageBox.StandardButton.No

    QMessageBox.exec = record  # type: ignore[method-assign]
    for name in ("question", "information", "warning", "critical"):
        setattr(QMessageBox, name, staticmethod(answer))
    QFileDialog.getOpenFileName = staticmethod(lambda *_a, **_k: ("", ""))  # type: ignore[method-assign]
    QFileDialog.getSaveFileName = staticmethod(lambda *_a, **_k: ("", ""))  # type: ignore[method-assign]


def _inner_tabs(page: QWidget) -> QTabWidget | None:
    tabs = getattr(page, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else None


def shoot_window(shooter: Shooter, db: Any, actor: Any, folder: Path) -> None:
    from pr_desk.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    window.resize(*SIZE)
    window.show()
    try:
        tabs = window.tabs
        for index in range(tabs.count()):
            name = f"{index:02d}-{_slug(tabs.tabText(index))}"
            tabs.setCurrentIndex(index)
            settle(shooter.app, 2500 if index == 0 else 400)  # the dashboard's tiles load on worker threads
            shooter.grab(window, folder / f"{name}.png")
            page = tabs.widget(index)
            page = getattr(page, "page", page)  # a lazy page's built page
            inner = _inner_tabs(page) if isinstance(page, QWidget) else None
            if inner is None:
                continue
            for sub in range(1, inner.count()):  # the first view is in the tab's own picture
                inner.setCurrentIndex(sub)
                settle(shooter.app, 300)
                shooter.grab(window, folder / f"{name}-{sub:02d}-{_slug(inner.tabText(sub))}.png")
            inner.setCurrentIndex(0)
        shoot_dialogs(shooter, window, db, actor, folder)
    finally:
        window.close_for_good()
        window.deleteLater()
        settle(shooter.app, 50)


def _dialog(shooter: Shooter, make: Callable[[], QWidget | None], path: Path) -> None:
    def run() -> None:
        dialog = make()
        if dialog is None:
            return
        dialog.show()
        shooter.grab(dialog, path)
        dialog.close()
        dialog.deleteLater()

    shooter.attempt(str(path), run)


def _calibrated_unit(periods_view: Any) -> tuple[Any, Any] | None:
    """(period id, unit id) of a unit the role sees with a second inspector's form (the
    demo has two), looked for period by period as the periods view lists them."""
    for period in list(periods_view.periods_model.rows()):
        periods_view.reload(select_id=period.id)
        for unit in periods_view.units_model.rows():
            if getattr(unit, "calibration_inspector_name", None):
                return period.id, unit.unit_id
    return None


def shoot_dialogs(shooter: Shooter, window: Any, db: Any, actor: Any, folder: Path) -> None:
    """The main dialogs each workspace opens (those the role may open)."""
    from pr_desk.ui.kit.report_filters import ReportFiltersDialog

    for kind in ("meeting-monthly", "evaluation-unit", "directive-compliance", "events-calendar"):
        _dialog(shooter, lambda kind=kind: ReportFiltersDialog(window, kind), folder / f"dialog-report-{kind}.png")
    meetings = window.page("meetings")
    if meetings is not None and getattr(meetings, "can_manage", False) and getattr(meetings, "can_see_citizens", False):
        _dialog(shooter, meetings.register_dialog, folder / "dialog-register-request.png")
    directives = window.page("directives")
    if directives is not None and hasattr(directives, "open_directive") and getattr(directives.register_page, "can_manage", False):
        _dialog(shooter, lambda: directives.open_directive(None), folder / "dialog-new-directive.png")
    evaluation = window.page("evaluation")
    if evaluation is not None and getattr(evaluation, "periods_view", None) is not None:
        calibrated = _calibrated_unit(evaluation.periods_view)
        if calibrated is not None:
            from pr_desk.ui.evaluation.calibration_dialog import CalibrationDialog

            _dialog(shooter, lambda: CalibrationDialog(db, actor, period_id=calibrated[0], unit_id=calibrated[1], parent=window),
                    folder / "dialog-calibration.png")
    events = window.page("events")
    if events is not None and hasattr(events, "open_event"):
        _dialog(shooter, lambda: events.open_event(None), folder / "dialog-new-event.png")
    from pr_desk.ui.account_dialogs import ChangePasswordDialog

    _dialog(shooter, lambda: ChangePasswordDialog(db, actor, window), folder / "dialog-change-password.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", default="build/screens")
    parser.add_argument("--db", default=None, help="a demo database (built there once when missing)")
    parser.add_argument("--langs", default="fa,en")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PR_DESK_HOME", str(out / "home"))  # the pictures' settings, not the user's

    from pr_desk.i18n import set_language
    from pr_desk.services import auth, setup
    from pr_desk.services.demo import build_demo
    from pr_desk.ui.account_dialogs import LoginDialog
    from pr_desk.ui.app import apply_language, setup_application

    db_path = Path(args.db) if args.db else out / "demo.sqlite"
    if not db_path.exists():
        print(f"building the demo database {db_path} (once)…", flush=True)
        build_demo(str(db_path))
    app = setup_application([])
    shooter = Shooter(app, out)
    _quiet_boxes(shooter)
    opened = setup.open_or_create(str(db_path), create=False)
    db = opened.db
    try:
        for lang in args.langs.split(","):
            set_language(lang)
            apply_language(app)
            _dialog(shooter, lambda: LoginDialog(db, None, database_name=db_path.name), out / lang / "login.png")
            for role in args.roles.split(","):
                actor = auth.login(db, role, ROLES[role])
                shooter.attempt(f"{lang}/{role}", lambda actor=actor, lang=lang, role=role:
                                shoot_window(shooter, db, actor, out / lang / role))
                print(f"{lang}/{role}: {len(shooter.written)} pictures so far", flush=True)
    finally:
        auth.wait_for_login_records()
        db.dispose()
    print(f"{len(shooter.written)} pictures in {out}")
    if shooter.boxes:
        print("message boxes answered:")
        for text in dict.fromkeys(shooter.boxes):
            print("  ", text.replace("\n", " ")[:200])
    for failure in shooter.failed:
        print("FAILED", failure)
    return 1 if shooter.failed else 0


if __name__ == "__main__":
    sys.exit(main())
