"""The one search index: every workspace's records as normalised words, on the database's
own full-text machinery (SQLite FTS5, PostgreSQL tsvector + GIN), behind one query function.

How it stays in step. Each kind of record (a request, a unit, a directive…) is declared
once by its workspace as a `Kind`: the SQL that builds its entries (label, detail, the
text to index) and the tables whose writes change them (`Source`). Triggers generated from
those declarations mark a written record in `search_dirty` in the same statement as the
write, whatever wrote it (the ORM, a bulk UPDATE, an Excel import, a sync import's raw
SQL, on the office database or a field copy). `refresh` turns the marks into entries
(normalised in Python by domain.text, the same code that normalises the query); the
search calls it first, so a search never misses a committed write. `reindex` rebuilds
everything (`pr-desk check --reindex`, and the migration that creates the index).

The tables are derived data, never synced (each database builds its own) and not ORM
models (FTS5's virtual table cannot be one): `TABLES` names them with the reason.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, CursorResult, TextClause, bindparam, text

from pr_desk.data.engine import pg_setting
from pr_desk.domain.roles import Permission
from pr_desk.domain.text import SEARCH_WORDS, normalize_for_search

ENTRY = "search_entry"
DIRTY = "search_dirty"
FTS = "search_fts"
# Tables of the index (all derived, rebuilt by each database itself; FTS5 adds its own
# search_fts_* shadow tables on SQLite).
TABLES: dict[str, str] = {
    ENTRY: "the search index, derived from each database's own records (rebuilt, never synced)",
    DIRTY: "records waiting to be indexed again (each database's own)",
    FTS: "the SQLite full-text table over search_entry (each database's own)",
}
KIND_SHIFT = 40  # entry ids are kind.number << 40 | sequence, so one kind is one id range
PG_LOCK_KEY = 7262736515
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Source:
    """A table whose writes change entries of a kind: `ids` is a SELECT of one column `id`,
    the records of that kind to index again, given the written row as {row} (NEW or OLD)."""

    table: str
    ids: str = "SELECT {row}.id AS id"
    columns: tuple[str, ...] = ()  # an UPDATE marks only when one of these changes (none: any)


@dataclass(frozen=True)
class Kind:
    """One kind of record in the index: the provider contract.

    - `select`: SQL returning (id, label, detail, text, unit_id) of the live records whose
      id is in :ids (an expanding bind); `text` is the raw text to index (normalised here);
      label and detail are what a result shows. A record it does not return has no entry.
    - `table`: the records' own table (reindex marks every live row of it).
    - `permission`: who may see the kind at all (the role rule: an inspector has no
      VIEW_CITIZENS, so no citizen, request or order ever reaches them).
    - `inspector_scope`: for an inspector, a condition on the entry `e` with :unit_ids (the
      units assigned to them), or None when the kind is not limited per unit.
    - `query_forms`: the other forms a typed code (one normalised piece of the query, as
      "د/1405/8") may take in this kind's records (د/1405/008), each also matched.
    """

    name: str
    number: int  # stable, unique: the kind's id range in the index
    title: str  # msgid of the group's heading
    workspace: str
    table: str
    permission: Permission
    select: str
    sources: tuple[Source, ...] = ()
    inspector_scope: str | None = None
    rank: int = 0  # groups are shown in this order
    columns: tuple[str, ...] = ()  # the own table's columns the entry is built from (none: any)
    query_forms: Callable[[str], tuple[str, ...]] | None = None

    def all_sources(self) -> tuple[Source, ...]:
        return (Source(self.table, columns=self.columns), *self.sources)


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: uuid.UUID
    label: str
    detail: str


@dataclass
class Group:
    kind: str
    total: int  # capped at COUNT_CAP + 1 ("more than")
    hits: list[Hit] = field(default_factory=list)


COUNT_CAP = 1000


# --- words -----------------------------------------------------------------------------

def words_of(raw: str) -> list[str]:
    """The index's words of `raw`: normalised (domain.text), each word once; a word
    written with ZWNJ also joined ("می‌خواهم": می, خواهم, میخواهم), and a code with
    punctuation also compact ("M1405-00123": m1405, 00123, m140500123).

    Normalisation never joins or splits across whitespace, so each whitespace-separated
    piece is read on its own, in one pass: a plain Latin word or number is its own lower
    case (no normalisation), a code with punctuation is split by one regex, and any other
    piece is normalised once and remembered (`_piece_words`): names and subject words
    repeat across a large import, codes and numbers do not, so only the former are kept."""
    out: dict[str, None] = {}
    joined: list[str] = []
    pieces = _PIECES
    for piece in (raw or "").split():
        if piece.isascii():
            if piece.isalnum():  # a number, a Latin word: its lower case is its normal form
                out[piece.lower()] = None
                continue
            if piece.isprintable():  # a code with punctuation ("B012-0000123")
                parts = _WORD.findall(piece.lower())
                out.update(dict.fromkeys(parts))
                if len(parts) > 1:
                    out["".join(parts)] = None
                continue
        found = pieces.get(piece)
        if found is None:
            found = _piece_words(piece)
        out.update(found[0])
        if found[1]:
            joined.extend(found[1])
    if joined:
        out.update(dict.fromkeys(joined))
    return list(out)


_PIECES: dict[str, tuple[dict[str, None], tuple[str, ...]]] = {}
_PIECES_KEPT = 1 << 17  # the first pieces met are kept (names, words; codes never come here)


def _piece_words(piece: str) -> tuple[dict[str, None], tuple[str, ...]]:
    """(the words of one whitespace-free piece of raw text, the words of it without ZWNJ)."""
    out: dict[str, None] = {}
    joined: list[str] = []
    if piece.isascii() and piece.isprintable():  # a code, a number: lower case is its normal form
        chunks = [piece.lower()]
    else:
        chunks = normalize_for_search(piece).split(" ")
        if "\u200c" in piece:
            for chunk in normalize_for_search(piece.replace("\u200c", "")).split(" "):
                joined.extend(_WORD.findall(chunk))
    for chunk in chunks:
        parts = _WORD.findall(chunk)
        out.update(dict.fromkeys(parts))
        if len(parts) > 1:
            out["".join(parts)] = None
    found = (out, tuple(joined))
    if len(_PIECES) < _PIECES_KEPT:
        _PIECES[piece] = found
    return found


def _words_of_whole(raw: str) -> list[str]:
    """`words_of` over the whole text at once (what it was; tests prove both agree)."""
    raw = raw or ""
    out: dict[str, None] = {}
    for chunk in normalize_for_search(raw).split(" "):
        parts = _WORD.findall(chunk)
        out.update(dict.fromkeys(parts))
        if len(parts) > 1:
            out["".join(parts)] = None
    if "\u200c" in raw:
        for chunk in normalize_for_search(raw.replace("\u200c", "")).split(" "):
            out.update(dict.fromkeys(_WORD.findall(chunk)))
    return [w for w in out if w]


Term = tuple[str, ...]
"""A word of a query with the other forms it may take (any of them matches)."""


def query_words(query: str) -> tuple[list[str], bool]:
    """(the words of a typed query, whether its last word is still being typed: a prefix)."""
    terms, prefix = query_terms(query)
    return [term[0] for term in terms], prefix


def query_terms(query: str, forms: Sequence[Callable[[str], tuple[str, ...]]] = ()) -> tuple[list[Term], bool]:
    """`query_words`, each word with the other forms the kinds' `forms` give its typed code."""
    query = query or ""
    terms: list[Term] = []
    for chunk in normalize_for_search(query).split(" "):
        parts = _WORD.findall(chunk)
        # a typed code is one word ("m1405-001" finds the compact m1405001…)
        if len(parts) > 1 and any(ch.isdigit() for ch in chunk):
            others = ("".join(_WORD.findall(other)) for form in forms for other in form(chunk))
            terms.append(tuple(dict.fromkeys(("".join(parts), *others))))
        else:
            terms.extend((part,) for part in parts)
    prefix = not query[-1:].isspace() if query else False
    return terms[:SEARCH_WORDS], prefix


# --- schema ----------------------------------------------------------------------------

def _id_type(conn: Connection) -> str:
    return "uuid" if conn.dialect.name == "postgresql" else "CHAR(32)"


def create(conn: Connection) -> None:
    """The index tables (empty); `install_triggers` and `reindex` fill them."""
    idt = _id_type(conn)
    conn.execute(text(f"CREATE TABLE IF NOT EXISTS {DIRTY} (kind VARCHAR(30) NOT NULL, record_id {idt} NOT NULL, "
                      "PRIMARY KEY (kind, record_id))"))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {ENTRY} (id bigint PRIMARY KEY, kind VARCHAR(30) NOT NULL, "
                          f"record_id uuid NOT NULL, unit_id uuid, label text NOT NULL, detail text NOT NULL, "
                          f"body text NOT NULL, words tsvector NOT NULL, UNIQUE (kind, record_id))"))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{ENTRY}_words ON {ENTRY} USING gin (words)"))
        return
    conn.execute(text(f"CREATE TABLE IF NOT EXISTS {ENTRY} (id INTEGER PRIMARY KEY, kind VARCHAR(30) NOT NULL, "
                      f"record_id CHAR(32) NOT NULL, unit_id CHAR(32), label TEXT NOT NULL, detail TEXT NOT NULL, "
                      f"body TEXT NOT NULL, UNIQUE (kind, record_id))"))
    conn.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(body, content='{ENTRY}', "
                      f"content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail='column')"))
    # (kept in step by refresh itself, one INSERT … SELECT per batch: a trigger per entry
    # row makes FTS5 some fifty times slower on a large build)


def _update_of(marks: Sequence[tuple[str, Source]]) -> str:
    if any(not source.columns for _kind, source in marks):
        return ""
    columns = sorted({c for _kind, source in marks for c in (*source.columns, "deleted_at")})
    return " OF " + ", ".join(f'"{c}"' for c in columns)


def _trigger_sql(conn: Connection, table: str, marks: Sequence[tuple[str, Source]]) -> list[str]:
    """The statements that make writes of `table` mark the kinds it feeds (an UPDATE only
    when a column an entry is built from changes)."""
    update_of = _update_of(marks)
    if conn.dialect.name == "sqlite":
        out = []
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(
                f"INSERT OR IGNORE INTO {DIRTY} (kind, record_id) SELECT '{kind}', x.id FROM ({source.ids.format(row=row)}) "
                f"AS x WHERE x.id IS NOT NULL;"
                for row in rows for kind, source in marks)
            on = event + (update_of if event == "UPDATE" else "")
            out.append(f'CREATE TRIGGER search_mark_{table}_{event[:3].lower()} AFTER {on} ON "{table}" BEGIN {body} END')
        return out
    lines = []
    for row, when in (("OLD", "TG_OP <> 'INSERT'"), ("NEW", "TG_OP <> 'DELETE'")):
        inserts = " ".join(
            f"INSERT INTO {DIRTY} (kind, record_id) SELECT '{kind}', x.id FROM ({source.ids.format(row=row)}) AS x "
            f"WHERE x.id IS NOT NULL ON CONFLICT DO NOTHING;"
            for kind, source in marks)
        lines.append(f"IF {when} THEN {inserts} END IF;")
    return [
        f"CREATE OR REPLACE FUNCTION search_mark_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + " ".join(lines) + " RETURN NULL; END $$",
        f'CREATE TRIGGER search_mark AFTER INSERT OR DELETE OR UPDATE{update_of} ON "{table}" FOR EACH ROW '
        f"EXECUTE FUNCTION search_mark_{table}()",
    ]


def drop_triggers(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_mark_%'")).scalars().all()
        for name in names:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        return
    rows = conn.execute(text("SELECT event_object_table FROM information_schema.triggers "
                             "WHERE trigger_name = 'search_mark' GROUP BY event_object_table")).scalars().all()
    for table in rows:
        conn.execute(text(f'DROP TRIGGER IF EXISTS search_mark ON "{table}"'))
        conn.execute(text(f"DROP FUNCTION IF EXISTS search_mark_{table}()"))


def install_triggers(conn: Connection, kinds: Iterable[Kind]) -> None:
    """(Re)create the marking triggers of every source table of `kinds` present."""
    from sqlalchemy import inspect

    drop_triggers(conn)
    present = set(inspect(conn).get_table_names())
    by_table: dict[str, list[tuple[str, Source]]] = {}
    for kind in kinds:
        for source in kind.all_sources():
            by_table.setdefault(source.table, []).append((kind.name, source))
    for table, marks in by_table.items():
        if table in present:
            for statement in _trigger_sql(conn, table, marks):
                conn.execute(text(statement))


# --- a bulk insert: its rows marked by one statement, not by a trigger per row ----------

_OWN = re.compile(r"^SELECT \{row\}\.(\w+) AS id$")  # the written row itself, or its parent
_CHILDREN = re.compile(r"^SELECT id FROM (\w+) WHERE (\w+) = \{row\}\.(\w+)$")  # the rows naming it


def _bulk_marks(table: str, marks: Sequence[tuple[str, Source]], kind_tables: Mapping[str, str]) -> list[str] | None:
    """The statements that mark what the INSERT trigger of `table` would have marked for
    every row inserted past its rowid :hw_<table> (one per kind fed), or None when a
    source's SQL is of a form this does not know (the table then keeps its trigger).

    The rows naming a new row are only the older ones (rowid up to :hw_<other>): a row
    added meanwhile is marked for its kind by its own insert (its trigger, or this), as
    the trigger of a new row found none of them (a row cannot name one not yet there)."""
    out = []
    for kind, source in marks:
        own, children = _OWN.match(source.ids), _CHILDREN.match(source.ids)
        if own is not None:
            ids = f'SELECT w."{own[1]}" AS id FROM "{table}" AS w WHERE w.rowid > :hw_{table}'
        elif children is not None:
            other, column, key = children.groups()
            older = f" AND x.rowid <= :hw_{other}" if kind_tables.get(kind) == other else ""
            ids = (f'SELECT x.id AS id FROM "{other}" AS x WHERE x."{column}" IN '
                   f'(SELECT w."{key}" FROM "{table}" AS w WHERE w.rowid > :hw_{table}){older}')
        else:
            return None
        out.append(f"INSERT OR IGNORE INTO {DIRTY} (kind, record_id) SELECT '{kind}', m.id FROM ({ids}) AS m "
                   f"WHERE m.id IS NOT NULL")
    return out


@contextmanager
def marks_after_inserts(conn: Connection, tables: Sequence[str], kinds: Iterable[Kind] | None = None) -> Iterator[None]:
    """Around a write that adds many rows to `tables` (an import), in its transaction: on
    SQLite the per-row INSERT triggers of those tables are dropped for the while, and the
    rows added are marked after by one INSERT … SELECT per kind they feed (the rows past
    each table's highest rowid before), then the triggers are made again as they were.
    The same marks as the triggers make; an UPDATE or DELETE meanwhile is still marked by
    its own trigger. PostgreSQL keeps its triggers (turning them off takes a lock that
    would stop every other user's reads): there this does nothing."""
    if conn.dialect.name != "sqlite":
        yield
        return
    con = conn.connection.dbapi_connection
    assert con is not None
    with _sqlite_marks_after_inserts(con, tables, kinds if kinds is not None else all_kinds()):
        yield


@contextmanager
def _sqlite_marks_after_inserts(con: Any, tables: Sequence[str], kinds: Iterable[Kind]) -> Iterator[None]:
    """`marks_after_inserts` on a sqlite3 connection (the benches write through one)."""
    kinds = list(kinds)
    kind_tables = {k.name: k.table for k in kinds}
    by_table: dict[str, list[tuple[str, Source]]] = {}
    for kind in kinds:
        for source in kind.all_sources():
            by_table.setdefault(source.table, []).append((kind.name, source))
    held: list[tuple[str, str, list[str]]] = []  # (a trigger dropped, its SQL, the statements marking for it)
    before: dict[str, int] = {}  # hw_<table>: each table's highest rowid before the inserts
    try:
        for table in dict.fromkeys(tables):
            statements = _bulk_marks(table, by_table.get(table, []), kind_tables)
            name = f"search_mark_{table}_ins"
            found = con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone()
            if statements is None or found is None:
                continue
            con.execute(f'DROP TRIGGER "{name}"')  # (takes the write lock first: no row can come in between)
            held.append((name, found[0], statements))
        for key in sorted({key for _n, _s, statements in held for st in statements for key in re.findall(r":(hw_\w+)", st)}):
            before[key] = int(con.execute(f'SELECT COALESCE(MAX(rowid), 0) FROM "{key[3:]}"').fetchone()[0])
        yield
    finally:
        for name, sql, statements in held:
            if con.in_transaction and before:  # (a rolled back write took the rows and the drop back with it)
                for statement in statements:
                    con.execute(statement, {k: v for k, v in before.items() if f":{k}" in statement})
            if con.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone() is None:
                con.execute(sql)


def drop(conn: Connection) -> None:
    drop_triggers(conn)
    for name in (FTS, ENTRY, DIRTY):
        conn.execute(text(f"DROP TABLE IF EXISTS {name}"))


# --- keeping it in step ----------------------------------------------------------------

def _db_id(conn: Connection, value: uuid.UUID) -> object:
    return value if conn.dialect.name == "postgresql" else value.hex


def _py_id(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def pending(conn: Connection) -> bool:
    return conn.execute(text(f"SELECT 1 FROM {DIRTY} LIMIT 1")).first() is not None


def _in_ids(conn: Connection, sql: str) -> tuple[TextClause, bool]:
    """`sql` (with `IN :ids`) ready to run. On SQLite the ids go in as one JSON array
    (`IN (SELECT value FROM json_each(:ids))`): a batch of thousands of ids as separate
    bound parameters cost more to bind than to run; on PostgreSQL as one uuid[] array
    (`= ANY(...)`). True if the ids are to be passed as JSON."""
    if conn.dialect.name == "sqlite" and "IN :ids" in sql:
        return text(sql.replace("IN :ids", "IN (SELECT value FROM json_each(:ids))")), True
    if conn.dialect.name == "postgresql" and "IN :ids" in sql:
        return text(sql.replace("IN :ids", "= ANY(CAST(:ids AS uuid[]))")), False
    return text(sql).bindparams(bindparam("ids", expanding=True)), False


def _run_ids(conn: Connection, sql: str, params: Mapping[str, object], ids: list[object]) -> CursorResult[Any]:
    statement, as_json = _in_ids(conn, sql)
    return conn.execute(statement, {**params, "ids": json.dumps(ids) if as_json else ids})


def refresh(conn: Connection, kinds: Iterable[Kind], *, batch: int = 5000) -> int:
    """Index again every marked record (in the caller's transaction); returns how many.
    Set-based per batch of marks: one statement each to drop the old entries (and their
    FTS5 rows), read the records, write the new entries, fill FTS5 and unmark."""
    by_name = {k.name: k for k in kinds}
    pg = conn.dialect.name == "postgresql"
    if pg:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
    done = 0
    while True:
        marks = conn.execute(text(f"SELECT kind, record_id FROM {DIRTY} ORDER BY kind, record_id LIMIT :n"), {"n": batch}).all()
        if not marks:
            return done
        per_kind: dict[str, list[object]] = {}
        for kind_name, record_id in marks:
            per_kind.setdefault(kind_name, []).append(record_id)
        for kind_name, ids in per_kind.items():
            kind = by_name.get(kind_name)
            where = {"kind": kind_name}
            # (records new to the index, an import's, have no entries to drop: one probe says so)
            if conn.execute(text(f"SELECT 1 FROM {ENTRY} WHERE kind = :kind AND record_id BETWEEN :lo AND :hi LIMIT 1"),
                            {**where, "lo": ids[0], "hi": ids[-1]}).first() is not None:
                if not pg:
                    _run_ids(conn, f"INSERT INTO {FTS}({FTS}, rowid, body) SELECT 'delete', id, body FROM {ENTRY} "
                                   f"WHERE kind = :kind AND record_id IN :ids", where, ids)
                _run_ids(conn, f"DELETE FROM {ENTRY} WHERE kind = :kind AND record_id IN :ids", where, ids)
            if kind is not None:
                _insert(conn, kind, ids)
            # the batch's marks of a kind are a range of the marks' own order (the first n,
            # read in this transaction, which holds the write lock): one range of the key
            conn.execute(text(f"DELETE FROM {DIRTY} WHERE kind = :kind AND record_id BETWEEN :lo AND :hi"),
                         {**where, "lo": ids[0], "hi": ids[-1]})
            done += len(ids)


def _records(conn: Connection, kind: Kind, ids: list[object]) -> list[Any]:
    """The kind's (id, label, detail, text, unit_id) of these records. On SQLite by the
    driver's own cursor, in this transaction: SQLAlchemy's row objects were a third of
    reading a large batch."""
    if conn.dialect.name == "sqlite" and "IN :ids" in kind.select:
        sql = kind.select.replace("IN :ids", "IN (SELECT value FROM json_each(?))")
        con: Any = conn.connection.dbapi_connection
        return list(con.execute(sql, (json.dumps(ids),)).fetchall())
    return list(_run_ids(conn, kind.select, {}, ids).all())


def _insert(conn: Connection, kind: Kind, ids: list[object]) -> None:
    rows = _records(conn, kind, ids)
    if not rows:
        return
    low = kind.number << KIND_SHIFT
    last = conn.execute(text(f"SELECT MAX(id) FROM {ENTRY} WHERE id BETWEEN :lo AND :hi"),
                        {"lo": low, "hi": low + (1 << KIND_SHIFT) - 1}).scalar()
    first_id = next_id = (last or low) + 1
    values = []
    for record_id, label, detail, raw, unit_id in sorted(rows, key=lambda r: str(r[0])):
        values.append((next_id, kind.name, record_id, unit_id, label or "", detail or "", " ".join(words_of(raw or ""))))
        next_id += 1
    if conn.dialect.name == "postgresql":  # the batch in one statement: its columns as arrays
        columns = list(zip(*values, strict=True))
        conn.execute(text(
            f"INSERT INTO {ENTRY} (id, kind, record_id, unit_id, label, detail, body, words) "
            f"SELECT t.id, :kind, t.record_id, t.unit_id, t.label, t.detail, t.body, "
            f"array_to_tsvector(array_remove(string_to_array(t.body, ' '), '')) "
            f"FROM unnest(CAST(:ids AS bigint[]), CAST(:records AS uuid[]), CAST(:units AS uuid[]), "
            f"CAST(:labels AS text[]), CAST(:details AS text[]), CAST(:bodies AS text[])) "
            f"AS t(id, record_id, unit_id, label, detail, body)"),
            {"kind": kind.name, "ids": list(columns[0]), "records": [str(r) for r in columns[2]],
             "units": [str(u) if u is not None else None for u in columns[3]], "labels": list(columns[4]),
             "details": list(columns[5]), "bodies": list(columns[6])})
    else:  # the driver's own executemany: SQLAlchemy's per-row parameter handling was a third of the build
        conn.exec_driver_sql(f"INSERT INTO {ENTRY} (id, kind, record_id, unit_id, label, detail, body) "
                             f"VALUES (?, ?, ?, ?, ?, ?, ?)", values)
        conn.execute(text(f"INSERT INTO {FTS}(rowid, body) SELECT id, body FROM {ENTRY} WHERE id BETWEEN :a AND :b"),
                     {"a": first_id, "b": next_id - 1})


def mark_all(conn: Connection, kinds: Iterable[Kind]) -> None:
    for kind in kinds:
        conn.execute(text(f"INSERT INTO {DIRTY} (kind, record_id) SELECT '{kind.name}', id FROM \"{kind.table}\" "
                          f"WHERE deleted_at IS NULL"))


def reindex(conn: Connection, kinds: Sequence[Kind]) -> int:
    """Build the whole index again (in the caller's transaction); returns the entries."""
    conn.execute(text(f"DELETE FROM {DIRTY}"))
    conn.execute(text(f"DELETE FROM {ENTRY}"))
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')"))
    mark_all(conn, kinds)
    refresh(conn, kinds)
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')"))
    return int(conn.execute(text(f"SELECT count(*) FROM {ENTRY}")).scalar_one())


# --- the one query ---------------------------------------------------------------------

def _fts_query(words: Sequence[str | Term], prefix: bool) -> str:
    return " ".join(_either(word, '"{}"', "*" if prefix and n == len(words) - 1 else "", " OR ")
                    for n, word in enumerate(words))


def _ts_query(words: Sequence[str | Term], prefix: bool) -> str:
    return " & ".join(_either(word, "'{}'", ":*" if prefix and n == len(words) - 1 else "", " | ")
                      for n, word in enumerate(words))


def _either(word: str | Term, quoted: str, star: str, union: str) -> str:
    """A word of a full-text query (`quoted`, `star` after it while it is typed), or its
    forms joined by `union` in brackets."""
    forms = [quoted.format(form) + star for form in ((word,) if isinstance(word, str) else word)]
    return forms[0] if len(forms) == 1 else "(" + union.join(forms) + ")"


def search(conn: Connection, query: str, kinds: Sequence[Kind], *, limit: int = 10,
           unit_ids: set[uuid.UUID] | None = None) -> list[Group]:
    """The first `limit` hits of each kind in `kinds` whose words all match `query` (the
    last word as a prefix while it is being typed), the exact matches of the last word
    first, then the newest; groups in the kinds' rank order, empty ones left out.
    `unit_ids`: the inspector's units (a kind with an inspector_scope shows only theirs).
    At most three statements whatever the number of kinds: every kind's first page (one
    UNION ALL), then for the kinds with a full page the whole-word page and the count."""
    words, prefix = query_terms(query, [k.query_forms for k in kinds if k.query_forms is not None])
    if not words:
        return []
    ordered = [k for k in sorted(kinds, key=lambda k: (k.rank, k.number))
               if not (unit_ids is not None and k.inspector_scope and not unit_ids)]
    if not ordered:
        return []
    extra: dict[str, object] = {}
    if unit_ids is not None:
        extra["unit_ids"] = [_db_id(conn, u) for u in unit_ids]
    scoped = unit_ids is not None
    pages = _pages(conn, ordered, words, prefix, scoped, extra, limit)
    full = [k for k in ordered if len(pages.get(k.name, [])) >= limit]
    whole = _pages(conn, full, words, False, scoped, extra, limit) if prefix and full else {}
    counts = _counts(conn, full, words, prefix, scoped, extra)
    groups = []
    for kind in ordered:
        seen: dict[object, Hit] = {}
        for row in whole.get(kind.name, []) + pages.get(kind.name, []):
            if row[0] not in seen and len(seen) < limit:
                seen[row[0]] = Hit(kind.name, _py_id(row[1]), str(row[2]), str(row[3]))
        if seen:
            groups.append(Group(kind.name, max(counts.get(kind.name, 0), len(seen)), list(seen.values())))
    return groups


def _where(conn: Connection, kind: Kind, n: int, scope: str) -> tuple[str, dict[str, object]]:
    """The FROM … WHERE of kind number `n` of a statement (:q is the statement's match)."""
    low = kind.number << KIND_SHIFT
    params: dict[str, object] = {f"lo{n}": low, f"hi{n}": low + (1 << KIND_SHIFT) - 1}
    if conn.dialect.name == "postgresql":
        return f"FROM {ENTRY} e WHERE e.words @@ CAST(:q AS tsquery) AND e.id BETWEEN :lo{n} AND :hi{n}{scope}", params
    return (f"FROM {FTS} f JOIN {ENTRY} e ON e.id = f.rowid WHERE {FTS} MATCH :q "
            f"AND f.rowid BETWEEN :lo{n} AND :hi{n}{scope}"), params


def _match(conn: Connection, words: list[Term], prefix: bool) -> str:
    return _ts_query(words, prefix) if conn.dialect.name == "postgresql" else _fts_query(words, prefix)


def _scope(kind: Kind, scoped: bool) -> str:
    return f" AND ({kind.inspector_scope})" if scoped and kind.inspector_scope else ""


def _bind(sql: str, params: dict[str, object]) -> object:
    statement = text(sql)
    if "unit_ids" in params:
        statement = statement.bindparams(bindparam("unit_ids", expanding=True))
    return statement


def _pages(conn: Connection, kinds: Sequence[Kind], words: list[Term], prefix: bool, scoped: bool,
           extra: dict[str, object], limit: int) -> dict[str, list[tuple[object, ...]]]:
    if not kinds:
        return {}
    # (on SQLite by the FTS table's own rowid: FTS5 walks it backwards and stops at the page)
    order = "e.id" if conn.dialect.name == "postgresql" else "f.rowid"
    params: dict[str, object] = {"q": _match(conn, words, prefix), "n": limit}
    parts = []
    for n, kind in enumerate(kinds):
        where, more = _where(conn, kind, n, _scope(kind, scoped))
        params.update(more)
        parts.append(f"SELECT * FROM (SELECT '{kind.name}' AS kind, e.id, e.record_id, e.label, e.detail {where} "
                     f"ORDER BY {order} DESC LIMIT :n) AS p{n}")
    if any(_scope(k, scoped) for k in kinds):
        params.update(extra)
    out: dict[str, list[tuple[object, ...]]] = {}
    statement = _bind(" UNION ALL ".join(parts), params)
    # PostgreSQL takes a kind's page newest first by walking the ids backwards and testing
    # each row: right for a common word (ten found at once), but a typed code (a tracking
    # or national code, a mobile number: a word of six characters or more with a digit)
    # matches a few records that may be the oldest, and the walk tested 91,000 rows of
    # 100,000 (35 ms, EXPLAIN ANALYZE). For those the GIN index's few matches sorted.
    rare = conn.dialect.name == "postgresql" and any(len(w) >= RARE_CODE and any(c.isdigit() for c in w)
                                                     for term in words for w in term)
    with pg_setting(conn, "enable_indexscan", "off") if rare else nullcontext():
        rows = conn.execute(statement, params).all()  # type: ignore[call-overload]
    for row in rows:
        out.setdefault(row[0], []).append(tuple(row[1:]))
    return out


RARE_CODE = 6  # a word with a digit this long or longer is taken to name a few records


def _counts(conn: Connection, kinds: Sequence[Kind], words: list[Term], prefix: bool, scoped: bool,
            extra: dict[str, object]) -> dict[str, int]:
    if not kinds:
        return {}
    params: dict[str, object] = {"q": _match(conn, words, prefix), "n": COUNT_CAP + 1}
    parts = []
    for n, kind in enumerate(kinds):
        scope = _scope(kind, scoped)
        where, more = _where(conn, kind, n, scope)
        if not scope and conn.dialect.name == "sqlite":  # the FTS table alone knows
            where = where.replace(f" JOIN {ENTRY} e ON e.id = f.rowid", "")
        params.update(more)
        parts.append(f"SELECT '{kind.name}' AS kind, (SELECT count(*) FROM (SELECT 1 {where} LIMIT :n) AS c{n}) AS total")
    if any(_scope(k, scoped) for k in kinds):
        params.update(extra)
    statement = _bind(" UNION ALL ".join(parts), params)
    if conn.dialect.name != "postgresql":
        rows = conn.execute(statement, params).all()  # type: ignore[call-overload]
        return {row[0]: int(row[1]) for row in rows}
    # PostgreSQL plans a capped count of a common word as a sequential scan that stops at
    # the cap (it expects the cap soon) and then tests every row's tsvector until it gets
    # there: 105 ms for "محمدی" at 100,000 requests where the GIN index's bitmap takes 12 ms
    # (EXPLAIN ANALYZE, bench/README.md). Without the sequential scan for this one
    # statement it takes the bitmap; the setting is put back at once (transaction-local).
    with pg_setting(conn, "enable_seqscan", "off"):
        rows = conn.execute(statement, params).all()  # type: ignore[call-overload]
    return {row[0]: int(row[1]) for row in rows}


def raw_search(conn: Connection, query: str, *, limit: int = 10) -> list[tuple[object, ...]]:
    """The bare full-text query (no kinds, no grouping): the bench's yardstick."""
    words, prefix = query_words(query)
    if conn.dialect.name == "postgresql":
        sql = f"SELECT id, record_id, label FROM {ENTRY} WHERE words @@ CAST(:q AS tsquery) LIMIT :n"
        return [tuple(r) for r in conn.execute(text(sql), {"q": _ts_query(words, prefix), "n": limit}).all()]
    sql = f"SELECT e.id, e.record_id, e.label FROM {FTS} f JOIN {ENTRY} e ON e.id = f.rowid WHERE {FTS} MATCH :q LIMIT :n"
    return [tuple(r) for r in conn.execute(text(sql), {"q": _fts_query(words, prefix), "n": limit}).all()]


# --- the shared records' kinds (units and users); each workspace adds its own ----------

SHARED_KINDS: tuple[Kind, ...] = (
    Kind(
        name="unit", number=10, title="Units", workspace="", table="unit", permission=Permission.VIEW_UNITS, rank=50,
        columns=("name", "code"),
        select="SELECT u.id, u.name, u.code, u.name || ' ' || u.code, u.id FROM unit u "
               "WHERE u.deleted_at IS NULL AND u.id IN :ids",
    ),
    Kind(
        name="user", number=11, title="Users", workspace="", table="app_user", permission=Permission.VIEW_USERS, rank=60,
        columns=("display_name", "username"),
        select="SELECT u.id, u.display_name, u.username, u.display_name || ' ' || u.username, NULL FROM app_user u "
               "WHERE u.deleted_at IS NULL AND u.id IN :ids",
    ),
)


def all_kinds() -> tuple[Kind, ...]:
    """Every kind: the shared ones and each workspace's provider (its `search` hook)."""
    from pr_desk.workspaces import hooks

    kinds = list(SHARED_KINDS)
    for _workspace, provided in hooks("search"):
        kinds.extend(provided)
    return tuple(kinds)
