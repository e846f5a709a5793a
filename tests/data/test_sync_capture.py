"""Change capture by the generated triggers, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from pr_desk.data.base import Record
from pr_desk.data.sync import capture, codec, registry, triggers
from pr_desk.data.sync.models import SyncChange
from pr_desk.data.tables import Base
from pr_desk.services import units


def _changes(db) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(SyncChange)).scalar_one()


def test_every_table_is_either_synced_or_kept_home_with_a_reason() -> None:
    # the search index's tables are raw DDL (derived, not models): kept home all the same
    names = set(Base.metadata.tables) | set(registry.DERIVED_NOT_SYNCED)
    assert names == set(registry.BY_NAME) | set(registry.NOT_SYNCED)
    assert not set(registry.BY_NAME) & set(registry.NOT_SYNCED)
    record_tables = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Record)}
    assert set(registry.BY_NAME) <= record_tables


def test_installed_triggers_are_those_the_models_generate(office) -> None:  # type: ignore[no-untyped-def]
    db, _admin = office
    with db.engine.connect() as conn:
        have = triggers.installed(conn)
    want = triggers.expected(db.engine.dialect.name)
    if db.engine.dialect.name == "sqlite":
        assert have == want
    else:  # PostgreSQL prints the definition its own way: compare table, events and arguments
        assert set(have) == set(want)
        for name, ddl in have.items():
            assert "AFTER INSERT OR DELETE OR UPDATE" in ddl and "sync_capture(" in ddl
            for col in registry.BY_NAME[name].local:
                assert f"'{col}'" in ddl


def test_orm_writes_and_a_bulk_sql_update_are_captured_with_old_and_new_rows(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    unit = units.add_unit(db, admin, name="سازمان نمونه", kind="organisation")
    n_units = len(units.list_units(db, admin))
    before = _changes(db)
    t = registry.table("unit")
    with db.engine.begin() as conn:
        conn.execute(update(t).values(notes="بازبینی"))
    assert _changes(db) == before + n_units
    with db.session() as session:
        changes = capture.read_changes(session, before)
    mine = [c for c in changes if c.pk == str(unit.id)]
    assert [c.op for c in mine] == ["U"]
    assert mine[0].old["notes"] == "" and mine[0].new["notes"] == "بازبینی" and mine[0].new["name"] == "سازمان نمونه"
    assert mine[0].new["id"] == unit.id and mine[0].new["created_at"].tzinfo is not None


def test_local_columns_never_leave_the_database(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    with db.engine.begin() as conn:
        conn.execute(update(registry.table("app_user")).values(failed_logins=1))
        raw = conn.execute(select(SyncChange.new_row).where(SyncChange.tbl == "app_user")).scalars().all()
    assert raw and all("password_hash" not in r and "failed_logins" not in r for r in raw)


def test_a_failing_capture_aborts_the_write(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    unit = units.add_unit(db, admin, name="سازمان نمونه", kind="organisation")
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.execute(text("CREATE TRIGGER break_capture BEFORE INSERT ON sync_change BEGIN SELECT RAISE(ABORT, 'capture failed'); END"))
        else:
            conn.execute(text("CREATE FUNCTION break_capture() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'capture failed'; END $$"))
            conn.execute(text("CREATE TRIGGER break_capture BEFORE INSERT ON sync_change FOR EACH ROW EXECUTE FUNCTION break_capture()"))
    try:
        with pytest.raises(Exception):  # noqa: B017 - the ORM path wraps it; the raw path does not
            units.rename_unit(db, admin, unit.id, "نام تازه")
        with pytest.raises(DBAPIError):
            _raw_update(db, unit.id)
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER break_capture" + ("" if db.engine.dialect.name == "sqlite" else " ON sync_change")))
    t = registry.table("unit")
    with db.engine.connect() as conn:
        assert conn.execute(select(t.c.name).where(t.c.id == unit.id)).scalar() == "سازمان نمونه"


def _raw_update(db, pk) -> None:  # type: ignore[no-untyped-def]
    t = registry.table("unit")
    with db.engine.begin() as conn:
        conn.execute(update(t).where(t.c.id == pk).values(name="نام تازه"))


def test_applying_context_is_not_captured_and_resets(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    before = _changes(db)
    t = registry.table("unit")
    with db.session() as session, session.begin():
        with capture.context(session, applying=True):
            session.execute(update(t).values(notes="x"))
    assert _changes(db) == before
    with db.engine.begin() as conn:
        conn.execute(update(t).values(notes="y"))
    assert _changes(db) > before


def test_values_read_back_the_same_on_both_dialects(office) -> None:  # type: ignore[no-untyped-def]
    """Every kind of column a synced table has survives trigger JSON -> typed -> canonical -> typed."""
    db, admin = office
    kinds = {codec.kind_of(c.type) for spec in registry.SYNCED for c in registry.table(spec.name).columns}
    assert {"uuid", "datetime", "bool", "decimal", "int", "date", "bytes", "str"} <= kinds
    with db.engine.connect() as conn:
        assert "sync_change" in inspect(conn).get_table_names()
    with db.session() as session:
        for ch in capture.read_changes(session):
            for row in (ch.old, ch.new):
                if row is not None:
                    assert codec.row_from_canonical(ch.tbl, codec.row_to_canonical(ch.tbl, row)) == row


def test_the_chain_over_stored_text_is_the_chain_over_canonical_changes() -> None:
    """A package stores each change's rows as codec.dumps of the canonical rows; the
    office checks the chain on that text without parsing it: both must agree."""
    import uuid as _uuid

    from pr_desk.data.sync import capture, codec

    prev = capture.GENESIS
    for seq, op, old, new in ((1, "I", None, {"id": str(_uuid.uuid4()), "name": "واحد «۱»", "n": 7, "ok": True}),
                              (2, "U", {"x": None, "t": "a\"b\\c\n"}, {"x": "1.50", "t": "🙂"}),
                              (3, "D", {"id": "z"}, None)):
        pk = str(_uuid.uuid4())
        canonical = {"seq": seq, "tbl": "unit", "pk": pk, "op": op, "old": old, "new": new}
        stored = capture.chain_step_stored(prev, seq, "unit", pk, op, None if old is None else codec.dumps(old),
                                           None if new is None else codec.dumps(new))
        assert stored == capture.chain_step(prev, canonical)
        prev = stored
