"""The usual new row of a field copy's return package merged by SQL on a SQLite office
(issue 17 §2): the package's data file is attached read-only and, per table, every row
with exactly one change after what the office has, an insert of a row the office holds
neither live nor as a tombstone, of no approved form, whose canonical JSON SQLite reads
back exactly (`json_object` of its values, keys in order, is the stored text: no unknown,
missing or repeated key, no escape Python would write otherwise) and whose values are
of their column's kind in their canonical spelling, is staged by one `INSERT … SELECT`
with its stored values and its audit JSON, never decoded in Python. Every other row
(conflicts, updates, deletes, bytes, decimals, an odd spelling, anything SQL does not
prove) takes the Python path of `office.py`, which raises or records exactly as
before; the rows are staged at the position of their key's rank so the audit trail and
the writes keep the key order of the Python path. PostgreSQL and a SQLite that spells
JSON otherwise (`trigger_text.sqlite_spells_alike`) take the Python path throughout."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from pr_desk.data.sync import codec, registry, trigger_text
from pr_desk.data.sync.models import SyncChange
from pr_desk.data.sync.package import OpenedPackage

ENABLED = True  # False: every row takes the Python path (tests compare the two)
SCHEMA = "pr_desk_pkg"  # the attached package's data file
KEYS = "pr_desk_sync_keys"  # per table: each key's rank in key order, its number of changes, done by SQL
TOMB = "pr_desk_sync_tomb"  # per table: the office's tombstones (canonical key text)
REST = "pr_desk_sync_rest"  # per table: the changes left to the Python path, by rank
_ATTACHED = "pr_desk_sync_attached"  # the connection record's info: the data file attached

_HEX = "[0-9a-f]"
UUID_GLOB = "-".join(_HEX * n for n in (8, 4, 4, 4, 12))
_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_CLOCK = "[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
_KINDS = frozenset({"str", "int", "uuid", "datetime", "date", "bool"})  # what SQL converts; the rest is Python's
# (local defaults of a table's columns that never travel: a row of such a table is Python's)
_LOCAL = frozenset({"app_user"})


def eligible(tbl: str) -> bool:
    """A table whose every synced column SQL converts (no bytes, decimals or times)."""
    return tbl not in _LOCAL and set(codec.kinds(tbl).values()) <= _KINDS


def attach(session: Session, pkg: OpenedPackage) -> bool:
    """Attaches the package's data file to the session's SQLite connection (detached
    when the connection goes back to the pool); False where the SQL path does not run."""
    conn = session.connection()
    if not ENABLED or conn.dialect.name != "sqlite" or not trigger_text.sqlite_spells_alike():
        return False
    info = conn.connection.info
    path = str(pkg.data_path)
    if info.get(_ATTACHED) == path:
        return True
    if info.get(_ATTACHED) is not None:  # pragma: no cover - another package in the same transaction
        return False
    conn.exec_driver_sql(f"ATTACH DATABASE ? AS {SCHEMA}", (path,))
    info[_ATTACHED] = path
    return True


@event.listens_for(Pool, "checkin")
def _detach(dbapi_connection: Any, record: Any) -> None:
    """The package's data file detached when its connection's transaction is over (SQLite
    refuses to detach within one)."""
    if record is None or record.info.pop(_ATTACHED, None) is None or dbapi_connection is None:
        return
    try:
        dbapi_connection.execute(f"DETACH DATABASE {SCHEMA}")
    except sqlite3.Error:  # (a closed connection has nothing attached)
        pass


def _json(kind: str, n: int) -> str:
    """The JSON value of column n in `json_object` (a boolean from its JSON type)."""
    if kind == "bool":
        return f"CASE x.t{n} WHEN 'true' THEN json('true') WHEN 'false' THEN json('false') END"
    return f"x.v{n}"


def _stored(kind: str, n: int) -> str:
    """Column n as the Python path stores it (the column type's bind processor's value)."""
    v = f"x.v{n}"
    if kind == "uuid":
        return f"replace({v}, '-', '')"
    if kind == "datetime":  # 'YYYY-MM-DD HH:MM:SS.ffffff', UTC
        return f"substr({v}, 1, 10) || ' ' || substr({v}, 12, 8) || iif(length({v}) = 25, '.000000', substr({v}, 20, 7))"
    if kind == "bool":
        return f"CASE x.t{n} WHEN 'true' THEN 1 WHEN 'false' THEN 0 END"
    return v


def _checked(kind: str, n: int) -> str:
    """Column n of its kind in its canonical spelling (as `codec.to_canonical` writes it,
    so the Python path would take it and its audit text is the package's)."""
    v = f"x.v{n}"
    if kind == "str":
        return f"typeof({v}) IN ('null', 'text')"
    if kind == "int":
        return f"typeof({v}) IN ('null', 'integer')"
    if kind == "bool":
        return f"x.t{n} IN ('null', 'true', 'false')"
    if kind == "uuid":
        return f"({v} IS NULL OR typeof({v}) = 'text' AND {v} GLOB '{UUID_GLOB}')"
    if kind == "date":
        return (f"({v} IS NULL OR typeof({v}) = 'text' AND {v} GLOB '{_DAY}' AND substr({v}, 1, 4) <> '0000' "
                f"AND date({v}, '+0 days') IS {v})")
    if kind == "datetime":  # isoformat() of a UTC instant: no '.000000', the zone '+00:00'
        moment = f"substr({v}, 1, 10) || ' ' || substr({v}, 12, 8)"
        return (f"({v} IS NULL OR typeof({v}) = 'text' AND ({v} GLOB '{_DAY}T{_CLOCK}+00:00' OR "
                f"{v} GLOB '{_DAY}T{_CLOCK}.[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' AND substr({v}, 20, 7) <> '.000000') "
                f"AND substr({v}, 1, 4) <> '0000' AND datetime({moment}, '+0 seconds') IS {moment})")
    raise AssertionError(kind)  # pragma: no cover - eligible() keeps the rest out


def _candidates(tbl: str) -> str:
    """`WITH x AS MATERIALIZED (…)`: the table's changes a row's only change, an insert,
    with each column's value read once (materialized: SQLite would otherwise read each
    again for every use)."""
    kinds = sorted(codec.kinds(tbl).items())
    reads = [f"json_extract(c.new, '$.{col}') AS v{n}" for n, (col, _k) in enumerate(kinds)]
    reads += [f"json_type(c.new, '$.{col}') AS t{n}" for n, (col, k) in enumerate(kinds) if k == "bool"]
    return (f"WITH x AS MATERIALIZED (SELECT k.rank AS r, c.seq AS s, c.pk AS pk, c.new AS new, {', '.join(reads)} "
            f"FROM temp.{KEYS} AS k JOIN {SCHEMA}.change AS c ON c.seq = k.seq "
            f"WHERE k.n = 1 AND c.tbl = ? AND c.op = 'I' AND c.old IS NULL AND typeof(c.new) = 'text' "
            f"AND k.pk GLOB '{UUID_GLOB}' AND instr(c.new, '\\u') = 0 AND json_valid(c.new))")


def _conditions(tbl: str) -> str:
    """What makes a candidate the SQL path's: its text exactly canonical, its values of
    their kinds, and at the office no row with its key, no tombstone, no approved form."""
    kinds = sorted(codec.kinds(tbl).items())
    at = {col: n for n, (col, _k) in enumerate(kinds)}
    canonical = "json_object(" + ", ".join(f"'{col}', {_json(k, n)}" for n, (col, k) in enumerate(kinds)) + ")"
    terms = [_checked(k, n) for n, (_col, k) in enumerate(kinds)]
    terms += [f"{canonical} = x.new", f"x.v{at['id']} = x.pk",
              f'NOT EXISTS (SELECT 1 FROM main."{tbl}" AS o WHERE o.id = replace(x.pk, \'-\', \'\'))',
              f"x.pk NOT IN (SELECT pk FROM temp.{TOMB})"]
    form = registry.BY_NAME[tbl].form_column
    if form is not None:
        terms.append(f"(x.v{at[form]} IS NULL OR NOT EXISTS (SELECT 1 FROM main.evaluation_form AS f "
                     f"WHERE f.status = 'approved' AND f.id = replace(x.v{at[form]}, '-', '')))")
    return " AND ".join(terms)


def _audit(tbl: str) -> str:
    """The audit entry's JSON of the row (`office._audit_values`: the canonical values of
    the columns but the bookkeeping, keys in order)."""
    kinds = sorted(codec.kinds(tbl).items())
    return "json_object(" + ", ".join(f"'{col}', {_json(k, n)}" for n, (col, k) in enumerate(kinds)
                                      if col not in registry.BOOKKEEPING) + ")"


def _keys(conn: Connection, tbl: str, after: int) -> None:
    """KEYS filled with the table's keys changed after `after`, ranked in key order (the
    order the Python path reads them in), and TOMB with the office's tombstones of it."""
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{KEYS}")
    conn.exec_driver_sql(f"CREATE TEMP TABLE {KEYS} (pk TEXT PRIMARY KEY, rank INTEGER NOT NULL, n INTEGER NOT NULL, "
                         "seq INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0)")
    conn.exec_driver_sql(f"INSERT INTO temp.{KEYS} (pk, rank, n, seq) SELECT pk, row_number() OVER (ORDER BY pk), "
                         f"count(*), max(seq) FROM {SCHEMA}.change WHERE tbl = ? AND seq > ? GROUP BY pk", (tbl, after))
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{TOMB}")
    conn.exec_driver_sql(f"CREATE TEMP TABLE {TOMB} (pk TEXT PRIMARY KEY)")
    # as the Python path reads them (OfficeView.read): any spelling the office's log holds
    tombs = {str(uuid.UUID(pk)) for pk in conn.execute(select(SyncChange.pk).where(SyncChange.tbl == tbl, SyncChange.op == "D")).scalars()}
    if tombs:
        conn.exec_driver_sql(f"INSERT INTO temp.{TOMB} VALUES (?)", [(pk,) for pk in sorted(tombs)])


StageFor = Callable[[str], tuple[str, list[str]]]


class SqlPass:
    """The SQL path of one preview or import: `rest(tbl)` stages (import: into the stage
    `stage_for(tbl)` gives) or counts (preview) the table's rows SQL proves, then gives
    the changes left for the Python path, or None when SQL took none of the table's rows
    (they are read from the package as before)."""

    def __init__(self, session: Session, after: int, stage_for: StageFor | None) -> None:
        self.conn = session.connection()
        self.after = after
        self.stage_for = stage_for
        self.done: dict[str, int] = {}  # table -> rows staged (import) or counted (preview) by SQL

    def rest(self, tbl: str, size: int) -> Iterator[tuple[int, str, str, str | None, str | None, int]] | None:
        if not eligible(tbl):
            return None
        conn = self.conn
        _keys(conn, tbl, self.after)
        with_x, where = _candidates(tbl), _conditions(tbl)
        if self.stage_for is None:
            # (the statements start with INSERT or UPDATE: the driver counts the rows of those only)
            done = conn.exec_driver_sql(f"UPDATE temp.{KEYS} SET done = 1 WHERE rank IN ({with_x} SELECT x.r FROM x WHERE {where})",
                                        (tbl,))
            count = int(done.rowcount or 0)
        else:
            stage, cols = self.stage_for(tbl)
            kinds = codec.kinds(tbl)
            at = {col: n for n, col in enumerate(sorted(kinds))}
            values = ", ".join(_stored(kinds[c], at[c]) for c in cols)
            made = conn.exec_driver_sql(f"INSERT INTO temp.{stage} {with_x} SELECT x.r, {values}, x.s, {_audit(tbl)} FROM x "
                                        f"WHERE {where}", (tbl,))
            count = int(made.rowcount or 0)
            if count:
                conn.exec_driver_sql(f"UPDATE temp.{KEYS} SET done = 1 WHERE rank IN (SELECT pr_desk_n FROM temp.{stage})")
        self.done[tbl] = count
        if not count:
            return None
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{REST}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {REST} (rank INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (rank, seq))")
        conn.exec_driver_sql(f"INSERT INTO temp.{REST} SELECT k.rank, c.seq FROM {SCHEMA}.change AS c JOIN temp.{KEYS} AS k "
                             "ON k.pk = c.pk WHERE c.tbl = ? AND c.seq > ? AND k.done = 0", (tbl, self.after))
        return self._pages(size)

    def _pages(self, size: int) -> Iterator[tuple[int, str, str, str | None, str | None, int]]:
        """The changes left, in key then sequence order, a page of keys at a time (each page
        read whole: SQLite would not drop the merge's scratch tables under an open read)."""
        last = 0
        while True:
            rows = self.conn.exec_driver_sql(
                f"SELECT c.seq, c.pk, c.op, c.old, c.new, h.rank FROM temp.{REST} AS h JOIN {SCHEMA}.change AS c "
                f"ON c.seq = h.seq WHERE h.rank > ? AND h.rank <= ? ORDER BY h.rank, h.seq", (last, last + size)).fetchall()
            more = self.conn.exec_driver_sql(f"SELECT min(rank) FROM temp.{REST} WHERE rank > ?", (last + size,)).scalar()
            yield from rows
            if more is None:
                return
            last = int(more) - 1
