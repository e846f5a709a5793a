"""A login does not wait behind another process's write lock (a long import): the right
password is checked in a read, the person reads at once, and the login's record (last
login, counters, audit entry) is written as soon as the lock is free; a wrong password
still waits for the lock and is counted (issue 19, item 4). Real SQLite files, with the
lock held by another connection's BEGIN IMMEDIATE."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.services import audit_log, auth, units
from pr_desk.services.setup import create_database
from tests.conftest import ADMIN_PASSWORD
from tests.e2e.test_cli import ADMIN_PW, AS_BOSS, run


def _held(path: str) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_login_and_a_read_go_through_while_another_connection_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "office.sqlite")
    db, admin = create_database(path, admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        logins_before = audit_log.count_entries(db, admin, actions=["login"])
        holder = _held(path)
        try:
            actor = auth.login(db, "admin", ADMIN_PASSWORD)
            assert units.count_units(db, actor) == 22  # the read the person asked for, with the lock still held
            assert auth._pending  # the login's record waits for the lock in the background, not the person
            with pytest.raises(UserError):  # a wrong password waits for the lock, then says busy: never let through uncounted
                auth.login(db, "admin", "wrong-password")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        auth.wait_for_login_records(timeout=30)
        assert audit_log.count_entries(db, admin, actions=["login"]) == logins_before + 1  # recorded once the lock was free
        with pytest.raises(UserError):
            auth.login(db, "admin", "wrong-password")
        assert audit_log.count_entries(db, admin, actions=["login_failed"]) == 1
    finally:
        db.dispose()


def test_pr_desk_find_runs_while_a_long_import_holds_the_write_lock(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    r = run("init", "--db", db, "--admin", "boss", "--name", "مدیر", "--password-stdin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    holder = _held(db)
    try:
        # The lock is held until the command has ended: it can only succeed by not needing it
        # (a write would wait for it and end "busy", or wait out the command line's 30 minutes).
        r = run("find", "--db", db, "--as", "boss", env=AS_BOSS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.returncode == 0, r.stderr
