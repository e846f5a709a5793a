"""Start-up to a usable main window, against an empty PySide6 window started the same way.

Each sample is a fresh process (interpreter start, imports, Qt set-up, the window shown
and painted once). PR Desk's sample also opens its database and logs in (the password
check is Argon2id, part of what a user waits for after pressing Enter). Run:
    .venv/bin/python bench/startup_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QTabWidget()); w.statusBar().addWidget(QLabel("db"))
w.resize(1100, 700); w.show(); app.processEvents(); w.grab()
print(time.time() - t0)
"""

PR_DESK = """
import time, sys
t0 = float(sys.argv[1])
from pr_desk.i18n import set_language
set_language("fa")
from pr_desk.ui.app import setup_application
from pr_desk.ui.main_window import MainWindow
from pr_desk.services import auth, setup
app = setup_application([])
opened = setup.open_or_create(sys.argv[2], create=False)
actor = auth.login(opened.db, "admin", "demo-admin-1405")
w = MainWindow(opened.db, actor); w.resize(1100, 700); w.show(); app.processEvents(); w.grab()
print(time.time() - t0)
"""


def sample(code: str, *extra: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, "-c", code, repr(time.time()), *extra], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PR_DESK_HOME"] = tmp
        db = str(Path(tmp) / "bench.sqlite")
        subprocess.run([sys.executable, "-m", "pr_desk.start", "demo", "--db", db, "--size", "small"], check=True, capture_output=True, cwd=ROOT)
        sample(BASELINE), sample(PR_DESK, db)  # warm the file cache once
        base = [sample(BASELINE) for _ in range(args.runs)]
        ours = [sample(PR_DESK, db) for _ in range(args.runs)]
    b, o = statistics.median(base), statistics.median(ours)
    print(f"startup: empty PySide6 window {b * 1000:.0f} ms, PR Desk main window {o * 1000:.0f} ms, ratio {o / b:.2f}x (aim <= 1.5x); median of {args.runs}")


if __name__ == "__main__":
    main()
