"""`pr-desk demo` is all or nothing: a build killed half-way leaves no database behind, and
the next run builds the demo afresh (issue: a killed demo left 1 of 5 periods, which
`check` called sound and `demo` refused to rebuild). The one test of the command's
whole build (test_cli and the others copy one build of the run: conftest.small_demo)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pr_desk.services import auth
from pr_desk.services.demo import ADMIN, DEMO_PASSWORD
from pr_desk.services.maintenance import check
from pr_desk.services.setup import open_or_create

ROOT = Path(__file__).resolve().parents[2]


def test_a_demo_killed_half_way_leaves_nothing_and_the_next_run_builds_it(tmp_path: Path) -> None:
    target = tmp_path / "دمو" / "demo.sqlite"
    target.parent.mkdir()
    building = target.with_name(target.name + ".building")
    env = dict(os.environ, PR_DESK_HOME=str(tmp_path / "home"))
    child = subprocess.Popen([sys.executable, "-m", "pr_desk.start", "demo", "--db", str(target)], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (building.exists() or target.exists()) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.5)  # well into the build (a small demo takes several seconds)
        assert child.poll() is None, "the demo finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert not target.exists()

    done = subprocess.run([sys.executable, "-m", "pr_desk.start", "demo", "--db", str(target), "--size", "small"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "دمو" in done.stdout or "demo" in done.stdout, done.stdout
    assert target.exists() and not building.exists()
    assert not target.with_name(target.name + "-wal").exists()
    opened = open_or_create(str(target), create=False)
    try:
        assert check(opened.db).ok
        assert auth.login(opened.db, ADMIN[0], ADMIN[2]).username == ADMIN[0]  # the accounts it tells
        assert auth.login(opened.db, "clerk", DEMO_PASSWORD).username == "clerk"
        auth.wait_for_login_records(timeout=30)
    finally:
        opened.db.dispose()
