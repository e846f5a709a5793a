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
Run:
    .venv/bin/python bench/sync_bench.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
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


def build_office(folder: Path):  # type: ignore[no-untyped-def]
    """An office with a supervisor, an inspector assigned to two districts, and an open
    evaluation form of each (made at the office, so both sides hold them)."""
    from decimal import Decimal

    from pr_desk.domain.roles import Role
    from pr_desk.domain.units import UnitKind
    from pr_desk.services import auth, units, users
    from pr_desk.services import evaluation as ev
    from pr_desk.services.setup import create_database

    db, admin = create_database(str(folder / "office.sqlite"), admin_username="admin", admin_display_name="مدیر",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    from pr_desk.data.backup import sqlite_backup
    from pr_desk.services import auth, sync
    from pr_desk.services.setup import open_or_create

    with tempfile.TemporaryDirectory(prefix="pr-desk-sync-bench-") as tmp:
        folder = Path(tmp)
        office, sup, insp, forms = build_office(folder)
        checkout = folder / "checkout.prsync"
        sync.export_field_package(office, sup, inspector_id=insp.user_id, out=checkout)
        laptop = folder / "laptop.sqlite"
        sync.join_field_package(checkout, str(laptop))
        office.dispose()
        field_inserts(laptop, forms, insp.user_id, args.rows)

        results, cpu = [], []
        for kind in ("insert", "update"):
            if kind == "update":
                field_updates(laptop)
            copy = open_or_create(str(laptop), create=False).db
            field_user = auth.login(copy, "insp", PASSWORD)
            t, c = time.perf_counter(), time.process_time()
            package = folder / f"return-{kind}.prsync"
            sync.export_return_package(copy, field_user, out=package)
            export_s, export_c = time.perf_counter() - t, time.process_time() - c
            copy.dispose()

            office_file = folder / "office.sqlite"
            baseline_file = folder / f"office-plain-{kind}.sqlite"
            shutil.copyfile(office_file, baseline_file)
            plain_s, plain_c = plain_sql(baseline_file, laptop, kind)

            t = time.perf_counter()
            sqlite_backup(office_file, folder / f"backup-{kind}.sqlite")
            backup_s = time.perf_counter() - t

            db = open_or_create(str(office_file), create=False).db
            supervisor = auth.login(db, "sup", PASSWORD)
            t, c = time.perf_counter(), time.process_time()
            preview = sync.preview_import(db, supervisor, path=package)
            preview_s, preview_c = time.perf_counter() - t, time.process_time() - c
            t, c = time.perf_counter(), time.process_time()
            receipt = sync.apply_import(db, supervisor, path=package, backup=False)
            apply_s, apply_c = time.perf_counter() - t, time.process_time() - c
            db.dispose()
            done = receipt.new if kind == "insert" else receipt.changed
            assert receipt.status == "applied" and done == args.rows and receipt.conflicts == 0, receipt
            assert preview.conflicts == ()
            results.append((kind, plain_s, preview_s, apply_s, backup_s, export_s, package.stat().st_size))
            cpu.append((kind, plain_c, preview_c, apply_c, export_c))

        print(f"{args.rows:,} field-visit records, SQLite office (same file, same run)")
        print(f"{'':18}{'plain SQL':>11}{'preview':>10}{'import':>10}{'ratio':>8}{'backup':>9}{'field export':>14}{'package':>10}")
        for kind, plain_s, preview_s, apply_s, backup_s, export_s, size in results:
            label = "new records" if kind == "insert" else "changed records"
            print(f"{label:18}{plain_s:10.2f}s{preview_s:9.2f}s{apply_s:9.2f}s{apply_s / plain_s:7.1f}x"
                  f"{backup_s:8.2f}s{export_s:13.2f}s{size / 1e6:8.1f}MB")
        # CPU seconds of this process (SQLite runs in it): steadier than the wall clock
        # when other work shares the machine
        print("CPU time (this process)")
        for kind, plain_c, preview_c, apply_c, export_c in cpu:
            label = "new records" if kind == "insert" else "changed records"
            print(f"{label:18}{plain_c:10.2f}s{preview_c:9.2f}s{apply_c:9.2f}s{apply_c / plain_c:7.1f}x"
                  f"{'':9}{export_c:13.2f}s")


if __name__ == "__main__":
    main()
