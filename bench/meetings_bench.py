"""The meeting queue at scale: opening an official's queue and a name search on a database
of N requests, through the services against the same query in raw SQL (sqlite3), in the
same run on the same file.

(a) the queue's first page: services.meetings.list_queue(offset 0, limit 200) + count_queue
    vs one SELECT ... ORDER BY queue_rank, queue_key, id LIMIT 200 joined to the citizen,
    and one SELECT count(*);
(b) a name search: find_requests(mode="name", a common Persian surname prefix, first page
    of 100) vs the same SELECT on citizen.name_search / last_name_search ranges, then the
    page's citizens by id (the two statements the service runs);
(c) with --memory: the meeting workspace's list of all requests opened in a window
    (offscreen), each way in a fresh process, its resident memory (VmRSS and the peak VmHWM)
    with the first page only, at the end and after walking (aim: under 300 MB at 1,000,000
    requests): `jump` as a person gets to the end (Ctrl+End held: the scroll bar spans the
    rows loaded, each press asks for one more page), then the last 300 pages walked up and
    down again and 200 random jumps along the list; `pages` fetched page by page with no
    painting between. Each page the list fetches is timed (by offset or after a row), and
    the last page by OFFSET against the same page after the row before it.
    --paging offset runs the model without fetch_after (every page by OFFSET: before);
    --memory-sort KEY sorts the list by that column first, as a header click does.
    `drag`: the scroll bar's thumb dragged to the bottom with the mouse (then the same walk
    and jumps), timed from the release to the rows on screen painted with their data.
    --model whole,paged: the list counted whole under one scroll bar (WholeListModel, the
    app's) and the model before it (PagedTableModel: a drag to the bottom fetches one more
    page; --max-drags N stops after N drags, or N Ctrl+End, and says how far the end is at that pace).
(d) with --sorted KEYS (or all): the requests list sorted by each column, up and down, its
    first page and its last page by OFFSET and after the row before it (keyset paging),
    wall and CPU time of each (median of up to 3); nothing else runs.

The fixture is built quickly: the schema comes from the migrations (create_database), the
officials through the services, citizens and requests by raw bulk INSERTs into that schema.
With --db-url (PostgreSQL) the same rows (the same generators and seed) go in by COPY, into
the database the URL names (made when missing, reused when it holds the requests), and every
case above runs there: the raw-SQL baseline through psycopg, (d)'s CPU with the server's.
Run:
    .venv/bin/python bench/meetings_bench.py [--rows 1000000] [--db PATH] [--repeat 7] [--memory | --memory-only]
        [--scroll drag,jump,pages] [--paging keyset,offset] [--memory-sort KEY] [--model whole,paged] [--max-drags N]
        [--jumps N]
    .venv/bin/python bench/meetings_bench.py --db PATH --sorted all [--directions asc,desc] [--no-offset-last]
    .venv/bin/python bench/meetings_bench.py --db-url postgresql+psycopg://postgres@127.0.0.1:55432/meetings_1m [any of the above]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["محمد", "علی", "حسین", "رضا", "مهدی", "فاطمه", "زهرا", "مریم", "سارا", "نرگس", "امیر", "حسن", "محمدرضا",
         "سید احمد", "مصطفی", "معصومه", "اکرم", "جواد", "ابوالفضل", "الهام"]
LAST = ["محمدی", "احمدی", "حسینی", "رضایی", "موسوی", "کریمی", "هاشمی", "جعفری", "صادقی", "قاسمی", "رحیمی", "کاظمی",
        "محمدپور", "نوری", "عباسی", "طاهری", "امینی", "ملکی", "زارعی", "سلیمانی", "اکبری", "شریفی", "فتحی", "نجفی"]
SUBJECTS = ["urban_services", "building_permits", "traffic", "green_space", "property", "social", "staff_complaint", "employment", "other"]
STATUSES = ["waiting"] * 3 + ["scheduled"] + ["held"] * 2 + ["closed"] * 4 + ["cancelled"]
QUERY = "محمدی"  # the commonest Persian surname, typed as a prefix


def _hex_id(kind: int, i: int) -> str:
    return f"{kind:08x}{i:024x}"


def is_url(target: str | Path) -> bool:
    """Whether `target` is a PostgreSQL URL (else a SQLite file's path)."""
    return str(target).startswith("postgresql")


def build(target: str | Path, rows: int, seed: int = 1405, *, around_inserts: Any = None) -> tuple[float, str]:
    """A migrated database with 27 officials, rows*0.7 citizens and `rows` requests: a SQLite
    file at `target`, or the PostgreSQL database its URL names (which must exist, empty).
    Returns (seconds, the id of the official with the longest queue). `around_inserts(con)`:
    a context manager the raw inserts run in (SQLite; search_bench: the import's bulk marking)."""
    from pr_desk.services import meetings
    from pr_desk.services.setup import create_database

    start = time.perf_counter()
    db, admin = create_database(str(target), admin_username="admin", admin_display_name="مدیر", admin_password="bench-pass-1405")
    officials = [meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران").id.hex]
    officials += [meetings.add_official(db, admin, name=f"شهردار {d}", title=f"شهردار منطقه {d}", district=d).id.hex for d in range(1, 23)]
    officials += [meetings.add_official(db, admin, name=f"معاون {k}", title=f"معاون {k}").id.hex for k in range(4)]
    db.dispose()
    if is_url(target):
        pg_insert_requests(str(target), rows, officials, seed)
    else:
        insert_requests(Path(target), rows, officials, seed, around_inserts=around_inserts)
    return time.perf_counter() - start, officials[0]


CITIZEN_COLUMNS = ("id, created_at, updated_at, version, national_code, first_name, last_name, name_search, last_name_search,"
                   " mobile, district, priority_group, priority_note, notes")
REQUEST_COLUMNS = ("id, created_at, updated_at, version, tracking_code, citizen_id, official_id, subject_category, channel,"
                   " description, description_search, status, district, priority_group, priority_note, queue_rank, queue_key,"
                   " queue_moved, registered_at, registered_on, no_show_count, result, reopen_reason, cancel_reason")
BASE = dt.datetime(2024, 3, 20, 6, 0)
"""The first request's registration (naive: UTC, as the app stores it)."""


def citizen_rows(rng: random.Random, n_citizens: int) -> Iterator[tuple[Any, ...]]:
    """The bench's citizens, one tuple a row in CITIZEN_COLUMNS' order (both databases)."""
    from pr_desk.domain.national_code import national_code_check_digit
    from pr_desk.domain.text import search_key

    created = BASE.strftime("%Y-%m-%d %H:%M:%S.%f")
    for i in range(n_citizens):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        nine = f"{(i * 7919 + 13) % 1_000_000_000:09d}"
        code = nine + str(national_code_check_digit(nine))
        yield (_hex_id(1, i), created, created, 1, code, first, last, search_key(f"{first} {last}"), search_key(last),
               f"09{i % 1_000_000_000:09d}", 1 + i % 22, "none", "", "")


def request_rows(rng: random.Random, rows: int, officials: list[str], n_citizens: int) -> Iterator[tuple[Any, ...]]:
    """`rows` requests over 600 days for `officials` (the first the busiest), one tuple a row
    in REQUEST_COLUMNS' order (both databases: 0 and 1 are booleans to PostgreSQL too)."""
    from pr_desk.domain.text import normalize_for_search

    weights = ([20] + [3] * 22 + [2] * 4)[:len(officials)] + [2] * max(0, len(officials) - 27)
    span = 600 * 86400
    text = "درخواست رسیدگی به مشکل محله"
    shadow = normalize_for_search(text)
    for i in range(rows):
        at = BASE + dt.timedelta(seconds=i * span // rows)
        stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")
        status = rng.choice(STATUSES)
        subject = rng.choice(SUBJECTS)
        yield (_hex_id(2, i), stamp, stamp, 1, f"B{(i // 1_000_000) % 10}{i % 100:02d}-{i:07d}", _hex_id(1, rng.randrange(n_citizens)),
               rng.choices(officials, weights)[0], subject, "in_person", text, shadow, status,
               1 + i % 22, "none", "", 0 if i % 50 == 0 else 4, int(at.timestamp() * 1_000_000), 0, stamp, at.date().isoformat(), 0, "", "", "")


def insert_requests(path: Path, rows: int, officials: list[str], seed: int = 1405, *, around_inserts: Any = None) -> None:
    """rows*0.7 citizens and `rows` requests for `officials` (hex ids, the first the busiest)
    by raw bulk INSERTs into the PR Desk database at `path` (dashboard_bench: into a demo)."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    n_citizens = max(1, int(rows * 0.7))
    around = around_inserts(con) if around_inserts is not None else contextlib.nullcontext()
    with around:
        con.executemany(f"INSERT OR IGNORE INTO citizen ({CITIZEN_COLUMNS}) VALUES ({','.join('?' * 14)})",
                        citizen_rows(rng, n_citizens))
        con.executemany(f"INSERT INTO meeting_request ({REQUEST_COLUMNS}) VALUES ({','.join('?' * 24)})",
                        request_rows(rng, rows, officials, n_citizens))
    con.commit()
    con.execute("ANALYZE")
    con.close()


def pg_connect(url: str) -> Any:
    """A plain psycopg connection (autocommit) to the database `url` names."""
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def pg_insert_requests(url: str, rows: int, officials: list[str], seed: int = 1405) -> None:
    """As `insert_requests` into the PostgreSQL database at `url`, by COPY (the same rows: the
    same generators and seed), in one transaction, then ANALYZE."""
    rng = random.Random(seed)
    n_citizens = max(1, int(rows * 0.7))
    with pg_connect(url) as con, con.cursor() as cur:
        cur.execute("SET timezone = 'UTC'")  # the naive stamps are UTC, as the app writes them
        with con.transaction():
            for table, columns, generated in (("citizen", CITIZEN_COLUMNS, citizen_rows(rng, n_citizens)),
                                              ("meeting_request", REQUEST_COLUMNS, request_rows(rng, rows, officials, n_citizens))):
                with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in generated:
                        copy.write_row(row)
        cur.execute("ANALYZE")


def _size_mb(target: str | Path) -> float:
    if is_url(target):
        with pg_connect(str(target)) as con:
            return con.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6  # type: ignore[index, no-any-return]
    return Path(target).stat().st_size / 1e6


def pg_ensure_database(url: str) -> bool:
    """The database `url` names, created on its server when missing; whether it holds the
    bench's requests already (then it is reused, as --db's file is)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database or ""
    try:
        with pg_connect(url) as con:
            return con.execute("SELECT to_regclass('meeting_request') IS NOT NULL").fetchone()[0]  # type: ignore[index, no-any-return]
    except psycopg.OperationalError as exc:
        if f'"{name}" does not exist' not in str(exc):
            raise
    server = parsed.set(database="postgres").render_as_string(hide_password=False)
    with pg_connect(server) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return False


RAW_QUEUE = """
SELECT r.id, r.tracking_code, r.status, r.subject_category, r.registered_at, r.registered_on, r.queue_rank, r.queue_key,
       c.first_name, c.last_name, c.national_code, c.mobile, o.name, o.title
FROM meeting_request r JOIN citizen c ON c.id = r.citizen_id JOIN official o ON o.id = r.official_id
WHERE r.official_id = :official AND r.status = 'waiting' AND r.deleted_at IS NULL
ORDER BY r.queue_rank, r.queue_key, r.id LIMIT 200 OFFSET 0
"""
RAW_COUNT = "SELECT count(*) FROM meeting_request WHERE official_id = :official AND status = 'waiting' AND deleted_at IS NULL"
RAW_NAME = """
SELECT r.id, r.tracking_code, r.status, r.subject_category, r.registered_at, r.registered_on, r.citizen_id, r.official_id
FROM meeting_request r
WHERE r.deleted_at IS NULL AND r.citizen_id IN (
    SELECT id FROM citizen WHERE (name_search >= :key AND name_search < :past) OR (last_name_search >= :key AND last_name_search < :past))
ORDER BY r.registered_at DESC, r.id DESC LIMIT 100 OFFSET 0
"""
RAW_NAMES_OF = "SELECT id, first_name, last_name, national_code, mobile FROM citizen WHERE id IN ({marks})"


class RawSQL:
    """The raw-SQL baseline's connection: sqlite3 on a file, psycopg on a PostgreSQL URL; a
    statement written with :name parameters runs on either."""

    def __init__(self, target: str | Path) -> None:
        self.postgresql = is_url(target)
        self.con = pg_connect(str(target)) if self.postgresql else sqlite3.connect(target)

    def execute(self, sql: str, params: dict[str, Any]) -> Any:
        if self.postgresql:
            sql = re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)
        return self.con.execute(sql, params)

    def close(self) -> None:
        self.con.close()


def _time(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    result = fn()  # warm: first call pays for the cache, as a user's first click does too
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def measure(target: str | Path, official_hex: str, repeat: int) -> list[tuple[str, float, float, int]]:
    import uuid

    from pr_desk.domain.text import search_key
    from pr_desk.services import auth, meetings
    from pr_desk.services.setup import open_or_create

    db = open_or_create(str(target)).db
    actor = auth.login(db, "admin", "bench-pass-1405")
    official = uuid.UUID(official_hex)
    con = RawSQL(target)
    key = search_key(QUERY)

    def ours_queue():  # type: ignore[no-untyped-def]
        return meetings.list_queue(db, actor, official_id=official, offset=0, limit=200), meetings.count_queue(db, actor, official_id=official)

    def raw_queue():  # type: ignore[no-untyped-def]
        which = {"official": official_hex}
        return con.execute(RAW_QUEUE, which).fetchall(), con.execute(RAW_COUNT, which).fetchone()[0]

    def ours_name():  # type: ignore[no-untyped-def]
        return meetings.find_requests(db, actor, search=meetings.RequestSearch(text=QUERY, mode="name"), offset=0, limit=100)

    def raw_name():  # type: ignore[no-untyped-def]
        page = con.execute(RAW_NAME, {"key": key, "past": key + "\U0010ffff"}).fetchall()
        ids = {f"i{n}": citizen for n, citizen in enumerate(sorted({row[6] for row in page}))}
        names = con.execute(RAW_NAMES_OF.format(marks=",".join(f":{mark}" for mark in ids)), ids).fetchall() if ids else []
        return page, names

    out = []
    tq, (page, count) = _time(ours_queue, repeat)
    rq, (raw_page, raw_count) = _time(raw_queue, repeat)
    assert count == raw_count and [r.tracking_code for r in page] == [row[1] for row in raw_page], "queue differs from raw SQL"
    out.append(("queue first page (200) + count", tq, rq, count))
    tn, found = _time(ours_name, repeat)
    rn, raw_found = _time(raw_name, repeat)
    assert [r.tracking_code for r in found] == [row[1] for row in raw_found[0]], "name search differs from raw SQL"
    out.append((f"name search '{QUERY}' first page (100)", tn, rn, len(found)))
    con.close()
    db.dispose()
    return out


def _resident_mb() -> tuple[float, float]:
    """(now, peak) resident memory of this process in MB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class _FetchTimer:
    """Wraps services.meetings.find_requests in the child: each page the list asks for, its
    wall and CPU time and how (by offset, or after a row)."""

    def __init__(self, find: Any) -> None:
        self.find = find
        self.calls: list[tuple[str, int, float, float]] = []  # (how, offset, wall s, cpu s)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        rows = self.find(*args, **kwargs)
        how = "after" if kwargs.get("after") is not None else "offset"
        if kwargs.get("backwards"):  # read from the list's end: before a row, or counted from the last
            how = "before" if how == "after" else "end"
        self.calls.append((how, int(kwargs.get("offset", 0)), time.perf_counter() - wall, time.process_time() - cpu))
        return rows

    def since(self, mark: int) -> dict[str, Any]:
        calls = self.calls[mark:]
        walls = sorted(c[2] for c in calls)
        return {"pages": len(calls), "by_offset": sum(c[0] == "offset" for c in calls), "from_end": sum(c[0] == "end" for c in calls),
                "median_ms": 1000 * statistics.median(walls) if walls else 0.0,
                "max_ms": 1000 * walls[-1] if walls else 0.0,
                "median_cpu_ms": 1000 * statistics.median(c[3] for c in calls) if calls else 0.0}


def _thumb_to_bottom(app: Any, table: Any) -> float:
    """The vertical scroll bar's thumb dragged to the bottom with mouse events (pressed,
    moved down in ten steps, each painted, released past the end); seconds from the release
    until every row on screen is painted with its data (not "…")."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    bar = table.verticalScrollBar()
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    start = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar).center()
    QTest.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    for y in [*range(start.y(), bar.height(), max(1, bar.height() // 10)), bar.height() + 20]:
        QTest.mouseMove(bar, QPoint(start.x(), y))
        app.processEvents()
    t = time.perf_counter()
    QTest.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), bar.height() + 20))
    _painted(app, table)
    return time.perf_counter() - t


def _painted(app: Any, table: Any) -> float:
    """Events processed until the rows on screen have their data (a whole-list model paints
    "…" for a row until its page comes, read on a worker thread if it is one by OFFSET);
    the longest the UI thread was busy in one go (seconds): how long the window froze."""
    model = table.model()
    fetched = getattr(model, "is_fetched", None)
    reading = getattr(model, "reading", lambda: False)
    longest = 0.0
    while True:
        t = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - t)
        bottom = table.rowAt(table.viewport().height() - 1)
        rows = range(max(0, table.rowAt(0)), (model.rowCount() - 1 if bottom < 0 else bottom) + 1)
        if fetched is None or all(fetched(row) for row in rows):
            return longest
        if reading():
            time.sleep(0.002)  # idle while the worker reads, as the event loop is


def memory_child(target: str | Path, mode: str, paging: str, sort_key: str = "", model_kind: str = "whole", max_drags: int = 0,
                 jumps: int = 200) -> None:
    """(c) in this process: the requests list in a window; `mode` open (first page only),
    pages (fetched page by page to the end, as the old bench did), jump (Ctrl+End until the
    end, then the last 300 pages walked up and down again and 200 random jumps) or drag (the
    scroll bar's thumb dragged to the bottom with the mouse, then the same walk and jumps);
    `paging` keyset (as the app pages) or offset (the model without fetch_after: before);
    `model_kind` whole (the list counted whole, one scroll bar: WholeListModel) or paged
    (the model before it, PagedTableModel, growing as the view nears its end); `max_drags`:
    stop dragging after so many (0: at the end), the rest of the way estimated from them;
    `jumps`: how many random jumps (200)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    app = QApplication([])
    from pr_desk.i18n import set_language
    from pr_desk.services import auth, meetings
    from pr_desk.services.setup import open_or_create
    from pr_desk.ui.meetings.requests_view import RequestsView

    timer = _FetchTimer(meetings.find_requests)
    meetings.find_requests = timer  # type: ignore[assignment]  # the view looks it up on the module
    set_language("fa")
    db = open_or_create(str(target)).db
    actor = auth.login(db, "admin", "bench-pass-1405")
    view = RequestsView(db, actor)
    if model_kind == "paged":  # before: the list grows a page at a time as the view nears its end
        from pr_desk.ui.kit.paged_table_model import PagedTableModel
        from pr_desk.ui.meetings.requests_view import REQUEST_COLUMNS

        view.model = PagedTableModel(REQUEST_COLUMNS, view._fetch, count=view._count, fetch_after=view._fetch_after, parent=view)
        view.table.setModel(view.model)
    if paging == "offset":
        view.model.set_fetcher(view._fetch, view._count)  # no fetch_after: every page by OFFSET
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    model, table = view.model, view.table
    if sort_key:  # as a click on the column's header does
        table.sortByColumn(model.column_index(sort_key), Qt.SortOrder.AscendingOrder)
        app.processEvents()
    out: dict[str, Any] = {"mode": mode, "paging": paging, "sort": sort_key, "model": model_kind, "total": model.total_count()}
    now, peak = _resident_mb()
    out["open"] = {"rss_mb": now, "peak_mb": peak}

    def phase(name: str, started: float, cpu: float, mark: int, **extra: Any) -> None:
        rss, hwm = _resident_mb()
        out[name] = {"seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu, "rss_mb": rss,
                     "peak_mb": hwm, "rows": model.rowCount(), **timer.since(mark), **extra}

    started, cpu, mark = time.perf_counter(), time.process_time(), len(timer.calls)
    total = model.total_count() or 0
    if mode == "pages":
        pages = 0
        while model.canFetchMore(QModelIndex()):  # PagedTableModel: one more page
            model.fetchMore(QModelIndex())
            pages += 1
            if pages % 50 == 0:
                table.scrollToBottom()
                app.processEvents()
        for row in range(model.loaded_count(), model.rowCount(), model.page_size):  # WholeListModel: each page read
            model.row_at(row)
            if row // model.page_size % 50 == 0:
                app.processEvents()
        table.scrollToBottom()
        _painted(app, table)
        phase("end", started, cpu, mark)
    elif mode in ("jump", "drag"):
        # PagedTableModel: the scroll bar spans the rows loaded, so Ctrl+End (or the thumb
        # dragged to the bottom) shows the last of them and the view asks for one more page:
        # a person holds the keys, or drags again and again. WholeListModel: once.
        presses, drags, drag_s = 0, 0, []
        table.setFocus()
        while model.rowCount() < total or table.currentIndex().row() < model.rowCount() - 1 or not drags and mode == "drag":
            if mode == "drag":
                drag_s.append(_thumb_to_bottom(app, table))
                drags += 1
                if model.rowCount() == total or drags == max_drags:
                    break
            else:
                QTest.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
                _painted(app, table)
                presses += 1
                if presses == max_drags:
                    break
        phase("end", started, cpu, mark, **({"drags": drags, "drag_median_ms": 1000 * statistics.median(drag_s),
                                              "drag_max_ms": 1000 * max(drag_s)} if drags else {"presses": presses}))
        last = model.rowCount() - 1
        page = model.page_size
        rng = random.Random(17)
        steps: list[float] = []
        frozen: list[float] = []

        def show(row: int) -> None:
            t = time.perf_counter()
            table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
            frozen.append(_painted(app, table))  # the rows on screen read, let-go pages (or those never fetched) fetched
            steps.append(time.perf_counter() - t)

        started, cpu, mark = time.perf_counter(), time.process_time(), len(timer.calls)
        rows_back = min(last, 300 * page)
        for row in list(range(last, last - rows_back, -page)) + list(range(last - rows_back, last + 1, page)):
            show(row)
        phase("walk", started, cpu, mark, steps=len(steps), step_median_ms=1000 * statistics.median(steps),
              step_max_ms=1000 * max(steps), frozen_max_ms=1000 * max(frozen))
        steps.clear()
        frozen.clear()
        started, cpu, mark = time.perf_counter(), time.process_time(), len(timer.calls)
        for _ in range(jumps):
            show(rng.randrange(last + 1))
        phase("random", started, cpu, mark, steps=len(steps), step_median_ms=1000 * statistics.median(steps),
              step_max_ms=1000 * max(steps), frozen_max_ms=1000 * max(frozen))
    last_row = model.row_at(model.rowCount() - 1)
    out["last"] = getattr(last_row, "tracking_code", str(last_row))
    print(json.dumps(out))


def end_page_times(target: str | Path, repeat: int = 5) -> dict[str, float]:
    """The list's last page by OFFSET against the same page after the row before it (ms, median)."""
    from pr_desk.services import auth, meetings
    from pr_desk.services.setup import open_or_create

    db = open_or_create(str(target)).db
    actor = auth.login(db, "admin", "bench-pass-1405")
    total = meetings.count_requests(db, actor)
    start = max(0, total - 200)
    before = meetings.find_requests(db, actor, offset=start - 1, limit=1)[0] if start else None
    by_offset = _time(lambda: meetings.find_requests(db, actor, offset=start, limit=200), repeat)
    from_end = _time(lambda: meetings.find_requests(db, actor, offset=0, limit=total - start, backwards=True), repeat)
    assert [r.id for r in reversed(from_end[1])] == [r.id for r in by_offset[1]], "the last page from the end differs"  # type: ignore[call-overload, attr-defined]
    ms = {"offset_ms": by_offset[0] * 1000, "from_end_ms": from_end[0] * 1000}
    if before is not None:
        after = _time(lambda: meetings.find_requests(db, actor, after=before, limit=200), repeat)
        assert [r.id for r in after[1]] == [r.id for r in by_offset[1]], "the page after a row differs from the page by offset"  # type: ignore[attr-defined]
        ms["after_ms"] = after[0] * 1000
    db.dispose()
    return ms


SORT_KEYS = ("tracking_code", "citizen_name", "national_code", "mobile", "district", "official_name", "subject_label",
             "status_label", "registered_on", "waiting_days")


def _timed(fn: Any, repeat: int, target: str | Path = "") -> tuple[float, float, Any]:
    """(median wall s, median CPU s, result) of `repeat` calls (no warm-up: a slow one is long);
    on PostgreSQL the CPU is this process's and its server's for the database (local: /proc,
    in clock ticks of 10 ms)."""
    from sync_bench import server_cpu

    url = str(target) if is_url(target) else None
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time() + server_cpu(url)
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() + server_cpu(url) - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def sorted_pages(target: str | Path, keys: list[str], directions: list[bool], repeat: int, offset_last: bool) -> None:
    """(d) the requests list sorted by a column: its first page (200) and its last page, by
    OFFSET, after the row before it (keyset paging, where the code offers it) and from the
    end (the reversed order, as the list reads its end), each page's wall and CPU time
    (median of `repeat`; on PostgreSQL the server's CPU too); the page after the row and
    the page from the end are checked equal to the page by offset."""
    from pr_desk.services import auth, meetings
    from pr_desk.services.setup import open_or_create

    db = open_or_create(str(target)).db
    actor = auth.login(db, "admin", "bench-pass-1405")
    total = meetings.count_requests(db, actor)
    start = max(0, total - 200)
    print(f"load average before (d): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"(d) sorted by a column, {total:,} requests, pages of 200: first page; last page by OFFSET; last page after the row "
          f"before it; last page from the end; CPU {'with the server' if is_url(target) else 'of this process'}")
    for key in keys:
        for descending in directions:
            sort = {"sort_key": key, "descending": descending}
            w1, c1, first = _timed(lambda sort=sort: meetings.find_requests(db, actor, offset=0, limit=200, **sort), repeat, target)
            line = f"  {key:14} {'desc' if descending else 'asc ':4} first {w1 * 1000:8.1f} ms ({c1 * 1000:8.1f} CPU)"
            before = meetings.find_requests(db, actor, offset=start - 1, limit=1, **sort)[0]
            by_offset = None
            if offset_last:
                wo, co, by_offset = _timed(lambda sort=sort: meetings.find_requests(db, actor, offset=start, limit=200, **sort), repeat,
                                           target)
                line += f"  last by OFFSET {wo * 1000:8.1f} ms ({co * 1000:8.1f} CPU)"
            try:
                wa, ca, after = _timed(lambda sort=sort, before=before: meetings.find_requests(db, actor, after=before, limit=200, **sort),
                                       repeat, target)
            except ValueError:
                line += "  after a row: not offered"
            else:
                if by_offset is not None:
                    assert [r.id for r in after] == [r.id for r in by_offset], f"{key}: the page after a row differs from the page by offset"
                line += f"  last after a row {wa * 1000:8.1f} ms ({ca * 1000:8.1f} CPU)"
            we, ce, from_end = _timed(lambda sort=sort: meetings.find_requests(db, actor, offset=0, limit=total - start, backwards=True, **sort),
                                      repeat, target)
            if by_offset is not None:
                assert [r.id for r in reversed(from_end)] == [r.id for r in by_offset], f"{key}: the page from the end differs"
            line += f"  from the end {we * 1000:8.1f} ms ({ce * 1000:8.1f} CPU)"
            print(line, flush=True)
    print(f"load average after (d): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    db.dispose()


def _run_child(target: str | Path, mode: str, paging: str, sort_key: str = "", model_kind: str = "whole", max_drags: int = 0,
               jumps: int = 200) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--db-url" if is_url(target) else "--db", str(target), "--memory-child", mode, "--paging", paging, "--memory-sort", sort_key,
           "--model", model_kind, "--max-drags", str(max_drags), "--jumps", str(jumps)]
    t0 = os.times()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    t1 = os.times()
    if done.returncode != 0:
        raise SystemExit(f"memory case {mode}/{paging} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["child_cpu_s"] = (t1.children_user - t0.children_user) + (t1.children_system - t0.children_system)
    return result


def memory(target: str | Path, modes: list[str], paging: list[str], sort_key: str = "", models: tuple[str, ...] = ("whole",),
           max_drags: int = 0, jumps: int = 200) -> None:
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    ends = end_page_times(target)
    print(f"last page (200) by OFFSET {ends['offset_ms']:.0f} ms, after the row before it {ends.get('after_ms', 0):.1f} ms, "
          f"from the end {ends['from_end_ms']:.1f} ms (median of 5)")
    for model_kind in models:
        opened = _run_child(target, "open", "keyset", model_kind=model_kind)
        print(f"(c) requests list in a window ({model_kind}), first page only: {opened['open']['rss_mb']:.0f} MB resident "
              f"(peak {opened['open']['peak_mb']:.0f} MB), load {os.getloadavg()[0]:.1f}")
    for how, mode, model_kind in ((how, mode, model_kind) for how in paging for mode in modes for model_kind in models):
        r = _run_child(target, mode, how, sort_key, model_kind, max_drags, jumps)
        print(f"--- {mode} / {how} / {model_kind}{f' sorted by {sort_key}' if sort_key else ''} (child CPU {r['child_cpu_s']:.1f} s), "
              f"first page {r['open']['rss_mb']:.0f} MB, load {os.getloadavg()[0]:.1f}")
        for name in ("end", "walk", "random"):
            if name in r:
                p = r[name]
                extra = (f", step median {p['step_median_ms']:.0f} ms max {p['step_max_ms']:.0f} ms, the window busy at most "
                         f"{p['frozen_max_ms']:.0f} ms in one go" if "step_median_ms" in p else "")
                print(f"  {name:6} {p['seconds']:7.1f} s wall {p['cpu_s']:7.1f} s CPU, row {p['rows']:,}: {p['rss_mb']:.0f} MB resident, "
                      f"peak {p['peak_mb']:.0f} MB; {p['pages']:,} pages fetched ({p['by_offset']:,} by offset, "
                      f"{p['from_end']:,} by offset from the end), median "
                      f"{p['median_ms']:.1f} ms ({p['median_cpu_ms']:.1f} ms CPU) max {p['max_ms']:.0f} ms{extra}"
                      + (f"; {p['presses']:,} Ctrl+End" if "presses" in p else "")
                      + (f"; {p['drags']:,} drags, release to the rows painted: median {p['drag_median_ms']:.0f} ms, "
                         f"max {p['drag_max_ms']:.0f} ms" if "drags" in p else "")
                      + (f"; stopped at {max_drags} {'drags' if 'drags' in p else 'Ctrl+End'}: the end "
                         f"{p['seconds'] * r['total'] / p['rows']:,.0f} s away at this pace"
                         if max_drags in (p.get("drags"), p.get("presses")) and p["rows"] < r["total"] else ""))
        print(f"  last row {r['last']}; aim under 300 MB: {'met' if max(r[k]['peak_mb'] for k in ('end', 'walk', 'random') if k in r) < 300 else 'NOT met'}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the database here (reused when it exists)")
    parser.add_argument("--db-url", default="",
                        help="a PostgreSQL database instead (postgresql+psycopg://user@host:port/NAME): made on that server "
                             "when missing, built when empty, reused when it holds the requests")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--memory", action="store_true", help="also (c): the requests list scrolled to its end")
    parser.add_argument("--scroll", default="drag,jump,pages",
                        help="(c)'s ways to the end, comma separated: drag (the thumb to the bottom with the mouse), jump "
                             "(Ctrl+End), each then a walk and random jumps; pages")
    parser.add_argument("--paging", default="keyset",
                        help="(c)'s paging, comma separated: keyset (as the app pages), offset (the model without fetch_after)")
    parser.add_argument("--memory-only", action="store_true", help="(c) only, skip (a) and (b)")
    parser.add_argument("--sorted", default="",
                        help="(d) only: the list sorted by these columns (comma separated, 'all'): first and last page")
    parser.add_argument("--directions", default="asc,desc", help="(d)'s directions, comma separated")
    parser.add_argument("--no-offset-last", action="store_true", help="(d) without the last page by OFFSET (slow)")
    parser.add_argument("--memory-sort", default="", help="(c) with the list sorted by this column (a header click)")
    parser.add_argument("--memory-child", choices=("open", "pages", "jump", "drag"), help=argparse.SUPPRESS)
    parser.add_argument("--max-drags", type=int, default=0,
                        help="(c) drag, jump: stop after so many drags or Ctrl+End (0: at the end)")
    parser.add_argument("--jumps", type=int, default=200, help="(c) jump, drag: how many random jumps after the walk")
    parser.add_argument("--model", default="whole",
                        help="(c)'s list models, comma separated: whole (counted whole, one scroll bar), paged (before)")
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.db_url or args.db, args.memory_child, args.paging, args.memory_sort, args.model, args.max_drags, args.jumps)
        return 0
    from pr_desk.i18n import set_language

    set_language("fa")
    folder = tempfile.TemporaryDirectory(prefix="prdesk-meetings-bench-")
    path: str | Path = args.db_url or args.db or Path(folder.name) / "meetings.sqlite"
    if pg_ensure_database(str(path)) if is_url(path) else Path(path).exists():
        con = RawSQL(path)
        official = con.execute("SELECT official_id FROM meeting_request GROUP BY official_id ORDER BY count(*) DESC LIMIT 1", {}).fetchone()[0]
        official_hex = getattr(official, "hex", official)  # PostgreSQL's a uuid.UUID, SQLite's the hex text
        n = con.execute("SELECT count(*) FROM meeting_request", {}).fetchone()[0]
        con.close()
        print(f"reusing {path} ({n:,} requests)")
    else:
        cpu, load = time.process_time(), os.getloadavg()[0]
        seconds, official_hex = build(path, args.rows)
        n = args.rows
        print(f"built {n:,} requests in {seconds:.1f} s, {time.process_time() - cpu:.1f} s CPU ({_size_mb(path):.0f} MB; "
              f"load {load:.1f} -> {os.getloadavg()[0]:.1f})")
    if args.sorted:
        keys = list(SORT_KEYS) if args.sorted == "all" else args.sorted.split(",")
        sorted_pages(path, keys, [d == "desc" for d in args.directions.split(",")], min(args.repeat, 3), not args.no_offset_last)
        return 0
    if not args.memory_only:
        print(f"{'case':44} {'ours':>10} {'raw SQL':>10} {'ratio':>7}  rows")
        for name, ours, raw, count in measure(path, official_hex, args.repeat):
            print(f"{name:44} {ours * 1000:8.1f}ms {raw * 1000:8.1f}ms {ours / raw:6.1f}x  {count:,}")
    if args.memory or args.memory_only:
        memory(path, args.scroll.split(","), args.paging.split(","), args.memory_sort, tuple(args.model.split(",")), args.max_drags,
               args.jumps)
    folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
