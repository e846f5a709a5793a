"""Importing a field copy's return package at the office, through the services, against
applying the same rows with plain SQL from the attached field database, in the same run
on copies of the same office file (the office's capture triggers fire in both).

(a) new records: the field copy adds N field visits (one bulk INSERT, captured by its
    triggers); PR Desk: preview_import + apply_import (every check, the merge, an audit
    entry per record, the conflict queue) vs `INSERT INTO main.t SELECT ... FROM field.t`.
(b) changed records: the field copy then changes the findings of all N visits; PR Desk
    imports the second package vs `UPDATE main.t SET ... FROM field.t`.

The automatic backup the service takes before an import is timed on its own (it is a
copy of the file: its cost grows with the database, not with the package).

With --pg URL the office is a new PostgreSQL database on that server (dropped at the
end) and the plain SQL reads the field rows from the field copy, COPYs them into a
temporary table and runs the same INSERT … SELECT / UPDATE … FROM on a copy of the office
database (CREATE DATABASE … TEMPLATE); the CPU time then also counts the server's
backends of the bench's databases (read from /proc: the server runs on this machine).
Each step also gives the process's peak resident set during that step (VmHWM, reset
before it), and the run the load average before and after.
With --export-only the bench times the field copy's return export alone (N new records,
then the same N changed: N and 2N changes), each in a process of its own (so its peak
resident set is the export's, not what the bench built before it); --profile FILE also
writes a cProfile of each export (FILE-N.prof); without --export-only, --profile FILE
writes one of the preview and import run in a process of their own (FILE-new.prof,
FILE-changed.prof).
Run:
    .venv/bin/python bench/sync_bench.py [--rows 100000] [--pg postgresql+psycopg://postgres@127.0.0.1:55432/postgres] [--profile /tmp/import]
    .venv/bin/python bench/sync_bench.py --export-only [--rows 100000] [--profile /tmp/export]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-pass-1405"
VISIT_COLUMNS = ("id", "created_at", "updated_at", "created_by", "updated_by", "version", "deleted_at",
                 "form_id", "visited_on", "people_met", "findings", "recommendations")


def build_office(target: str):  # type: ignore[no-untyped-def]
    """An office with a supervisor, an inspector assigned to two districts, and an open
    evaluation form of each (made at the office, so both sides hold them)."""
    from decimal import Decimal

    from pr_desk.domain.roles import Role
    from pr_desk.domain.units import UnitKind
    from pr_desk.services import auth, units, users
    from pr_desk.services import evaluation as ev
    from pr_desk.services.setup import create_database

    db, admin = create_database(target, admin_username="admin", admin_display_name="مدیر",
                                admin_password=PASSWORD)
    for username, name, role in (("sup", "مریم احمدی", Role.SUPERVISOR), ("insp", "حسین کریمی", Role.INSPECTOR)):
        users.add_user(db, admin, username=username, display_name=name, role=role, password=PASSWORD)
    sup, insp = auth.login(db, "sup", PASSWORD), auth.login(db, "insp", PASSWORD)
    template = ev.create_template(db, admin, name="الگوی سنجش", axes=[
        ev.AxisInput("پوشش خبری", [ev.IndicatorInput("انتشار خبر", Decimal(6), Decimal(10))]),
        ev.AxisInput("آموزش", [ev.IndicatorInput("دوره‌های آموزشی", Decimal(4), Decimal(20))]),
    ])
    districts = units.list_units(db, admin, kind=UnitKind.DISTRICT)[:2]
    period = ev.open_period(db, sup, kind="quarter", year=1405, number=3, template_id=template.id,
                            unit_ids=[u.id for u in districts])
    ev.assign_inspector(db, sup, period_id=period.id, unit_ids=[u.id for u in districts], inspector_id=insp.user_id)
    forms = [ev.open_form(db, insp, period_id=period.id, unit_id=u.id).form.id for u in districts]
    return db, sup, insp, forms


def field_inserts(laptop: Path, forms: list[uuid.UUID], inspector: uuid.UUID, rows: int) -> None:
    con = sqlite3.connect(laptop)
    now = "2026-11-28 09:00:00.000000"
    con.executemany(
        f"INSERT INTO evaluation_field_visit ({', '.join(VISIT_COLUMNS)}) VALUES ({', '.join('?' * len(VISIT_COLUMNS))})",
        ((uuid.UUID(int=(0xB << 124) + i).hex, now, now, inspector.hex, inspector.hex, 1, None, forms[i % len(forms)].hex,
          f"2026-11-0{1 + i % 9}", "مدیر روابط عمومی منطقه", f"بازدید شماره {i}: تابلو اعلانات به‌روز است", "")
         for i in range(rows)))
    con.commit()
    con.close()


def field_updates(laptop: Path) -> None:
    con = sqlite3.connect(laptop)
    con.execute("UPDATE evaluation_field_visit SET findings = findings || ' (بازبینی شد)', version = version + 1,"
                " updated_at = '2026-11-28 10:00:00.000000'")
    con.commit()
    con.close()


def plain_sql(office_copy: Path, laptop: Path, kind: str) -> tuple[float, float]:
    """(wall, CPU) seconds of the plain SQL doing the same inserts or updates."""
    con = sqlite3.connect(office_copy, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("ATTACH DATABASE ? AS field", (str(laptop),))
    cols = ", ".join(VISIT_COLUMNS)
    start, cpu = time.perf_counter(), time.process_time()
    con.execute("BEGIN IMMEDIATE")
    if kind == "insert":
        con.execute(f"INSERT INTO main.evaluation_field_visit ({cols}) SELECT {cols} FROM field.evaluation_field_visit f"
                    " WHERE f.id NOT IN (SELECT id FROM main.evaluation_field_visit)")
    else:
        con.execute("UPDATE main.evaluation_field_visit AS m SET findings = f.findings, version = m.version + 1,"
                    " updated_at = f.updated_at FROM field.evaluation_field_visit AS f WHERE f.id = m.id AND f.findings <> m.findings")
    con.execute("COMMIT")
    took = time.perf_counter() - start, time.process_time() - cpu
    con.close()
    return took


def plain_sql_pg(office_url: str, laptop: Path, kind: str) -> tuple[float, float]:
    """(wall, CPU) seconds of the plain SQL on PostgreSQL: the field rows read from the
    field copy, COPYed into a temporary table, then the same INSERT … SELECT / UPDATE …
    FROM (CPU: this process and the server's backend)."""
    import psycopg

    cols = ", ".join(VISIT_COLUMNS)
    start, cpu, server = time.perf_counter(), time.process_time(), server_cpu(office_url)
    field = sqlite3.connect(laptop)
    rows = field.execute(f"SELECT {cols} FROM evaluation_field_visit").fetchall()
    field.close()
    with psycopg.connect(office_url.replace("postgresql+psycopg://", "postgresql://")) as con:
        con.execute("SET TIME ZONE 'UTC'")
        con.execute(f"CREATE TEMPORARY TABLE field_visit AS SELECT {cols} FROM evaluation_field_visit WITH NO DATA")
        with con.cursor() as cur, cur.copy(f"COPY field_visit ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if kind == "insert":
            con.execute(f"INSERT INTO evaluation_field_visit ({cols}) SELECT {cols} FROM field_visit f"
                        " WHERE f.id NOT IN (SELECT id FROM evaluation_field_visit)")
        else:
            con.execute("UPDATE evaluation_field_visit AS m SET findings = f.findings, version = m.version + 1,"
                        " updated_at = f.updated_at FROM field_visit AS f WHERE f.id = m.id AND f.findings <> m.findings")
        con.commit()
        took = time.perf_counter() - start, time.process_time() - cpu + server_cpu(office_url) - server
    return took


def server_cpu(url: str | None) -> float:
    """CPU seconds used so far by the PostgreSQL backends connected to `url`'s database
    (the server runs on this machine: its processes are in /proc); 0 for SQLite."""
    if url is None or not url.startswith("postgresql"):
        return 0.0
    name = url.rsplit("/", 1)[1].encode()
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if not cmdline.startswith(b"postgres: ") or b" " + name + b" " not in cmdline:
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def reset_peak() -> None:
    """The process's peak resident set (VmHWM) starts again from what it holds now."""
    import gc

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


CREATED: list[str] = []


def new_pg_database(server: str, template: str | None = None) -> str:
    from sqlalchemy import create_engine, text

    name = f"bench_sync_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()
    CREATED.append(name)
    return server.rsplit("/", 1)[0] + "/" + name


def drop_created(server: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        for name in CREATED:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default=None, help="a PostgreSQL server URL: the office on a new database there")
    parser.add_argument("--export-only", action="store_true", help="time the field copy's return export alone")
    parser.add_argument("--profile", default=None, help="write a cProfile of each export (--export-only: PROFILE-N.prof) or of "
                        "each preview and import in a process of its own (PROFILE-new.prof, PROFILE-changed.prof)")
    parser.add_argument("--import-alone", nargs=2, metavar=("OFFICE", "PACKAGE"), help=argparse.SUPPRESS)
    parser.add_argument("--export-alone", nargs=2, metavar=("COPY", "PACKAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_alone:
        import_alone(*args.import_alone, profile=args.profile)
        return
    if args.export_alone:
        export_alone(*args.export_alone, profile=args.profile)
        return
    load_before = os.getloadavg()
    try:
        if args.export_only:
            run_export(args.rows, args.profile)
        else:
            run(args.rows, args.pg, args.profile)
    finally:
        if args.pg:
            drop_created(args.pg)
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f}".format(*load_before, *os.getloadavg()))


def run(rows: int, pg: str | None, profile: str | None = None) -> None:
    from pr_desk.data.backup import sqlite_backup
    from pr_desk.services import auth, sync
    from pr_desk.services.setup import open_or_create

    with tempfile.TemporaryDirectory(prefix="pr-desk-sync-bench-") as tmp:
        folder = Path(tmp)
        office_target = new_pg_database(pg) if pg else str(folder / "office.sqlite")
        office, sup, insp, forms = build_office(office_target)
        checkout = folder / "checkout.prsync"
        sync.export_field_package(office, sup, inspector_id=insp.user_id, out=checkout)
        laptop = folder / "laptop.sqlite"
        sync.join_field_package(checkout, str(laptop))
        office.dispose()
        field_inserts(laptop, forms, insp.user_id, rows)

        results = []
        alone: list[tuple[str, str, Path]] = []  # (kind, a copy of the office before that import, its package)
        for kind in ("insert", "update"):
            if kind == "update":
                field_updates(laptop)
            copy = open_or_create(str(laptop), create=False).db
            field_user = auth.login(copy, "insp", PASSWORD)
            reset_peak()
            t, c = time.perf_counter(), time.process_time()
            package = folder / f"return-{kind}.prsync"
            exported = sync.export_return_package(copy, field_user, out=package)
            export = time.perf_counter() - t, time.process_time() - c, peak_mb()
            copy.dispose()

            if pg:
                baseline = new_pg_database(pg, template=office_target.rsplit("/", 1)[1])
                alone.append((kind, new_pg_database(pg, template=office_target.rsplit("/", 1)[1]), package))
                plain = plain_sql_pg(baseline, laptop, kind)
                backup_s = 0.0  # (PostgreSQL: no backup copy; the server's own backups apply)
            else:
                baseline_file = folder / f"office-plain-{kind}.sqlite"
                shutil.copyfile(folder / "office.sqlite", baseline_file)
                alone.append((kind, str(shutil.copyfile(folder / "office.sqlite", folder / f"office-alone-{kind}.sqlite")), package))
                plain = plain_sql(baseline_file, laptop, kind)
                t = time.perf_counter()
                sqlite_backup(folder / "office.sqlite", folder / f"backup-{kind}.sqlite")
                backup_s = time.perf_counter() - t

            db = open_or_create(office_target, create=False).db
            supervisor = auth.login(db, "sup", PASSWORD)
            reset_peak()
            t, c, s = time.perf_counter(), time.process_time(), server_cpu(office_target)
            preview = sync.preview_import(db, supervisor, path=package)
            preview_r = time.perf_counter() - t, time.process_time() - c + server_cpu(office_target) - s, peak_mb()
            reset_peak()
            t, c, s = time.perf_counter(), time.process_time(), server_cpu(office_target)
            receipt = sync.apply_import(db, supervisor, path=package, backup=False)
            apply_r = time.perf_counter() - t, time.process_time() - c + server_cpu(office_target) - s, peak_mb()
            db.dispose()
            done = receipt.new if kind == "insert" else receipt.changed
            assert receipt.status == "applied" and done == rows and receipt.conflicts == 0, receipt
            assert preview.conflicts == ()
            results.append((kind, plain, preview_r, apply_r, backup_s, export, exported.changes, package.stat().st_size))

        where = "PostgreSQL office (server backends' CPU included)" if pg else "SQLite office"
        print(f"{rows:,} field-visit records, {where} (same run)")
        print(f"{'':18}{'plain SQL':>11}{'preview':>10}{'ratio':>8}{'import':>10}{'ratio':>8}{'backup':>9}{'field export':>14}{'changes':>9}{'package':>10}")
        for kind, plain, preview_r, apply_r, backup_s, export, changes, size in results:
            label = "new records" if kind == "insert" else "changed records"
            print(f"{label:18}{plain[0]:10.2f}s{preview_r[0]:9.2f}s{preview_r[0] / plain[0]:7.1f}x{apply_r[0]:9.2f}s"
                  f"{apply_r[0] / plain[0]:7.1f}x{backup_s:8.2f}s{export[0]:13.2f}s{changes:9,}{size / 1e6:8.1f}MB")
        # CPU seconds (SQLite runs in this process; on PostgreSQL the server's backends are
        # added): steadier than the wall clock when other work shares the machine
        print("CPU time")
        for kind, plain, preview_r, apply_r, _backup, export, changes, _size in results:
            label = "new records" if kind == "insert" else "changed records"
            print(f"{label:18}{plain[1]:10.2f}s{preview_r[1]:9.2f}s{preview_r[1] / plain[1]:7.1f}x{apply_r[1]:9.2f}s"
                  f"{apply_r[1] / plain[1]:7.1f}x{'':9}{export[1]:13.2f}s{changes:9,}")
        print("peak resident set during the step (VmHWM, the whole process)")
        for kind, _plain, preview_r, apply_r, _backup, export, _changes, _size in results:
            label = "new records" if kind == "insert" else "changed records"
            print(f"{label:18}{'':11}{preview_r[2]:8.0f}MB{'':8}{apply_r[2]:8.0f}MB{'':8}{'':9}{export[2]:11.0f}MB")
        # what an office's program holds for an import, without what this bench built before it
        print("preview and import in a process of their own (as the app runs them): peak resident set, at start")
        for kind, target, package in alone:
            label = "new records" if kind == "insert" else "changed records"
            cmd = [sys.executable, __file__, "--import-alone", target, str(package)]
            if profile:
                cmd += ["--profile", f"{profile}-{'new' if kind == 'insert' else 'changed'}.prof"]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            print(f"{label:18}{out.stdout.strip()}")


def run_export(rows: int, profile: str | None) -> None:
    """`--export-only`: a field copy with `rows` new field visits, then the same visits
    changed; each return export (N, then 2N changes) in a process of its own."""
    from pr_desk.services import sync

    with tempfile.TemporaryDirectory(prefix="pr-desk-sync-bench-") as tmp:
        folder = Path(tmp)
        office, sup, insp, forms = build_office(str(folder / "office.sqlite"))
        checkout = folder / "checkout.prsync"
        sync.export_field_package(office, sup, inspector_id=insp.user_id, out=checkout)
        laptop = folder / "laptop.sqlite"
        sync.join_field_package(checkout, str(laptop))
        office.dispose()
        field_inserts(laptop, forms, insp.user_id, rows)
        print(f"field copy's return export, {rows:,} field-visit records (each export in a process of its own)")
        print(f"{'':18}{'wall':>9}{'CPU':>9}{'peak RSS':>10}{'at start':>10}{'changes':>10}{'package':>10}")
        for kind in ("new records", "changed records"):
            if kind == "changed records":
                field_updates(laptop)
            package = folder / f"return-{kind[0]}.prsync"
            cmd = [sys.executable, __file__, "--export-alone", str(laptop), str(package)]
            if profile:
                cmd += ["--profile", profile]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            print(f"{kind:18}{out.stdout.strip()}{package.stat().st_size / 1e6:8.1f}MB")


def export_alone(laptop: str, package: str, *, profile: str | None) -> None:
    """`--export-alone`: one return export of the field copy `laptop`: wall, CPU, peak
    resident set, the set before it, the number of changes."""
    from pr_desk.services import auth, sync
    from pr_desk.services.setup import open_or_create

    copy = open_or_create(laptop, create=False).db
    field_user = auth.login(copy, "insp", PASSWORD)
    start = int(next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:")).split()[1]) / 1024
    reset_peak()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t, c = time.perf_counter(), time.process_time()
    exported = sync.export_return_package(copy, field_user, out=Path(package))
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(f"{profile}-{exported.changes}.prof")
    copy.dispose()
    print(f"{wall:8.2f}s{cpu:8.2f}s{peak_mb():8.0f}MB{start:8.0f}MB{exported.changes:10,}")


def import_alone(target: str, package: str, *, profile: str | None = None) -> None:
    """`--import-alone`: the preview and the import of `package` at `target`, then the
    process's peak resident set and the set it had before them (`profile`: a cProfile of
    both written to that file; the peak then includes the profiler's)."""
    from pr_desk.services import auth, sync
    from pr_desk.services.setup import open_or_create

    db = open_or_create(target, create=False).db
    supervisor = auth.login(db, "sup", PASSWORD)
    start = int(next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:")).split()[1]) / 1024
    reset_peak()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    sync.preview_import(db, supervisor, path=Path(package))
    receipt = sync.apply_import(db, supervisor, path=Path(package), backup=False)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    assert receipt.status == "applied", receipt
    db.dispose()
    print(f"{peak_mb():10.0f}MB peak (preview and import), {start:.0f}MB before them")


if __name__ == "__main__":
    main()
