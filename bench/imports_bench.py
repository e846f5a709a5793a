"""Imports from Excel at scale (issue 20): PR Desk's import of a workbook against reading
the same workbook with openpyxl read-only plus a plain executemany of the same rows into
the same tables, each side in a fresh process on its own copy of the same fresh database.

(a) meetings: N meeting requests (N*0.8 citizens, two Jalali years), what
    `pr-desk import meetings FILE` runs: preview_meetings_file (read and check) then
    import_meetings (checked again, written all or nothing, audit trail included).
    Baseline: openpyxl read-only rows -> one executemany into citizen, one into meeting_request.
(b) units: N units (organisations), what `pr-desk import units FILE` runs. Baseline: the
    rows into unit by one executemany.
(c) directives: N issued directives of a register, each sent to two districts, what
    `pr-desk import directives FILE` runs. Baseline: one executemany each into directive,
    directive_version and directive_recipient.
(d) guests: N guests of one event, what `pr-desk import guests FILE --event CODE` runs.
    Baseline: one executemany into event_guest.
(e) users: N users, what `pr-desk import users FILE` runs: one Argon2 hash per user (on
    purpose), the rest in sets; its line also says how much of "ours" was the hashing.
    Baseline: the rows into app_user by one executemany, with no hash.

"Ours" runs what the command line runs: the file read once (`preview_*_file(...,
checked=False)`; a checkout whose preview has no `checked` reads and checks it, as the
command line did before), then the import (checked inside its write, written all or
nothing, audit trail included).

Time is wall clock and CPU time (user + system) of the whole side, from opening the
workbook to the commit (CPU time is the steadier figure on a loaded machine); peak memory
is the process's peak resident set (VmHWM), interpreter and imports included.
Run:
    .venv/bin/python bench/imports_bench.py [--meetings 100000] [--units 5000] [--directives 10000]
        [--guests 100000] [--users 200] [--tree DIR] [--pg URL]
(0 skips a case.) `--tree DIR` measures another checkout's pr_desk (e.g. the code before the change) as "ours".
`--pg URL` runs both sides on PostgreSQL databases created at that server (psycopg executemany).
"""

from __future__ import annotations

import argparse
import functools
import inspect
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
from typing import Any

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


DIRECTIVE_KIND = ("دستورالعمل", "د")
EVENT_CODE = "E1404-030"


def write_directives_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from pr_desk.spreadsheets.directives import DIRECTIVE_COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("directives")
    keys = [key for key, _label in DIRECTIVE_COLUMNS]
    ws.append(keys)
    for i in range(rows):
        year = 1403 if i % 2 else 1404
        values = {"number": f"{DIRECTIVE_KIND[1]}/{year}/{i + 1:05d}", "kind": DIRECTIVE_KIND[0], "title": f"دستورالعمل شماره {i + 1}",
                  "issuer": "معاونت روابط عمومی", "issued_on": f"{year}/{i % 6 + 1:02d}/{i % 28 + 1:02d}", "tags": "خبر، رسانه",
                  "body": f"ماده ۱ - متن دستورالعمل شماره {i + 1}.\nماده ۲ - اجرا از تاریخ ابلاغ.",
                  "recipients": f"D{i % 22 + 1:02d} D{(i + 7) % 22 + 1:02d}"}
        ws.append([values.get(key, "") for key in keys])
    wb.save(path)


def write_guests_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from pr_desk.spreadsheets.events import GUEST_COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("guests")
    keys = [key for key, _label in GUEST_COLUMNS]
    ws.append(keys)
    for i in range(rows):
        values = {"honorific": "جناب آقای" if i % 2 else "سرکار خانم", "full_name": f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i + 1}",
                  "title": "مدیر روابط عمومی", "organisation": f"سازمان شماره {i % 300 + 1}", "mobile": f"0912{i:07d}",
                  "rank": "معاون شهردار" if i % 50 == 0 else ""}
        ws.append([values.get(key, "") for key in keys])
    wb.save(path)


def write_users_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("users")
    ws.append(["username", "display_name", "role"])
    for i in range(rows):
        ws.append([f"clerk.{i + 1:05d}", f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}", "clerk"])
    wb.save(path)


WRITERS = {"meetings": write_meetings_workbook, "directives": write_directives_workbook, "guests": write_guests_workbook,
           "users": write_users_workbook}


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
    extra: dict[str, float] = {}

    def read(preview: Any) -> Any:
        """The file as the command line reads it: once, unchecked (checked, on a checkout without that)."""
        if "checked" in inspect.signature(preview).parameters:
            return preview(db, admin, file, checked=False).content
        return preview(db, admin, file).content

    if kind == "meetings":
        from pr_desk.services.meetings.importing import import_meetings, preview_meetings_file

        count = import_meetings(db, admin, read(preview_meetings_file)).requests_added
    elif kind == "units":
        from pr_desk.services.units import import_units, preview_units_file

        count = import_units(db, admin, read(preview_units_file)).added
    elif kind == "directives":
        from pr_desk.services.directives.importing import import_directives, preview_directives_file

        count = import_directives(db, admin, read(preview_directives_file)).directives_added
    elif kind == "guests":
        from pr_desk.services.events.importing import import_guests, preview_guests_file

        count = import_guests(db, admin, read(functools.partial(preview_guests_file, event_code=EVENT_CODE)),
                              event_code=EVENT_CODE).guests_added
    else:
        from pr_desk.services.users import import_users, preview_users_file

        hashing: list[float] = []

        def tick(done: int, total: int) -> None:  # told as each password is made: the hashing's end is the last tick
            if done == total:
                hashing.append(time.perf_counter())

        rows = read(preview_users_file)
        hashing_from = time.perf_counter()
        count = len(import_users(db, admin, rows, progress=tick))
        extra["hashing"] = hashing[-1] - hashing_from
    seconds = time.perf_counter() - start
    db.dispose()
    return {"seconds": seconds, "cpu": _cpu() - cpu, "peak_mb": _peak_mb(), "rows": count, **extra}


def baseline(kind: str, target: str, file: Path) -> dict[str, float]:
    import datetime as dt

    from openpyxl import load_workbook
    from sqlalchemy import create_engine, insert, select

    from pr_desk.data.directives.models import (
        Directive,
        DirectiveKind,
        DirectiveRecipient,
        DirectiveVersion,
    )
    from pr_desk.data.events.models import Event, Guest, ProtocolRank
    from pr_desk.data.meetings.models import Citizen, MeetingRequest, Official
    from pr_desk.data.models import Unit, User

    def blank(model: Any) -> dict[str, Any]:
        """Every column with its scalar default: what a plain executemany must give."""
        return {c.key: c.default.arg if c.default is not None and c.default.is_scalar else None for c in model.__table__.columns}

    engine = create_engine(target if "://" in target else f"sqlite:///{target}")
    start, cpu = time.perf_counter(), _cpu()
    wb = load_workbook(file, read_only=True, data_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
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
        elif kind == "directives":
            units = {code: uid for code, uid in con.execute(select(Unit.code, Unit.id))}
            kind_id = con.scalar(select(DirectiveKind.id).where(DirectiveKind.name == DIRECTIVE_KIND[0]))
            if kind_id is None:  # a new office's kinds are written by its first import
                kind_id = uuid.uuid4()
                con.execute(insert(DirectiveKind), [{**blank(DirectiveKind), **stamp, "id": kind_id, "code": "directive",
                                                     "name": DIRECTIVE_KIND[0], "prefix": DIRECTIVE_KIND[1], "sort_order": 0}])
            directives, versions, recipients = [], [], []
            base = (blank(Directive), blank(DirectiveVersion), blank(DirectiveRecipient))
            for r in rows:
                values = dict(zip(header, r, strict=False))
                did = uuid.uuid4()
                year, month, day = (int(p) for p in str(values["issued_on"]).split("/"))
                issued = dt.date(year + 621, month, day)  # near enough for a baseline
                directives.append({**base[0], **stamp, "id": did, "number": values["number"], "number_search": values["number"],
                                   "kind_id": kind_id, "title": values["title"], "title_search": values["title"],
                                   "tags": values["tags"] or "", "issuer": values["issuer"] or "", "status": "in_force",
                                   "issued_year": year, "current_version": 1})
                versions.append({**base[1], **stamp, "id": uuid.uuid4(), "directive_id": did, "number": 1, "status": "issued",
                                 "body": values["body"], "body_search": values["body"], "issued_on": issued,
                                 "effective_on": issued, "issued_at": now})
                recipients.extend({**base[2], **stamp, "id": uuid.uuid4(), "directive_id": did, "unit_id": units[code],
                                   "communicated_on": issued, "ack_due": issued} for code in str(values["recipients"]).split())
            con.execute(insert(Directive), directives)
            con.execute(insert(DirectiveVersion), versions)
            con.execute(insert(DirectiveRecipient), recipients)
            count = len(directives)
        elif kind == "guests":
            event_id = con.scalar(select(Event.id).where(Event.code == EVENT_CODE))
            rank_id = con.scalar(select(ProtocolRank.id).where(ProtocolRank.name == "معاون شهردار"))
            base_guest = blank(Guest)
            guests = []
            for r in rows:
                values = dict(zip(header, r, strict=False))
                guests.append({**base_guest, **stamp, "id": uuid.uuid4(), "event_id": event_id, "honorific": "mr",
                               "full_name": values["full_name"], "name_search": values["full_name"], "title": values["title"],
                               "organisation": values["organisation"], "mobile": values["mobile"],
                               "rank_id": rank_id if values["rank"] else None})
            con.execute(insert(Guest), guests)
            count = len(guests)
        elif kind == "users":
            base_user = blank(User)
            users = [{**base_user, **stamp, "id": uuid.uuid4(), "username": r[0], "display_name": r[1], "role": r[2],
                      "password_hash": "-", "must_change_password": True} for r in rows]
            con.execute(insert(User), users)
            count = len(users)
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
    """A fresh office: its administrator, the official the requests ask for, and the
    event the guests are invited to (imported as an office would, with its default lists)."""
    from pr_desk.services import meetings
    from pr_desk.services.setup import create_database

    db, admin = create_database(target, admin_username="admin", admin_display_name="مدیر", admin_password=PASSWORD)
    meetings.add_official(db, admin, name=OFFICIAL[0], title=OFFICIAL[1])
    try:
        from pr_desk.services.events import importing as events

        with tempfile.TemporaryDirectory() as tmp:
            from openpyxl import Workbook

            from pr_desk.spreadsheets.events import EVENT_COLUMNS

            path = Path(tmp) / "event.xlsx"
            wb = Workbook()
            wb.active.append([key for key, _label in EVENT_COLUMNS])
            event = {"code": EVENT_CODE, "type": "جشنواره", "title": "جشنواره مطبوعات", "start_on": "1404/05/16", "end_on": "1404/05/18"}
            wb.active.append([event.get(key, "") for key, _label in EVENT_COLUMNS])
            wb.save(path)
            events.import_events(db, admin, events.preview_events_file(db, admin, path).content)
        from pr_desk.services.events import guests

        seed = getattr(guests, "ensure_default_ranks", None)
        if seed is not None:
            seed(db, admin)
    except ImportError:  # a checkout without event planning
        pass
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
    parser.add_argument("--directives", type=int, default=10_000)
    parser.add_argument("--guests", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose pr_desk is measured as ours")
    parser.add_argument("--pg", default=None, help="a PostgreSQL server URL (postgresql+psycopg://...) to run both sides on")
    parser.add_argument("--side", choices=["ours", "baseline"])
    parser.add_argument("--kind", choices=["meetings", "units", "directives", "guests", "users"])
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
        for kind, rows in (("meetings", args.meetings), ("units", args.units), ("directives", args.directives),
                           ("guests", args.guests), ("users", args.users)):
            if not rows:
                continue
            file = work / f"{kind}.xlsx"
            WRITERS.get(kind, write_units_workbook)(file, rows)
            base = run_side("baseline", kind, fresh_database(template, work, f"{kind}_base", args.pg), file, args.tree)
            mine = run_side("ours", kind, fresh_database(template, work, f"{kind}_ours", args.pg), file, args.tree)
            label = f"{kind}, {rows:,} rows" + (" (PG)" if args.pg else "")
            print(f"{label:<28}{mine['seconds']:>9.1f}s{base['seconds']:>9.1f}s{mine['seconds'] / base['seconds']:>7.2f}x"
                  f"{mine['cpu']:>9.1f}s{base['cpu']:>9.1f}s{mine['cpu'] / base['cpu']:>7.2f}x"
                  f"{mine['peak_mb']:>8.0f}MB{base['peak_mb']:>9.0f}MB"
                  + (f"  (hashing {mine['hashing']:.1f}s of ours)" if "hashing" in mine else ""), flush=True)


if __name__ == "__main__":
    main()
