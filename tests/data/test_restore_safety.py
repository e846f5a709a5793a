"""A restore never loses a committed write and never restores a tampered backup (issue 19,
items 1 and 3): it takes the database for itself first, so it is refused while another
program has the file open, and a write that committed before it is in the kept copy."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.services import maintenance, units
from pr_desk.services.setup import open_or_create


def _names(path: Path) -> set[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT name FROM unit")}
    finally:
        con.close()


def test_a_backup_whose_audit_trail_was_edited_is_refused(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    units.add_unit(db, admin, name="سازمان نمونه", kind="organisation")
    backup = maintenance.backup(db, tmp_path / "b.sqlite", actor=admin)
    con = sqlite3.connect(backup)
    con.execute("UPDATE audit_record SET summary = 'x' WHERE seq = (SELECT max(seq) - 1 FROM audit_record)")
    con.commit()
    con.close()
    target = Path(db.url.removeprefix("sqlite:///"))
    db.dispose()
    before = target.read_bytes()
    with pytest.raises(UserError) as refused:
        maintenance.restore(backup, target, keep_folder=tmp_path / "kept", actor=admin)
    assert "audit trail" in refused.value.message
    assert target.read_bytes() == before and not (tmp_path / "kept").exists()


def test_a_restore_is_refused_while_another_program_has_the_database_open(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    backup = maintenance.backup(db, tmp_path / "b.sqlite", actor=admin)
    units.add_unit(db, admin, name="پس از پشتیبان", kind="organisation")  # db keeps its pooled connection open
    target = Path(db.url.removeprefix("sqlite:///"))
    with pytest.raises(maintenance.DatabaseInUse):
        maintenance.restore(backup, target, keep_folder=tmp_path / "kept", actor=admin, wait_seconds=0.5)
    assert "پس از پشتیبان" in {u.name for u in units.list_units(db, admin)}  # nothing changed, the app still works
    db.dispose()
    maintenance.restore(backup, target, keep_folder=tmp_path / "kept", actor=admin)
    assert "پس از پشتیبان" not in _names(target)


def test_a_write_that_commits_while_a_restore_waits_is_kept_not_lost(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: an import commits while the restore runs. Either the restore
    waits for the writer to close and then keeps the write in the before-restore copy,
    or it is refused; never is the write in neither file."""
    db, admin = sqlite_office
    backup = maintenance.backup(db, tmp_path / "b.sqlite", actor=admin)
    target = Path(db.url.removeprefix("sqlite:///"))

    def writer() -> None:
        time.sleep(0.3)
        units.add_unit(db, admin, name="نوشته در حین بازگردانی", kind="organisation")
        db.dispose()  # the program closes the database after its write

    thread = threading.Thread(target=writer)
    thread.start()
    saved = maintenance.restore(backup, target, keep_folder=tmp_path / "kept", actor=admin, wait_seconds=20)
    thread.join()
    assert saved is not None
    assert "نوشته در حین بازگردانی" in _names(saved)
    assert "نوشته در حین بازگردانی" not in _names(target)
    reopened = open_or_create(str(target), create=False)
    try:
        assert maintenance.check(reopened.db).ok
    finally:
        reopened.db.dispose()
