"""The office merges a return package a chunk of rows at a time (issue 17 §2: no list of
every decoded change, row or audit entry is held): the outcome must not depend on where
the chunks break. The same package, with new, changed and deleted records of several
tables and a conflict, imported into two identical offices,
one row per chunk and in one chunk, gives the same tables, conflicts, receipt and audit
trail (entry for entry, in the same order)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pr_desk.data import audit
from pr_desk.data.engine import sqlite_path
from pr_desk.data.models import AuditRecord
from pr_desk.data.sync import office as office_side
from pr_desk.data.sync import registry
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
from tests.services.sync.test_conflicts import scores, sql_delete, sql_update


def export_beside_a_twin(world: Any, laptop: Any, tmp_path: Path) -> tuple[Path, Path, Path]:
    """The field copy's return package, the office's SQLite file and an identical copy of it
    beside (both closed): (package, office file, twin)."""
    package = laptop.export(tmp_path)
    laptop.db.dispose()
    world.office.dispose()
    path = sqlite_path(world.office.url)
    assert path is not None
    twin = tmp_path / "twin.sqlite"
    shutil.copyfile(path, twin)
    return package, Path(path), twin


def _state(db: Any) -> tuple[Any, ...]:
    with db.session() as s:
        tables = {spec.name: office_side.read_rows(s, spec.name) for spec in registry.SYNCED}
        conflicts = sorted((c.tbl, c.pk, c.fields, c.kind, c.base, c.office, c.field, c.seq, c.status)
                           for c in s.scalars(select(SyncConflict)))
        trail = [(r.action, r.table_name, r.record_id, r.summary, r.before, r.after)
                 for r in s.scalars(select(AuditRecord).order_by(AuditRecord.seq))]
        assert audit.verify_chain(s) == []
    return tables, conflicts, trail


def test_where_the_chunks_break_changes_nothing(sqlite_office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world = make_world(sqlite_office, tmp_path)
    old = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    old = ev.save_scores(world.office, world.inspector, old.form.id, lines=full_scores(old, ["5", "2", "10"]))
    ev.save_field_visit(world.office, world.inspector, old.form.id, visited_on="1404/04/01", findings="اول")
    ev.save_field_visit(world.office, world.inspector, old.form.id, visited_on="1404/04/02", findings="دوم")
    laptop = checkout(world, "k")
    visits = ev.get_form(world.office, world.supervisor, old.form.id).visits
    # the field: a new form with scores and visits, the old form's visits changed (one of
    # them also at the office: a conflict), another removed
    new = ev.open_form(laptop.db, laptop.actor, period_id=world.period.id, unit_id=world.units[1].id)
    ev.save_scores(laptop.db, laptop.actor, new.form.id, lines=full_scores(new, ["8", "4", "15"], note="میدان"))
    for i in range(5):
        ev.save_field_visit(laptop.db, laptop.actor, new.form.id, visited_on=f"1404/05/0{i + 1}", findings=f"بازدید {i}")
    sql_update(laptop.db, "evaluation_field_visit", visits[0].id, findings="میدان یک")
    sql_update(laptop.db, "evaluation_field_visit", visits[1].id, findings="میدان دو")
    sql_update(world.office, "evaluation_field_visit", visits[1].id, findings="دفتر دو")
    sql_delete(laptop.db, "evaluation_score", scores(laptop.db, old.form.id)[0])
    package, path, twin = export_beside_a_twin(world, laptop, tmp_path)
    receipts, states = [], []
    for target, chunk in ((path, 1), (twin, 10_000)):
        monkeypatch.setattr(office_side, "MERGE_CHUNK", chunk)
        monkeypatch.setattr(audit, "_STAGED_CHUNK", 2 if chunk == 1 else 5000)
        db = open_or_create(str(target), create=False).db
        try:
            preview = sync.preview_import(db, world.supervisor, path=package)
            receipt = sync.apply_import(db, world.supervisor, path=package, backup=False)
            assert (preview.new, preview.changed, preview.deleted, len(preview.conflicts)) == (
                receipt.new, receipt.changed, receipt.deleted, receipt.conflicts)
            receipts.append((receipt.status, receipt.new, receipt.changed, receipt.deleted, receipt.conflicts,
                             receipt.by_table, preview.by_table, [c.key for c in preview.conflicts]))
            states.append(_state(db))
        finally:
            db.dispose()
    assert receipts[0][:5] == ("applied", 1 + 3 + 5, 1, 1, 1)
    assert receipts[0] == receipts[1]
    assert states[0] == states[1]
