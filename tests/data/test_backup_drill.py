"""Backup → restore drill, and tampered backups refused (issue 19).

The drill: a demo database (every workspace's tables filled), a backup, changes made after
it, the restore; then every table of the restored file holds exactly the backup's rows,
value for value (bytes compared, blobs included), the audit trail gaining only the
restore's own entry, and `check` is clean.

Tampered backups: a backup whose data were edited and whose audit trail was then made to
match, with the hash chain recomputed badly (only the edited entry re-hashed; or every
entry after it re-hashed but the head kept in pr_desk_meta), is refused and the database
is left byte for byte as it was. (The plain audit edit is in test_restore_safety.py.)"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pr_desk.data.audit import HEAD_HASH, HEAD_SEQ, entry_hash
from pr_desk.domain.errors import UserError
from pr_desk.services import auth, maintenance, units, users
from pr_desk.services.demo import ADMIN
from pr_desk.services.setup import open_or_create

AUDIT_HEAD_KEYS = {HEAD_SEQ, HEAD_HASH}


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(con.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_backup_restored_over_a_changed_database_gives_back_every_row(small_demo: Path, tmp_path: Path) -> None:
    """Figures: the small demo (every workspace): 51 tables, 41 of them with rows, about
35,000 rows, all compared value for value; about 2.5 minutes on the loaded container."""
    target = small_demo  # a fresh copy of the run's one build
    opened = open_or_create(str(target), create=False)
    db = opened.db
    try:
        admin = auth.login(db, ADMIN[0], ADMIN[2])
        backup = maintenance.backup(db, tmp_path / "backup.sqlite", actor=admin)
        some = units.list_units(db, admin, limit=1)[0]
        units.rename_unit(db, admin, some.id, "نام پس از پشتیبان", expected_version=some.version)
        units.add_unit(db, admin, name="واحد پس از پشتیبان", kind="organisation")
        users.add_user(db, admin, username="after_backup", display_name="کاربر پس از پشتیبان", role="clerk", password="clerk-pass-1405")
        auth.wait_for_login_records(timeout=30)
    finally:
        db.dispose()
    saved_rows = _tables(backup)
    assert sum(1 for rows in saved_rows.values() if rows) >= 20  # the drill covers the workspaces' tables
    assert _tables(target) != saved_rows

    kept = maintenance.restore(backup, target, keep_folder=tmp_path / "kept", actor=admin)
    assert kept is not None
    restored_rows = _tables(target)
    assert restored_rows.keys() == saved_rows.keys()
    for name, rows in saved_rows.items():
        if name == "audit_record":
            extra = [r for r in restored_rows[name] if r not in rows]
            assert len(restored_rows[name]) == len(rows) + 1 and set(rows) <= set(restored_rows[name]), name
            assert any("restore" in str(value) for value in extra[0])
        elif name == "pr_desk_meta":
            assert [r for r in restored_rows[name] if r[0] not in AUDIT_HEAD_KEYS] == [r for r in rows if r[0] not in AUDIT_HEAD_KEYS]
        else:
            assert restored_rows[name] == rows, f"{name} differs after the restore"
    reopened = open_or_create(str(target), create=False)
    try:
        assert maintenance.check(reopened.db).ok
    finally:
        reopened.db.dispose()


def _rehashed(backup: Path, unit_name: str, forged_name: str, *, rehash_following: bool) -> list[tuple[str, str, str, int]]:
    """(after, prev_hash, hash, seq) for the entries a forger rewrites: the entry that
    created the unit, its `after` naming the forged name and its hash recomputed the way
    the program computes it; and, if `rehash_following`, every later entry re-chained."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from pr_desk.data import audit

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{backup}?mode=ro", uri=True))
    out: list[tuple[str, str, str, int]] = []
    try:
        with Session(engine) as session:
            prev = None
            for rec in audit.iter_chain(session):
                if prev is None:
                    if not (rec.after and unit_name in rec.after):
                        continue
                    after = json.loads(rec.after)
                    after["name"] = forged_name
                    rec.after = audit._dumps(after)
                elif not rehash_following:
                    break
                else:
                    rec.prev_hash = prev
                prev = entry_hash(rec.prev_hash, audit._hash_fields(rec))
                out.append((rec.after, rec.prev_hash, prev, rec.seq))
            session.rollback()  # nothing is written through the program's own session
    finally:
        engine.dispose()
    return out


def _tampered_backup(sqlite_office: Any, tmp_path: Path, *, rehash_following: bool) -> tuple[Path, Path, Any]:
    """A backup where a unit was renamed by hand and its audit entry edited to match, the
    edited entry re-hashed (and, if `rehash_following`, every later entry too, but the
    head kept in pr_desk_meta left as it was: the chain recomputed badly)."""
    db, admin = sqlite_office
    unit = units.add_unit(db, admin, name="سازمان اصلی", kind="organisation")
    units.add_unit(db, admin, name="سازمان بعدی", kind="organisation")
    backup = maintenance.backup(db, tmp_path / "b.sqlite", actor=admin)
    rewrites = _rehashed(backup, "سازمان اصلی", "سازمان جعلی", rehash_following=rehash_following)
    assert len(rewrites) == 1 or (rehash_following and len(rewrites) > 1)
    con = sqlite3.connect(backup)
    try:
        con.execute("UPDATE unit SET name = 'سازمان جعلی' WHERE name = 'سازمان اصلی'")
        con.executemany("UPDATE audit_record SET after = ?, prev_hash = ?, hash = ? WHERE seq = ?", rewrites)
        con.commit()
    finally:
        con.close()
    assert unit.name == "سازمان اصلی"
    target = Path(db.url.removeprefix("sqlite:///"))
    db.dispose()
    return backup, target, admin


@pytest.mark.parametrize("rehash_following", [False, True], ids=["edited-entry-rehashed", "tail-rehashed-head-kept"])
def test_a_backup_with_edited_data_and_a_badly_recomputed_chain_is_refused(sqlite_office, tmp_path: Path, rehash_following: bool) -> None:  # type: ignore[no-untyped-def]
    backup, target, admin = _tampered_backup(sqlite_office, tmp_path, rehash_following=rehash_following)
    before = _digest(target)
    with pytest.raises(UserError) as refused:
        maintenance.restore(backup, target, keep_folder=tmp_path / "kept", actor=admin)
    assert "audit trail" in refused.value.message
    # the edited entry itself passes as unaltered: the break is where the forger stopped
    expected = "the newest entries were removed" if rehash_following else "does not follow the entry before it"
    assert expected in refused.value.params["problem"], refused.value.params
    assert _digest(target) == before and not (tmp_path / "kept").exists()
