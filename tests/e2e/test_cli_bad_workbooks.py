"""`pr-desk import KIND` of a malformed workbook (a NUL or control character in a sheet's
XML, a tag cut short, a member that does not inflate, a truncated zip, a zip that is not a
workbook) ends with one clear line and exit 2, never "an unexpected problem" (exit 70)
with a traceback; nothing in the database changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.test_cli import ADMIN_PW, AS_BOSS, run
from tests.services.test_bad_workbooks import FLAWS, KINDS, bad_workbook


def _rows(db: str) -> dict[str, int]:
    """Rows per table, but the audit trail and the change log (a login writes to both)."""
    with sqlite3.connect(db) as con:
        tables = [name for (name,) in con.execute("select name from sqlite_master where type='table'")]
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables if t not in ("audit_record", "sync_change")}


def test_every_import_of_a_malformed_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    r = run("init", "--db", db, "--admin", "boss", "--name", "مدیر", "--password-stdin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    before = _rows(db)
    cases = [(kind, "nul") for kind in KINDS] + [("meetings", flaw) for flaw in FLAWS if flaw != "nul"]
    for kind, flaw in cases:
        path = bad_workbook(kind, flaw, tmp_path)
        r = run("import", kind, str(path), "--db", db, "--as", "boss", env=AS_BOSS)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1, (kind, flaw, r.returncode, r.stderr)
        assert path.name in lines[0] and "Traceback" not in r.stderr
    r = run("import", "meetings", str(bad_workbook("meetings", "control", tmp_path)), "--db", db, "--as", "boss", env=AS_BOSS, lang="en")
    assert r.returncode == 2 and "is damaged" in r.stderr and "nothing was imported" in r.stderr
    assert _rows(db) == before
