"""Opening databases safely, migrations, and the hash-chained audit trail."""

from __future__ import annotations

import hashlib
import sqlite3
import warnings
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import SAWarning

from pr_desk.data.schema import DatabaseState, inspect_database, open_database
from pr_desk.data.tables import Base
from pr_desk.domain.errors import UserError
from pr_desk.services import audit_log, maintenance, units
from pr_desk.services.setup import create_database, open_or_create
from tests.conftest import ADMIN_PASSWORD
from tests.data.test_migration_0013 import EXPRESSION_INDEXES


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_models_match_the_migrated_schema(office) -> None:  # type: ignore[no-untyped-def]
    db, _admin = office
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn, warnings.catch_warnings():
        # an index on an expression (0013) is not reflected by SQLAlchemy on SQLite, nor
        # compared by Alembic: test_migration_0013 compares the migrated one with the model's
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index", UserWarning)
        # the search index (data/search.py) is raw DDL beside the models: FTS5 tables cannot be models
        opts = {"compare_type": True, "include_name": lambda name, kind, _parent: not (kind == "table" and name.startswith("search_")),
                # an index declared for one database only (Index.ddl_if, 0012) is compared there only
                "include_object": lambda obj, name, kind, _reflected, _other: kind != "index" or (name not in EXPRESSION_INDEXES and getattr(
                    getattr(obj, "_ddl_if", None), "dialect", None) in (None, conn.dialect.name))}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []


def test_every_record_table_follows_the_conventions(office) -> None:  # type: ignore[no-untyped-def]
    db, _admin = office
    insp = inspect(db.engine)
    for table in Base.metadata.sorted_tables:
        if table.name in ("pr_desk_meta", "audit_record"):
            continue
        columns = {c["name"] for c in insp.get_columns(table.name)}
        assert {"id", "created_at", "updated_at", "created_by", "updated_by", "version", "deleted_at"} <= columns, table.name
        assert not any(c.get("autoincrement") is True for c in insp.get_columns(table.name))


def test_ids_are_time_ordered_uuid7(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    a = units.add_unit(db, admin, name="سازمان الف", kind="organisation")
    b = units.add_unit(db, admin, name="سازمان ب", kind="organisation")
    assert a.id.version == 7 and a.id < b.id


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_foreign_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "thing.sqlite"
    path.write_bytes(content)
    before = _digest(path)
    if content:
        with pytest.raises(UserError, match="پایگاه داده میز روابط عمومی نیست|نیست"):
            open_or_create(str(path), create=True)
        assert _digest(path) == before


def test_an_unrelated_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    assert inspect_database("sqlite:///" + str(path)).state is DatabaseState.FOREIGN
    with pytest.raises(UserError):
        open_or_create(str(path))
    assert _digest(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_a_newer_database_is_refused_and_untouched(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, _admin = sqlite_office
    path = Path(db.url.removeprefix("sqlite:///"))
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(UserError, match="نسخه جدیدتر"):
        open_or_create(str(path))
    assert _digest(path) == before


def test_an_older_database_is_backed_up_then_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulates an older file by stamping it at a fake earlier revision in the script tree."""
    from pr_desk.data import schema

    db, _admin = create_database(str(tmp_path / "old.sqlite"), admin_username="admin", admin_display_name="a", admin_password=ADMIN_PASSWORD)
    db.dispose()
    # Pretend the head is a newer revision "0002" that adds a column, by monkeypatching.
    real_head = schema.script_head_revision()
    monkeypatch.setattr(schema, "head_revision", lambda: "0002_fake")
    monkeypatch.setattr(schema, "known_revisions", lambda: {real_head, "0002_fake"})
    upgraded: list[str] = []
    monkeypatch.setattr(schema, "upgrade_to_head", lambda d, _conn=None: upgraded.append(d.url))
    backups = tmp_path / "backups"
    backups.mkdir()
    db2, inspection = open_database(str(tmp_path / "old.sqlite"), backup_folder=backups)
    db2.dispose()
    assert inspection.state is DatabaseState.OLDER and upgraded
    saved = list(backups.glob("old-before-upgrade-*.sqlite"))
    assert len(saved) == 1 and inspect_database("sqlite:///" + str(saved[0])).revision == real_head


def test_audit_chain_detects_edit_and_removal(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    units.add_unit(db, admin, name="سازمان آزمون", kind="organisation")
    assert maintenance.check(db).ok
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_record SET actor_name = 'someone else' WHERE seq = 3"))
    report = maintenance.check(db)
    assert not report.ok and any("3" in p or "۳" in p for p in report.problems)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_record SET actor_name = 'admin' WHERE seq = 3"))
    assert maintenance.check(db).ok
    with db.engine.begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_record")).scalar()
        conn.execute(text("DELETE FROM audit_record WHERE seq = :s"), {"s": last})
    assert not maintenance.check(db).ok


def test_audit_chain_holds_on_both_backends(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    for i in range(5):
        units.add_unit(db, admin, name=f"سازمان شماره {i}", kind="organisation")
    report = maintenance.check(db)
    assert report.ok, report.problems
    assert report.audit_entries > 27


def test_writes_outside_services_are_refused(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.data.audit import WriteOutsideService
    from pr_desk.data.models import Unit

    db, _admin = sqlite_office
    with pytest.raises(WriteOutsideService), db.session() as s, s.begin():
        s.add(Unit(code="X1", name="x", name_search="x", kind="company", notes=""))


def test_backup_and_restore(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    units.add_unit(db, admin, name="سازمان پیش از پشتیبان", kind="organisation")
    out = maintenance.backup(db, tmp_path / "b.sqlite", actor=admin)
    units.add_unit(db, admin, name="سازمان پس از پشتیبان", kind="organisation")
    target = Path(db.url.removeprefix("sqlite:///"))
    db.dispose()
    saved = maintenance.restore(out, target, keep_folder=tmp_path / "kept", actor=admin)
    assert saved is not None and saved.exists()
    opened = open_or_create(str(target), create=False)
    names = {u.name for u in units.list_units(opened.db, admin)}
    assert maintenance.check(opened.db).ok
    trail = audit_log.list_entries(opened.db, admin, actions=["restore"])
    opened.db.dispose()
    assert "سازمان پیش از پشتیبان" in names and "سازمان پس از پشتیبان" not in names
    assert len(trail) == 1 and trail[0].actor_name == admin.username  # the restore is in the restored trail
    kept = open_or_create(str(saved), create=False)
    assert "سازمان پس از پشتیبان" in {u.name for u in units.list_units(kept.db, admin)}  # the replaced state was kept
    kept.db.dispose()


def test_restore_refuses_a_damaged_or_foreign_file(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    target = Path(db.url.removeprefix("sqlite:///"))
    good = maintenance.backup(db, tmp_path / "good.sqlite", actor=admin)
    db.dispose()
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(good.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a db")
    before = _digest(target)
    for bad in (damaged, junk, tmp_path / "missing.sqlite"):
        with pytest.raises(UserError):
            maintenance.restore(bad, target, keep_folder=tmp_path / "kept", actor=admin)
        assert _digest(target) == before


def test_the_known_head_is_the_newest_migration_script() -> None:
    from pr_desk.data.schema import HEAD_REVISION, script_head_revision

    assert HEAD_REVISION == script_head_revision(), "update HEAD_REVISION in pr_desk/data/schema.py with each migration"
