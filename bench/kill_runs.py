"""`kill -9` at random moments during every kind of long write (issue 19): each import
kind (units, users, meetings, directives, events, guests, the evaluation form), the
demo, a backup, a restore and an upgrade, each run as `pr-desk` in its own process on a
SQLite file and killed with SIGKILL after a random delay between 0 and the length of a
complete run; after every kill:

- integrity: the file (and any backup written) opens as the app opens it and
  `maintenance.check` (integrity_check, schema at head, audit chain) finds nothing;
- all or nothing: the rows of every table the complete run changes (audit records
  left out: a login is audited) count exactly as before the run or exactly as after a
  complete one; a demo is absent or complete; a backup file is absent or a complete copy;
  a restore leaves the old data or the backup's; an upgrade leaves the old revision or the
  new one, with the same data.

Each kind is set up once (an office with what the import needs and a workbook of a few
hundred to a few thousand rows, built from the import's own template), then run once to
completion to learn the "after" counts and the run's length. Run:

    .venv/bin/python bench/kill_runs.py [--runs 100] [--seed 19] [--kinds meetings,demo,...]

tests/e2e/test_kill_runs.py runs a dozen of them (one per kind) in the suite (slow)."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "admin-pass-1405"
KINDS = ["units", "users", "meetings", "directives", "events", "guests", "evaluation", "demo", "backup", "restore", "upgrade"]
MAX_DELAY = 40.0  # a demo takes minutes: its kills land in its first 40 s (the build; the move is atomic)
# A login writes the first two (last login, its audit entry); search_* is the derived search
# index (its dirty marks are cleared by whoever reads it next).
IGNORED = {"audit_record", "app_user", "sqlite_sequence", "search_dirty", "search_entry"}


def cli(*args: str, home: Path) -> list[str]:
    return [sys.executable, "-m", "pr_desk.start", *args, "--lang", "fa"]


def env(home: Path) -> dict[str, str]:
    return dict(os.environ, PR_DESK_HOME=str(home), PR_DESK_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")


def counts(path: Path) -> dict[str, int]:
    """Rows of every table of a SQLite file (opened read-write, so a WAL left by a killed
    writer is rolled back or forward as SQLite does)."""
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names
                if not n.startswith("search_entry_")}
    finally:
        con.close()


def revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def sound(path: Path) -> list[str]:
    """What `pr-desk check` would find, through the services (integrity, schema, chain)."""
    from pr_desk.services.maintenance import check
    from pr_desk.services.setup import open_or_create

    opened = open_or_create(str(path), create=False)
    try:
        report = check(opened.db)
        return [] if report.ok else [str(p) for p in report.problems]
    finally:
        opened.db.dispose()


@dataclass
class Case:
    kind: str
    folder: Path
    base: Path  # the database before the run (copied for each run)
    argv: Callable[[Path, Path], list[str]]  # (database, scratch folder) -> command line
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)


# --- set-up of each kind ---------------------------------------------------------------

def _office(folder: Path) -> tuple[Path, object, object]:
    from pr_desk.services.setup import create_database

    path = folder / "office.sqlite"
    db, admin = create_database(str(path), admin_username="admin", admin_display_name="مدیر سامانه", admin_password=PASSWORD)
    return path, db, admin


def _book(template: Path, rows: list[list[object]], out: Path) -> Path:
    from openpyxl import load_workbook

    book = load_workbook(template)
    ws = book.worksheets[0]
    ws.delete_rows(2, ws.max_row)
    for r in rows:
        ws.append(r)
    book.save(out)
    return out


def _code(n: int) -> str:
    from pr_desk.domain.national_code import national_code_check_digit

    first = f"{n:09d}"
    return first + str(national_code_check_digit(first))


def setup(kind: str, folder: Path, scale: float = 1.0) -> Case:
    """An office ready for `kind` and the command that does the long write."""
    from pr_desk.i18n import set_language

    set_language("fa")
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PR_DESK_HOME"] = str(folder / "home")
    home = folder / "home"
    if kind == "demo":
        return Case(kind, folder, folder / "none.sqlite", lambda db, tmp: cli("demo", "--db", str(db), home=home))
    path, db, admin = _office(folder)
    work = folder / "in.xlsx"
    try:
        if kind == "units":
            from pr_desk.services import units
            _book(units.save_units_template(folder / "t.xlsx"),
                  [[f"ORG-{1000 + i}", f"سازمان شماره {i}", "سازمان وابسته", "", ""] for i in range(max(2, int(1500 * scale)))], work)
        elif kind == "users":
            from pr_desk.services import users
            _book(users.save_users_template(folder / "t.xlsx"), [[f"user{i:04d}", f"کاربر {i}", "کارشناس"] for i in range(max(2, int(10 * scale)))], work)
        elif kind in ("meetings", "upgrade", "backup", "restore"):
            from pr_desk.services.meetings import importing, requests
            requests.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
            _book(importing.save_meetings_template(folder / "t.xlsx"),
                  [[_code(100_000 + i), "مریم", "احمدی", "", str(1 + i % 22), "شهردار تهران", "", "", "درخواست دیدار",
                    "1405/09/01", "", ""] for i in range(max(2, int(3000 * scale)))], work)
        elif kind == "directives":
            from pr_desk.services.directives import importing
            _book(importing.save_directives_template(folder / "t.xlsx"),
                  [[f"د/1403/{i + 1:04d}", "دستورالعمل", f"دستورالعمل شماره {i}", "معاونت روابط عمومی", "", "1403/05/03", "",
                    "", "", "ماده ۱", "D01, D02, D03"] for i in range(max(2, int(300 * scale)))], work)
        elif kind in ("events", "guests"):
            from pr_desk.domain.event_imports import EventImportRow
            from pr_desk.services.events import catalogue, checklists, guests, importing
            # An office in use has its default event types, ranks and checklists: a new
            # one's first events preview seeds them in a transaction of their own.
            catalogue.ensure_default_types(db, admin)
            guests.ensure_default_ranks(db, admin)
            checklists.ensure_default_checklists(db, admin)
            if kind == "events":
                _book(importing.save_events_template(folder / "t.xlsx"),
                      [["", "جشن", f"جشن شماره {i}", "", f"1405/{1 + i % 12:02d}/{1 + i % 28:02d}", "", "", "", "", "", ""]
                       for i in range(max(2, int(1500 * scale)))], work)
            else:
                code = importing.import_events(db, admin, [EventImportRow(2, "", "جشن", "جشن بزرگ", "", "1405/07/14")]).codes[0]
                _book(importing.save_guests_template(folder / "t.xlsx"),
                      [["جناب آقای", f"مهمان شماره {i}", "", "", "", "", "", ""] for i in range(max(2, int(1500 * scale)))], work)
                event_code = code
        elif kind == "evaluation":
            from openpyxl import load_workbook

            from pr_desk.services import evaluation as ev
            from pr_desk.services import units
            from pr_desk.spreadsheets.evaluation import write_form_sheet
            period = ev.open_period(db, admin, kind="quarter", year=1404, number=3)
            unit = units.list_units(db, admin)[0]
            write_form_sheet(ev.form_sheet(db, admin, unit=unit.code, period=period.code), work)
            book = load_workbook(work)
            ws = book.worksheets[0]
            for row in ws.iter_rows():
                for c in row:
                    if c.column == 4 and c.row > 8 and c.value is None and type(c).__name__ == "Cell":
                        c.value = 1
            book.save(work)
    finally:
        db.dispose()  # type: ignore[attr-defined]
    if kind == "restore":
        shutil.copy(path, folder / "older.sqlite")  # the backup: the office before the requests
    if kind in ("backup", "restore", "upgrade"):
        # A database with a few thousand requests in it, so these take a while.
        subprocess.run(cli("import", "meetings", str(work), "--db", str(path), "--as", "admin", home=home), env=env(home),
                       check=True, capture_output=True)
    base = folder / "base.sqlite"
    shutil.copy(path, base)
    if kind == "backup":
        return Case(kind, folder, base, lambda db, tmp: cli("backup", "--db", str(db), "--as", "admin", "--out", str(tmp / "b.sqlite"), home=home))
    if kind == "restore":
        # The run restores the office as it was before the requests over the full one.
        older = folder / "older.sqlite"
        return Case(kind, folder, base, lambda db, tmp: cli("restore", str(older), "--db", str(db), "--as", "admin", home=home),
                    extra={"backup": older})
    if kind == "upgrade":
        from alembic import command
        from sqlalchemy import create_engine

        from pr_desk.data.schema import alembic_config
        engine = create_engine(f"sqlite:///{base}")
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "-1")
        engine.dispose()
        return Case(kind, folder, base, lambda db, tmp: cli("check", "--db", str(db), home=home))
    if kind == "guests":
        return Case(kind, folder, base, lambda db, tmp: cli("import", "guests", str(work), "--event", event_code, "--db", str(db),
                                                            "--as", "admin", home=home))
    return Case(kind, folder, base, lambda db, tmp: cli("import", kind, str(work), "--db", str(db), "--as", "admin", home=home))


# --- one run -----------------------------------------------------------------------------

def _fresh(case: Case, n: int) -> tuple[Path, Path]:
    tmp = case.folder / f"run{n}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    db = tmp / "office.sqlite"
    if case.kind != "demo":
        shutil.copy(case.base, db)
    return db, tmp


def learn(case: Case) -> None:
    """A complete run: its length and the counts it leaves."""
    db, tmp = _fresh(case, 0)
    home = case.folder / "home"
    case.before = counts(db) if db.exists() else {}
    started = time.perf_counter()
    done = subprocess.run(case.argv(db, tmp), env=env(home), capture_output=True, text=True, cwd=ROOT)
    case.seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{case.kind}: the complete run failed: {done.stderr[-2000:]}")
    if case.kind == "backup":
        case.after = counts(tmp / "b.sqlite")
    elif case.kind == "restore":
        case.after = counts(db)
    else:
        case.after = counts(db)
    if case.kind == "upgrade":
        case.extra["revisions"] = (revision(case.base), revision(db))


def _same(found: dict[str, int], expected: dict[str, int], tables: set[str]) -> bool:
    return all(found.get(t, 0) == expected.get(t, 0) for t in tables)


def kill_run(case: Case, n: int, delay: float) -> str:
    """Runs the write, kills it `delay` seconds in, and returns "before", "after" or
    "finished"; raises AssertionError when the database is damaged or half-written."""
    db, tmp = _fresh(case, n)
    home = case.folder / "home"
    child = subprocess.Popen(case.argv(db, tmp), env=env(home), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        child.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
        finished = False
    changed = {t for t in set(case.before) | set(case.after)
               if case.before.get(t, 0) != case.after.get(t, 0) and not t.startswith("search")} - IGNORED
    where = f"{case.kind} run {n}, killed at {delay:.2f} s"
    if case.kind == "demo":
        if not db.exists():
            return "finished" if finished else "before"
        problems = sound(db)
        assert not problems, f"{where}: {problems}"
        assert _same(counts(db), case.after, set(case.after) - IGNORED), f"{where}: a half-built demo"
        return "finished" if finished else "after"
    if case.kind == "backup":
        out = tmp / "b.sqlite"
        problems = sound(db)
        assert not problems, f"{where}: the office: {problems}"
        assert _same(counts(db), case.before, set(case.before) - IGNORED), f"{where}: the office changed"
        if not out.exists():
            return "finished" if finished else "before"
        problems = sound(out)
        assert not problems, f"{where}: the backup: {problems}"
        assert _same(counts(out), case.after, set(case.after) - IGNORED), f"{where}: a partial backup"
        return "finished" if finished else "after"
    if case.kind == "upgrade":
        old, new = case.extra["revisions"]  # type: ignore[misc]
        left = revision(db)
        assert left in (old, new), f"{where}: at revision {left}"
    problems = sound(db)
    assert not problems, f"{where}: {problems}"
    found = counts(db)
    if case.kind == "upgrade":
        # sound() opened it as the app does, so it is at head now, with the same data.
        assert _same(found, case.before, set(case.before) - IGNORED - {"alembic_version"} - {t for t in found if t.startswith("search")}), \
            f"{where}: data changed"
        return "finished" if finished else ("before" if left == old else "after")
    if _same(found, case.before, changed):
        assert not finished, f"{where}: it finished but wrote nothing"
        return "before"
    assert _same(found, case.after, changed), f"{where}: half-written: {({t: found.get(t) for t in changed})}"
    return "finished" if finished else "after"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="kill-runs-"))
    started = time.perf_counter()
    tally: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    try:
        cases = {}
        for kind in kinds:
            t = time.perf_counter()
            case = setup(kind, scratch / kind)
            learn(case)
            cases[kind] = case
            print(f"{kind}: set up in {time.perf_counter() - t:.1f} s, a complete run takes {case.seconds:.1f} s", flush=True)
        for n in range(1, args.runs + 1):
            kind = kinds[(n - 1) % len(kinds)]
            case = cases[kind]
            delay = rng.uniform(0.05, min(case.seconds * 1.05, MAX_DELAY))
            try:
                outcome = kill_run(case, n, delay)
            except AssertionError as exc:
                outcome = "FAILED"
                failures.append(str(exc))
                print(f"  FAILED: {exc}", flush=True)
            tally.setdefault(kind, {}).setdefault(outcome, 0)
            tally[kind][outcome] += 1
            shutil.rmtree(case.folder / f"run{n}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{args.runs} runs in {time.perf_counter() - started:.0f} s, {len(failures)} failed")
    for kind, seen in tally.items():
        print(f"  {kind:<11} " + ", ".join(f"{k} {v}" for k, v in sorted(seen.items())))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
