"""The one search box at scale (issue 15): on a database of N meeting requests (and 0.7·N
citizens, built by raw SQL inserts as bench/meetings_bench.py builds them), the first page
of services.search.search for a common surname, a two-word name and a tracking-code
prefix, against the same full-text statements in raw SQL (sqlite3: per kind, the FTS5
MATCH of its id range, newest first, LIMIT 10, and when full the whole-word page and the
capped count) in the same run.

Also: the time the inserts take with the index's marking triggers and the index build
(`refresh`) after them, against the same inserts on a schema without the triggers (the
index's cost on an import).
On PostgreSQL (`--pg URL` of a server's maintenance database: the bench creates its own
databases and drops them after): the same rows by COPY, the same build, the same three
queries against the same tsvector statements run by bare psycopg.
Run:
    .venv/bin/python bench/search_bench.py [--rows 1000000] [--repeat 7] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGE = ("SELECT e.id, e.record_id, e.label, e.detail FROM search_fts f JOIN search_entry e ON e.id = f.rowid "
        "WHERE search_fts MATCH ? AND f.rowid BETWEEN ? AND ? ORDER BY f.rowid DESC LIMIT 10")
COUNT = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1001)"
CPU: dict[str, list[float]] = {}  # file name: [CPU seconds of the inserts, of the index build]
QUERIES = [("surname", "محمدی"), ("two words", "علی محمدی"), ("tracking prefix", "B012-000")]


def _best(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result  # best of: the container is shared, a median measures the neighbours


def build(path: Path, rows: int, *, triggers: bool, row_marks: bool = False) -> tuple[float, float]:
    """(seconds of the raw inserts, seconds of the index build after them); the CPU
    seconds of each (this process's user + system) go to CPU[path.name]. With the
    triggers, the inserts are marked as the meetings import marks them (the insert
    triggers off, one INSERT … SELECT per kind after: data/search.marks_after_inserts),
    or with `row_marks` by the per-row triggers."""
    import meetings_bench

    from pr_desk.data import search as index

    if not triggers:
        saved = index.install_triggers
        index.install_triggers = lambda conn, kinds: None  # type: ignore[assignment]
    around = None
    if triggers and not row_marks:
        def around(con):  # type: ignore[no-untyped-def]
            return index._sqlite_marks_after_inserts(con, ("citizen", "meeting_request"), index.all_kinds())
    cpu = time.process_time()
    try:
        seconds, _official = meetings_bench.build(path, rows, around_inserts=around)
    finally:
        CPU[path.name] = [time.process_time() - cpu, 0.0]
        if not triggers:
            index.install_triggers = saved  # type: ignore[assignment]
    if not triggers:
        return seconds, 0.0
    from pr_desk.services import search
    from pr_desk.services.setup import open_or_create

    db = open_or_create(str(path), create=False).db
    start, cpu = time.perf_counter(), time.process_time()
    search.refresh(db)
    refresh = time.perf_counter() - start
    CPU[path.name][1] = time.process_time() - cpu
    db.dispose()
    return seconds, refresh


def measure(path: Path, repeat: int) -> list[tuple[str, float, float, int]]:
    from pr_desk.data import search as index
    from pr_desk.domain.roles import Role
    from pr_desk.services import search
    from pr_desk.services.context import Actor
    from pr_desk.services.setup import open_or_create

    db = open_or_create(str(path), create=False).db
    admin = Actor(__import__("uuid").uuid4(), "admin", "admin", Role.ADMIN)
    con = sqlite3.connect(path)
    ranges = [(k.number << index.KIND_SHIFT, ((k.number + 1) << index.KIND_SHIFT) - 1)
              for k in sorted(search.kinds_for(admin), key=lambda k: (k.rank, k.number))]
    out = []
    for name, query in QUERIES:
        words, prefix = index.query_words(query)
        match = index._fts_query(words, prefix)

        exact = index._fts_query(words, False)

        def raw(match: str = match, exact: str = exact) -> object:
            """The statements the search runs, in bare sqlite3: per kind the admin sees, its
            first page (and, when it is full, the whole-word page and the capped count)."""
            count = 0
            for lo, hi in ranges:
                page = con.execute(PAGE, (match, lo, hi)).fetchall()
                if len(page) >= 10:
                    con.execute(PAGE, (exact, lo, hi)).fetchall()
                    count += con.execute(COUNT, (match, lo, hi)).fetchone()[0]
                else:
                    count += len(page)
            return None, count

        def ours(query: str = query) -> object:
            return search.search(db, admin, query)

        ours(), raw()  # warm
        t_ours, groups = _best(ours, repeat)
        t_raw, (_page, count) = _best(raw, repeat)  # type: ignore[misc]
        found = sum(len(g.hits) for g in groups)  # type: ignore[attr-defined]
        out.append((f"{name} ({query}): {found} shown of {count}", t_ours, t_raw, count))
    con.close()
    db.dispose()
    return out


# --- PostgreSQL ------------------------------------------------------------------------------

PG_PAGE = ("SELECT e.id, e.record_id, e.label, e.detail FROM search_entry e WHERE e.words @@ CAST(%s AS tsquery) "
           "AND e.id BETWEEN %s AND %s ORDER BY e.id DESC LIMIT 10")
PG_COUNT = ("SELECT count(*) FROM (SELECT 1 FROM search_entry e WHERE e.words @@ CAST(%s AS tsquery) "
            "AND e.id BETWEEN %s AND %s LIMIT 1001) AS c")
PG_CREATED: list[str] = []


def _pg_database(pg: str, name: str) -> str:
    import uuid

    from sqlalchemy import create_engine, text

    db_name = f"bench_search_{name}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(pg, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(text(f'CREATE DATABASE "{db_name}"'))
    engine.dispose()
    PG_CREATED.append(db_name)
    return pg.rsplit("/", 1)[0] + "/" + db_name


def _pg_drop(pg: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        for name in PG_CREATED:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _psycopg(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def pg_build(url: str, rows: int, *, triggers: bool, seed: int = 1405) -> tuple[float, float]:
    """As `build` on PostgreSQL: the office made by the services, then rows*0.7 citizens
    and `rows` requests by COPY (meetings_bench.pg_insert_requests: the rows of its SQLite
    build); (seconds of the inserts, seconds of the index build). CPU: this process's only
    (the server's is apart)."""
    import meetings_bench as mb

    from pr_desk.services import meetings
    from pr_desk.services.setup import create_database

    db, admin = create_database(url, admin_username="admin", admin_display_name="مدیر", admin_password="bench-pass-1405")
    officials = [meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران").id.hex]
    officials += [meetings.add_official(db, admin, name=f"شهردار {d}", title=f"شهردار منطقه {d}", district=d).id.hex
                  for d in range(1, 23)]
    if not triggers:
        from pr_desk.data import search as index

        with db.engine.begin() as conn:
            index.drop_triggers(conn)
    db.dispose()
    start, cpu = time.perf_counter(), time.process_time()
    mb.pg_insert_requests(url, rows, officials, seed)
    inserts = time.perf_counter() - start
    CPU[url] = [time.process_time() - cpu, 0.0]
    if not triggers:
        return inserts, 0.0
    from pr_desk.services import search
    from pr_desk.services.setup import open_or_create

    db = open_or_create(url, create=False).db
    start, cpu = time.perf_counter(), time.process_time()
    search.refresh(db)
    refresh = time.perf_counter() - start
    CPU[url][1] = time.process_time() - cpu
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE search_entry")
    db.dispose()
    return inserts, refresh


def pg_measure(url: str, repeat: int) -> list[tuple[str, float, float, int]]:
    import uuid

    from pr_desk.data import search as index
    from pr_desk.domain.roles import Role
    from pr_desk.services import search
    from pr_desk.services.context import Actor
    from pr_desk.services.setup import open_or_create

    db = open_or_create(url, create=False).db
    admin = Actor(uuid.uuid4(), "admin", "admin", Role.ADMIN)
    con = _psycopg(url)
    con.autocommit = True
    ranges = [(k.number << index.KIND_SHIFT, ((k.number + 1) << index.KIND_SHIFT) - 1)
              for k in sorted(search.kinds_for(admin), key=lambda k: (k.rank, k.number))]
    out = []
    for name, query in QUERIES:
        words, prefix = index.query_words(query)
        match, exact = index._ts_query(words, prefix), index._ts_query(words, False)

        def raw(match: str = match, exact: str = exact) -> object:
            count = 0
            with con.cursor() as cur:
                for lo, hi in ranges:
                    page = cur.execute(PG_PAGE, (match, lo, hi)).fetchall()
                    if len(page) >= 10:
                        cur.execute(PG_PAGE, (exact, lo, hi)).fetchall()
                        count += cur.execute(PG_COUNT, (match, lo, hi)).fetchone()[0]  # type: ignore[index]
                    else:
                        count += len(page)
            return None, count

        def ours(query: str = query) -> object:
            return search.search(db, admin, query)

        ours(), raw()  # warm
        t_ours, groups = _best(ours, repeat)
        t_raw, (_page, count) = _best(raw, repeat)  # type: ignore[misc]
        found = sum(len(g.hits) for g in groups)  # type: ignore[attr-defined]
        out.append((f"{name} ({query}): {found} shown of {count}", t_ours, t_raw, count))
    con.close()
    db.dispose()
    return out


def pg_main(pg: str, rows: int, repeat: int) -> int:
    try:
        url = _pg_database(pg, "indexed")
        inserts, refresh = pg_build(url, rows, triggers=True)
        print(f"PostgreSQL, {rows:,} requests: COPY with the marking triggers {inserts:.1f} s, index build {refresh:.1f} s")
        results = pg_measure(url, repeat)
        for label, ours, raw, _count in results:
            print(f"{label}: ours {ours * 1000:.1f} ms, raw tsvector {raw * 1000:.1f} ms, ratio {ours / raw:.2f}")
        plain = _pg_database(pg, "plain")
        bare, _ = pg_build(plain, rows, triggers=False)
        print(f"the same COPY without the index: {bare:.1f} s; with it (marks + build): {inserts + refresh:.1f} s, "
              f"ratio {(inserts + refresh) / bare:.2f}")
        (c_ins, c_ref), (c_bare, _) = CPU[url], CPU[plain]
        print(f"client CPU: COPY with the triggers {c_ins:.1f} s + index build {c_ref:.1f} s, COPY without {c_bare:.1f} s")
        ok = all(ours < 0.050 and ours <= 2 * max(raw, 0.001) for _l, ours, raw, _c in results)
    finally:
        _pg_drop(pg)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pg", help="a PostgreSQL server's URL (its maintenance database): run there instead")
    parser.add_argument("--row-marks", action="store_true",
                        help="SQLite: mark the inserts by the per-row triggers (as before the import's bulk marking)")
    args = parser.parse_args(argv)
    if args.pg:
        return pg_main(args.pg, args.rows, args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        # a small build first: the modules it loads (SQLAlchemy, Alembic, the services) are
        # not counted in the first measured build's CPU only
        build(Path(folder) / "warm.sqlite", 100, triggers=True, row_marks=args.row_marks)
        path = Path(folder) / "search.sqlite"
        inserts, refresh = build(path, args.rows, triggers=True, row_marks=args.row_marks)
        how = "the per-row marking triggers" if args.row_marks else "the import's bulk marking"
        print(f"{args.rows:,} requests: inserts with {how} {inserts:.1f} s, index build {refresh:.1f} s")
        results = measure(path, args.repeat)
        for label, ours, raw, _count in results:
            print(f"{label}: ours {ours * 1000:.1f} ms, raw FTS5 {raw * 1000:.1f} ms, ratio {ours / raw:.2f}")
        plain = Path(folder) / "plain.sqlite"
        bare, _ = build(plain, args.rows, triggers=False)
        print(f"the same inserts without the index: {bare:.1f} s; with it (marks + build): {inserts + refresh:.1f} s, "
              f"ratio {(inserts + refresh) / bare:.2f}")
        (c_ins, c_ref), (c_bare, _) = CPU["search.sqlite"], CPU["plain.sqlite"]
        print(f"CPU: inserts with {how} {c_ins:.1f} s + index build {c_ref:.1f} s = {c_ins + c_ref:.1f} s, "
              f"without the index {c_bare:.1f} s, ratio {(c_ins + c_ref) / c_bare:.2f}")
        ok = all(ours < 0.050 and ours <= 2 * max(raw, 0.001) for _l, ours, raw, _c in results)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
