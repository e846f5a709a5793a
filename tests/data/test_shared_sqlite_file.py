"""The app's connections survive what other processes do to the same SQLite file (issue
19, item 2). The cause of "database disk image is malformed" in the open app: a plain
open() and close() of the database file inside the app's process (looking at a file's
header before opening it) released SQLite's POSIX locks on it; the next command-line
process to close its connection took itself for the last one, checkpointed and deleted
the WAL and its index under the app, and the app's next write read a mix of old and new
pages (and its close wrote them back: the file itself was damaged). Reproduced here in a
few seconds, without the 60-second stress test: without the fix the app's write fails
with "malformed" and integrity_check fails afterwards."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from pr_desk.services import auth, units
from pr_desk.services.setup import create_database, describe, open_or_create
from tests.conftest import ADMIN_PASSWORD

WRITER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
for i in range(200):
    con.execute("UPDATE pr_desk_meta SET value = value WHERE key = 'app'")
con.execute("UPDATE unit SET notes = hex(randomblob(300))")  # every page of the units changes
con.execute("CREATE TABLE IF NOT EXISTS scratch(x)")
con.execute("INSERT INTO scratch SELECT randomblob(800) FROM (SELECT 1 UNION ALL SELECT 2)")
con.close()
"""


def test_looking_at_the_open_file_does_not_break_the_apps_connection(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    db, _admin = create_database(str(path), admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    db.dispose()
    app = open_or_create(str(path), create=False).db
    try:
        actor = auth.login(app, "admin", ADMIN_PASSWORD)
        for i in range(20):
            units.add_unit(app, actor, name=f"واحد {i}", kind="organisation")
        describe(str(path))  # as "Open database…" on the same file, inside the app's process
        for _ in range(2):  # a command writes and closes: it must not take itself for the last
            subprocess.run([sys.executable, "-c", WRITER, str(path)], check=True, timeout=60)
        units.add_unit(app, actor, name="پس از فرمان‌ها", kind="organisation")
        assert units.count_units(app, actor) == 22 + 21
        auth.logout(app, actor)
        auth.login(app, "admin", ADMIN_PASSWORD)
    finally:
        auth.wait_for_login_records(timeout=30)
        app.dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM scratch").fetchone()[0] == 4  # the commands' writes are kept
        assert con.execute("SELECT count(*) FROM unit WHERE name = 'پس از فرمان‌ها'").fetchone()[0] == 1
    finally:
        con.close()
