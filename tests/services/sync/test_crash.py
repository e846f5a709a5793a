"""Issue #6: an import killed at random points (`kill -9` of the process doing it) leaves
the office database either as it was before or as it is after a complete import, with
the audit chain intact, and the import can be run again; on SQLite and PostgreSQL.

A field copy returns a package of a few thousand changes (bulk field visits captured by
its triggers, plus service edits and one conflict). A child process opens the office the
way the app does, prints "ready" and calls `sync.apply_import(backup=False)`; the test
kills it with SIGKILL a delay after a line it printed. The child does not log in: a login
is audited, so it would change the database on every attempt; it acts as the supervisor.

Kill points (fixed seed): after apply_import returned, as the COMMIT is sent, just after
it, right after "ready", and spread over the write transaction. The child says when it
begins to write and when it sends COMMIT, so every outcome is also checked against where
the child died: killed before COMMIT means "before", after the receipt "after", during
COMMIT either.

"Before" is the exact digest of the database. "After" cannot be a byte digest: a complete
import stamps fresh ids, times and hashes (audit entries, the import log). Two complete
imports on copies of the same database tell which values those are; "after" is every row
of every table equal to the first copy's, those values left out. After every kill the
database is opened as the app does and `maintenance.check` (integrity, schema, audit
chain) must find nothing. After a kill that left "after" the database is put back to
"before" for the next point. At the end the import runs to completion on what the kills
left, equals "after", and a second run is `already_imported` and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy import select as sql_select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from pr_desk.data.engine import Database, make_engine, normalise_url, sqlite_path
from pr_desk.data.tables import Base
from pr_desk.services import evaluation as ev
from pr_desk.services import maintenance
from pr_desk.services.setup import open_or_create
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    digest,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)

pytestmark = pytest.mark.slow  # crash test: imports killed with SIGKILL at seeded points

ROOT = Path(__file__).resolve().parents[3]
FIELD_VISITS = 5000  # rows the field copy adds with plain SQL: the import takes a noticeable time
KILL_POINTS = {"sqlite": 7, "postgresql": 6}
SEED = 6
WAIT = 120.0  # seconds a child may take for a complete import before the test gives up

# The child tells how far it got, each line flushed before the step it names: "ready",
# then for every write transaction "writing" (BEGIN sent) and "commit" (about to send
# COMMIT), then "done" with the receipt. The last line a killed child printed is where
# it died.
CHILD = r"""
import json, sys, time, uuid
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.engine import Engine
from pr_desk.domain.roles import Role
from pr_desk.services import sync
from pr_desk.services.context import Actor
from pr_desk.services.setup import open_or_create

def say(step, **more):
    print(json.dumps({"step": step, "at": time.perf_counter() - start, **more}), flush=True)

@event.listens_for(Engine, "begin")
def _begin(conn):
    if conn.get_execution_options().get("pr_desk_write"):
        conn.info["pr_desk_crash_write"] = True
        say("writing")

@event.listens_for(Engine, "commit")
def _commit(conn):
    if conn.info.pop("pr_desk_crash_write", False):
        say("commit")

target, package, user_id, username, display_name, role = sys.argv[1:7]
db = open_or_create(target, create=False).db
actor = Actor(uuid.UUID(user_id), username, display_name, Role(role))
start = time.perf_counter()
say("ready")
r = sync.apply_import(db, actor, path=Path(package), backup=False)
say("done", status=r.status, new=r.new, changed=r.changed, conflicts=r.conflicts)
db.dispose()
"""

VISIT_COLUMNS = ("id", "created_at", "updated_at", "created_by", "updated_by", "version", "deleted_at",
                 "form_id", "visited_on", "people_met", "findings", "recommendations")


# -- the office and its field copy -----------------------------------------------------

def field_inserts(laptop: Path, forms: list[uuid.UUID], inspector: uuid.UUID, rows: int) -> None:
    """Bulk field visits with plain SQL on the field copy (its triggers capture them)."""
    con = sqlite3.connect(laptop)
    now = "2026-11-28 09:00:00.000000"
    con.executemany(
        f"INSERT INTO evaluation_field_visit ({', '.join(VISIT_COLUMNS)}) VALUES ({', '.join('?' * len(VISIT_COLUMNS))})",
        ((uuid.UUID(int=(0xC << 124) + i).hex, now, now, inspector.hex, inspector.hex, 1, None, forms[i % len(forms)].hex,
          f"2026-11-0{1 + i % 9}", "مدیر روابط عمومی منطقه", f"بازدید شماره {i}: تابلو اعلانات به‌روز است", "")
         for i in range(rows)))
    con.commit()
    con.close()


def build_package(office, tmp: Path):  # type: ignore[no-untyped-def]
    """The world of the other sync tests; the field copy edits a form the office also edits
    (one conflict), opens another, and adds FIELD_VISITS visits with plain SQL."""
    world = make_world(office, tmp)
    shared = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(world.office, world.inspector, shared.form.id, lines=full_scores(shared, ["5", "2", "10"]))
    laptop = checkout(world, "crash")
    ev.save_scores(laptop.db, laptop.actor, shared.form.id, lines=full_scores(shared, ["9", "2", "12"], note="میدان"))
    ev.save_field_visit(laptop.db, laptop.actor, shared.form.id, visited_on="1404/04/10", findings="تابلو اعلانات به‌روز است")
    own = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[1].id)
    ev.save_scores(laptop.db, laptop.actor, own.form.id, lines=full_scores(own, ["7", "3", "18"]))
    ev.save_scores(world.office, world.inspector, shared.form.id, lines=full_scores(shared, ["4", "2", "10"]))  # conflict
    laptop.db.dispose()
    field_inserts(tmp / "crash.sqlite", [shared.form.id, own.form.id], world.inspector.user_id, FIELD_VISITS)
    laptop.db = open_or_create(str(tmp / "crash.sqlite"), create=False).db
    package = laptop.export(tmp)
    laptop.db.dispose()
    return world, package


# -- copies of the office database -----------------------------------------------------

class Store:
    """The office database (`work`), a frozen copy of it before any import (`pristine`),
    and clones of the pristine state: files on SQLite, template databases on PostgreSQL."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.url, self.tmp = url, tmp
        self.path = sqlite_path(url)
        self.made: list[str] = []
        if self.path is None:
            self.server = make_url(url)
            self.admin = create_engine(self.server.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
            self.work_name = self.server.database
        self.pristine = self._new(self.url, "pristine")

    def _pg(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _new(self, source: str, name: str) -> str:
        """A copy of database `source` (nobody connected to it) named after `name`."""
        src = sqlite_path(source)
        if src is not None:
            dst = self.tmp / f"office-{name}.sqlite"
            for f in (dst, Path(f"{dst}-wal"), Path(f"{dst}-shm")):
                f.unlink(missing_ok=True)
            a, b = sqlite3.connect(src), sqlite3.connect(dst)
            try:
                a.backup(b)
            finally:
                a.close()
                b.close()
            return normalise_url(str(dst))
        db_name = f"{self.work_name}_{name}"
        self._pg(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        self._pg(f'CREATE DATABASE "{db_name}" TEMPLATE "{make_url(source).database}"')
        self.made.append(db_name)
        return self.server.set(database=db_name).render_as_string(hide_password=False)

    def clone(self, name: str) -> str:
        """The URL of a new copy of the pristine state."""
        return self._new(self.pristine, name)

    def restore(self) -> None:
        """The work database back to the pristine state (after an attempt that completed)."""
        if self.path is not None:
            for f in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                f.unlink(missing_ok=True)
            shutil.copyfile(sqlite_path(self.pristine), self.path)  # type: ignore[arg-type]
            return
        self._pg(f'DROP DATABASE "{self.work_name}" WITH (FORCE)')
        self._pg(f'CREATE DATABASE "{self.work_name}" TEMPLATE "{make_url(self.pristine).database}"')

    def close(self) -> None:
        if self.path is None:
            for name in self.made:
                self._pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.admin.dispose()


# -- looking at a database without changing it -----------------------------------------

Rows = dict[str, list[tuple[Any, ...]]]


@contextmanager
def reader(url: str) -> Iterator[Engine]:
    """Read-only on SQLite (a killed writer's -wal/-shm are recovered by this open)."""
    path = sqlite_path(url)
    if path is not None:
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)
    else:
        engine = make_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def exact(url: str) -> str:
    """The digest of the sync tests: the SQL dump on SQLite, every row on PostgreSQL."""
    with reader(url) as engine:
        return digest(Database(url, engine))


def rows(url: str) -> Rows:
    """Every row of every table in key order (and the SQLite schema, triggers included); the
    audit trail in its chain's order. (Its ids are stamped at import, and a batch's ids,
    `data.ids.new_ids`, may sort before or after a single entry's of the same millisecond:
    in id order two complete imports could list the same entries in other places, and a
    kill point's "after" then failed to match by chance.)"""
    out: Rows = {}
    with reader(url) as engine, engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = [table.c.seq] if table.name == "audit_record" else list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(sql_select(table).order_by(*order))]
        if engine.dialect.name == "sqlite":
            out["sqlite_master"] = [tuple(r) for r in conn.execute(
                text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"))]
    return out


Cells = dict[str, set[tuple[int, int]]]


def volatile_cells(a: Rows, b: Rows) -> Cells:
    """(row, column) of every value that differs between two complete imports of the same
    package into copies of the same database: ids, times and hashes stamped at import."""
    assert a.keys() == b.keys()
    out: Cells = {}
    for name in a:
        assert len(a[name]) == len(b[name]), f"two complete imports left {len(a[name])} and {len(b[name])} rows in {name}"
        cells = {(r, c) for r, (ra, rb) in enumerate(zip(a[name], b[name], strict=False)) for c, (x, y) in enumerate(zip(ra, rb, strict=False)) if x != y}
        if cells:
            out[name] = cells
    return out


def masked(r: Rows, volatile: Cells) -> str:
    """A digest of every row, with the volatile cells left out."""
    h = hashlib.sha256()
    for name in sorted(r):
        h.update(f"#{name}:{len(r[name])}".encode())
        cells = volatile.get(name, set())
        for i, row in enumerate(r[name]):
            h.update(repr(tuple(None if (i, c) in cells else v for c, v in enumerate(row))).encode())
    return h.hexdigest()


def differing(r: Rows, ref: Rows, volatile: Cells) -> dict[str, int]:
    """For a failure's message: the tables whose rows differ from a complete import's (but
    for the volatile cells), with how many rows differ."""
    out = {}
    for name in sorted(r):
        cells = volatile.get(name, set())

        def kept(rows_: list[tuple[Any, ...]], cells: set[tuple[int, int]] = cells) -> list[tuple[Any, ...]]:
            return [tuple(None if (i, c) in cells else v for c, v in enumerate(row)) for i, row in enumerate(rows_)]
        mine, theirs = kept(r[name]), kept(ref.get(name, []))
        n = sum(a != b for a, b in zip(mine, theirs, strict=False)) + abs(len(mine) - len(theirs))
        if n:
            out[name] = n
    return out


def audit_chain_problems(url: str) -> list[str]:
    """`pr-desk check`: integrity (SQLite), schema at head, audit chain intact."""
    db = open_or_create(url, create=False).db
    try:
        return maintenance.check(db).problems
    finally:
        db.dispose()


# -- the child that imports ------------------------------------------------------------

@dataclass
class Run:
    returncode: int
    steps: list[dict[str, Any]]  # what the child said: ready, writing, commit, done
    stderr: str

    @property
    def phase(self) -> str:
        """How far the child got: "ready" (planning, no write begun), "writing", "commit", "done"."""
        return self.steps[-1]["step"]

    @property
    def result(self) -> dict[str, Any] | None:
        return self.steps[-1] if self.phase == "done" else None

    def at(self, step: str) -> float:
        return next(s["at"] for s in self.steps if s["step"] == step)


def run_import(target: str, package: Path, world, tmp: Path, *, kill: tuple[str, float] | None = None) -> Run:  # type: ignore[no-untyped-def]
    """Imports in a child process; with `kill` = (step, seconds), SIGKILLs it that long
    after it said `step` (or after it ended, if it never does)."""
    sup = world.supervisor
    err = tmp / f"child-{uuid.uuid4().hex[:8]}.stderr"
    args = [sys.executable, "-c", CHILD, target, str(package), str(sup.user_id), sup.username, sup.display_name, str(sup.role)]
    with open(err, "w") as stderr, subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True) as proc:
        try:
            assert proc.stdout is not None
            steps: list[dict[str, Any]] = []
            wanted = kill[0] if kill else "ready"
            while not steps or steps[-1]["step"] != wanted:
                readable, _, _ = select.select([proc.stdout], [], [], WAIT)
                line = proc.stdout.readline() if readable else ""
                if not line:
                    break
                steps.append(json.loads(line))
            assert steps and steps[0]["step"] == "ready", f"the child did not start:\n{err.read_text()}"
            if kill is not None:
                time.sleep(kill[1])
                os.kill(proc.pid, signal.SIGKILL)  # still ours until waited for, even if it has exited
            returncode = proc.wait(timeout=WAIT)
            steps += [json.loads(line) for line in proc.stdout.read().splitlines() if line.strip()]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    run = Run(returncode, steps, err.read_text())
    if kill is None:
        assert returncode == 0 and run.result is not None, f"the import failed ({returncode}):\n{run.stderr}"
    else:
        assert returncode in (0, -signal.SIGKILL), f"the child failed on its own ({returncode}):\n{run.stderr}"
    return run


# -- the test --------------------------------------------------------------------------

def test_an_import_killed_at_random_points_leaves_before_or_after_and_runs_again(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backend = office[0].engine.dialect.name
    world, package = build_package(office, tmp_path)
    office[0].dispose()  # nobody holds the office open: it can be copied, and killed writers are alone
    store = Store(office[0].url, tmp_path)
    try:
        before = exact(store.url)
        before_rows = rows(store.url)

        # two complete imports on copies: when each step comes, and what "after" is
        runs, refs = [], []
        for name in ("ref-a", "ref-b"):
            target = store.clone(name)
            runs.append(run_import(target, package, world, tmp_path))
            refs.append(rows(target))
        for r in runs:
            assert r.result is not None and r.result["status"] == "applied", r
            assert r.result["new"] >= FIELD_VISITS and r.result["conflicts"] >= 1, r.result
            assert [s["step"] for s in r.steps] == ["ready", "writing", "commit", "done"], r.steps  # one write transaction
        volatile = volatile_cells(refs[0], refs[1])
        assert "evaluation_field_visit" not in volatile, volatile  # what the inspectors wrote arrives as written
        after = masked(refs[0], volatile)
        assert masked(before_rows, volatile) != after
        writing, commit, done = (min(r.at(step) for r in runs) for step in ("writing", "commit", "done"))

        # kill points: once apply_import has returned, before the database is closed (on
        # SQLite the committed import is then only in the -wal file); as COMMIT is sent; a
        # moment after it; right after "ready" (still planning); and last, spread over the
        # write transaction (one draw per equal slice of it, timed from its BEGIN), so the
        # final run below starts from what a kill in the middle of a write left behind
        rng = random.Random(SEED)
        inside = KILL_POINTS[backend] - 4
        kills = [("done", 0.0), ("commit", 0.0), ("commit", rng.uniform(0.0, done - commit)), ("ready", 0.0)]
        kills += [("writing", (commit - writing) * (i + rng.random()) / inside) for i in range(inside)]
        outcomes: list[tuple[str, float, str, str, str]] = []
        for kill in kills:
            run = run_import(store.url, package, world, tmp_path, kill=kill)
            wal = Path(f"{store.path}-wal") if store.path is not None else None
            left = f"{wal.stat().st_size // 1024}K wal" if wal is not None and wal.exists() else "-"  # for the report
            if exact(store.url) == before:
                outcome = "before"
            elif masked(rows(store.url), volatile) == after:
                outcome = "after"
            else:
                now = rows(store.url)
                counts = {t: (len(before_rows[t]), len(now[t]), len(refs[0][t])) for t in now
                          if len(now[t]) != len(before_rows[t]) or len(now[t]) != len(refs[0][t])}
                raise AssertionError(f"{backend}: killed {kill[1]:.3f}s after {kill[0]} ({run.phase}, exit {run.returncode}), "
                                     f"the database is neither as before nor as after; rows before/now/after: {counts}\n"
                                     f"{run.stderr}")
            outcomes.append((kill[0], round(kill[1], 3), run.phase, left, outcome))
            if run.phase in ("ready", "writing"):
                assert outcome == "before", outcomes  # killed before COMMIT was sent
            if run.phase == "done":
                assert outcome == "after", outcomes
            problems = audit_chain_problems(store.url)
            assert problems == [], (backend, outcomes, problems)
            if outcome == "after":
                store.restore()  # the next kill point starts from the database before the import again

        report = (f"{backend}: {FIELD_VISITS} visits, complete import {done:.2f}s (write transaction {writing:.2f}s to "
                  f"{commit:.2f}s); kills (after step, delay s, where the child was, wal left, outcome): {outcomes}; "
                  f"before={sum(o == 'before' for *_, o in outcomes)} after={sum(o == 'after' for *_, o in outcomes)}; "
                  f"stamped at import (left out of 'after'): { {t: len(c) for t, c in volatile.items()} } cells")
        assert {o for *_, o in outcomes} == {"before", "after"}, report

        # the import runs again to completion on what the last kill left, then is a replay
        final = run_import(store.url, package, world, tmp_path)
        assert final.result is not None and final.result["status"] == "applied", (final, report)
        assert masked(rows(store.url), volatile) == after, (report, differing(rows(store.url), refs[0], volatile))
        assert audit_chain_problems(store.url) == [], report
        finished = exact(store.url)
        replay = run_import(store.url, package, world, tmp_path)
        assert replay.result is not None and replay.result["status"] == "already_imported", (replay, report)
        assert exact(store.url) == finished, report
        print(report)
    finally:
        store.close()
