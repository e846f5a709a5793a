"""Restore while writes run, on PostgreSQL (issue 19, "Restore while writes run (SQLite and
PostgreSQL)"; the SQLite case is tests/data/test_restore_safety.py).

A writer process commits units one by one (each through the services, audited, printing
its name only after the commit returned) on a PostgreSQL database, while
`pr-desk restore BACKUP --db URL --as admin` runs on the same database and the app-like
connection of the test stays open. `pr-desk restore` replaces SQLite files only: on a
PostgreSQL URL it refuses with one line that names pg_restore, exit code non-zero, before
it logs in or touches anything. So nothing was restored and there is nothing to audit as a
restore; what the test proves is that the refusal is a clear message and never a silent
loss: every write that reported success is in the database, none of the backup's rows came
in, and `check` (integrity, schema, the audit chain of every write) is clean afterwards.

Figures (2026-12-06, the 2-core container at load average about 25 from other
developers' runs): the restore refused after 10.0 s (the command's start-up under that
load), while the writer committed 22 units, 19 of them while the restore ran; 0 lost,
0 failed writes, check clean; 71 s in all (creating the PostgreSQL database and the two
offices is most of it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pr_desk.services import maintenance, units
from pr_desk.services.setup import create_database

pytestmark = pytest.mark.slow  # three processes on PostgreSQL: about a minute on the loaded container

ADMIN_PW = "admin-pass-1405"
ROOT = Path(__file__).resolve().parents[2]

WRITER = r"""
import sys, time
from pathlib import Path
from pr_desk.services import auth, units
from pr_desk.services.setup import open_or_create

url, stop = sys.argv[1], Path(sys.argv[2])
opened = open_or_create(url, create=False)
admin = auth.login(opened.db, "admin", sys.argv[3])
n = 0
try:
    while not stop.exists() and n < 400:
        name = f"واحد نوشته‌شده {n:03d}"
        units.add_unit(opened.db, admin, name=name, kind="organisation")
        print(f"{time.time():.3f}\t{name}", flush=True)  # only after the commit returned
        n += 1
        time.sleep(0.05)
finally:
    opened.db.dispose()
"""


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pr_desk.start", *args], capture_output=True, text=True,
                          env=dict(os.environ, **env), timeout=300, cwd=ROOT)


def test_a_restore_on_postgresql_while_a_writer_commits_loses_no_write(pg_url: str, tmp_path: Path) -> None:
    db, admin = create_database(pg_url, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PW)
    try:
        units.add_unit(db, admin, name="پیش از بازگردانی", kind="organisation")  # the app's pooled connection stays open
        # A sound PR Desk backup to restore (from a SQLite office: backups are SQLite files).
        source, source_admin = create_database(str(tmp_path / "source.sqlite"), admin_username="admin",
                                               admin_display_name="مدیر سامانه", admin_password=ADMIN_PW)
        try:
            units.add_unit(source, source_admin, name="فقط در پشتیبان", kind="organisation")
            backup = maintenance.backup(source, tmp_path / "backup.sqlite", actor=source_admin)
        finally:
            source.dispose()

        stop = tmp_path / "stop"
        env = {"PR_DESK_HOME": str(tmp_path / "home"), "PR_DESK_PASSWORD": ADMIN_PW, "PYTHONPATH": str(ROOT)}
        writer = subprocess.Popen([sys.executable, "-c", WRITER, pg_url, str(stop), ADMIN_PW], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=dict(os.environ, **env), cwd=ROOT)
        try:
            assert writer.stdout is not None
            first = writer.stdout.readline()  # the writer is committing before the restore starts
            assert first, writer.stderr.read() if writer.stderr else ""
            started = time.time()
            restore = _cli("restore", str(backup), "--db", pg_url, "--as", "admin", env=env)
            ended = time.time()
            time.sleep(1.0)  # and goes on committing after it
        finally:
            stop.touch()
            out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err

        # The restore refused, in one clear line, and said what to do instead.
        assert restore.returncode != 0
        message = restore.stderr.strip()
        assert message and "\n" not in message and "Traceback" not in message, restore.stderr
        assert "pg_restore" in message, message

        # Every write that reported success is there; nothing of the backup came in.
        reported = [line.split("\t", 1) for line in (first + out).splitlines() if line.strip()]
        names = [name for _at, name in reported]
        during = [name for at, name in reported if started <= float(at) <= ended]
        assert len(names) >= 5 and during, (len(names), started, ended)
        in_db = {u.name for u in units.list_units(db, admin)}
        assert set(names) <= in_db, sorted(set(names) - in_db)
        assert "پیش از بازگردانی" in in_db and "فقط در پشتیبان" not in in_db
        report = maintenance.check(db)
        assert report.ok, report.problems
        print(f"restore refused in {ended - started:.1f} s; {len(names)} writes committed, {len(during)} during it; 0 lost")
    finally:
        db.dispose()
