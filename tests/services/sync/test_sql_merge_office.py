"""On SQLite the office stages a return package's usual new rows by SQL (data/sync/sql_merge.py,
issue 17 §2) and leaves the rest to the Python path. The same package imported into two
identical offices, one with the SQL path and one without (every row through Python), must
give the same preview and receipt, tables (every stored value and its type), change log,
conflicts and audit trail (entry for entry, in the same order): here with new rows SQL
takes (quotes, line breaks, Persian, emoji), beside new rows it must leave to Python (a
control character, inserted then changed, inserted then deleted, a key the office holds
alike or otherwise, a key the office deleted, a row of an approved form) and updates,
deletes and a conflict, in small chunks on one side."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.models import AuditRecord
from pr_desk.data.sync import office as office_side
from pr_desk.data.sync import registry, sql_merge
from pr_desk.data.sync.models import SyncConflict
from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from pr_desk.services.setup import open_or_create
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)
from tests.services.sync.test_chunks import export_beside_a_twin
from tests.services.sync.test_conflicts import scores, sql_delete, sql_update

TEXTS = ["ساده", 'با "نقل قول" و \\ و /', "سطر یک\nسطر دو\tجدول", "نیم‌فاصله و 😀🇮🇷", "", "٠١٢ ۳۴۵ 123", "'; DROP TABLE x; --"]


def _visit(db: Database, form_id: uuid.UUID, user: uuid.UUID, findings: str, *, pk: uuid.UUID | None = None,
           deleted: bool = False) -> uuid.UUID:
    """A field visit written by SQL (captured by the triggers as any write)."""
    t = registry.table("evaluation_field_visit")
    pk = pk or uuid.uuid4()
    at = dt.datetime(2026, 11, 28, 9, 0, 0, 123456, tzinfo=dt.UTC)
    with db.engine.begin() as conn:
        conn.execute(insert(t).values(id=pk, created_at=at, updated_at=at.replace(microsecond=0), created_by=user,
                                      updated_by=user, version=1, deleted_at=at if deleted else None, form_id=form_id,
                                      visited_on=dt.date(2026, 11, 1), people_met="مدیر", findings=findings,
                                      recommendations=""))
    return pk


def _raw(path: Path) -> dict[str, Any]:
    """Every synced table's stored values with their types, and the change log."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, Any] = {}
        for spec in registry.SYNCED:
            out[spec.name] = con.execute(f"SELECT * FROM {spec.name} ORDER BY id").fetchall()
            out[spec.name + " types"] = con.execute(
                f"SELECT {', '.join(f'typeof({c.name})' for c in registry.table(spec.name).columns)} FROM {spec.name} ORDER BY id").fetchall()
        out["log"] = con.execute("SELECT id, tbl, pk, op, old_row, new_row, origin FROM sync_change ORDER BY id").fetchall()
        return out
    finally:
        con.close()


def _trail(db: Database) -> tuple[Any, ...]:
    with db.session() as s:
        conflicts = sorted((c.tbl, c.pk, c.fields, c.kind, c.base, c.office, c.field, c.seq, c.status)
                           for c in s.scalars(select(SyncConflict)))
        trail = [(r.action, r.table_name, r.record_id, r.summary, r.before, r.after)
                 for r in s.scalars(select(AuditRecord).order_by(AuditRecord.seq))]
        assert audit.verify_chain(s) == []
    return conflicts, trail


def test_sql_path_and_python_path_give_the_same_office(sqlite_office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world = make_world(sqlite_office, tmp_path)
    old = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    old = ev.save_scores(world.office, world.inspector, old.form.id, lines=full_scores(old, ["5", "2", "10"]))
    other = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[1].id)
    user = world.inspector.user_id
    kept = _visit(world.office, old.form.id, user, "اول")
    laptop = checkout(world, "k")
    # at the office after the checkout: a visit made and deleted (a tombstone), two visits
    # the field copy will make with the same keys (one alike, one not), the other form approved
    gone = _visit(world.office, old.form.id, user, "رفته")
    sql_delete(world.office, "evaluation_field_visit", gone)
    alike, unlike = uuid.uuid4(), uuid.uuid4()
    _visit(world.office, old.form.id, user, "یکسان", pk=alike)
    _visit(world.office, old.form.id, user, "دفتر", pk=unlike)
    sql_update(world.office, "evaluation_form", other.form.id, status="approved")
    sql_update(world.office, "evaluation_field_visit", kept, findings="دفتر اول")
    # the field: new visits SQL takes, and rows it must leave to Python
    taken = [_visit(laptop.db, old.form.id, user, text) for text in TEXTS * 3]
    taken.append(_visit(laptop.db, old.form.id, user, "حذف نرم", deleted=True))
    _visit(laptop.db, old.form.id, user, "کنترل \x01 \x1f")
    changed = _visit(laptop.db, old.form.id, user, "پیش‌نویس")
    sql_update(laptop.db, "evaluation_field_visit", changed, findings="نهایی")
    dropped = _visit(laptop.db, old.form.id, user, "موقت")
    sql_delete(laptop.db, "evaluation_field_visit", dropped)
    _visit(laptop.db, old.form.id, user, "رفته", pk=gone)
    _visit(laptop.db, old.form.id, user, "یکسان", pk=alike)
    _visit(laptop.db, old.form.id, user, "میدان", pk=unlike)
    _visit(laptop.db, other.form.id, user, "فرم تأییدشده")
    sql_update(laptop.db, "evaluation_field_visit", kept, findings="میدان اول")
    sql_delete(laptop.db, "evaluation_score", scores(laptop.db, old.form.id)[0])
    package, path, twin = export_beside_a_twin(world, laptop, tmp_path)

    by_sql: list[int] = []
    rest = sql_merge.SqlPass.rest

    def counted(self: sql_merge.SqlPass, tbl: str, size: int) -> Any:
        found = rest(self, tbl, size)
        if self.done.get(tbl):
            by_sql.append(self.done[tbl])
        return found

    monkeypatch.setattr(sql_merge.SqlPass, "rest", counted)
    results = []
    for target, enabled, chunk in ((path, True, 3), (twin, False, 10_000)):
        monkeypatch.setattr(sql_merge, "ENABLED", enabled)
        monkeypatch.setattr(office_side, "MERGE_CHUNK", chunk)
        db = open_or_create(str(target), create=False).db
        try:
            preview = sync.preview_import(db, world.supervisor, path=package)
            receipt = sync.apply_import(db, world.supervisor, path=package, backup=False)
            summary = (preview.status, preview.new, preview.changed, preview.deleted, preview.by_table,
                       [(c.key, c.kind) for c in preview.conflicts], receipt.status, receipt.new, receipt.changed,
                       receipt.deleted, receipt.conflicts, receipt.by_table)
            results.append((summary, _trail(db)))
        finally:
            db.dispose()
        results[-1] += (_raw(target),)
    assert by_sql == [len(taken), len(taken)]  # preview and import: SQL took the rows it should, and only on one side
    assert results[0][0] == results[1][0]
    assert results[0][0][6:11] == ("applied", len(taken) + 2, 0, 1, 4)
    assert results[0][1] == results[1][1]
    assert results[0][2] == results[1][2]
