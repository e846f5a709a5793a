"""The office's change log is pruned to what it still needs: the last import stays
undoable, a delete stays a tombstone until every field copy has seen it."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import delete, func, select

from pr_desk.data.sync import registry
from pr_desk.data.sync.models import SyncChange
from pr_desk.services import evaluation as ev
from pr_desk.services import sync
from tests.services.evaluation.factories import full_scores
from tests.services.sync.support import (
    checkout,
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
    refresh,
)
from tests.services.sync.test_conflicts import sql_update


def _log(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return dict(s.execute(select(SyncChange.op, func.count()).group_by(SyncChange.op)).all())


def test_prune_keeps_the_last_import_undoable_and_tombstones_until_every_copy_saw_them(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(office, tmp_path)
    detail = ev.open_form(world.office, world.inspector, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(world.office, world.inspector, detail.form.id, lines=full_scores(detail, ["5", "2", "10"]))
    visit = ev.save_field_visit(world.office, world.inspector, detail.form.id, visited_on="1404/04/01", findings="الف")
    laptop = checkout(world, "k")
    visit_id = visit.id
    # the office deletes the visit for good (a tombstone: a bulk clean-up, say); the laptop,
    # not knowing, edits it
    visits = registry.table("evaluation_field_visit")
    with world.office.engine.begin() as conn:
        conn.execute(delete(visits).where(visits.c.id == visit_id))
    sql_update(laptop.db, "evaluation_field_visit", visit_id, findings="ب")
    before = _log(world.office)
    assert before.get("D", 0) >= 1 and before.get("I", 0) > 5

    pruned = sync.prune_change_log(world.office, world.supervisor)
    after = _log(world.office)
    assert pruned.changes > 0 and pruned.tombstones == 0  # the copy has not seen the delete yet
    assert after.get("D") == before.get("D") and sum(after.values()) >= 1

    receipt = sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp_path))
    [conflict] = sync.list_conflicts(world.office, world.supervisor)
    assert receipt.conflicts == 1 and conflict.kind == "update_vs_delete"  # not lost, not resurrected silently
    assert uuid.UUID(conflict.record_id) == visit_id

    sync.prune_change_log(world.office, world.supervisor)
    sync.undo_last_import(world.office, world.supervisor)  # the last import is still undoable after a prune

    # once the copy has a field package made after the delete (and says so), the tombstone goes
    refresh(world, laptop)
    sync.apply_import(world.office, world.supervisor, path=laptop.export(tmp_path))
    ev.save_scores(world.office, world.inspector, detail.form.id, lines=full_scores(detail, ["6", "2", "10"]))  # the log goes on
    assert sync.prune_change_log(world.office, world.supervisor).tombstones == 1
    assert _log(world.office).get("D", 0) == 0
    laptop.db.dispose()
