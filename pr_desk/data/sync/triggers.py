"""Capture triggers generated from the synced tables, for SQLite and PostgreSQL alike.

Every insert, update and delete of a synced row, whatever wrote it (ORM, bulk UPDATE,
raw SQL), appends the whole old and new row to sync_change with the next sequence
number. A failing capture raises inside the statement, so the write is aborted with it
(no EXCEPTION handler that swallows it). The migration calls `install`; a column added
to a synced table by a later migration must call `install` again (it replaces them)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, LargeBinary, inspect, text

from pr_desk.data.sync import registry

PG_FUNCTION = "sync_capture"
# Serialises the writers of the change log on PostgreSQL, so sequence order is commit
# order and an export never skips a change that commits later (SYNC.md §6.14).
PG_LOCK_KEY = 7262736501

_WHEN = "WHEN COALESCE((SELECT applying FROM sync_ctx WHERE id = 1), 0) = 0"
_ORIGIN = "(SELECT origin FROM sync_ctx WHERE id = 1)"
_NEXT = "(SELECT COALESCE(MAX(id), 0) + 1 FROM sync_change)"


def _json_object(alias: str, columns: Sequence[tuple[str, bool]]) -> str:
    parts = []
    for name, is_blob in columns:
        value = f'hex({alias}."{name}")' if is_blob else f'{alias}."{name}"'
        if is_blob:
            value = f'CASE WHEN {alias}."{name}" IS NULL THEN NULL ELSE {value} END'
        parts.append(f"'{name}', {value}")
    return "json_object(" + ", ".join(parts) + ")"


def sqlite_ddl(table: str, columns: Sequence[tuple[str, bool]]) -> list[str]:
    """CREATE TRIGGER statements of one table; `columns` are (name, is_blob) that travel
    (in name order, so the model and a migrated database give the same text)."""
    columns = sorted(columns)
    new, old = _json_object("NEW", columns), _json_object("OLD", columns)
    body = {
        "ins": ("INSERT", "NEW.id", "'I'", "NULL", new),
        "upd": ("UPDATE", "NEW.id", "'U'", old, new),
        "del": ("DELETE", "OLD.id", "'D'", old, "NULL"),
    }
    out = []
    for suffix, (event, pk, op, old_json, new_json) in body.items():
        out.append(
            f'CREATE TRIGGER sync_capture_{table}_{suffix} AFTER {event} ON "{table}" {_WHEN}\n'
            f"BEGIN\n"
            f"INSERT INTO sync_change (id, tbl, pk, op, old_row, new_row, origin, version)\n"
            f"VALUES ({_NEXT}, '{table}', {pk}, {op}, {old_json}, {new_json}, {_ORIGIN}, 1);\n"
            f"END"
        )
    return out


def pg_function_ddl() -> str:
    return f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    flag integer;
    org text;
    nseq bigint;
BEGIN
    SELECT applying, origin INTO flag, org FROM sync_ctx WHERE id = 1;
    IF COALESCE(flag, 0) <> 0 THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock({PG_LOCK_KEY});
    SELECT COALESCE(MAX(id), 0) + 1 INTO nseq FROM sync_change;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO sync_change (id, tbl, pk, op, old_row, new_row, origin, version)
        VALUES (nseq, TG_TABLE_NAME, NEW.id::text, 'I', NULL, (to_jsonb(NEW) - TG_ARGV)::text, org, 1);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO sync_change (id, tbl, pk, op, old_row, new_row, origin, version)
        VALUES (nseq, TG_TABLE_NAME, NEW.id::text, 'U', (to_jsonb(OLD) - TG_ARGV)::text, (to_jsonb(NEW) - TG_ARGV)::text, org, 1);
    ELSE
        INSERT INTO sync_change (id, tbl, pk, op, old_row, new_row, origin, version)
        VALUES (nseq, TG_TABLE_NAME, OLD.id::text, 'D', (to_jsonb(OLD) - TG_ARGV)::text, NULL, org, 1);
    END IF;
    RETURN NULL;
END
$$"""


def pg_trigger_ddl(table: str, local: Sequence[str]) -> str:
    args = ", ".join(f"'{c}'" for c in ["-", *sorted(local)])  # never an empty TG_ARGV
    return (f'CREATE TRIGGER sync_capture AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}({args})")


def model_columns(table: str) -> list[tuple[str, bool]]:
    t = registry.table(table)
    return [(c, isinstance(t.c[c].type, LargeBinary)) for c in registry.synced_columns(table)]


def _live_columns(conn: Connection, table: str) -> list[tuple[str, bool]]:
    """The table's columns as the database has them now (the migration's schema)."""
    local = registry.BY_NAME[table].local
    return [(c["name"], isinstance(c["type"], LargeBinary)) for c in inspect(conn).get_columns(table)
            if c["name"] not in local]


def drop(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_%'")).scalars()
        for name in list(names):
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        return
    for spec in registry.SYNCED:
        conn.execute(text(f'DROP TRIGGER IF EXISTS sync_capture ON "{spec.name}"'))
    conn.execute(text(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"))


def install(conn: Connection) -> None:
    """(Re)creates the capture triggers of every synced table present in the database."""
    drop(conn)
    present = set(inspect(conn).get_table_names())
    if conn.dialect.name == "postgresql":
        conn.execute(text(pg_function_ddl()))
    for spec in registry.SYNCED:
        if spec.name not in present:
            continue
        if conn.dialect.name == "sqlite":
            for ddl in sqlite_ddl(spec.name, _live_columns(conn, spec.name)):
                conn.execute(text(ddl))
        else:
            conn.execute(text(pg_trigger_ddl(spec.name, sorted(spec.local))))


def installed(conn: Connection) -> dict[str, str]:
    """Name -> SQL of the capture triggers in the database (for checks and tests)."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_%'"))
        return {r[0]: r[1] for r in rows}
    rows = conn.execute(text(
        "SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname = 'sync_capture' AND NOT t.tgisinternal"))
    return {r[0]: r[1] for r in rows}


def expected(dialect: str) -> dict[str, str]:
    """What `installed` should return for the current models."""
    if dialect == "sqlite":
        out = {}
        for spec in registry.SYNCED:
            for ddl, suffix in zip(sqlite_ddl(spec.name, model_columns(spec.name)), ("ins", "upd", "del"), strict=False):
                out[f"sync_capture_{spec.name}_{suffix}"] = ddl
        return out
    return {spec.name: pg_trigger_ddl(spec.name, sorted(spec.local)) for spec in registry.SYNCED}
