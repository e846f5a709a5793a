"""Many clerks on one database at once (issue 17 §3): N client processes, each with its own
engine opened as the app opens it (`setup.open_or_create`), logged in as a clerk of a demo
database, doing a clerk's day for a fixed time through `pr_desk.services` only: register
requests (a citizen found or added, then the request and its tracking code), plan and fill
sessions, hold the meetings (check in, call in, finish) and record the official's orders,
look at the queue and find a request by its code; now and then the office's administrator
(clerks may not edit units) corrects a unit's notes.

Reported per action: count, throughput, p50/p95/max latency; failures (any error but the
refusals a person is meant to see: a stale edit of the same unit, a duplicate request);
and afterwards, from the database: no tracking code a client was given is missing, none
is there twice. On PostgreSQL a sampler also counts what the server's backends were
waiting for (the sync capture's advisory lock, row locks, nothing), every 100 ms.

    .venv/bin/python bench/clerks_bench.py --db-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres --clients 20 --seconds 60
    .venv/bin/python bench/clerks_bench.py --clients 4 --seconds 60          # one SQLite file

With a PostgreSQL URL a new database is made on that server (and dropped afterwards
unless --keep), with the demo built by the app's own command (`pr-desk demo --db`). The
same machine runs the server and all clients: on a 2-core machine 20 processes measure
CPU contention more than the server.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import itertools
import math
import multiprocessing as mp
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTIONS = ["register request", "open queue", "find by code", "plan session", "fill session", "check in", "call in",
           "finish meeting", "record order", "edit unit"]
# How often a clerk does what (a step picks one; the meeting day steps follow the sessions).
MIX = {"register": 40, "queue": 12, "find": 10, "session": 8, "meet": 22, "unit": 8}
SESSION_CAPACITY = 4
# An official holds one planned session at a time: each clerk plans its sessions on days of
# its own (its number, then every DAY_STRIDE days), so clerks sharing an official never clash,
# from FIRST_DAY days ahead: the demo's own planned sessions reach two weeks ahead, and a
# clerk's first session on one of their days was refused as overlapping (one failure a run)
DAY_STRIDE = 100
FIRST_DAY = 30
DESCRIPTIONS = ["جمع‌آوری نشدن زباله در کوچه", "تأخیر در صدور پروانه ساختمانی", "نیاز به سرعت‌گیر در کوچه",
                "تجهیز بوستان محله", "درخواست کمک برای فرهنگسرای محله"]
ORDERS = ["بررسی و اقدام فوری", "گزارش نتیجه ظرف مهلت مقرر", "بازدید میدانی و ارائه گزارش"]
FIRST = ["علی", "زهرا", "رضا", "مریم", "حسین", "سارا"]
LAST = ["رضایی", "محمدی", "کریمی", "نوری", "باقری", "اکبری"]


@dataclass
class Login:
    username: str
    password: str


@dataclass
class ClientResult:
    client: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # the client process's CPU time per action
    failures: list[str] = field(default_factory=list)
    locked: int = 0  # failures that were SQLite's "database is locked" / busy
    waits: int = 0  # saves that waited their turn longer than a moment (the app says so)
    refused: dict[str, int] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    statements: dict[str, list[int]] = field(default_factory=dict)  # --profile: statements sent per call
    # --profile --round-trips: per call, the round trips to the server (each answered by its
    # ReadyForQuery), and per action those of them that are no statement of the action's own
    round_trips: dict[str, list[int]] = field(default_factory=dict)
    overhead: dict[str, dict[str, int]] = field(default_factory=dict)  # action -> BEGIN/COMMIT/ROLLBACK/ping -> how many


def _national_code(client: int, n: int) -> str:
    from pr_desk.domain.national_code import national_code_check_digit

    first = f"9{client:02d}{n:06d}"
    return first + str(national_code_check_digit(first))


class Desk:
    """One clerk's PC: its own engine, its own login, and the actions of a clerk's day,
    each timed (wall and the process's CPU) into `result`; with `profilers`, each action
    kind also runs under its own cProfile profiler (the bench's --profile)."""

    def __init__(self, client: int, target: str, clerk: Login, admin: Login, *, seed: int = 1405,
                 profilers: dict[str, Any] | None = None) -> None:
        from pr_desk.domain.jalali import office_today
        from pr_desk.domain.meetings import Channel, SubjectCategory
        from pr_desk.services import auth, meetings, units
        from pr_desk.services.office import APP_WRITE_WAIT_SECONDS, wait_for_other_writers
        from pr_desk.services.setup import open_or_create

        self.client, self.profilers = client, profilers
        self.rng = random.Random(seed * 1000 + client)
        self.result = ClientResult(client)
        self.db = open_or_create(target, create=False).db
        # as the app's window sets it (ui/app.py): on one SQLite file a save waits its turn
        # behind the other computers' and says so after a moment, instead of "busy" after 10 s
        wait_for_other_writers(self.db, seconds=APP_WRITE_WAIT_SECONDS,
                               on_wait=lambda: setattr(self.result, "waits", self.result.waits + 1))
        self.actor = auth.login(self.db, clerk.username, clerk.password)
        self.office_admin = auth.login(self.db, admin.username, admin.password)
        officials = [o for o in meetings.list_officials(self.db, self.actor)]
        self.official = officials[client % len(officials)].id  # each clerk serves one official's desk
        self.unit_ids = [u.id for u in units.list_units(self.db, self.actor, include_retired=False)]
        self.today = office_today()  # the office's day (Tehran's), as the services count it
        self.session_days = (self.today + dt.timedelta(days=d) for d in itertools.count(FIRST_DAY + client % DAY_STRIDE, DAY_STRIDE))
        self.pending: list[tuple[uuid.UUID, uuid.UUID]] = []  # (session, entry) to be met
        self.numbers = itertools.count(1)
        self.subjects, self.channels = list(SubjectCategory), list(Channel)
        # --profile: each action's statements sent to the database (all calls' count, the
        # first call's text)
        self.statements: list[str] | None = None
        self.statement_counts: dict[str, list[int]] = {}
        self.first_statements: dict[str, list[str]] = {}
        self.trace: Any = None  # --round-trips: the libpq protocol trace of this desk's connections

    def trace_round_trips(self) -> None:
        """Every PostgreSQL connection opened from now on writes libpq's protocol trace to a
        file (what the client sent, what the server answered): `timed` counts each action's
        round trips in it. The trace costs CPU itself: not for the CPU figures."""
        import psycopg
        from sqlalchemy import event

        self.trace = tempfile.TemporaryFile("w+b")
        self.db.engine.dispose()  # (the connections opened so far untraced)

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.pgconn.trace(self.trace.fileno())
            dbapi_connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)
        event.listen(self.db.engine, "connect", on_connect)

    def _count_trips(self, name: str, since: int) -> None:
        self.trace.seek(since)
        trips, overhead = 0, self.result.overhead.setdefault(name, {})
        for line in self.trace.read().decode(errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) < 4:
                continue
            if parts[0] == "B" and parts[2] == "ReadyForQuery":
                trips += 1
            elif parts[0] == "F" and parts[2] == "Query":
                sent = parts[3].strip().strip('"')
                kind = "ping" if sent == ";" else sent.split()[0].upper() if sent else ""
                if kind in ("BEGIN", "COMMIT", "ROLLBACK", "ping"):
                    overhead[kind] = overhead.get(kind, 0) + 1
        self.result.round_trips.setdefault(name, []).append(trips)

    def count_statements(self) -> None:
        from sqlalchemy import event

        self.statements = []
        event.listen(self.db.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: self.statements.append(statement) if self.statements is not None else None)

    def timed(self, name: str, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        from pr_desk.domain.errors import StaleRecord, UserError

        result = self.result
        # (cProfile's timer the process's CPU time: wall time would count the waits for the server)
        profiler = None if self.profilers is None else self.profilers.setdefault(name, cProfile.Profile(time.process_time))
        sent = len(self.statements) if self.statements is not None else 0
        traced = self.trace.seek(0, io.SEEK_END) if self.trace is not None else 0
        started, cpu = time.perf_counter(), time.process_time()
        try:
            if profiler is not None:
                profiler.enable()
            try:
                value = fn(*args, **kwargs)
            finally:
                if profiler is not None:
                    profiler.disable()
        except StaleRecord:
            result.refused[name] = result.refused.get(name, 0) + 1
            return None
        except UserError as exc:
            text = str(exc)
            if "busy" in text.lower() or "سرگرم" in text:
                result.locked += 1
            result.failures.append(f"{name}: {type(exc).__name__}: {text} (from {exc.__cause__!r})")
            return None
        except Exception as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                result.locked += 1
            result.failures.append(f"{name}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
            return None
        result.latencies.setdefault(name, []).append(time.perf_counter() - started)
        result.cpu.setdefault(name, []).append(time.process_time() - cpu)
        if self.statements is not None:
            self.statement_counts.setdefault(name, []).append(len(self.statements) - sent)
            self.first_statements.setdefault(name, self.statements[sent:])
        if self.trace is not None:
            self._count_trips(name, traced)
        return value

    def register(self) -> None:
        from pr_desk.services import meetings

        n, rng = next(self.numbers), self.rng

        def both() -> Any:
            citizen, _new = meetings.find_or_create_citizen(
                self.db, self.actor, national_code=_national_code(self.client, n), first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST), district=rng.randint(1, 22))
            return meetings.register_request(self.db, self.actor, citizen_id=citizen.id, official_id=self.official,
                                             subject_category=rng.choice(self.subjects), channel=rng.choice(self.channels),
                                             description=rng.choice(DESCRIPTIONS))
        done = self.timed("register request", both)
        if done is not None:
            self.result.codes.append(done.request.tracking_code)

    def plan_and_fill(self) -> None:
        from pr_desk.services import meetings

        s = self.timed("plan session", meetings.create_session, self.db, self.actor, official_id=self.official,
                       session_date=next(self.session_days), start_time="09:00", end_time="11:00", place="سالن ملاقات مردمی",
                       capacity=SESSION_CAPACITY)
        if s is None:
            return
        entries = self.timed("fill session", meetings.fill_session, self.db, self.actor, session_id=s.id)
        for e in entries or []:
            self.pending.append((s.id, e.id))

    def meet(self) -> None:
        from pr_desk.services import meetings

        if not self.pending:
            self.plan_and_fill()
            return
        db, actor = self.db, self.actor
        session_id, entry_id = self.pending.pop(0)
        if self.timed("check in", meetings.check_in, db, actor, entry_id=entry_id) is None:
            return
        called = self.timed("call in", meetings.call_next, db, actor, session_id=session_id)
        if called is None:
            return
        done = self.timed("finish meeting", meetings.finish_meeting, db, actor, entry_id=called.entry.id)
        if done is None:
            return
        for _ in range(self.rng.choice((1, 1, 2))):
            self.timed("record order", meetings.add_order, db, actor, request_id=done.entry.request_id,
                       text=self.rng.choice(ORDERS), unit_id=self.rng.choice(self.unit_ids))

    def edit_unit(self) -> None:
        from pr_desk.services import units

        unit = units.get_unit(self.db, self.office_admin, self.rng.choice(self.unit_ids))
        self.timed("edit unit", units.update_unit, self.db, self.office_admin, unit.id, name=unit.name,
                   notes=f"بازبینی {self.client}-{next(self.numbers)}", expected_version=unit.version)

    def look(self) -> None:
        from pr_desk.services import meetings

        self.timed("open queue", meetings.list_queue, self.db, self.actor, official_id=self.official, limit=50)

    def find(self) -> None:
        from pr_desk.services import meetings

        code = self.rng.choice(self.result.codes) if self.result.codes else "A-0000-000001"
        self.timed("find by code", meetings.get_request_by_tracking_code, self.db, self.actor, code=code)


def run_client(client: int, target: str, clerk: Login, admin: Login, seconds: float, ready: Any,
               think_ms: float = 0.0, seed: int = 1405) -> ClientResult:
    """One clerk's PC (a Desk); once every client is ready (the barrier `ready`), a random
    mix of actions for `seconds`."""
    from pr_desk.services import auth

    desk = None
    try:
        desk = Desk(client, target, clerk, admin, seed=seed)
        steps = {"register": desk.register, "queue": desk.look, "find": desk.find, "session": desk.plan_and_fill,
                 "meet": desk.meet, "unit": desk.edit_unit}
        names, weights = list(MIX), list(MIX.values())
        ready.wait(timeout=BARRIER_SECONDS)
        end = time.time() + seconds
        while time.time() < end:
            steps[desk.rng.choices(names, weights)[0]]()
            if think_ms:
                time.sleep(desk.rng.uniform(0.5, 1.5) * think_ms / 1000)
        auth.wait_for_login_records(timeout=10)
        return desk.result
    except Exception as exc:  # the client could not even start: a failure of its own
        if not ready.broken:
            ready.abort()
        result = desk.result if desk is not None else ClientResult(client)
        result.failures.append(f"client {client}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}")
        return result
    finally:
        if desk is not None:
            desk.db.dispose()


def profile_actions(target: str, clerk: Login, admin: Login, *, rounds: int, top: int = 0, round_trips: bool = False) -> ClientResult:
    """One clerk in this process, no other client: `rounds` times each action of the mix in
    a fixed order (a registration, the queue, a find, a session planned and filled and its
    four meetings held, a unit edited), the first round not counted (imports, statements
    compiled, caches filled). With `top`, each action's `top` functions by own CPU time
    and by cumulative time are printed (cProfile, measured rounds only); with
    `round_trips` (PostgreSQL), each action's round trips to the server are counted."""
    from pr_desk.services import auth

    desk = Desk(0, target, clerk, admin)
    try:
        for measured in (False, True):
            if measured:
                desk.result.latencies.clear()
                desk.result.cpu.clear()
                desk.count_statements()
                if round_trips:
                    desk.trace_round_trips()
                if top:
                    desk.profilers = {}
            for _ in range(rounds if measured else 1):
                desk.register()
                desk.look()
                desk.find()
                desk.plan_and_fill()
                while desk.pending:
                    desk.meet()
                desk.edit_unit()
        auth.wait_for_login_records(timeout=10)
    finally:
        desk.db.dispose()
    for name, profiler in (desk.profilers or {}).items():
        import pstats

        calls = len(desk.result.cpu.get(name, [])) or 1
        print(f"\n=== {name}: the first measured call's statements ===")
        for statement in desk.first_statements.get(name, []):
            print("  " + " ".join(statement.split())[:200])
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
            print(f"\n=== {name}: {calls} calls, by {order} ===")
            print(out.getvalue().split("\n\n", 1)[-1].rstrip())
    desk.result.statements = desk.statement_counts
    return desk.result


def _client_main(results: Any, *args: Any) -> None:
    try:
        results.put(run_client(*args))
    except BaseException as exc:
        results.put(ClientResult(args[0], failures=[f"client {args[0]}: {type(exc).__name__}: {exc}"]))


# How long the clients may take to start (spawned: imports and an Argon2id login each,
# twenty of them on two cores) before the run is called off.
BARRIER_SECONDS = 600


def active_clerks(target: str, admin: Login, password: str) -> list[Login]:
    """The demo's clerks who may log in (the small demo's last clerk is its disabled user)."""
    from pr_desk.domain.roles import Role
    from pr_desk.services import auth, users
    from pr_desk.services.setup import open_or_create

    db = open_or_create(target, create=False).db
    try:
        actor = auth.login(db, admin.username, admin.password)
        return [Login(u.username, password) for u in users.all_users(db, actor) if u.role is Role.CLERK and u.active]
    finally:
        db.dispose()


def run_clients(target: str, clerks: Sequence[Login], admin: Login, *, clients: int, seconds: float,
                think_ms: float = 0.0, on_start: Any = None) -> list[ClientResult]:
    """`clients` processes (spawned: nothing of the parent's engines crosses over), all
    starting at one moment once every one has logged in; `on_start()` is called then."""
    ctx = mp.get_context("spawn")
    ready = ctx.Barrier(clients + 1)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_client_main, args=(queue, i, target, clerks[i % len(clerks)], admin, seconds, ready, think_ms),
                         name=f"clerk-{i}") for i in range(clients)]
    for p in procs:
        p.start()
    try:
        ready.wait(timeout=BARRIER_SECONDS)
    except threading.BrokenBarrierError:
        pass
    if on_start is not None:
        on_start()
    results = [queue.get(timeout=BARRIER_SECONDS + seconds + 120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return sorted(results, key=lambda r: r.client)


# --- checks and figures --------------------------------------------------------------

def code_check(target: str, results: Sequence[ClientResult]) -> dict[str, int]:
    """Tracking codes handed to the clients against the database's: lost, duplicated."""
    from sqlalchemy import text

    from pr_desk.data.engine import make_engine, normalise_url

    given = [c for r in results for c in r.codes]
    engine = make_engine(normalise_url(target))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT tracking_code, count(*) FROM meeting_request GROUP BY tracking_code")).all()
    finally:
        engine.dispose()
    in_db = {code: n for code, n in rows}
    return {
        "given": len(given),
        "given twice": len(given) - len(set(given)),
        "lost": sum(1 for c in set(given) if c not in in_db),
        "twice in the database": sum(1 for n in in_db.values() if n > 1),
    }


def figures(results: Sequence[ClientResult], seconds: float) -> list[tuple[str, int, float, float, float, float, float]]:
    """(action, count, per second, p50 ms, p95 ms, max ms, the client's median CPU ms) per action."""
    rows = []
    for name in ACTIONS:
        times = sorted(t for r in results for t in r.latencies.get(name, []))
        if not times:
            continue
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        cpu = statistics.median(t for r in results for t in r.cpu.get(name, []))
        rows.append((name, len(times), len(times) / seconds, statistics.median(times) * 1000, p95 * 1000, times[-1] * 1000, cpu * 1000))
    return rows


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot, from /proc/stat (Linux);
    (nan, nan) elsewhere."""
    try:
        fields = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return math.nan, math.nan
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)  # idle + iowait
    return (sum(fields[:8]) - idle) / tick, sum(fields[:8]) / tick


def saturation(results: Sequence[ClientResult], marks: Sequence[tuple[float, float]], *, clients: int,
               seconds: float, actions: int, server_cpu: float = math.nan) -> str:
    """Where the time of the run went, to tell a slow action from a full machine: the whole
    machine's busy CPU over the timed window (server, clients and anything else running),
    the clients' own CPU in their actions, the CPU per action, and Little's law for a closed
    system: with no pause, a client's mean time per action is clients / throughput, so a
    p95 under some aim needs at least that throughput, and a full machine caps it at
    cores / CPU per action."""
    busy = marks[1][0] - marks[0][0] if len(marks) == 2 else math.nan
    cores = os.cpu_count() or 1
    client_cpu = sum(t for r in results for ts in r.cpu.values() for t in ts)
    in_actions = sum(t for r in results for ts in r.latencies.values() for t in ts)
    per_action = busy / actions if actions else math.nan
    own = (client_cpu + server_cpu) / actions if actions else math.nan  # the bench's own, whatever else runs
    return (f"machine CPU over the {seconds:.0f} s: busy {busy:.1f} core-s of {cores * seconds:.0f} ({busy / (cores * seconds):.0%}), "
            f"of which the clients' actions {client_cpu:.1f} core-s and their server backends {server_cpu:.1f} core-s; "
            f"CPU per action {per_action * 1000:.1f} ms by the machine, {own * 1000:.1f} ms clients and server alone "
            f"(a full machine's ceiling {cores / per_action:.0f} and {cores / own:.0f} actions/s); clients in an action {in_actions / (clients * seconds):.0%} "
            f"of the time, mean time per action {in_actions / actions * 1000 if actions else math.nan:.1f} ms "
            f"(Little: clients / throughput = {clients * seconds / actions * 1000 if actions else math.nan:.1f} ms with no pause)")


def warm_p95(results: Sequence[ClientResult]) -> dict[str, float]:
    """Action -> p95 ms without each client's first call of it. A client's first call pays
    what a fresh process pays once (lazy imports, statements compiled, caches filled), and
    the clients' first calls all come together at the start: with few calls per client
    (clerks pausing) they alone can be the slowest 5%."""
    out = {}
    for name in ACTIONS:
        times = sorted(t for r in results for t in r.latencies.get(name, [])[1:])
        if times:
            out[name] = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))] * 1000
    return out


def mix_shares(steps: int = 100_000, seed: int = 1405) -> dict[str, float]:
    """Action -> its share of all actions in the bench's mix (the clients' random steps
    played without a database: a session is filled with its full capacity, each finished
    meeting records one or two orders), to weigh --profile's per-action CPU as a run does."""
    rng = random.Random(seed)
    names, weights = list(MIX), list(MIX.values())
    counts = dict.fromkeys(ACTIONS, 0)
    pending = 0
    for _ in range(steps):
        step = rng.choices(names, weights)[0]
        if step == "meet" and pending:
            pending -= 1
            for name in ("check in", "call in", "finish meeting"):
                counts[name] += 1
            counts["record order"] += rng.choice((1, 1, 2))
        elif step in ("session", "meet"):
            counts["plan session"] += 1
            counts["fill session"] += 1
            pending += SESSION_CAPACITY
        else:
            counts[{"register": "register request", "queue": "open queue", "find": "find by code", "unit": "edit unit"}[step]] += 1
    total = sum(counts.values())
    return {name: n / total for name, n in counts.items()}


def print_profile(result: ClientResult) -> None:
    """--profile's table: per action its calls and median and mean CPU and wall time, and
    the CPU of an action of the bench's mix (the kinds weighted by their shares in it)."""
    shares = mix_shares()
    print(f"{'action':<18}{'calls':>7}{'CPU p50':>9}{'CPU mean':>10}{'wall p50':>10}{'share':>8}{'statements':>12}")
    weighted = weighted_p50 = 0.0
    for name in ACTIONS:
        cpu = result.cpu.get(name)
        if not cpu:
            continue
        mean = statistics.fmean(cpu) * 1000
        weighted += shares[name] * mean
        weighted_p50 += shares[name] * statistics.median(cpu) * 1000
        print(f"{name:<18}{len(cpu):>7}{statistics.median(cpu) * 1000:>9.2f}{mean:>10.2f}"
              f"{statistics.median(result.latencies[name]) * 1000:>10.2f}{shares[name]:>8.1%}"
              f"{statistics.fmean(result.statements.get(name) or [math.nan]):>12.1f}")
    print(f"CPU per action of the mix (weighted by the shares): mean {weighted:.2f} ms, of the medians {weighted_p50:.2f} ms")
    if result.round_trips:
        print(f"\n{'action':<18}{'round trips':>12}{'statements':>12}{'BEGIN':>7}{'COMMIT':>8}{'ROLLBACK':>10}{'ping':>6}  (per call)")
        trips = overhead = 0.0
        for name in ACTIONS:
            counts = result.round_trips.get(name)
            if not counts:
                continue
            extra = result.overhead.get(name, {})
            per = {k: extra.get(k, 0) / len(counts) for k in ("BEGIN", "COMMIT", "ROLLBACK", "ping")}
            trips += shares[name] * statistics.fmean(counts)
            overhead += shares[name] * (per["BEGIN"] + per["COMMIT"] + per["ROLLBACK"] + per["ping"])
            print(f"{name:<18}{statistics.fmean(counts):>12.1f}{statistics.fmean(result.statements.get(name) or [math.nan]):>12.1f}"
                  f"{per['BEGIN']:>7.2f}{per['COMMIT']:>8.2f}{per['ROLLBACK']:>10.2f}{per['ping']:>6.2f}")
        print(f"round trips per action of the mix: {trips:.2f}, of which BEGIN, COMMIT, ROLLBACK and pings {overhead:.2f}")


class WaitSampler(threading.Thread):
    """Every 100 ms, what the bench database's backends on PostgreSQL are doing: running,
    waiting for the advisory lock, for a row (transaction) lock, or for something else."""

    def __init__(self, url: str, dbname: str) -> None:
        super().__init__(daemon=True)
        self.url, self.dbname = url, dbname
        self.stop = threading.Event()
        self.counts: dict[str, int] = {}
        self.rows: dict[str, int] = {}
        self.statements: dict[str, int] = {}
        self.samples = 0
        self.backend_cpu: dict[int, tuple[float, float]] = {}  # pid -> (CPU seconds when first seen, last seen)

    def server_cpu(self) -> float:
        """The CPU the bench database's backends used while sampled (nan if the server's
        processes are not on this machine)."""
        if not self.backend_cpu:
            return math.nan
        return sum(last - first for first, last in self.backend_cpu.values())

    def _read_backend_cpu(self, pids: Sequence[int]) -> None:
        tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        for pid in pids:
            try:  # utime and stime, after the command's closing parenthesis
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            used = (int(fields[11]) + int(fields[12])) / tick
            first = self.backend_cpu.get(pid, (used, used))[0]
            self.backend_cpu[pid] = (first, used)

    def run(self) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        query = text("SELECT CASE WHEN state = 'idle in transaction' THEN 'in a transaction, waiting for its client' "
                     "WHEN wait_event_type = 'Lock' THEN 'waiting: ' || wait_event || ' lock' "
                     "WHEN wait_event_type IS NULL THEN 'running' ELSE wait_event_type END, count(*) "
                     "FROM pg_stat_activity WHERE datname = :d AND state IN ('active', 'idle in transaction') "
                     "AND pid <> pg_backend_pid() GROUP BY 1")
        # The row a blocked backend waits for: the lock its blocker holds on a tuple of
        # which table (pr_desk_meta rows: the audit chain's head, the tracking-code counter).
        # A pr_desk_meta row is named by its key (read at the locked version's ctid).
        waited = text("SELECT 'waiting for a row of ' || coalesce(l.relation::regclass::text, l.locktype) || "
                      "coalesce(' (' || (SELECT m.key FROM pr_desk_meta m WHERE l.relation = 'pr_desk_meta'::regclass "
                      "AND m.ctid = ('(' || l.page || ',' || l.tuple || ')')::tid) || ')', ''), count(*) "
                      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                      "WHERE NOT l.granted AND a.datname = :d AND l.locktype IN ('tuple', 'advisory') GROUP BY 1")
        # Every backend waiting for a lock (a row's waiters after the first wait for its
        # holder's transaction id, which names no row): the statement it waits in.
        statements = text("SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 60), count(*) FROM pg_stat_activity "
                          "WHERE datname = :d AND wait_event_type = 'Lock' GROUP BY 1")
        pids = text("SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()")
        try:
            with engine.connect() as conn:
                while not self.stop.wait(0.1):
                    self.samples += 1
                    for what, n in conn.execute(query, {"d": self.dbname}):
                        self.counts[what] = self.counts.get(what, 0) + n
                    for what, n in conn.execute(waited, {"d": self.dbname}):
                        self.rows[what] = self.rows.get(what, 0) + n
                    for what, n in conn.execute(statements, {"d": self.dbname}):
                        self.statements[what] = self.statements.get(what, 0) + n
                    self._read_backend_cpu(conn.execute(pids, {"d": self.dbname}).scalars().all())
        finally:
            engine.dispose()


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pr_desk.start", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def _server(url: str, *statements: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _on_server(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _database_exists(url: str, name: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None
    finally:
        engine.dispose()


def prepare(db_url: str, size: str, work: Path, *, fresh: bool = False) -> tuple[str, str]:
    """(the run's database, its name on the server or ""): a copy of a demo database built
    once by `pr-desk demo` (kept for the next run: on the server as clerks_bench_demo_SIZE,
    as a SQLite file in `work`), opened once as the app opens it (an older schema is
    upgraded here, not by twenty clients at once)."""
    from pr_desk.services.setup import open_or_create

    if db_url.startswith("postgres"):
        demo, name = f"clerks_bench_demo_{size}", f"clerks_bench_{os.getpid()}"
        if fresh or not _database_exists(db_url, demo):
            _server(db_url, f'DROP DATABASE IF EXISTS "{demo}" WITH (FORCE)', f'CREATE DATABASE "{demo}"')
            started = time.perf_counter()
            _cli("demo", "--db", _on_server(db_url, demo), "--size", size)
            print(f"demo ({size}) built in {time.perf_counter() - started:.0f} s on the server as {demo}", flush=True)
        _server(db_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{demo}"')
        target = _on_server(db_url, name)
    else:
        name = ""
        work.mkdir(parents=True, exist_ok=True)
        demo_file = work / f"demo-{size}.sqlite"
        if fresh or not demo_file.exists():
            demo_file.unlink(missing_ok=True)
            started = time.perf_counter()
            _cli("demo", "--db", str(demo_file), "--size", size)
            print(f"demo ({size}) built in {time.perf_counter() - started:.0f} s as {demo_file}", flush=True)
        target = str(work / f"run-{os.getpid()}.sqlite")
        shutil.copyfile(demo_file, target)
    backups = work / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    open_or_create(target, create=False, backup_folder=backups).db.dispose()
    return target, name


def capture_lock(target: str, *, on: bool) -> None:
    """Experiment only (--capture-lock off): the capture function of THIS database without
    its advisory lock, to see what the lock costs. Never a way to run an office."""
    from sqlalchemy import create_engine, text

    from pr_desk.data.sync import triggers

    ddl = triggers.pg_function_ddl()
    if not on:
        ddl = ddl.replace(f"PERFORM pg_advisory_xact_lock({triggers.PG_LOCK_KEY});", "")
    engine = create_engine(target)
    try:
        with engine.begin() as conn:
            conn.execute(text(ddl))
    finally:
        engine.dispose()


def _drop_run_database(args: argparse.Namespace, target: str, pg_name: str) -> None:
    if args.keep:
        print(f"kept: {target}")
    elif pg_name:
        _server(args.db_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)


def profile_main(args: argparse.Namespace, target: str, pg_name: str, clerk: Login, admin: Login) -> int:
    load = os.getloadavg()[0]
    try:
        result = profile_actions(target, clerk, admin, rounds=args.profile, top=args.profile_top,
                                 round_trips=args.round_trips and bool(pg_name))
    finally:
        _drop_run_database(args, target, pg_name)
    print(f"\n{'PostgreSQL' if pg_name else 'SQLite'}, one clerk in one process, {args.profile} rounds; "
          f"load average at the start {load:.2f}, at the end {os.getloadavg()[0]:.2f} (1 min)")
    print_profile(result)
    for f in result.failures[:10]:
        print("  " + f.strip().replace("\n", "\n    "))
    return 1 if result.failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--db-url", default="", help="a PostgreSQL server URL (a new database is made on it); default: a SQLite file")
    parser.add_argument("--size", default="small", choices=["small", "medium", "large"], help="demo size")
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean pause between a clerk's actions (0: flat out)")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "pr-desk-clerks-bench"),
                        help="folder of the SQLite demo file kept between runs, and of the run's copy")
    parser.add_argument("--fresh", action="store_true", help="build the demo database again")
    parser.add_argument("--keep", action="store_true", help="keep the run's database afterwards")
    parser.add_argument("--capture-lock", default="on", choices=["on", "off"], help="PostgreSQL experiment: the sync capture's advisory lock")
    parser.add_argument("--profile", type=int, default=0, metavar="ROUNDS",
                        help="instead of the clients: one clerk in this process doing each action ROUNDS times; CPU per action")
    parser.add_argument("--profile-top", type=int, default=0, metavar="N",
                        help="with --profile: each action's N hottest functions (cProfile)")
    parser.add_argument("--round-trips", action="store_true",
                        help="with --profile on PostgreSQL: each action's round trips to the server (libpq's trace; costs CPU itself)")
    args = parser.parse_args()

    from pr_desk.services.demo import ADMIN, DEMO_PASSWORD

    work = Path(args.work)
    target, pg_name = prepare(args.db_url, args.size, work, fresh=args.fresh)
    if pg_name:
        capture_lock(target, on=args.capture_lock == "on")
    clerks = active_clerks(target, Login(ADMIN[0], ADMIN[2]), DEMO_PASSWORD)
    if args.profile:
        return profile_main(args, target, pg_name, clerks[0], Login(ADMIN[0], ADMIN[2]))
    sampler = WaitSampler(target, pg_name) if pg_name else None
    load_before = [os.getloadavg()]
    cpu_marks: list[tuple[float, float]] = []

    def started() -> None:
        load_before[0] = os.getloadavg()
        cpu_marks.append(machine_cpu())
        threading.Timer(args.seconds, lambda: cpu_marks.append(machine_cpu())).start()
        if sampler:
            sampler.start()
    results = run_clients(target, clerks, Login(ADMIN[0], ADMIN[2]), clients=args.clients, seconds=args.seconds,
                          think_ms=args.think_ms, on_start=started)
    load_after = os.getloadavg()
    if sampler:
        sampler.stop.set()
        sampler.join()
    if pg_name and args.capture_lock == "off":
        capture_lock(target, on=True)

    kind = "PostgreSQL" if pg_name else "SQLite"
    print(f"\n{kind}, {args.clients} clients, {args.seconds:.0f} s, think {args.think_ms:.0f} ms, capture lock {args.capture_lock}; "
          f"{os.cpu_count()} cores; load average at the start {load_before[0][0]:.2f}, at the end {load_after[0]:.2f} (1 min)")
    print(f"{'action':<18}{'count':>7}{'/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'CPU ms':>9}  p95 ms without each client's first")
    total = 0
    warm = warm_p95(results)
    for name, n, rate, p50, p95, worst, cpu in figures(results, args.seconds):
        total += n
        print(f"{name:<18}{n:>7}{rate:>8.1f}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}{cpu:>9.1f}{warm.get(name, float('nan')):>9.1f}")
    print(f"{'all actions':<18}{total:>7}{total / args.seconds:>8.1f}")
    print(saturation(results, cpu_marks, clients=args.clients, seconds=args.seconds, actions=total,
                     server_cpu=sampler.server_cpu() if sampler else math.nan))
    failures = [f for r in results for f in r.failures]
    refused: dict[str, int] = {}
    for r in results:
        for k, v in r.refused.items():
            refused[k] = refused.get(k, 0) + v
    print(f"failures: {len(failures)} (database locked/busy: {sum(r.locked for r in results)}); "
          f"refused as stale (by design): {refused or 0}; saves that waited their turn > 1.5 s with the app's "
          f"message: {sum(r.waits for r in results)}")
    for f in failures[:10]:
        print("  " + f.strip().replace("\n", "\n    "))
    codes = code_check(target, results)
    print("tracking codes: " + ", ".join(f"{k} {v}" for k, v in codes.items()))
    if sampler and sampler.samples:
        shares = ", ".join(f"{k} {v / sampler.samples:.1f}" for k, v in sorted(sampler.counts.items(), key=lambda kv: -kv[1]))
        print(f"server backends of the bench, mean per sample ({sampler.samples} samples): {shares}")
        rows = ", ".join(f"{k} {v / sampler.samples:.1f}" for k, v in sorted(sampler.rows.items(), key=lambda kv: -kv[1]))
        print(f"tuple and advisory lock waits, mean per sample: {rows or 'none'}")
        waits = sorted(sampler.statements.items(), key=lambda kv: -kv[1])[:5]
        print("statements waiting for a lock, mean per sample: " + ("; ".join(f"{k} {v / sampler.samples:.1f}" for k, v in waits) or "none"))
    _drop_run_database(args, target, pg_name)
    ok = not failures and codes["given twice"] == 0 and codes["lost"] == 0 and codes["twice in the database"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
