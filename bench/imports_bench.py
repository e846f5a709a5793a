"""Imports from Excel at scale (issue 20): PR Desk's import of a workbook against reading
the same workbook with openpyxl read-only plus a plain executemany of the same rows into
the same tables, each side in a fresh process on its own copy of the same fresh database.

(a) meetings: N meeting requests (N*0.8 citizens, two Jalali years), what
    `pr-desk import meetings FILE` runs: preview_meetings_file (read and check) then
    import_meetings (checked again, written all or nothing, audit trail included).
    Baseline: openpyxl read-only rows -> one executemany into citizen, one into meeting_request.
(b) units: N units (organisations), what `pr-desk import units FILE` runs. Baseline: the
    rows into unit by one executemany.

Time is wall clock and CPU time (user + system) of the whole side, from opening the
workbook to the commit (CPU time is the steadier figure on a loaded machine); peak memory
is the process's peak resident set (VmHWM), interpreter and imports included.
Run:
    .venv/bin/python bench/imports_bench.py [--meetings 100000] [--units 5000] [--tree DIR] [--pg URL]
`--tree DIR` measures another checkout's pr_desk (e.g. the code before the change) as "ours".
`--pg URL` runs both sides on PostgreSQL databases created at that server (psycopg executemany).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["محمد", "علی", "حسین", "رضا", "فاطمه", "زهرا", "مریم", "سارا", "امیر", "الهام"]
LAST = ["محمدی", "احمدی", "حسینی", "رضایی", "موسوی", "کریمی", "هاشمی", "جعفری", "صادقی", "قاسمی"]
OFFICIAL = ("علیرضا زاکانی", "شهردار تهران")
PASSWORD = "bench-pass-1405"
CREATED: list[str] = []  # PostgreSQL databases made by this run


def national_code(n: int) -> str:
    from pr_desk.domain.national_code import national_code_check_digit

    first = f"{(n * 7919) % 1_000_000_000:09d}"
    return first + str(national_code_check_digit(first))


def write_meetings_workbook(path: Path, rows: int, seed: int = 1405) -> None:
    from openpyxl import Workbook

    from pr_desk.spreadsheets.meetings import MEETING_COLUMNS

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("requests")
    ws.append([key for key, _label in MEETING_COLUMNS])
    citizens = max(1, int(rows * 0.8))
    for i in range(rows):
        who = rng.randrange(citizens)
        year = 1403 if i % 2 else 1404
        ws.append([national_code(who + 1), FIRST[who % len(FIRST)], LAST[(who // 10) % len(LAST)], f"0912{who % 10_000_000:07d}",
                   str(who % 22 + 1), OFFICIAL[1], "", "", f"درخواست شماره {i} درباره وضعیت معابر محله",
                   f"{year}/{rng.randint(1, 6):02d}/{rng.randint(1, 28):02d}", "", ""])
    wb.save(path)


def write_units_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from pr_desk.spreadsheets.units import UNIT_COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("units")
    keys = [key for key, _label in UNIT_COLUMNS]
    ws.append(keys)
    for i in range(rows):
        values = {"code": f"ORG-{i + 1:05d}", "name": f"سازمان شماره {i + 1}", "kind": "organisation", "district": "", "notes": ""}
        ws.append([values.get(key, "") for key in keys])
    wb.save(path)


# --- one side, in its own process ------------------------------------------------------------

def _peak_mb() -> float:
    """The process's peak resident set (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def ours(kind: str, target: str, file: Path) -> dict[str, float]:
    from pr_desk.data.schema import open_database
    from pr_desk.services.auth import login

    db, _inspection = open_database(target)
    admin = login(db, "admin", PASSWORD)
    start, cpu = time.perf_counter(), _cpu()
    if kind == "meetings":
        from pr_desk.services.meetings.importing import import_meetings, preview_meetings_file

        result = import_meetings(db, admin, preview_meetings_file(db, admin, file).content)
        count = result.requests_added
    else:
        from pr_desk.services.units import import_units, preview_units_file

        result = import_units(db, admin, preview_units_file(db, admin, file).content)
        count = result.added
    seconds = time.perf_counter() - start
    db.dispose()
    return {"seconds": seconds, "cpu": _cpu() - cpu, "peak_mb": _peak_mb(), "rows": count}


def baseline(kind: str, target: str, file: Path) -> dict[str, float]:
    import datetime as dt

    from openpyxl import load_workbook
    from sqlalchemy import create_engine, insert, select

    from pr_desk.data.meetings.models import Citizen, MeetingRequest, Official
    from pr_desk.data.models import Unit

    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    start, cpu = time.perf_counter(), _cpu()
    wb = load_workbook(file, read_only=True, data_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    next(rows)
    now = dt.datetime.now(dt.UTC)
    stamp = {"created_at": now, "updated_at": now, "version": 1}
    with engine.begin() as con:
        if kind == "meetings":
            official = con.scalar(select(Official.id))
            citizens: dict[str, uuid.UUID] = {}
            citizen_rows, request_rows = [], []
            for i, r in enumerate(rows):
                code = str(r[0])
                if code not in citizens:
                    citizens[code] = uuid.uuid4()
                    citizen_rows.append({**stamp, "id": citizens[code], "national_code": code, "first_name": r[1], "last_name": r[2],
                                         "name_search": f"{r[1]} {r[2]}", "last_name_search": r[2], "mobile": r[3],
                                         "district": int(r[4]), "priority_group": "none", "priority_note": "", "notes": ""})
                request_rows.append({**stamp, "id": uuid.uuid4(), "tracking_code": f"B{i:09d}", "citizen_id": citizens[code],
                                     "official_id": official, "subject_category": "other", "channel": "in_person",
                                     "description": r[8], "description_search": r[8], "status": "waiting", "district": int(r[4]),
                                     "priority_group": "none", "priority_note": "", "queue_rank": 0, "queue_key": i,
                                     "queue_moved": False, "registered_at": now, "registered_on": now.date(), "no_show_count": 0,
                                     "result": "", "reopen_reason": "", "cancel_reason": ""})
            con.execute(insert(Citizen), citizen_rows)
            con.execute(insert(MeetingRequest), request_rows)
            count = len(request_rows)
        else:
            unit_rows = [{**stamp, "id": uuid.uuid4(), "code": r[0], "name": r[1], "name_search": r[1], "kind": "organisation",
                          "district": None, "notes": ""} for r in rows]
            con.execute(insert(Unit), unit_rows)
            count = len(unit_rows)
    wb.close()
    seconds = time.perf_counter() - start
    engine.dispose()
    return {"seconds": seconds, "cpu": _cpu() - cpu, "peak_mb": _peak_mb(), "rows": count}


# --- the runner ------------------------------------------------------------------------------

def fresh_database(template: Path | None, work: Path, name: str, pg: str | None) -> str:
    """A copy of the fresh office (SQLite), or a new PostgreSQL database built the same way."""
    if pg is None:
        assert template is not None
        target = work / f"{name}.sqlite"
        shutil.copy(template, target)
        return str(target)
    from sqlalchemy import create_engine, text

    db_name = f"bench_imports_{name}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(pg, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(text(f'CREATE DATABASE "{db_name}"'))
    engine.dispose()
    CREATED.append(db_name)
    url = pg.rsplit("/", 1)[0] + "/" + db_name
    _initialise(url)
    return url


def drop_created(pg: str) -> None:
    """The bench's PostgreSQL databases dropped again."""
    from sqlalchemy import create_engine, text

    engine = create_engine(pg, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        for name in CREATED:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    engine.dispose()


def _initialise(target: str) -> None:
    from pr_desk.services import meetings
    from pr_desk.services.setup import create_database

    db, admin = create_database(target, admin_username="admin", admin_display_name="مدیر", admin_password=PASSWORD)
    meetings.add_official(db, admin, name=OFFICIAL[0], title=OFFICIAL[1])
    db.dispose()


def run_side(side: str, kind: str, url: str, file: Path, tree: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--side", side, "--kind", kind, "--url", url, "--file", str(file),
                          "--tree", str(tree)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{side} {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose pr_desk is measured as ours")
    parser.add_argument("--pg", default=None, help="a PostgreSQL server URL (postgresql+psycopg://...) to run both sides on")
    parser.add_argument("--side", choices=["ours", "baseline"])
    parser.add_argument("--kind", choices=["meetings", "units"])
    parser.add_argument("--url")
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree))
    if args.side:
        fn = ours if args.side == "ours" else baseline
        print(json.dumps(fn(args.kind, args.url, args.file)))
        return
    try:
        _run(args)
    finally:
        if args.pg:
            drop_created(args.pg)


def _run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = None
        if args.pg is None:
            template = work / "fresh.sqlite"
            _initialise(str(template))
        print(f"{'case':<28}{'ours':>10}{'baseline':>10}{'ratio':>8}{'ours cpu':>10}{'base cpu':>10}{'ratio':>8}"
              f"{'our peak':>10}{'base peak':>11}")
        for kind, rows in (("meetings", args.meetings), ("units", args.units)):
            if not rows:
                continue
            file = work / f"{kind}.xlsx"
            (write_meetings_workbook if kind == "meetings" else write_units_workbook)(file, rows)
            base = run_side("baseline", kind, fresh_database(template, work, f"{kind}_base", args.pg), file, args.tree)
            mine = run_side("ours", kind, fresh_database(template, work, f"{kind}_ours", args.pg), file, args.tree)
            label = f"{kind}, {rows:,} rows" + (" (PG)" if args.pg else "")
            print(f"{label:<28}{mine['seconds']:>9.1f}s{base['seconds']:>9.1f}s{mine['seconds'] / base['seconds']:>7.2f}x"
                  f"{mine['cpu']:>9.1f}s{base['cpu']:>9.1f}s{mine['cpu'] / base['cpu']:>7.2f}x"
                  f"{mine['peak_mb']:>8.0f}MB{base['peak_mb']:>9.0f}MB", flush=True)


if __name__ == "__main__":
    main()
