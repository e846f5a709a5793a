"""The directive register at scale: N directives in force, each sent to 50 units
(10,000 x 50 = 500,000 distribution rows by default), through the services against the
same queries in raw SQL (sqlite3), in the same run on the same file.

(a) the distribution matrix's first page: services.directives.matrix(offset 0, limit 50)
    vs the page of directives, their count, and their recipient rows in plain SELECTs;
(b) one unit's pending list: services.directives.pending_for_unit vs the same join in SQL.

The fixture: the schema from the migrations (create_database), the kinds and the 46 units
through the services, directives, versions and recipients by raw bulk INSERTs.
Run:
    .venv/bin/python bench/directives_bench.py [--directives 10000] [--per 50] [--repeat 7] [--rounds 5] [--db F]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = ["پوشش خبری", "شبکه‌های اجتماعی", "روابط عمومی الکترونیک", "برگزاری مناسبت‌ها", "پاسخگویی به شکایات",
          "تبلیغات محیطی", "افکارسنجی", "نشریات داخلی", "ارتباط با رسانه‌ها", "هویت بصری"]


def build(path: Path, directives: int, per: int, seed: int = 1405) -> float:
    from pr_desk.domain.jalali import office_today
    from pr_desk.domain.text import search_key
    from pr_desk.services import directives as dv
    from pr_desk.services import units
    from pr_desk.services.setup import create_database

    start = time.perf_counter()
    db, admin = create_database(str(path), admin_username="admin", admin_display_name="مدیر", admin_password="bench-pass-1405")
    kinds = dv.ensure_default_kinds(db, admin)
    for i in range(24):
        units.add_unit(db, admin, name=f"سازمان نمونه {i + 1}", kind="organisation")
    unit_ids = [u.id.hex for u in units.list_units(db, admin)]
    db.dispose()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    # loaded as an office holds it after years of work: its sync change log pruned, so
    # the capture triggers of the directive tables (which sync since 0008) are held off
    con.execute("UPDATE sync_ctx SET applying = 1 WHERE id = 1")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    admin_id = admin.user_id.hex
    today = office_today()
    d_rows, v_rows, r_rows = [], [], []
    for i in range(directives):
        did = uuid.UUID(int=(0xD << 124) + i).hex
        kind = kinds[i % len(kinds)]
        year = 1400 + i * 6 // max(1, directives)
        number = f"{kind.prefix}/{year}/{i + 1:05d}"
        title = f"دستورالعمل {rng.choice(TOPICS)} شماره {i + 1}"
        issued = today - dt.timedelta(days=rng.randint(1, 2000))
        d_rows.append((did, now, now, admin_id, admin_id, 1, None, number, search_key(number), kind.id.hex, title, search_key(title),
                       "", "معاونت روابط عمومی", "in_force", year, 1, None, None))
        v_rows.append((uuid.UUID(int=(0xE << 124) + i).hex, now, now, admin_id, admin_id, 1, None, did, 1, "issued",
                       "متن دستورالعمل", "", "", issued.isoformat(), issued.isoformat(), issued.isoformat(), None, "", ))
        for j, unit in enumerate(rng.sample(unit_ids, min(per, len(unit_ids)))):
            acked = rng.random() < 0.7
            due = issued + dt.timedelta(days=7)
            r_rows.append((uuid.UUID(int=(0xF << 124) + i * 100 + j).hex, now, now, admin_id, admin_id, 1, None, did, unit,
                           issued.isoformat(), due.isoformat(), None, 1 if acked else None,
                           (issued + dt.timedelta(days=rng.randint(0, 12))).isoformat() if acked else None,
                           "مسئول" if acked else "", "", None, "", None, "", None, "", None, None))
    con.executemany("INSERT INTO directive (id, created_at, updated_at, created_by, updated_by, version, deleted_at, number, "
                    "number_search, kind_id, title, title_search, tags, issuer, status, issued_year, current_version, ended_on, "
                    "ended_by_id) VALUES (" + ",".join("?" * 19) + ")", d_rows)
    con.executemany("INSERT INTO directive_version (id, created_at, updated_at, created_by, updated_by, version, deleted_at, "
                    "directive_id, number, status, body, body_search, change_note, approved_on, issued_on, effective_on, "
                    "expires_on, return_reason) VALUES (" + ",".join("?" * 18) + ")", v_rows)
    con.executemany("INSERT INTO directive_recipient (id, created_at, updated_at, created_by, updated_by, version, deleted_at, "
                    "directive_id, unit_id, communicated_on, ack_due, impl_due, acknowledged_version, acknowledged_on, "
                    "acknowledged_by, acknowledged_post, implemented_on, implementation_note, evidence_sha256, evidence_name, "
                    "verdict, verdict_reason, verdict_on, verdict_by) VALUES (" + ",".join("?" * 24) + ")", r_rows)
    con.execute("UPDATE sync_ctx SET applying = 0 WHERE id = 1")
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - start


def raw_matrix(con: sqlite3.Connection) -> int:
    page = con.execute(
        "SELECT d.id, d.number, d.title, d.current_version, k.name FROM directive d JOIN directive_kind k ON k.id = d.kind_id "
        "WHERE d.deleted_at IS NULL AND d.status = 'in_force' "
        "ORDER BY d.issued_year DESC, d.number_search DESC, d.created_at DESC, d.id LIMIT 50").fetchall()
    con.execute("SELECT count(*) FROM directive d JOIN directive_kind k ON k.id = d.kind_id "
                "WHERE d.deleted_at IS NULL AND d.status = 'in_force'").fetchone()
    ids = [r[0] for r in page]
    marks = ",".join("?" * len(ids))
    cells = con.execute(f"SELECT directive_id, unit_id, acknowledged_version, ack_due, implemented_on, impl_due, verdict "
                        f"FROM directive_recipient WHERE deleted_at IS NULL AND directive_id IN ({marks})", ids).fetchall()
    return len(cells)


def raw_pending(con: sqlite3.Connection, unit: str) -> int:
    return len(con.execute(
        "SELECT r.*, d.number, d.title, d.current_version FROM directive_recipient r JOIN directive d ON d.id = r.directive_id "
        "WHERE r.unit_id = ? AND r.deleted_at IS NULL AND d.deleted_at IS NULL AND d.status = 'in_force' "
        "AND (r.verdict IS NULL OR r.verdict != 'accepted') ORDER BY r.ack_due, d.number_search, r.id LIMIT 200",
        (unit,)).fetchall())


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    return timed_both(fn, repeat)[0]


def timed_both(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(median wall time, median CPU time of this process) of `repeat` calls after a warm
    one. The CPU time counts SQLite's C code too (same process) and is what a loaded
    2-core machine hardly moves; the wall clock is what a person waits."""
    fn()  # warm
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - t)
    return statistics.median(walls), statistics.median(cpus)


def compare(label: str, ours_fn, base_fn, repeat: int, rounds: int) -> None:  # type: ignore[no-untyped-def]
    """`rounds` alternating rounds of ours and the raw SQL, each the median of `repeat`;
    then the median over the rounds of each figure and of each round's ratio."""
    import os

    rows = []
    for _ in range(rounds):
        ours, base = timed_both(ours_fn, repeat), timed_both(base_fn, repeat)
        rows.append((ours, base))
        print(f"  {label}: PR Desk {ours[0] * 1000:.1f} ms ({ours[1] * 1000:.1f} ms CPU), raw SQL {base[0] * 1000:.1f} ms "
              f"({base[1] * 1000:.1f} ms CPU): {ours[0] / base[0]:.2f}x wall, {ours[1] / base[1]:.2f}x CPU", flush=True)
    med = statistics.median
    wall = med(r[0][0] / r[1][0] for r in rows)
    cpu = med(r[0][1] / r[1][1] for r in rows)
    print(f"{label}: median of {rounds} rounds: PR Desk {med(r[0][0] for r in rows) * 1000:.1f} ms "
          f"({med(r[0][1] for r in rows) * 1000:.1f} ms CPU), raw SQL {med(r[1][0] for r in rows) * 1000:.1f} ms "
          f"({med(r[1][1] for r in rows) * 1000:.1f} ms CPU); ratio {wall:.2f}x wall, {cpu:.2f}x CPU "
          f"(aims: < 100 ms, <= 2x; load average {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--directives", type=int, default=10_000)
    parser.add_argument("--per", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of ours and raw SQL (median of their ratios)")
    parser.add_argument("--heap", action="store_true", help="the compliance Excel's Python heap peak too (tracemalloc: slow)")
    parser.add_argument("--db", help="an existing bench database (kept), built there first if missing")
    args = parser.parse_args()
    from pr_desk.services import auth
    from pr_desk.services import directives as dv
    from pr_desk.services.setup import open_or_create

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "directives.sqlite"
        if not path.exists():
            seconds = build(path, args.directives, args.per)
            print(f"built {args.directives} directives x {args.per} units in {seconds:.1f} s", flush=True)
        opened = open_or_create(str(path), create=False)
        admin = auth.login(opened.db, "admin", "bench-pass-1405")
        con = sqlite3.connect(path)
        unit = con.execute("SELECT unit_id FROM directive_recipient GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        unit_id = uuid.UUID(hex=unit)
        compare("matrix first page", lambda: dv.matrix(opened.db, admin, limit=50), lambda: raw_matrix(con), args.repeat,
                args.rounds)
        count = raw_pending(con, unit)
        compare(f"a unit's pending list (first page of {count} rows)", lambda: dv.pending_for_unit(opened.db, admin, unit_id),
                lambda: raw_pending(con, unit), args.repeat, args.rounds)
        con.close()
        opened.db.dispose()
        print(compliance_memory(path, args.heap), flush=True)


COMPLIANCE_CHILD = r"""
import resource, sys, time, tracemalloc
from pathlib import Path
from pr_desk.i18n import set_language
from pr_desk.services import auth, report_catalog
from pr_desk.services.setup import open_or_create
set_language("fa")
opened = open_or_create(sys.argv[1], create=False)
admin = auth.login(opened.db, "admin", "bench-pass-1405")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
heap = sys.argv[3] == "heap"  # tracemalloc slows the report several times: its time is then no figure
if heap:
    tracemalloc.start()
t, c = time.perf_counter(), time.process_time()
report_catalog.build_report("directive-compliance", {"db": opened.db, "actor": admin, "year": "all"}, Path(sys.argv[2]))
seconds, cpu = time.perf_counter() - t, time.process_time() - c
peak = tracemalloc.get_traced_memory()[1] / 2**20 if heap else None
tracemalloc.stop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
size = Path(sys.argv[2]).stat().st_size / 2**20
print(f"compliance Excel, every year (all directives x units): {seconds:.1f} s ({cpu:.1f} s CPU), {size:.1f} MB file, "
      + (f"Python heap peak {peak:.0f} MB (tracemalloc on: the time is no figure), " if heap else "")
      + f"peak resident {rss:.0f} MB ({before:.0f} MB before the report; aim < 200 MB)")
"""


def compliance_memory(path: Path, heap: bool = False) -> str:
    """The compliance Excel of every directive, in a fresh process: its time and peak
    memory (with `heap`, also the Python heap's peak by tracemalloc, which slows it)."""
    import os
    import subprocess

    out = path.with_name("compliance.xlsx")
    done = subprocess.run([sys.executable, "-c", COMPLIANCE_CHILD, str(path), str(out), "heap" if heap else "-"], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PR_DESK_HOME=str(path.parent / "home"), PYTHONPATH=str(ROOT)))
    return done.stdout.strip() or done.stderr[-2000:]


if __name__ == "__main__":
    main()
