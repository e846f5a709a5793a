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
    converted once per distinct value (a memo per column, emptied past 16,384 values)."""
    if not procs:
        return [tuple(r) for r in rows]
    memos: list[dict[Any, Any]] = [{} for _ in procs]
    out = []
    for r in rows:
        values = list(r)
        for (i, p), memo in zip(procs, memos, strict=True):
            v = values[i]
            if v is not None:
                if not isinstance(v, memoized):
                    values[i] = p(v)
                    continue
                found = memo.get(v)
                if found is None:
                    if len(memo) > 1 << 14:
                        memo.clear()
                    found = memo[v] = p(v)
                values[i] = found
        out.append(tuple(values))
    return out


def _marks(conn: Connection, n: int) -> str:
    style = conn.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None
    if mark is None:  # pragma: no cover - the two drivers PR Desk uses are above
        raise NotImplementedError(style)
    return ", ".join([mark] * n)


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _stage(conn: Connection, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The scratch table filled with `rows`; returns its name as SQL."""
    names = [_quote(conn, c) for c in cols]
    if conn.dialect.name == "sqlite":
        stage = f"temp.{STAGE}"
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {stage}")
        # no declared types: values are kept as bound; the real table's affinity applies
        # when they are copied, exactly as when they are bound to it directly
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGE} ({', '.join(names)})")
    else:
        stage = STAGE
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {stage}")
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {STAGE} AS SELECT {', '.join(names)} FROM {_quote(conn, table.name)} WITH NO DATA")
    conn.exec_driver_sql(f"INSERT INTO {stage} ({', '.join(names)}) VALUES ({_marks(conn, len(cols))})",
                         driver_rows(conn, table, cols, rows))
    return stage


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
                 key: str = "id") -> list[Any]:
    """The keys of the staged `rows` (`key` first, then `cols`) whose row in `table` holds
    exactly those values: each column compared as stored (SQLite `IS` with binary
    collation, PostgreSQL `IS NOT DISTINCT FROM`, so two NULLs are equal). Values that
    are equal but stored apart (another spelling of an instant, say) do not match: a
    caller uses a match as a proof of equality, never a mismatch as a proof of a change.
    The keys come back typed (the key column's result processor)."""
    if not rows:
        return []
    conn = session.connection()
    dialect = conn.dialect
    stage = _stage(conn, table, [key, *cols], rows)
    t, k = _quote(conn, table.name), _quote(conn, key)
    if dialect.name == "sqlite":
        same = [f"{t}.{_quote(conn, c)} IS s.{_quote(conn, c)} COLLATE BINARY" for c in cols]
    else:
        same = [f"{t}.{_quote(conn, c)} IS NOT DISTINCT FROM s.{_quote(conn, c)}" for c in cols]
    result = conn.exec_driver_sql(f"SELECT s.{k} FROM {stage} AS s JOIN {t} ON {t}.{k} = s.{k}"
                                  + (f" WHERE {' AND '.join(same)}" if same else ""))
    described = result.cursor.description if result.cursor is not None else None
    proc = table.c[key].type.dialect_impl(dialect).result_processor(dialect, described[0][1] if described else None)
    found = [r[0] for r in result.fetchall()]
    conn.exec_driver_sql(f"DROP TABLE {stage}")
    return [proc(v) for v in found] if proc is not None else found


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
