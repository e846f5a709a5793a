"""Writing many rows through a temporary table (SYNC.md §6.13): the rows go into a
scratch table without indexes or triggers in one driver-level executemany (their values
turned into the driver's by each column type's own bind processor, once per column, not
through SQLAlchemy's per-row parameter handling), then into the real table with one
INSERT … SELECT or UPDATE … FROM. The real table's triggers, constraints and indexes see
the same values as row by row; on SQLite one statement instead of one per row also
saves a statement journal per row (about three times faster with the capture triggers).

A statement the database refuses (a unique or foreign key) raises as the row-by-row
write would: callers that must keep the good rows retry those row by row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from pr_desk.data.engine import pg_setting

STAGE = "pr_desk_stage"  # the one scratch table, dropped after each write


def _processors(conn: Connection, table: Table, cols: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    dialect = conn.dialect  # each column's type as this dialect binds it (what a compiled statement uses)
    return [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in cols]


def driver_rows(conn: Connection, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """`rows` (values in `cols` order, as the ORM's columns take them) as the driver
    takes them."""
    procs = list(enumerate(_processors(conn, table, cols)))
    converting = [(i, p) for i, p in procs if p is not None]
    # the same users, forms, days and instants recur in a batch: each converted once
    # (only ids, days and instants: equal values of other types may be written apart,
    # like Decimal 7.5 and 7.50)
    return _converted(rows, converting, (uuid.UUID, dt.date))  # (a datetime is a date)


def _converted(rows: Sequence[Sequence[Any]], procs: Sequence[tuple[int, Callable[[Any], Any]]],
               memoized: tuple[type, ...]) -> list[tuple[Any, ...]]:
    """`rows` with column i converted by its processor; a value of a `memoized` type is
    converted once per distinct value (a memo per column, emptied past 16,384 values),
    unless the column's first values are nearly all distinct (a key: the memo would
    only cost). Column by column: one loop per column instead of one per value."""
    if not procs:
        return [tuple(r) for r in rows]
    if not rows:
        return []
    columns: list[Any] = list(zip(*rows, strict=True))
    for i, p in procs:
        columns[i] = _converted_column(columns[i], p, memoized)
    return list(zip(*columns, strict=True))


_PROBE = 512  # values looked at before a column's memo may be given up


def _converted_column(values: Sequence[Any], p: Callable[[Any], Any], memoized: tuple[type, ...]) -> list[Any]:
    memo: dict[Any, Any] = {}
    out: list[Any] = []
    append = out.append
    for n, v in enumerate(values):
        if v is None:
            append(None)
        elif not isinstance(v, memoized):
            append(p(v))
        else:
            if n == _PROBE and len(memo) > _PROBE * 7 // 8:  # (nearly) every value new: a key
                out.extend(None if w is None else p(w) for w in values[n:])
                return out
            found = memo.get(v)
            if found is None:
                if len(memo) > 1 << 14:
                    memo.clear()
                found = memo[v] = p(v)
            append(found)
    return out


def _marks(conn: Connection, n: int) -> str:
    style = conn.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None
    if mark is None:  # pragma: no cover - the two drivers PR Desk uses are above
        raise NotImplementedError(style)
    return ", ".join([mark] * n)


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


POSITION = "pr_desk_n"  # a numbered stage's column: the row's index in the rows staged


def _stage(conn: Connection, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]], *,
           numbered: bool = False) -> str:
    """The scratch table filled with `rows` (`numbered`: and each row's index, in
    POSITION); returns its name as SQL."""
    names = [_quote(conn, c) for c in cols]
    values = driver_rows(conn, table, cols, rows)
    if numbered:
        values = [(*r, n) for n, r in enumerate(values)]
    if conn.dialect.name == "sqlite":
        stage = f"temp.{STAGE}"
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {stage}")
        # no declared types: values are kept as bound; the real table's affinity applies
        # when they are copied, exactly as when they are bound to it directly
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGE} ({', '.join(names + [POSITION] * numbered)})")
    else:
        stage = STAGE
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {stage}")
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {STAGE} AS SELECT {', '.join(names)}"
                             f"{f', 0::bigint AS {POSITION}' if numbered else ''} FROM {_quote(conn, table.name)} WITH NO DATA")
    _write(conn, stage, ", ".join(names + [POSITION] * numbered), len(cols) + numbered, values)
    return stage


def _write(conn: Connection, stage: str, columns: str, width: int, values: Sequence[Sequence[Any]]) -> None:
    """`values` (as the driver takes them, `width` each) into `stage`'s `columns` (SQL; ""
    for all, in order): by COPY on PostgreSQL, the rows streamed in one statement (an
    executemany binds and runs one statement per row: about a fifth of a sync import
    there), else one executemany."""
    into = f"{stage} ({columns})" if columns else stage
    if conn.dialect.name == "postgresql" and values:
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {into} FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
    else:
        conn.exec_driver_sql(f"INSERT INTO {into} VALUES ({_marks(conn, width)})", values)


def insert_rows(session: Session, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT INTO table (cols) SELECT … FROM the staged rows, in their order."""
    if not rows:
        return
    conn = session.connection()
    stage = _stage(conn, table, cols, rows)
    names = ", ".join(_quote(conn, c) for c in cols)
    order = "rowid" if conn.dialect.name == "sqlite" else "ctid"
    conn.exec_driver_sql(f"INSERT INTO {_quote(conn, table.name)} ({names}) SELECT {names} FROM {stage} ORDER BY {order}")
    conn.exec_driver_sql(f"DROP TABLE {stage}")


def update_rows(session: Session, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]], *,
                key: str = "id", bump: str | None = "version") -> None:
    """UPDATE table SET cols = the staged values [, bump = bump + 1] for the rows whose
    `key` is the first value of a staged row (`rows`: key first, then `cols`)."""
    if not rows:
        return
    conn = session.connection()
    stage = _stage(conn, table, [key, *cols], rows)
    t, k = _quote(conn, table.name), _quote(conn, key)
    sets = [f"{_quote(conn, c)} = s.{_quote(conn, c)}" for c in cols]
    if bump is not None:
        sets.append(f"{_quote(conn, bump)} = {t}.{_quote(conn, bump)} + 1")
    conn.exec_driver_sql(f"UPDATE {t} SET {', '.join(sets)} FROM {stage} AS s WHERE {t}.{k} = s.{k}")
    conn.exec_driver_sql(f"DROP TABLE {stage}")


def rows_holding(session: Session, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]], *,
                 key: str = "id") -> list[int]:
    """The indexes of the `rows` (`key` first, then `cols`) whose row in `table` holds
    exactly those values: each column compared as stored (SQLite `IS` with binary
    collation, PostgreSQL `IS NOT DISTINCT FROM`, so two NULLs are equal). Values that
    are equal but stored apart (another spelling of an instant, say) do not match: a
    caller uses a match as a proof of equality, never a mismatch as a proof of a change.
    In index order. (The statement returns the rows that do not hold, usually few: a sync
    import's rows nearly all hold, and each row returned is a fetch and an object.)"""
    if not rows:
        return []
    conn = session.connection()
    stage = _stage(conn, table, [key, *cols], rows, numbered=True)
    t, k = _quote(conn, table.name), _quote(conn, key)
    if conn.dialect.name == "sqlite":
        same = [f"{t}.{_quote(conn, c)} IS s.{_quote(conn, c)} COLLATE BINARY" for c in cols]
    else:
        same = [f"{t}.{_quote(conn, c)} IS NOT DISTINCT FROM s.{_quote(conn, c)}" for c in cols]
    # (a LEFT JOIN, not NOT EXISTS: PostgreSQL would hash the whole table for the anti-join)
    query = (f"SELECT s.{POSITION} FROM {stage} AS s LEFT JOIN {t} ON {t}.{k} = s.{k} WHERE {t}.{k} IS NULL"
             + (f" OR NOT ({' AND '.join(same)})" if same else ""))
    if conn.dialect.name == "sqlite":
        other = {int(n) for (n,) in conn.exec_driver_sql(query)}
    else:
        # a table just written in bulk has no statistics until autovacuum analyzes it: the
        # planner then hashes the whole table for each stage (a sync preview right after an
        # import: 0.4 s of the server's CPU per 100,000 rows); the stage's keys are found
        # by the table's key index instead, for this statement only
        with pg_setting(conn, "enable_hashjoin", "off"):
            other = {int(n) for (n,) in conn.exec_driver_sql(query)}
    conn.exec_driver_sql(f"DROP TABLE {stage}")
    return [n for n in range(len(rows)) if n not in other]


def read_rows(session: Session, table: Table, cols: Sequence[str], where: Any = None) -> list[tuple[Any, ...]]:
    """The rows of `table` (values in `cols` order, typed as the ORM reads them) matching
    `where`, with each column type's result processor applied once per distinct value of
    an id, day or instant column instead of once per row."""
    from sqlalchemy import literal_column, select

    conn = session.connection()
    dialect = conn.dialect
    t = _quote(conn, table.name)
    # untyped columns: the driver's values come back as they are, converted below
    q: Any = select(*[literal_column(f"{t}.{_quote(conn, c)}") for c in cols]).select_from(table)
    if where is not None:
        q = q.where(where)
    result = conn.execute(q)
    described = result.cursor.description if result.cursor is not None else None
    kinds = [d[1] for d in described] if described else [None] * len(cols)
    procs = [(i, p) for i, c in enumerate(cols)
             if (p := table.c[c].type.dialect_impl(dialect).result_processor(dialect, kinds[i])) is not None]
    # (SQLite's text of ids, days and instants; others as they come)
    return _converted(result.fetchall(), procs, (str, uuid.UUID, dt.date))


def stage_rows(conn: Connection, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The scratch table (STAGE) filled with `rows` (values in `cols` order, as `table`'s
    columns take them) and each row's index in POSITION; returns its name as SQL. The
    caller drops it (`DROP TABLE`) when done."""
    return _stage(conn, table, cols, rows, numbered=True)


# Named stages that outlive one statement: a sync import stages each table's new rows and
# each group of updates chunk by chunk while it decides them, then writes each stage with
# one statement (so no list of all the rows is held in memory). A stage holds POSITION
# (the rows' order), `cols` of `table` (as the driver takes them) and untyped extra columns.


def open_stage(conn: Connection, name: str, table: Table, cols: Sequence[str], extra: Sequence[tuple[str, str]] = ()) -> None:
    """Creates the temporary table `name` (dropping one left over): POSITION, `cols` as
    `table` has them, then `extra` columns ((name, PostgreSQL type); untyped on SQLite)."""
    names = [_quote(conn, c) for c in cols]
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"CREATE TEMP TABLE {name} ({POSITION} INTEGER PRIMARY KEY, "
                             f"{', '.join(names + [_quote(conn, e) for e, _ in extra])})")
    else:
        extras = "".join(f", NULL::{kind} AS {_quote(conn, e)}" for e, kind in extra)
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} AS SELECT 0::bigint AS {POSITION}, {', '.join(names)}{extras} "
                             f"FROM {_quote(conn, table.name)} WITH NO DATA")


def add_to_stage(conn: Connection, name: str, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]],
                 extra: Sequence[Sequence[Any]], start: int, positions: Sequence[int] | None = None) -> None:
    """Appends `rows` (values of `cols`, typed as the ORM takes them) with their `extra`
    values (as the driver takes them) to the stage `name`, at positions start, start + 1, …
    (or at `positions`, one per row, rising: other rows may be staged between them)."""
    if not rows:
        return
    values = driver_rows(conn, table, cols, rows)
    at = positions if positions is not None else range(start, start + len(rows))
    data = [(n, *v, *e) for n, v, e in zip(at, values, extra, strict=True)]
    _write(conn, name, "", 1 + len(cols) + len(extra[0]), data)


def read_stage(conn: Connection, name: str, table: Table, cols: Sequence[str], where: str = "") -> list[tuple[Any, ...]]:
    """The stage's rows in order: (position, `cols` typed as the ORM reads them, the extra
    values as stored)."""
    dialect = conn.dialect
    result = conn.exec_driver_sql(f"SELECT * FROM {name} {where} ORDER BY {POSITION}")
    described = result.cursor.description if result.cursor is not None else None
    procs = []
    for i, c in enumerate(cols):
        kind = described[i + 1][1] if described else None
        p = table.c[c].type.dialect_impl(dialect).result_processor(dialect, kind)
        if p is not None:
            procs.append((i + 1, p))
    return _converted(result.fetchall(), procs, (str, uuid.UUID, dt.date))
